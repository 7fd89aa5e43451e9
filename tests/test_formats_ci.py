"""CI report formats: GitLab Code Quality (``--output-format gitlab``) and
JUnit XML (``--output-format junit``), each checked against the fields its
consumer requires, on real runs and on hostile text."""

import json
import os
import shutil
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from flasklint.cli.main import main
from flasklint.finding import Finding, Location, Related
from flasklint.linter import Result
from flasklint.report import FORMATS, gitlab, junit
from tests.harness import FIXTURES, run_cli
from tests.test_cli import check_golden

RUN_FORMS = FIXTURES / "debug" / "run_forms"
APP = "from flask import Flask\n\napp = Flask(__name__)\napp.run(debug=True)\n"

# Every character a message or a file name could smuggle in: all C0 and C1
# controls, DEL, the bidi overrides and line separators, a lone surrogate
# (an undecodable file name), the two non-characters XML forbids, and the
# XML markup characters themselves.
HOSTILE = "".join(chr(c) for c in range(0x20)) + "\x7f\x85\x9b\u2028\u202e\ud800\udcff\ufffe\uffff <&>\"' ]]> --> <![CDATA[x]]>"


def run(argv, cwd, capsys, monkeypatch):
    return run_cli(argv, cwd, capsys, monkeypatch)


def test_formats_are_registered_and_offered(capsys):
    assert {"gitlab", "junit"} <= set(FORMATS)
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "{text,json,sarif,github,gitlab,junit,full,concise}" in out


# -- GitLab Code Quality ------------------------------------------------------

# The required fields of GitLab's Code Quality report format
# (https://docs.gitlab.com/ee/ci/testing/code_quality.html#code-quality-report-format):
# a JSON array of objects, each with
#   description              string  human-readable description of the violation
#   check_name               string  the check (rule) the violation is for
#   fingerprint              string  unique fingerprint identifying this violation
#   severity                 string  one of info, minor, major, critical, blocker
#   location.path            string  relative path in the repository, no ./ prefix
#   location.lines.begin     integer line of the violation
#     (or location.positions.begin.line)
GITLAB_SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


def gitlab_spec_problems(doc) -> list:
    """What makes ``doc`` an invalid GitLab Code Quality report (empty when
    it is valid)."""
    if not isinstance(doc, list):
        return ["the report is not a JSON array"]
    problems = []
    seen = set()
    for i, issue in enumerate(doc):
        where = f"issue {i}"
        if not isinstance(issue, dict):
            problems.append(f"{where}: not an object")
            continue
        for key in ("description", "check_name", "fingerprint", "severity"):
            if not isinstance(issue.get(key), str) or not issue[key]:
                problems.append(f"{where}: {key} missing or not a non-empty string")
        if issue.get("severity") not in GITLAB_SEVERITIES:
            problems.append(f"{where}: severity {issue.get('severity')!r} not one of {sorted(GITLAB_SEVERITIES)}")
        if issue.get("fingerprint") in seen:
            problems.append(f"{where}: fingerprint {issue['fingerprint']!r} not unique")
        seen.add(issue.get("fingerprint"))
        loc = issue.get("location")
        if not isinstance(loc, dict):
            problems.append(f"{where}: location missing")
            continue
        path = loc.get("path")
        if not isinstance(path, str) or not path or path.startswith(("/", "./")) or "\\" in path:
            problems.append(f"{where}: location.path {path!r} is not a relative /-separated path")
        begin = (loc.get("lines") or {}).get("begin")
        if begin is None:
            begin = ((loc.get("positions") or {}).get("begin") or {}).get("line")
        if not isinstance(begin, int) or isinstance(begin, bool) or begin < 1:
            problems.append(f"{where}: location.lines.begin {begin!r} is not a line number")
    return problems


def test_the_spec_check_catches_what_gitlab_rejects():
    good = {"description": "d", "check_name": "FL101", "fingerprint": "f", "severity": "major",
            "location": {"path": "a/b.py", "lines": {"begin": 3}}}
    assert gitlab_spec_problems([good]) == []
    assert gitlab_spec_problems({"issues": []}) != []
    for broken in (
        {**good, "severity": "HIGH"},
        {k: v for k, v in good.items() if k != "fingerprint"},
        {**good, "location": {"path": "./a.py", "lines": {"begin": 3}}},
        {**good, "location": {"path": "a.py", "lines": {"begin": 0}}},
        {**good, "location": {"path": "a.py"}},
    ):
        assert gitlab_spec_problems([broken]) != [], broken
    assert gitlab_spec_problems([good, dict(good)]) != []  # (same fingerprint twice)


def gitlab_for(cwd, capsys, monkeypatch, argv=(".",)):
    code, out, err = run(["--no-cache", "--output-format", "gitlab", *argv], cwd, capsys, monkeypatch)
    return code, json.loads(out), err


def test_gitlab_golden(capsys, monkeypatch):
    code, out, err = run(["--no-cache", "--output-format", "gitlab", "."], RUN_FORMS, capsys, monkeypatch)
    assert code == 1 and err == ""
    check_golden("run_forms.gitlab", out)


def test_gitlab_report_meets_the_spec(capsys, monkeypatch):
    code, doc, _ = gitlab_for(RUN_FORMS, capsys, monkeypatch)
    assert gitlab_spec_problems(doc) == []
    assert len(doc) == 6
    assert {i["check_name"] for i in doc} == {"FL101"} and {i["severity"] for i in doc} == {"critical"}
    assert all(i["location"]["path"] == "svc/app.py" for i in doc)
    assert doc[0]["location"]["lines"] == {"begin": 24, "end": 24}
    assert doc[0]["description"].startswith("FL101 debug-run: app runs with debug mode on")


def test_gitlab_severity_mapping():
    assert gitlab.SEVERITY == {"HIGH": "critical", "MEDIUM": "major", "LOW": "minor"}
    assert set(gitlab.SEVERITY.values()) <= GITLAB_SEVERITIES


def test_gitlab_fingerprints_are_the_sarif_ones(capsys, monkeypatch):
    _, doc, _ = gitlab_for(RUN_FORMS, capsys, monkeypatch)
    _, out, _ = run(["--no-cache", "--output-format", "sarif", "."], RUN_FORMS, capsys, monkeypatch)
    results = json.loads(out)["runs"][0]["results"]
    assert [i["fingerprint"] for i in doc] == [r["partialFingerprints"]["flasklintFingerprint/v1"] for r in results]


def test_gitlab_fingerprints_survive_shifted_lines(tmp_path, capsys, monkeypatch):
    proj = tmp_path / "proj"
    shutil.copytree(RUN_FORMS, proj)
    _, before, _ = gitlab_for(proj, capsys, monkeypatch)
    app = proj / "svc" / "app.py"
    app.write_text("# a comment\n\n# and another\n" + app.read_text(encoding="utf-8"), encoding="utf-8")
    _, after, _ = gitlab_for(proj, capsys, monkeypatch)
    assert [i["location"]["lines"]["begin"] + 3 for i in before] == [i["location"]["lines"]["begin"] for i in after]
    assert [i["fingerprint"] for i in before] == [i["fingerprint"] for i in after]


def test_gitlab_paths_are_relative_with_forward_slashes(tmp_path, capsys, monkeypatch):
    (tmp_path / "pkg" / "sub").mkdir(parents=True)
    (tmp_path / "pkg" / "sub" / "app.py").write_text(APP)
    for argv in (["."], ["./pkg"], ["pkg/sub/app.py"]):
        code, doc, _ = gitlab_for(tmp_path, capsys, monkeypatch, argv)
        assert code == 1 and gitlab_spec_problems(doc) == []
        assert [i["location"]["path"] for i in doc] == ["pkg/sub/app.py"], argv


def test_gitlab_no_findings_is_an_empty_array(tmp_path, capsys, monkeypatch):
    (tmp_path / "app.py").write_text("from flask import Flask\napp = Flask(__name__)\n")
    code, doc, _ = gitlab_for(tmp_path, capsys, monkeypatch)
    assert (code, doc) == (0, [])


def test_gitlab_hostile_text_stays_valid_and_inert():
    f = Finding("FL101", Location("a" + HOSTILE + ".py", 3, 1), "m" + HOSTILE, "HIGH", "HIGH")
    out = gitlab.render(Result([f], []))
    out.encode("utf-8")  # (no lone surrogate reaches the file)
    assert "\x1b" not in out and "\u202e" not in out
    doc = json.loads(out)
    assert gitlab_spec_problems(doc) == []
    assert "\\x1b" in doc[0]["description"] and "<&>\"' ]]>" in doc[0]["description"]


# -- JUnit XML ------------------------------------------------------------------


def parse_junit(text: str) -> ET.Element:
    """Parse as a consumer would: from the UTF-8 bytes written to the file."""
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(text.encode("utf-8"))


def junit_problems(root: ET.Element) -> list:
    """The attributes JUnit consumers require, and counts that add up."""
    problems = []
    if root.tag != "testsuites":
        return [f"root is <{root.tag}>, not <testsuites>"]
    suites = root.findall("testsuite")
    if not suites:
        problems.append("no <testsuite>")
    for suite in suites:
        for attr in ("name", "tests", "failures", "errors"):
            if suite.get(attr) is None:
                problems.append(f"testsuite without {attr}")
        cases = suite.findall("testcase")
        if suite.get("tests") != str(len(cases)):
            problems.append(f"testsuite {suite.get('name')!r}: tests={suite.get('tests')} for {len(cases)} testcases")
        if suite.get("failures") != str(sum(len(c.findall("failure")) for c in cases)):
            problems.append(f"testsuite {suite.get('name')!r}: failures do not add up")
        if suite.get("errors") != str(sum(len(c.findall("error")) for c in cases)):
            problems.append(f"testsuite {suite.get('name')!r}: errors do not add up")
        for case in cases:
            for attr in ("classname", "name"):
                if not case.get(attr):
                    problems.append(f"testcase without {attr}")
            for failure in case.findall("failure") + case.findall("error"):
                if failure.get("message") is None:
                    problems.append(f"<{failure.tag}> without message")
    for attr in ("tests", "failures", "errors"):
        total = sum(int(s.get(attr, 0)) for s in suites)
        if root.get(attr) != str(total):
            problems.append(f"testsuites {attr}={root.get(attr)}, suites add up to {total}")
    return problems


def test_junit_golden(capsys, monkeypatch):
    code, out, err = run(["--no-cache", "--output-format", "junit", "."], RUN_FORMS, capsys, monkeypatch)
    assert code == 1 and err == ""
    check_golden("run_forms.junit", out)


def test_junit_layout_is_ruffs(capsys, monkeypatch):
    _, out, _ = run(["--no-cache", "--output-format", "junit", "."], RUN_FORMS, capsys, monkeypatch)
    root = parse_junit(out)
    assert junit_problems(root) == []
    assert (root.get("name"), root.get("tests"), root.get("failures"), root.get("errors")) == ("flasklint", "6", "6", "0")
    (suite,) = root.findall("testsuite")  # one per file
    assert suite.get("name") == "svc/app.py"
    cases = suite.findall("testcase")
    assert len(cases) == 6
    first = cases[0]
    assert (first.get("name"), first.get("classname"), first.get("line"), first.get("column")) == ("flasklint.FL101", "svc/app", "24", "19")
    failure = first.find("failure")
    assert failure.get("message").startswith("app runs with debug mode on")
    assert failure.text == "line 24, col 19, " + failure.get("message")
    assert cases[1].find("failure").text.endswith("\nnote: svc/settings.py:3: debug value set here")


def test_junit_without_findings_has_one_passing_testcase(tmp_path, capsys, monkeypatch):
    (tmp_path / "app.py").write_text("from flask import Flask\napp = Flask(__name__)\n")
    code, out, _ = run(["--no-cache", "--output-format", "junit", "."], tmp_path, capsys, monkeypatch)
    root = parse_junit(out)
    assert code == 0 and junit_problems(root) == []
    (case,) = root.iter("testcase")
    assert case.get("name") == "No errors found" and list(case) == []
    assert (root.get("tests"), root.get("failures")) == ("1", "0")


def test_junit_internal_errors_are_error_testcases():
    root = parse_junit(junit.render(Result([], ["internal error in checker x: <boom> & \x1b[2J"])))
    assert junit_problems(root) == []
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("1", "0", "1")
    error = root.find("testsuite/testcase/error")
    assert error.get("message") == "internal error in checker x: <boom> & \\x1b[2J"


def test_junit_hostile_text_stays_well_formed_and_inert():
    related = (Related(Location("b" + HOSTILE + ".py", 2, 1), "r" + HOSTILE),)
    findings = [
        Finding("FL101", Location("a" + HOSTILE + ".py", 3, 1), "m" + HOSTILE, "HIGH", "HIGH", related),
        Finding("FL102", Location("a" + HOSTILE + ".py", 4, 1), HOSTILE, "LOW", "LOW"),
    ]
    out = junit.render(Result(findings, ["e" + HOSTILE]))
    root = parse_junit(out)  # (well-formed XML 1.0, encodable as UTF-8)
    assert junit_problems(root) == []
    for bad in ("\x00", "\x1b", "\x0c", "\x9b", "\u202e", "\ufffe", "\uffff"):
        assert bad not in out, repr(bad)
    failure = root.find("testsuite/testcase/failure")
    message = failure.get("message")
    assert message.startswith("m\\x00\\x01") and "\n" not in message
    assert "<&>\"' ]]> --> <![CDATA[x]]>" in message  # (markup survives as text)
    assert "\\x1b" in message and "\\ud800" in message and "\\ufffe" in message
    assert failure.text.count("\n") == 1  # (the note line; the message's own LF is escaped)
    assert failure.text.split("\n")[1].startswith("note: b\\x00")
    assert root.find("testsuite").get("name").startswith("a\\x00")


def test_junit_hostile_env_file_through_the_cli(tmp_path, capsys, monkeypatch):
    (tmp_path / "app.py").write_text(APP)
    (tmp_path / ".flaskenv").write_text("FLASK_DEBUG=1\x1b[2J\x1b]0;pwned\x07<&>\"\x0c]]>\n")
    for fmt in ("junit", "gitlab"):
        code, out, err = run(["--no-cache", "--output-format", fmt, "."], tmp_path, capsys, monkeypatch)
        assert code == 1 and "internal error" not in err and "FL103" in out
        assert "\x1b" not in out and "\x07" not in out and "\x0c" not in out
        if fmt == "junit":
            assert junit_problems(parse_junit(out)) == []
        else:
            assert gitlab_spec_problems(json.loads(out)) == []


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="file names are Unicode there")
@pytest.mark.parametrize("fmt", ["gitlab", "junit"])
def test_a_file_name_that_is_not_utf8(tmp_path, fmt, capsys, monkeypatch):
    with open(os.path.join(os.fsencode(tmp_path), b"app_\xff.py"), "wb") as fh:
        fh.write(APP.encode())
    code, out, err = run(["--no-cache", "--output-format", fmt, "."], tmp_path, capsys, monkeypatch)
    assert code == 1 and "internal error" not in err
    out.encode("utf-8")
    if fmt == "junit":
        assert junit_problems(parse_junit(out)) == []
    else:
        assert gitlab_spec_problems(json.loads(out)) == []


def test_output_file(tmp_path, capsys, monkeypatch):
    target = tmp_path / "gl-code-quality-report.json"
    code, out, err = run(["--no-cache", "--output-format", "gitlab", "-o", str(target), "."], RUN_FORMS, capsys, monkeypatch)
    assert (code, out, err) == (1, "", "")
    assert gitlab_spec_problems(json.loads(target.read_text(encoding="utf-8"))) == []
    target = tmp_path / "flasklint-junit.xml"
    code, out, err = run(["--no-cache", "--output-format", "junit", "-o", str(target), "."], RUN_FORMS, capsys, monkeypatch)
    assert (code, out, err) == (1, "", "")
    assert junit_problems(ET.parse(target).getroot()) == []


def test_format_setting_accepts_the_new_formats(tmp_path, capsys, monkeypatch):
    (tmp_path / "app.py").write_text(APP)
    (tmp_path / "pyproject.toml").write_text('[tool.flasklint]\nformat = "junit"\n')
    code, out, _ = run(["--no-cache", "."], tmp_path, capsys, monkeypatch)
    assert code == 1 and junit_problems(parse_junit(out)) == []


# -- the README's GitLab CI recipe runs ----------------------------------------------


def readme_gitlab_ci():
    """(flasklint command lines, codequality artifact) of the README's
    ``.gitlab-ci.yml``."""
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    block = readme.split("## GitLab CI", 1)[1].split("```yaml", 1)[1].split("```", 1)[0]
    assert block.lstrip().startswith("# .gitlab-ci.yml")
    commands = [line.strip()[2:].split() for line in block.splitlines() if line.strip().startswith("- flasklint ")]
    (artifact,) = [line.split(":", 1)[1].strip() for line in block.splitlines() if line.strip().startswith("codequality:")]
    return commands, artifact


def test_readme_gitlab_ci_recipe_runs(tmp_path, capsys, monkeypatch):
    shutil.copytree(RUN_FORMS, tmp_path / "repo")
    commands, artifact = readme_gitlab_ci()
    assert commands == [["flasklint", "--output-format", "gitlab", "-o", artifact, "."]]
    for argv in commands:
        code, out, err = run(argv[1:], tmp_path / "repo", capsys, monkeypatch)
        assert code == 1 and out == "" and err == ""
    doc = json.loads((tmp_path / "repo" / artifact).read_text(encoding="utf-8"))
    assert len(doc) == 6 and gitlab_spec_problems(doc) == []
