"""Syntax newer than the running Python is FL006 (LOW, "needs Python >=
3.X"), not a HIGH FL001 syntax error; --target-version / target-version
decide what the project means to support.  The constructs recognised have
fixtures in tests/fixtures/core/newer_syntax (``# expect[py<3.X]``)."""

import json
import sys

import pytest

from flasklint.source import newsyntax
from tests.harness import run_cli

APP = "from flask import Flask\n\napp = Flask(__name__)\napp.run(debug=True)\n"
TSTRING = 'name = "ada"\npage = t"<p>Hello {name}</p>"\n'  # 3.14
HERE = "%d.%d" % sys.version_info[:2]

before_314 = pytest.mark.skipif(sys.version_info >= (3, 14), reason="t-strings parse on Python 3.14")


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.delenv("FLASKLINT_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache-home"))
    proj = tmp_path / "proj"
    proj.mkdir()
    (proj / "app.py").write_text(APP)
    (proj / "pages.py").write_text(TSTRING)
    return proj


def findings(argv, cwd, capsys, monkeypatch):
    code, out, err = run_cli(["--output-format", "json"] + argv, cwd, capsys, monkeypatch)
    assert code != 2, err
    return code, [(f["path"], f["line"], f["rule"], f["severity"], f["message"]) for f in json.loads(out)["findings"]]


@before_314
@pytest.mark.parametrize("extra", [[], ["--no-cache"], ["--no-cache", "--jobs", "2"]])
def test_newer_syntax_is_fl006_and_the_rest_is_linted(project, capsys, monkeypatch, extra):
    for _ in range(2):  # (the second run: from the cache when it is on)
        code, found = findings(extra + ["."], project, capsys, monkeypatch)
        assert code == 1
        assert [f[:4] for f in found] == [("app.py", 4, "FL101", "HIGH"), ("pages.py", 2, "FL006", "LOW")]
        assert found[1][4] == (
            "needs Python >= 3.14 (a template string (t-string, PEP 750)): not analysed by this interpreter, "
            f"Python {HERE} (run flasklint with Python 3.14)"
        )


@before_314
def test_severity_high_leaves_it_out(project, capsys, monkeypatch):
    assert [f[2] for f in findings(["--severity", "HIGH", "."], project, capsys, monkeypatch)[1]] == ["FL101"]


@before_314
def test_a_target_older_than_the_construct_makes_it_a_syntax_error(project, capsys, monkeypatch):
    # first a run without target (the syntax cache must not keep its answer)
    findings(["."], project, capsys, monkeypatch)
    _, found = findings(["--target-version", "py313", "."], project, capsys, monkeypatch)
    (bad,) = [f for f in found if f[0] == "pages.py"]
    assert bad[2:4] == ("FL001", "HIGH")
    assert bad[4].startswith(f"syntax error (Python {HERE}): ")
    assert bad[4].endswith("a template string (t-string, PEP 750) needs Python >= 3.14, newer than the target version (3.13)")
    _, found = findings(["."], project, capsys, monkeypatch)
    assert ("pages.py", 2, "FL006") in [f[:3] for f in found]


@before_314
def test_the_target_version_names_the_python_to_run(project, capsys, monkeypatch):
    (project / "pyproject.toml").write_text('[tool.flasklint]\ntarget-version = "py314"\n')
    (project / "broken.py").write_text("def index(:\n    return 1\n")
    _, found = findings(["."], project, capsys, monkeypatch)
    by_path = {f[0]: f for f in found}
    assert by_path["pages.py"][4].endswith("(run flasklint with Python 3.14)")
    # a target newer than this interpreter: it cannot tell a typo from syntax it does not know
    assert by_path["broken.py"][2:4] == ("FL006", "LOW")
    assert by_path["broken.py"][4].startswith(f"does not parse with Python {HERE} (")
    assert by_path["broken.py"][4].endswith("older than the target version 3.14: not analysed by this interpreter (run flasklint with Python 3.14)")


def test_a_target_not_newer_than_this_python_keeps_syntax_errors(project, capsys, monkeypatch):
    (project / "broken.py").write_text("def index(:\n    return 1\n")
    _, found = findings(["--target-version", "py39", "."], project, capsys, monkeypatch)
    assert ("broken.py", 1, "FL001", "HIGH") in [f[:4] for f in found]


@pytest.mark.parametrize("argv,config,message", [
    (["--target-version", "py27"], None, "argument --target-version: must be one of py38, py39"),
    ([], 'target-version = "3.12"', "pyproject.toml: [tool.flasklint] target-version: must be one of py38"),
    ([], "target-version = 312", "target-version: must be one of py38"),
])
def test_bad_target_versions_are_usage_errors(project, capsys, monkeypatch, argv, config, message):
    if config:
        (project / "pyproject.toml").write_text("[tool.flasklint]\n" + config + "\n")
    code, _, err = run_cli(argv + ["."], project, capsys, monkeypatch)
    assert code == 2 and message in err, err


def test_show_settings_names_the_target(project, capsys, monkeypatch):
    (project / "setup.cfg").write_text("[flasklint]\ntarget-version = py312\n")
    _, out, _ = run_cli(["--show-settings", "."], project, capsys, monkeypatch)
    assert "target-version: py312\n" in out


@pytest.mark.parametrize("value,expected", [("py38", (3, 8)), ("PY312", (3, 12)), ("py314", (3, 14))])
def test_parse_target(value, expected):
    assert newsyntax.parse_target(value) == expected


def test_only_constructs_newer_than_the_interpreter_count():
    # (as an interpreter of each version would classify the same error)
    text = "type UserId = int\n"
    raw = ("FL001", "syntax error (Python 3.11): invalid syntax", 1, 6)
    assert newsyntax.classify(raw, text, None, running=(3, 11))[0] == "FL006"
    assert newsyntax.classify(raw, text, None, running=(3, 12)) == raw  # (would have parsed: a real error)
    once = newsyntax.classify(raw, text, (3, 11), running=(3, 11))
    assert once[0] == "FL001" and newsyntax.classify(once, text, (3, 11), running=(3, 11)) == once  # idempotent
