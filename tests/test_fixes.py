"""Fixes (issue 24): ``--fix``, ``--unsafe-fixes``, ``--diff``.

Each case under tests/fixtures/fixes/ is a mini project whose findings carry
fixes; next to each of its Python files, ``<name>.py.fixed`` holds the file
as ``flasklint --fix --unsafe-fixes`` leaves it (UPDATE_GOLDEN=1 accepts a
change: review the diff)."""

import ast
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from flasklint.finding import SAFE, UNSAFE, Edit, Finding, Fix, Location
from flasklint.fixes.apply import apply_fixes
from flasklint.fixes.diff import unified_diff
from flasklint.fixes.run import fix_project
from flasklint.linter import Result, lint
from tests.harness import FIXTURES, cases, run_cli

FIX_CASES = sorted(p for p in (FIXTURES / "fixes").iterdir() if p.is_dir())
# The rule each case's fixes are for (its fixed files must be clean of it).
RULE_OF = {
    "request_get": "FL501",
    "jsonify_status": "FL502",
    "handler_status": "FL303",
    "blueprint_handler": "FL302",
    "cookie_flags": "FL405",
    "view_args": "FL205",
    "debug_run": "FL101",
}


def _copy(case: Path, dest: Path) -> Path:
    shutil.copytree(case, dest, ignore=shutil.ignore_patterns("*.fixed", "__pycache__", ".flasklint_cache"))
    return dest


def _py_files(root: Path):
    return sorted(p for p in root.rglob("*.py") if ".flasklint_cache" not in p.parts)


def _fixes(findings, rule=None):
    return [f.fix for f in findings if f.fix is not None and (rule is None or f.rule == rule)]


# -- applying edits ----------------------------------------------------------


def _fix(*edits, applicability=SAFE):
    return Fix(applicability, "test", tuple(Edit(*e) for e in edits))


def test_edits_replace_insert_and_delete_by_line_and_column():
    text = "a = f(x, 1)\nb = 2\n"
    new, applied = apply_fixes(text, [_fix((1, 8, 1, 11, "")), _fix((1, 12, 1, 12, ", 1")), _fix((2, 5, 2, 6, "3"))])
    assert new == "a = f(x), 1\nb = 3\n" and applied == [0, 1, 2]


def test_columns_count_characters_and_line_ends_are_kept():
    text = "s = 'é'; f(1)\r\nt = 2\r\n"
    new, _ = apply_fixes(text, [_fix((1, 10, 1, 11, "g"))])
    assert new == "s = 'é'; g(1)\r\nt = 2\r\n"


def test_overlapping_fixes_leave_the_later_one_for_the_next_pass():
    text = "abcdef\n"
    new, applied = apply_fixes(text, [_fix((1, 2, 1, 4, "X")), _fix((1, 3, 1, 5, "Y")), _fix((1, 5, 1, 5, "Z")), _fix((1, 5, 1, 5, "W"))])
    assert new == "aXdZef\n" and applied == [0, 2]


def test_a_fix_is_applied_whole_or_not_at_all():
    text = "abc\n"
    new, applied = apply_fixes(text, [_fix((1, 1, 1, 3, "AB")), _fix((1, 3, 1, 4, "C"), (1, 2, 1, 2, "!"))])
    assert new == "ABc\n" and applied == [0]


def test_edits_outside_the_text_are_not_applied():
    text = "abc\n"
    assert apply_fixes(text, [_fix((1, 9, 1, 9, "x")), _fix((7, 1, 7, 1, "y"))]) == (text, [])


def test_a_diff_marks_a_last_line_without_newline():
    out = unified_diff("app.py", "a\nb", "a\nc")
    assert out.startswith("--- app.py\n+++ app.py\n")
    assert "-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n" in out
    assert unified_diff("app.py", "same\n", "same\n") == ""


# -- the fix of each rule: goldens -------------------------------------------


@pytest.mark.parametrize("case", FIX_CASES, ids=[c.name for c in FIX_CASES])
def test_fixed_files_match_their_goldens_and_are_clean(case, tmp_path, capsys, monkeypatch):
    work = _copy(case, tmp_path / case.name)
    before = lint([str(work)], cwd=str(work))
    rule = RULE_OF[case.name]
    assert _fixes(before.findings, rule), f"{case.name}: no {rule} finding carries a fix"
    code, out, err = run_cli(["--fix", "--unsafe-fixes", "--no-cache", "--color", "never", "."], work, capsys, monkeypatch)
    assert code in (0, 1), err
    assert "fixed" in out.splitlines()[-1]
    for path in _py_files(work):
        rel = path.relative_to(work)
        golden = case / (str(rel) + ".fixed")
        text = path.read_text(encoding="utf-8")
        ast.parse(text)
        if os.environ.get("UPDATE_GOLDEN"):
            golden.write_text(text, encoding="utf-8")
        assert golden.exists(), f"no golden {golden} (UPDATE_GOLDEN=1 writes it)"
        assert text == golden.read_text(encoding="utf-8"), f"{rel} differs from {golden} (UPDATE_GOLDEN=1 to accept)"
    after = lint([str(work)], cwd=str(work))
    assert not _fixes(after.findings, rule), [f.message for f in after.findings if f.rule == rule and f.fix]
    assert not after.errors


@pytest.mark.parametrize("case", FIX_CASES, ids=[c.name for c in FIX_CASES])
def test_the_diff_applies_with_patch_and_equals_the_fix(case, tmp_path, capsys, monkeypatch):
    if shutil.which("patch") is None:
        pytest.skip("patch is not installed")
    fixed = _copy(case, tmp_path / "fixed")
    patched = _copy(case, tmp_path / "patched")
    run_cli(["--fix", "--unsafe-fixes", "--no-cache", "."], fixed, capsys, monkeypatch)
    code, diff, _ = run_cli(["--diff", "--unsafe-fixes", "--no-cache", "."], patched, capsys, monkeypatch)
    assert code == 1 and diff.startswith("--- ")
    for path in _py_files(patched):  # --diff wrote nothing
        assert path.read_bytes() == (case / path.relative_to(patched)).read_bytes()
    done = subprocess.run(["patch", "-p0", "--batch", "--no-backup-if-mismatch"], input=diff.encode(), cwd=patched, capture_output=True)
    assert done.returncode == 0, done.stdout + done.stderr
    for path in _py_files(fixed):
        assert (patched / path.relative_to(fixed)).read_bytes() == path.read_bytes(), path.name


def test_fixing_every_fixture_project_never_breaks_the_syntax(tmp_path, capsys, monkeypatch):
    """Property over the whole corpus: all fixes (safe and unsafe) applied
    to every fixture project leave every file that parsed parsing."""
    for i, case in enumerate(cases()):
        work = _copy(case, tmp_path / f"{i}-{case.name}")
        parsed = {}
        for p in _py_files(work):
            try:
                ast.parse(p.read_bytes())
                parsed[p] = True
            except (SyntaxError, ValueError):
                parsed[p] = False
        run_cli(["--fix", "--unsafe-fixes", "--no-cache", "-j", "1", "."], work, capsys, monkeypatch)
        for p, ok in parsed.items():
            if ok:
                ast.parse(p.read_bytes(), filename=str(p))


# -- the command line ----------------------------------------------------------

REQUEST_GET = FIXTURES / "fixes" / "request_get"


def test_exit_codes(tmp_path, capsys, monkeypatch):
    work = _copy(REQUEST_GET, tmp_path / "w")
    assert run_cli(["--unsafe-fixes", "."], work, capsys, monkeypatch)[0] == 2
    assert run_cli(["--fix", "--write-baseline", "b.json", "."], work, capsys, monkeypatch)[0] == 2
    code, out, err = run_cli(["--diff", "--no-cache", "--select", "FL501", "."], work, capsys, monkeypatch)
    assert code == 1 and out.startswith("--- app.py\n+++ app.py\n") and "would apply 6 fixes" in err
    code, out, _ = run_cli(["--fix", "--no-cache", "--select", "FL501", "--color", "never", "."], work, capsys, monkeypatch)
    assert code == 1  # (the calls get() cannot take remain)
    assert out.splitlines()[-1] == "Found 3 problems (3 high) in 1 file; 6 fixed."
    code, out, err = run_cli(["--diff", "--no-cache", "--select", "FL501", "."], work, capsys, monkeypatch)
    assert code == 0 and out == "" and "no fixes to apply" in err


def test_only_safe_fixes_without_unsafe_fixes(tmp_path, capsys, monkeypatch):
    work = _copy(FIXTURES / "fixes" / "debug_run", tmp_path / "w")
    before = {p: p.read_bytes() for p in _py_files(work)}
    code, out, _ = run_cli(["--fix", "--no-cache", "--color", "never", "."], work, capsys, monkeypatch)
    assert code == 1 and {p: p.read_bytes() for p in _py_files(work)} == before
    assert "with --fix --unsafe-fixes" in out.splitlines()[-1]


def test_the_text_summary_counts_fixable_findings(capsys, monkeypatch):
    code, out, _ = run_cli(["--no-cache", "--select", "FL501", "--color", "never", "."], REQUEST_GET, capsys, monkeypatch)
    assert code == 1 and out.splitlines()[-1] == "Found 9 problems (9 high) in 1 file; 6 fixable with --fix."


def test_json_carries_the_fix_only_when_there_is_one(capsys, monkeypatch):
    code, out, _ = run_cli(["--no-cache", "--format", "json", "--select", "FL501", "."], REQUEST_GET, capsys, monkeypatch)
    findings = json.loads(out)["findings"]
    with_fix = [f for f in findings if "fix" in f]
    assert len(with_fix) == 6 and len(findings) == 9
    first = with_fix[0]
    assert first["line"] == 9
    assert first["fix"] == {
        "applicability": "safe",
        "message": "Call request.args.get(...)",
        "edits": [{"start": {"line": 9, "column": 24}, "end": {"line": 9, "column": 24}, "content": ".get"}],
    }


def _sarif_schema():
    from tests.test_formats import _sarif_schema as schema

    return schema()


def test_sarif_carries_fixes_valid_against_the_schema(capsys, monkeypatch):
    code, out, _ = run_cli(["--no-cache", "--format", "sarif", "."], FIXTURES / "fixes" / "jsonify_status", capsys, monkeypatch)
    doc = json.loads(out)
    results = doc["runs"][0]["results"]
    fixed = [r for r in results if "fixes" in r]
    assert fixed and all("fixes" not in r for r in results if r["ruleId"] == "FL301")
    change = fixed[0]["fixes"][0]["artifactChanges"][0]
    assert change["artifactLocation"] == {"uri": "app.py", "uriBaseId": "%SRCROOT%"}
    assert change["replacements"][1] == {
        "deletedRegion": {"startLine": 11, "startColumn": 30, "endLine": 11, "endColumn": 30},
        "insertedContent": {"text": ", 201"},
    }
    schema = _sarif_schema()
    if schema is None:
        pytest.skip("no copy of the SARIF 2.1.0 schema")
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.validate(doc, schema)


def test_a_warm_cache_gives_the_same_fixes(tmp_path):
    work = _copy(REQUEST_GET, tmp_path / "w")
    cache = str(tmp_path / "cache")
    cold = lint([str(work)], cwd=str(work), cache_dir=cache)
    warm = lint([str(work)], cwd=str(work), cache_dir=cache)
    assert _fixes(cold.findings) and _fixes(warm.findings) == _fixes(cold.findings)


def test_rule_docs_say_how_a_rule_fixes(capsys, monkeypatch):
    code, out, _ = run_cli(["rule", "FL501"], REQUEST_GET, capsys, monkeypatch)
    assert code == 0 and "*Fix*: safe" in out
    code, out, _ = run_cli(["rule", "FL102"], REQUEST_GET, capsys, monkeypatch)
    assert "*Fix*" not in out


# -- writing files -------------------------------------------------------------


def _result_with(tmp_path, name, text, fix):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    f = Finding("FL501", Location(name, 1, 1, 1, 2), "m", "HIGH", "HIGH", (), fix)
    return Result([f], [], 1), path


def test_a_fix_that_would_break_the_syntax_is_not_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result, path = _result_with(tmp_path, "app.py", "x = 1\n", _fix((1, 5, 1, 5, "("), applicability=UNSAFE))
    out = fix_project(result, lambda overlay: Result([], [], 1), unsafe=True)
    assert path.read_text() == "x = 1\n" and out.fixed == 0
    assert out.skipped == [(str(path), "the fixed file would not parse; not fixed")]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_a_file_reached_through_a_link_is_not_written(tmp_path, monkeypatch):
    outside = tmp_path / "outside.py"
    outside.write_text("x = 1\n")
    project = tmp_path / "proj"
    project.mkdir()
    (project / "app.py").symlink_to(outside)
    monkeypatch.chdir(project)
    f = Finding("FL501", Location("app.py", 1, 1, 1, 2), "m", "HIGH", "HIGH", (), _fix((1, 1, 1, 2, "y")))
    out = fix_project(Result([f], [], 1), lambda overlay: Result([], [], 1))
    assert outside.read_text() == "x = 1\n" and out.fixed == 0 and out.skipped


def test_a_fixed_file_keeps_its_bom_line_ends_and_mode(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "app.py"
    path.write_bytes(b"\xef\xbb\xbfx = 1\r\ny = 2\r\n")
    os.chmod(path, 0o640)
    f = Finding("FL501", Location("app.py", 1, 1, 1, 2), "m", "HIGH", "HIGH", (), _fix((1, 5, 1, 6, "3")))
    out = fix_project(Result([f], [], 1), lambda overlay: Result([], [], 1))
    assert out.fixed == 1 and path.read_bytes() == b"\xef\xbb\xbfx = 3\r\ny = 2\r\n"
    assert os.stat(path).st_mode & 0o777 == 0o640
