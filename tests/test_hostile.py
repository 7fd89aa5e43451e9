"""Hostile repositories: flasklint runs in CI on code written by anyone.
Nothing a repository holds -- a committed cache, crafted records, links,
odd file names, huge or deeply nested files -- may hide findings, make
flasklint read, print or write outside the project, or crash a report.
(See docs/design/threat-model.md.)"""

import json
import os
import subprocess
import sys

import pytest

from flasklint.incremental.store import DIRNAME, read_record, write_record
from tests.harness import run_cli

APP = "from flask import Flask\n\napp = Flask(__name__)\napp.run(debug=True)\n"


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project whose cache lives where it does by default: inside it."""
    proj = tmp_path / "proj"
    proj.mkdir()
    (proj / "app.py").write_text(APP)
    monkeypatch.delenv("FLASKLINT_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home-of-the-author"))
    return proj


def _records(proj):
    return sorted((proj / DIRNAME).rglob("run-*.json"))


# 1. a committed cache --------------------------------------------------------------


def test_a_committed_cache_hides_no_finding(project, tmp_path, capsys, monkeypatch):
    assert run_cli(["."], project, capsys, monkeypatch)[0] == 1
    # The author empties the findings of the record, signed with their own
    # key (as their flasklint would), and commits the folder.
    for f in _records(project):
        rec = read_record(str(f))
        rec["findings"] = []
        write_record(str(f), rec)
    assert run_cli(["."], project, capsys, monkeypatch)[0] == 0  # (their own machine trusts it)
    # A fresh CI machine, same path: another user's key.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "ci-runner"))
    for fmt in ("text", "json", "sarif", "github"):
        code, out, _ = run_cli(["--format", fmt, "."], project, capsys, monkeypatch)
        assert code == 1 and "FL101" in out, fmt


def test_an_unsigned_record_is_no_record(project, capsys, monkeypatch):
    run_cli(["."], project, capsys, monkeypatch)
    for f in _records(project):
        body = f.read_bytes().partition(b"\n")[2]
        rec = json.loads(body)
        rec["findings"] = []
        f.write_text(json.dumps(rec))  # (the plain JSON of earlier versions)
    code, out, _ = run_cli(["."], project, capsys, monkeypatch)
    assert code == 1 and "FL101" in out


# 2. crafted records naming files outside the project -----------------------------------


def test_a_record_cannot_point_outside_the_project(project, tmp_path, capsys, monkeypatch):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET LINE\n")
    run_cli(["."], project, capsys, monkeypatch)
    for f in _records(project):
        rec = read_record(str(f))  # (even signed with the user's own key)
        rec["config_files"] = [str(secret)]
        rec["extra_modules"] = [str(secret)]
        row = rec["findings"][0]
        row[1][0] = "../secret.txt"
        rec["findings"].append(row)
        write_record(str(f), rec)
    code, out, err = run_cli(["--format", "text", "."], project, capsys, monkeypatch)
    assert code == 1 and "TOP SECRET" not in out + err and "secret.txt" not in out + err


# 3. links in or as the cache directory --------------------------------------------------


def test_the_cache_never_writes_through_a_link(project, tmp_path, capsys, monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (project / DIRNAME).symlink_to(elsewhere, target_is_directory=True)
    assert run_cli(["."], project, capsys, monkeypatch)[0] == 1
    assert list(elsewhere.iterdir()) == []


def test_the_cache_gitignore_is_never_written_through_a_link(project, tmp_path, capsys, monkeypatch):
    target = tmp_path / "victim.txt"
    (project / DIRNAME).mkdir()
    (project / DIRNAME / ".gitignore").symlink_to(target)
    assert run_cli(["."], project, capsys, monkeypatch)[0] == 1
    assert not target.exists()


def test_a_linked_record_is_not_read(project, tmp_path, capsys, monkeypatch):
    run_cli(["."], project, capsys, monkeypatch)
    (f,) = _records(project)
    outside = tmp_path / "outside.json"
    os.replace(f, outside)
    f.symlink_to(outside)
    code, out, _ = run_cli(["."], project, capsys, monkeypatch)
    assert code == 1 and "FL101" in out


# 4, 5. file names that are not UTF-8 ------------------------------------------------------

needs_bytes_names = pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="file names are Unicode there")


@pytest.fixture
def odd_name(tmp_path):
    proj = tmp_path / "odd"
    proj.mkdir()
    with open(os.path.join(os.fsencode(proj), b"app_\xff.py"), "wb") as fh:
        fh.write(APP.encode())
    return proj


@needs_bytes_names
@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_every_format_takes_a_file_name_that_is_not_utf8(odd_name, fmt, capsys, monkeypatch):
    code, out, err = run_cli(["--no-cache", "--format", fmt, "."], odd_name, capsys, monkeypatch)
    assert code == 1 and "internal error" not in err
    out.encode("utf-8")  # (printable as UTF-8)
    if fmt in ("json", "sarif"):
        json.loads(out)
    if fmt == "sarif":
        assert '"uri": "app_%FF.py"' in out  # (the exact bytes, percent-encoded)


@needs_bytes_names
def test_a_baseline_takes_a_file_name_that_is_not_utf8(odd_name, capsys, monkeypatch):
    assert run_cli(["--no-cache", "--write-baseline", "base.json", "."], odd_name, capsys, monkeypatch)[0] == 0
    json.loads((odd_name / "base.json").read_text(encoding="utf-8"))
    assert run_cli(["--no-cache", "--baseline", "base.json", "."], odd_name, capsys, monkeypatch)[0] == 0


def test_a_failed_baseline_write_keeps_the_old_baseline(project, capsys, monkeypatch):
    good = '{"tool": "flasklint", "version": 1, "findings": []}\n'
    (project / "base.json").write_text(good)
    import flasklint.baseline as baseline_module

    def full_disk(*_):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(baseline_module.os, "replace", full_disk)
    code, _, err = run_cli(["--no-cache", "--write-baseline", "base.json", "."], project, capsys, monkeypatch)
    assert code == 2 and "No space left on device" in err and "internal error" not in err
    assert (project / "base.json").read_text() == good
    assert [p.name for p in project.iterdir() if p.name.startswith(".flasklint-baseline")] == []


# 6. the user's input, the user's error --------------------------------------------------


@pytest.mark.parametrize("section", ["[tool.flasklint]\nselect = ", '[project]\nname = "x"\ndependencies = '])
def test_a_deeply_nested_pyproject_is_a_plain_error(project, section, capsys, monkeypatch):
    (project / "pyproject.toml").write_text(section + "[" * 5000 + "]" * 5000 + "\n")
    code, _, err = run_cli(["."], project, capsys, monkeypatch)
    assert code == 2 and "pyproject.toml" in err and "nested too deeply" in err and "internal error" not in err


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_disk_is_a_plain_error(project, capsys, monkeypatch):
    code, _, err = run_cli(["--no-cache", "-o", "/dev/full", "."], project, capsys, monkeypatch)
    assert code == 2 and err.strip() == "flasklint: error: cannot write /dev/full: No space left on device"


# 7. terminal escapes ----------------------------------------------------------------------


def test_the_github_format_escapes_control_characters(project, capsys, monkeypatch):
    (project / ".flaskenv").write_text("FLASK_DEBUG=1\x1b[2J\x1b]0;pwned\x07\n")
    code, out, _ = run_cli(["--no-cache", "--format", "github", "."], project, capsys, monkeypatch)
    assert code == 1 and "FL103" in out
    assert "\x1b" not in out and "\x07" not in out


# 8. a mistyped path ---------------------------------------------------------------------


@pytest.mark.parametrize("args", [["typo_dir"], ["--select", "FL101", "typo_dir"], ["app.py", "typo.py"]])
def test_a_missing_path_is_a_usage_error(project, args, capsys, monkeypatch):
    code, out, err = run_cli(args, project, capsys, monkeypatch)
    assert code == 2 and "no such file or directory" in err and out == ""
    assert not (project / "typo_dir").exists() and not (project / DIRNAME).exists()


# 9. a file over the size limit ------------------------------------------------------------


def test_a_file_over_the_size_limit_is_not_hidden_by_a_severity_filter(project, capsys, monkeypatch):
    (project / "big.py").write_text(APP + "#" * (1024 * 1024) + "\n")
    code, out, _ = run_cli(["--no-cache", "--severity", "HIGH", "."], project, capsys, monkeypatch)
    assert code == 1 and "big.py:1:1: FL002 [HIGH]" in out


# 10. project modules shadowing Python's own ---------------------------------------------


@pytest.mark.parametrize("how", ["isolated module", "command"])
def test_no_project_module_is_imported_by_the_entry_points(project, how):
    import shutil

    for name in ("json", "typing", "importlib", "runpy", "argparse", "astroid"):
        (project / f"{name}.py").write_text(f"open({str(project / ('SENTINEL_' + name))!r}, 'w').close()\n")
    if how == "command":
        exe = shutil.which("flasklint")
        if exe is None:
            pytest.skip("flasklint is not installed as a command")
        cmd = [exe, "--no-cache", "."]
    else:
        cmd = [sys.executable, "-I", "-m", "flasklint", "--no-cache", "."]
    proc = subprocess.run(cmd, cwd=project, capture_output=True, text=True)
    assert proc.returncode == 1, proc.stderr
    assert sorted(p.name for p in project.glob("SENTINEL_*")) == []
