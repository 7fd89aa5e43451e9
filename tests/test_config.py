"""Configuration files: discovery, every key, and clear errors."""

import json
import textwrap

import pytest

from flasklint import settings as config
from flasklint.cli import main

APP = """\
import os

from flask import Flask

app = Flask(__name__)
app.run(debug=True)
app.run(debug=os.environ.get("APP_DEBUG", True))
app.config.from_pyfile("missing.cfg")
"""
# Line 6: FL101 HIGH/HIGH; line 7: FL101 HIGH/MEDIUM; line 8: FL004 LOW/HIGH.


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def project(tmp_path):
    write(tmp_path / "svc" / "app.py", APP)
    write(tmp_path / "tests" / "test_app.py", APP)
    return tmp_path


def findings(argv, cwd, capsys, monkeypatch):
    monkeypatch.chdir(cwd)
    code = main(["--format", "json"] + argv)
    out, err = capsys.readouterr()
    if code == 2:
        return code, None, err
    return code, sorted((f["path"], f["line"], f["rule"]) for f in json.loads(out)["findings"]), err


ALL = [
    ("svc/app.py", 6, "FL101"),
    ("svc/app.py", 7, "FL101"),
    ("svc/app.py", 8, "FL004"),
    ("tests/test_app.py", 6, "FL101"),
    ("tests/test_app.py", 7, "FL101"),
    ("tests/test_app.py", 8, "FL004"),
]


def test_no_configuration(project, capsys, monkeypatch):
    assert findings([], project, capsys, monkeypatch)[1] == ALL


@pytest.mark.parametrize(
    "name,text",
    [
        ("pyproject.toml", '[tool.flasklint]\nselect = ["FL1"]\n'),
        ("setup.cfg", "[metadata]\nname = svc\n\n[flasklint]\nselect = FL1\n"),
        ("tox.ini", "[tox]\nenvlist = py\n\n[flasklint]\nselect =\n    FL1\n"),
    ],
)
def test_each_file_kind_is_read(project, capsys, monkeypatch, name, text):
    write(project / name, text)
    code, found, _ = findings([], project, capsys, monkeypatch)
    assert code == 1
    assert found == [f for f in ALL if f[2] == "FL101"]


def test_first_found_walking_up_wins(project, capsys, monkeypatch):
    write(project / "setup.cfg", "[flasklint]\nselect = FL0\n")
    write(project / "svc" / "tox.ini", "[flasklint]\nselect = FL1\n")
    # from svc/: svc/tox.ini is nearer than ../setup.cfg
    code, found, _ = findings(["."], project / "svc", capsys, monkeypatch)
    assert found == [("app.py", 6, "FL101"), ("app.py", 7, "FL101")]
    # from the root: setup.cfg
    code, found, _ = findings(["."], project, capsys, monkeypatch)
    assert {f[2] for f in found} == {"FL004"}


def test_pyproject_without_section_does_not_stop_the_search(project, capsys, monkeypatch):
    write(project / "setup.cfg", "[flasklint]\nselect = FL0\n")
    write(project / "svc" / "pyproject.toml", "[tool.black]\nline-length = 100\n")
    assert config.find_config(str(project / "svc")) == str(project / "setup.cfg")
    code, found, _ = findings(["."], project / "svc", capsys, monkeypatch)
    assert found == [("app.py", 8, "FL004")]


def test_pyproject_before_setup_cfg_in_one_directory(project):
    write(project / "setup.cfg", "[flasklint]\nselect = FL0\n")
    write(project / "pyproject.toml", "[tool.flasklint]\nselect = ['FL1']\n")
    assert config.find_config(str(project)) == str(project / "pyproject.toml")


def test_config_option_overrides_and_no_config_disables(project, capsys, monkeypatch):
    write(project / "pyproject.toml", '[tool.flasklint]\nselect = ["FL0"]\n')
    write(project / "ci" / "flasklint.toml", 'select = ["FL1"]\nseverity = "HIGH"\n')
    code, found, _ = findings(["--config", "ci/flasklint.toml"], project, capsys, monkeypatch)
    assert {f[2] for f in found} == {"FL101"}
    code, found, _ = findings(["--no-config"], project, capsys, monkeypatch)
    assert found == ALL


def test_command_line_wins_over_configuration(project, capsys, monkeypatch):
    write(project / "pyproject.toml", '[tool.flasklint]\nselect = ["FL0"]\nformat = "text"\n')
    code, found, _ = findings(["--select", "FL101"], project, capsys, monkeypatch)  # --format json too
    assert {f[2] for f in found} == {"FL101"}


def test_ignore_and_extend_select(project, capsys, monkeypatch):
    write(project / "pyproject.toml", '[tool.flasklint]\nselect = ["FL0"]\nextend-select = ["debug-run"]\nignore = ["FL004"]\n')
    code, found, _ = findings([], project, capsys, monkeypatch)
    assert {f[2] for f in found} == {"FL101"}
    # --ignore on the command line adds to the configured ignores; a rule's
    # name and its id are equally specific (at equal specificity ignore wins),
    # a prefix is less specific
    code, found, _ = findings(["--ignore", "FL101"], project, capsys, monkeypatch)
    assert code == 0 and found == []
    code, found, _ = findings(["--ignore", "FL1"], project, capsys, monkeypatch)
    assert {f[2] for f in found} == {"FL101"}


def test_per_file_ignores(project, capsys, monkeypatch):
    write(
        project / "pyproject.toml",
        """\
        [tool.flasklint]
        per-file-ignores = { "tests/*" = ["FL101"], "app.py" = ["FL004"] }
        """,
    )
    code, found, _ = findings([], project, capsys, monkeypatch)
    assert found == [("svc/app.py", 6, "FL101"), ("svc/app.py", 7, "FL101"), ("tests/test_app.py", 8, "FL004")]


def test_per_file_ignores_ini_format_relative_to_config_dir(project, capsys, monkeypatch):
    write(project / "setup.cfg", "[flasklint]\nper-file-ignores =\n    tests/**: FL1, FL004\n    svc/app.py: FL004\n")
    # run from a subdirectory: patterns stay relative to setup.cfg's directory
    code, found, _ = findings(["."], project / "svc", capsys, monkeypatch)
    assert found == [("app.py", 6, "FL101"), ("app.py", 7, "FL101")]
    code, found, _ = findings([], project, capsys, monkeypatch)
    assert found == [("svc/app.py", 6, "FL101"), ("svc/app.py", 7, "FL101")]


def test_exclude_and_extend_exclude(project, capsys, monkeypatch):
    write(project / "venv" / "lib" / "app.py", APP)  # excluded by default
    write(project / "pyproject.toml", '[tool.flasklint]\nextend-exclude = ["tests"]\n')
    code, found, _ = findings([], project, capsys, monkeypatch)
    assert {f[0] for f in found} == {"svc/app.py"}
    # exclude replaces the defaults; a pattern with "/" is a path
    write(project / "pyproject.toml", '[tool.flasklint]\nexclude = ["tests/test_app.py"]\n')
    code, found, _ = findings([], project, capsys, monkeypatch)
    assert {f[0] for f in found} == {"svc/app.py", "venv/lib/app.py"}
    # and on the command line
    code, found, _ = findings(["--no-config", "--extend-exclude", "svc,tests"], project, capsys, monkeypatch)
    assert found == []


def test_severity_and_confidence_thresholds(project, capsys, monkeypatch):
    write(project / "pyproject.toml", '[tool.flasklint]\nseverity = "medium"\nextend-exclude = ["tests"]\n')
    code, found, _ = findings([], project, capsys, monkeypatch)
    assert found == [("svc/app.py", 6, "FL101"), ("svc/app.py", 7, "FL101")]
    write(project / "pyproject.toml", '[tool.flasklint]\nconfidence = "HIGH"\nextend-exclude = ["tests"]\n')
    code, found, _ = findings([], project, capsys, monkeypatch)
    assert found == [("svc/app.py", 6, "FL101"), ("svc/app.py", 8, "FL004")]
    code, found, _ = findings(["--severity", "high", "--confidence", "high"], project, capsys, monkeypatch)
    assert found == [("svc/app.py", 6, "FL101")]


def test_format_key(project, capsys, monkeypatch):
    write(project / "pyproject.toml", '[tool.flasklint]\nformat = "github"\nextend-exclude = ["tests"]\n')
    monkeypatch.chdir(project)
    assert main([]) == 1
    out = capsys.readouterr().out
    assert out.startswith("::error file=svc/app.py,line=6,")


@pytest.mark.parametrize(
    "name,text,message",
    [
        ("pyproject.toml", "[tool.flasklint]\nselekt = ['FL1']\n", "pyproject.toml: [tool.flasklint]: unknown key 'selekt'"),
        ("setup.cfg", "[flasklint]\nignored = FL101\n", "setup.cfg: [flasklint]: unknown key 'ignored'"),
        ("pyproject.toml", "[tool.flasklint]\nselect = ['FL999']\n", "pyproject.toml: [tool.flasklint] select: unknown rule or prefix: 'FL999'"),
        ("tox.ini", "[flasklint]\nignore = FL101, nope\n", "tox.ini: [flasklint] ignore: unknown rule or prefix: 'nope'"),
        (
            "pyproject.toml",
            "[tool.flasklint.per-file-ignores]\n'tests/*' = ['FL9']\n",
            "pyproject.toml: [tool.flasklint] per-file-ignores 'tests/*': unknown rule or prefix: 'FL9'",
        ),
        ("pyproject.toml", "[tool.flasklint]\nselect = 'FL1'\n", "select: must be a list of strings"),
        ("pyproject.toml", "[tool.flasklint]\nseverity = 'CRITICAL'\n", "severity: must be one of LOW, MEDIUM, HIGH"),
        ("pyproject.toml", "[tool.flasklint]\nformat = 'xml'\n", "format: must be one of text, json, sarif, github"),
        ("pyproject.toml", "[tool.flasklint\n", "pyproject.toml: invalid TOML"),
    ],
)
def test_configuration_errors_exit_2_naming_key_and_file(project, capsys, monkeypatch, name, text, message):
    write(project / name, text)
    monkeypatch.chdir(project)
    code = main([])
    err = capsys.readouterr().err
    assert code == 2
    assert message in err, err
    assert "Traceback" not in err


def test_missing_config_file_and_section(project, capsys, monkeypatch):
    monkeypatch.chdir(project)
    assert main(["--config", "nope.toml"]) == 2
    assert "nope.toml: configuration file not found" in capsys.readouterr().err
    write(project / "setup.cfg", "[metadata]\nname = x\n")
    assert main(["--config", "setup.cfg"]) == 2
    assert "setup.cfg: no [flasklint] section" in capsys.readouterr().err


def test_snake_case_keys_are_accepted(tmp_path):
    write(tmp_path / "setup.cfg", "[flasklint]\nextend_select = FL101\nper_file_ignores =\n    a.py: FL101\n")
    s = config.load(start=str(tmp_path))
    assert s.extend_select == ["FL101"] and s.per_file_ignores == [("a.py", ["FL101"])]


@pytest.mark.parametrize(
    "pattern,path,expected",
    [
        ("tests", "tests/a/b.py", True),
        ("tests", "src/tests/b.py", True),
        ("tests", "src/contests.py", False),
        ("*_test.py", "src/app_test.py", True),
        ("tests/*", "tests/a/b.py", True),
        ("tests/**", "tests/a/b.py", True),
        ("tests/**", "tests", True),
        ("src/*/legacy.py", "src/x/legacy.py", True),
        ("src/legacy.py", "other/src/legacy.py", False),
        ("./svc/", "svc/app.py", True),
    ],
)
def test_path_globs(tmp_path, pattern, path, expected):
    assert config._PathGlob(str(tmp_path), pattern)(str(tmp_path / path)) is expected


def test_project_root(tmp_path):
    write(tmp_path / "setup.py", "")
    write(tmp_path / "pkg" / "sub" / "mod.py", "")
    write(tmp_path / "pkg" / "other.py", "")
    assert config.find_project_root([str(tmp_path / "pkg" / "sub" / "mod.py"), str(tmp_path / "pkg" / "other.py")]) == str(tmp_path)


def test_selection_specificity():
    from flasklint import registry

    assert registry.resolve_selection(["FL101"], ["FL101"]) == frozenset()  # equal: ignore wins
    assert registry.resolve_selection(["debug-run"], ["FL101"]) == frozenset()  # a name is as specific as its id
    assert "FL101" in registry.resolve_selection(["FL0"], ["FL1"], ["debug-run"])  # more specific wins
