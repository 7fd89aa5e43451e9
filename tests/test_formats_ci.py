"""CI report formats: GitLab Code Quality (``--output-format gitlab``),
checked against the fields its consumer requires, on real runs and on
hostile text."""

import json
import shutil

import pytest

from flasklint.cli.main import main
from flasklint.finding import Finding, Location
from flasklint.linter import Result
from flasklint.report import FORMATS, gitlab
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
    assert "gitlab" in FORMATS
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "{text,json,sarif,github,gitlab}" in out


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
