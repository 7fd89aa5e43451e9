"""Output formats (SARIF, GitHub), -o/--output, colour, progress and the
summary line."""

import io
import json
import sys
from pathlib import Path

import pytest

from flasklint import __version__, registry
from flasklint.cli.main import Progress, _use_color, main
from flasklint.report import github, sarif
from tests.harness import FIXTURES, run_cli
from tests.test_cli import check_golden

ROOT = Path(__file__).resolve().parent.parent
RUN_FORMS = FIXTURES / "debug" / "run_forms"


def run(argv, cwd, capsys, monkeypatch):
    return run_cli(argv, cwd, capsys, monkeypatch)


def _sarif_schema():
    """The official schema, when a copy is around (development checkouts
    keep one in ../shared/data); the structural tests below do not need it."""
    for parent in ROOT.parents:
        candidate = parent / "shared" / "data" / "sarif-schema-2.1.0.json"
        if candidate.is_file():
            return json.loads(candidate.read_text(encoding="utf-8"))
    return None


# -- SARIF --------------------------------------------------------------------


def sarif_for(cwd, capsys, monkeypatch, argv=()):
    code, out, err = run(["--format", "sarif", *argv, "."], cwd, capsys, monkeypatch)
    return code, json.loads(out), err


def test_sarif_golden(capsys, monkeypatch):
    code, doc, _ = sarif_for(RUN_FORMS, capsys, monkeypatch)
    assert code == 1
    run_ = doc["runs"][0]
    assert run_["originalUriBaseIds"]["%SRCROOT%"]["uri"] == RUN_FORMS.resolve().as_uri() + "/"
    run_["originalUriBaseIds"]["%SRCROOT%"]["uri"] = "file:///SRCROOT/"
    driver = run_["tool"]["driver"]
    assert driver["version"] == __version__
    driver["version"] = driver["semanticVersion"] = "VERSION"
    # The rule catalogue and rule indexes are checked below (they change
    # whenever a rule is added); keep the golden file about the results.
    driver["rules"] = "(see test_sarif_structure_relied_on)"
    for res in run_["results"]:
        del res["ruleIndex"]
    check_golden("run_forms.sarif", json.dumps(doc, indent=2, ensure_ascii=False) + "\n")


def test_sarif_structure_relied_on(capsys, monkeypatch):
    code, doc, _ = sarif_for(RUN_FORMS, capsys, monkeypatch)
    assert doc["version"] == "2.1.0" and doc["$schema"].endswith("sarif-2.1.0.json")
    (run_,) = doc["runs"]
    driver = run_["tool"]["driver"]
    assert driver["name"] == "flasklint"
    rules = driver["rules"]
    assert [r["id"] for r in rules] == [r.id for r in registry.all_rules()]
    for descriptor, rule in zip(rules, registry.all_rules()):
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"]["text"] == rule.summary
        assert descriptor["fullDescription"]["text"]
        assert descriptor["help"]["markdown"] == rule.markdown(level=1)
        for heading in ("What it does", "Why is this bad?", "Example", "Use instead"):
            assert heading in descriptor["help"]["text"]
        assert descriptor["helpUri"] == rule.help_uri
        assert descriptor["defaultConfiguration"]["level"] == {"HIGH": "error", "MEDIUM": "warning", "LOW": "note"}[rule.severity]
        props = descriptor["properties"]
        if rule.cwe:
            assert "security" in props["tags"]
            assert float(props["security-severity"]) > 0
            assert [t for t in props["tags"] if t.startswith("external/cwe/")] == [f"external/cwe/cwe-{c:03d}" for c in rule.cwe]
        else:
            assert "security-severity" not in props
    assert run_["columnKind"] == "unicodeCodePoints"
    assert run_["invocations"][0]["executionSuccessful"] is True
    results = run_["results"]
    assert len(results) == 6
    fingerprints = set()
    for res in results:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"] == "FL101"
        assert res["level"] == "error"
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"] == {"uri": "svc/app.py", "uriBaseId": "%SRCROOT%"}
        assert loc["region"]["startLine"] >= 1 and loc["region"]["startColumn"] >= 1
        fingerprints.add(res["partialFingerprints"][sarif.FINGERPRINT_KEY])
    assert len(fingerprints) == 6
    first = results[0]["locations"][0]["physicalLocation"]["region"]
    assert first == {"startLine": 24, "startColumn": 19, "endLine": 24, "endColumn": 23}  # `True`, end exclusive
    related = results[1]["relatedLocations"][0]
    assert related["physicalLocation"]["artifactLocation"]["uri"] == "svc/settings.py"
    assert related["physicalLocation"]["region"]["startLine"] == 3
    assert related["message"]["text"] == "debug value set here"


def test_sarif_columns_count_characters(tmp_path, capsys, monkeypatch):
    (tmp_path / "my app.py").write_text(
        'from flask import Flask\napp = Flask(__name__)\nx = "é😀"; app.run(debug=True)\n', encoding="utf-8"
    )
    code, doc, _ = sarif_for(tmp_path, capsys, monkeypatch)
    (res,) = doc["runs"][0]["results"]
    loc = res["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "my%20app.py"
    assert loc["region"]["startColumn"] == len('x = "é😀"; app.run(debug=') + 1


def test_sarif_reports_internal_errors(capsys, monkeypatch):
    from flasklint.linter import Result

    doc = json.loads(sarif.render(Result([], ["internal error in checker x: boom"])))
    inv = doc["runs"][0]["invocations"][0]
    assert inv["executionSuccessful"] is False
    assert inv["toolExecutionNotifications"][0]["message"]["text"] == "internal error in checker x: boom"


@pytest.mark.skipif(_sarif_schema() is None, reason="no copy of the SARIF 2.1.0 schema found in ../shared/data")
def test_sarif_validates_against_the_official_schema(tmp_path, capsys, monkeypatch):
    jsonschema = pytest.importorskip("jsonschema")
    schema = _sarif_schema()
    _, doc, _ = sarif_for(RUN_FORMS, capsys, monkeypatch)
    jsonschema.validate(doc, schema)
    (tmp_path / "app.py").write_text("def broken(:\n")
    _, doc, _ = sarif_for(tmp_path, capsys, monkeypatch)  # FL001, no end position
    jsonschema.validate(doc, schema)
    from flasklint.linter import Result

    jsonschema.validate(json.loads(sarif.render(Result([], ["boom"]))), schema)


# -- GitHub -------------------------------------------------------------------


def test_github_golden(capsys, monkeypatch):
    code, out, _ = run(["--format", "github", "."], RUN_FORMS, capsys, monkeypatch)
    assert code == 1
    check_golden("run_forms.github", out)


def test_github_escaping():
    assert github.escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert github.escape_property("a:b,c%d\ne") == "a%3Ab%2Cc%25d%0Ae"


def test_github_levels_and_properties(tmp_path, capsys, monkeypatch):
    (tmp_path / "odd, name:1.py").write_text(
        'import os\nfrom flask import Flask\napp = Flask(__name__)\napp.config.from_pyfile("missing.cfg")\n'
    )
    code, out, _ = run(["--format", "github", "."], tmp_path, capsys, monkeypatch)
    (line,) = out.splitlines()
    assert line.startswith("::notice file=odd%2C name%3A1.py,line=4,col=1,")  # FL004 is LOW
    assert ",title=FL004 unresolved-config-file::" in line
    assert {s: github.COMMAND[s] for s in ("HIGH", "MEDIUM", "LOW")} == {"HIGH": "error", "MEDIUM": "warning", "LOW": "notice"}


# -- output file, colour, progress, summary ---------------------------------------


def test_output_file(tmp_path, capsys, monkeypatch):
    target = tmp_path / "report.sarif"
    code, out, err = run(["--format", "sarif", "-o", str(target), "."], RUN_FORMS, capsys, monkeypatch)
    assert code == 1 and out == "" and err == ""
    assert len(json.loads(target.read_text(encoding="utf-8"))["runs"][0]["results"]) == 6
    code, out, _ = run(["--output", str(tmp_path / "report.txt"), "--color", "auto", "."], RUN_FORMS, capsys, monkeypatch)
    assert out == ""
    assert (tmp_path / "report.txt").read_text(encoding="utf-8") == (Path(__file__).parent / "golden" / "run_forms.txt").read_text(
        encoding="utf-8"
    )
    code, _, err = run(["-o", str(tmp_path / "no" / "such" / "dir.txt"), "."], RUN_FORMS, capsys, monkeypatch)
    assert code == 2 and "cannot write" in err


class FakeTTY(io.StringIO):
    def isatty(self):
        return True


def test_colour_choice(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert _use_color("auto", FakeTTY()) is True
    assert _use_color("auto", io.StringIO()) is False
    assert _use_color("never", FakeTTY()) is False
    assert _use_color("always", io.StringIO()) is True
    monkeypatch.setenv("NO_COLOR", "1")
    assert _use_color("auto", FakeTTY()) is False
    monkeypatch.setenv("NO_COLOR", "")  # empty: not set (no-color.org)
    assert _use_color("auto", FakeTTY()) is True


def test_colour_on_a_terminal_only(monkeypatch):
    monkeypatch.chdir(RUN_FORMS)
    monkeypatch.delenv("NO_COLOR", raising=False)
    tty = FakeTTY()
    monkeypatch.setattr(sys, "stdout", tty)
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert main(["."]) == 1
    assert "\x1b[31mFL101 [HIGH]\x1b[0m" in tty.getvalue()
    tty = FakeTTY()
    monkeypatch.setattr(sys, "stdout", tty)
    monkeypatch.setenv("NO_COLOR", "1")
    main(["."])
    assert "\x1b[" not in tty.getvalue()


def test_summary_time_only_on_a_terminal(monkeypatch):
    monkeypatch.chdir(RUN_FORMS)
    tty = FakeTTY()
    monkeypatch.setattr(sys, "stdout", tty)
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    main(["--color", "never", "."])
    last = tty.getvalue().splitlines()[-1]
    assert last.startswith("Found 6 problems (6 high) in 3 files in ") and last.endswith("s.")


def test_machine_formats_put_the_summary_on_a_terminal_stderr(monkeypatch):
    monkeypatch.chdir(RUN_FORMS)
    out, err = io.StringIO(), FakeTTY()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    main(["--format", "json", "."])
    json.loads(out.getvalue())
    assert err.getvalue().rstrip().splitlines()[-1].startswith("Found 6 problems (6 high) in 3 files in ")


def test_nothing_on_stderr_when_it_is_not_a_terminal(capsys, monkeypatch):
    for fmt in ("text", "json", "sarif", "github"):
        _, _, err = run(["--format", fmt, "."], RUN_FORMS, capsys, monkeypatch)
        assert err == ""


def test_progress_indicator():
    tty = FakeTTY()
    clock = iter([0.0, 0.0, 0.2]).__next__  # (start, then one reading per call)
    p = Progress(tty, delay=0, clock=clock)
    p("checking", 1, 4)
    p("checking", 2, 4)
    p.close()
    assert tty.getvalue() == "\r\x1b[Kflasklint: checking (1/4)… 0s\r\x1b[Kflasklint: checking (2/4)… 0s\r\x1b[K"
    quiet = io.StringIO()
    p = Progress(quiet, delay=0)
    p("checking", 1, 4)
    p.close()
    assert quiet.getvalue() == ""
    slow = FakeTTY()
    p = Progress(slow, delay=3600)  # short runs show nothing
    p("checking", 1, 4)
    p.close()
    assert slow.getvalue() == ""


# -- rule docs commands ---------------------------------------------------------------


def test_rule_command_by_id_and_name(capsys, monkeypatch):
    code, by_id, _ = run(["rule", "FL101"], RUN_FORMS, capsys, monkeypatch)
    code2, by_name, _ = run(["rule", "debug-run"], RUN_FORMS, capsys, monkeypatch)
    assert code == code2 == 0 and by_id == by_name == registry.get_rule("FL101").markdown(level=1)
    assert "Default severity: **HIGH**" in by_id


def test_rules_command_json(capsys, monkeypatch):
    code, out, _ = run(["rules", "--format", "json"], RUN_FORMS, capsys, monkeypatch)
    rows = json.loads(out)
    assert [r["id"] for r in rows] == [r.id for r in registry.all_rules()]
    assert all(set(r) == {"id", "name", "severity", "confidence", "summary"} for r in rows)
