"""Configuration per project (as ruff): each linted path gets the nearest
configuration above it, so one run over a monorepo's services lints each
with its own settings; flasklint.toml / .flasklint.toml; precedence in one
directory; --config and --no-config win for every path; the cache keeps
the projects apart; hostile configuration files."""

import json
import os

import pytest

from flasklint import settings as config
from tests.harness import run_cli

from tests.test_config import APP, write  # (line 6: FL101 HIGH/HIGH; 7: FL101 HIGH/MEDIUM; 8: FL004)


@pytest.fixture
def mono(tmp_path, monkeypatch):
    """Two services with different configurations, and a root one."""
    monkeypatch.delenv("FLASKLINT_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache-home"))
    root = tmp_path / "mono"
    write(root / "svc_a" / "app.py", APP)
    write(root / "svc_a" / "legacy" / "old.py", APP)
    write(root / "svc_a" / "pyproject.toml", '[project]\nname = "a"\n\n[tool.flasklint]\nselect = ["FL1"]\nextend-exclude = ["legacy"]\n')
    write(root / "svc_b" / "app.py", APP)
    write(root / "svc_b" / "flasklint.toml", 'ignore = ["FL101"]\n')
    write(root / "svc_b" / "pyproject.toml", '[tool.flasklint]\nselect = ["FL0"]\n')  # (flasklint.toml wins)
    write(root / "tools" / "app.py", APP)
    write(root / "setup.cfg", "[flasklint]\nseverity = HIGH\nconfidence = HIGH\n")
    return root


def findings(argv, cwd, capsys, monkeypatch):
    code, out, err = run_cli(["--output-format", "json"] + argv, cwd, capsys, monkeypatch)
    assert code != 2, err
    found = sorted((f["path"], f["line"], f["rule"]) for f in json.loads(out)["findings"])
    return code, found


A = [("svc_a/app.py", 6, "FL101"), ("svc_a/app.py", 7, "FL101")]  # FL1 only; legacy/ excluded
B = [("svc_b/app.py", 8, "FL004")]  # FL101 ignored
TOOLS = [("tools/app.py", 6, "FL101")]  # the root's setup.cfg: HIGH/HIGH only


def _under(prefix, found):
    return [(os.path.join(prefix, p).replace(os.sep, "/"), line, rule) for p, line, rule in found]


def test_each_service_is_linted_with_its_own_configuration(mono, capsys, monkeypatch):
    assert findings(["svc_a", "svc_b", "tools"], mono, capsys, monkeypatch)[1] == sorted(A + B + TOOLS)


def test_run_from_outside_the_repository(mono, capsys, monkeypatch):
    _, found = findings(["mono/svc_a", "mono/svc_b"], mono.parent, capsys, monkeypatch)
    assert found == _under("mono", A + B)


def test_run_from_inside_a_service(mono, capsys, monkeypatch):
    assert findings(["."], mono / "svc_a", capsys, monkeypatch)[1] == [("app.py", 6, "FL101"), ("app.py", 7, "FL101")]
    _, found = findings([".", "../svc_b"], mono / "svc_a", capsys, monkeypatch)
    assert found == [("../svc_b/app.py", 8, "FL004"), ("app.py", 6, "FL101"), ("app.py", 7, "FL101")]


def test_files_passed_get_their_services_configuration(mono, capsys, monkeypatch):
    # (pre-commit in a monorepo passes changed files of several services)
    _, found = findings(["svc_a/app.py", "svc_b/app.py", "svc_a/legacy/old.py"], mono, capsys, monkeypatch)
    assert found == sorted(A + B)


def test_config_and_no_config_apply_to_every_path(mono, capsys, monkeypatch):
    write(mono / "ci.toml", 'select = ["FL004"]\n')
    _, found = findings(["--config", "ci.toml", "svc_a", "svc_b"], mono, capsys, monkeypatch)
    assert found == [("svc_a/app.py", 8, "FL004"), ("svc_a/legacy/old.py", 8, "FL004"), ("svc_b/app.py", 8, "FL004")]
    _, found = findings(["--no-config", "svc_b", "tools"], mono, capsys, monkeypatch)
    assert len(found) == 6


def test_command_line_applies_on_top_of_each_configuration(mono, capsys, monkeypatch):
    _, found = findings(["--ignore", "FL004", "--severity", "LOW", "svc_a", "svc_b"], mono, capsys, monkeypatch)
    assert found == A


def test_global_settings_come_from_the_first_paths_configuration(mono, capsys, monkeypatch):
    write(mono / "svc_b" / "flasklint.toml", 'ignore = ["FL101"]\nformat = "github"\n')
    code, out, _ = run_cli(["svc_b", "svc_a"], mono, capsys, monkeypatch)
    lines = out.splitlines()
    assert code == 1 and len(lines) == 3 and all(line.startswith("::") and "file=svc_" in line for line in lines), out
    code, out, _ = run_cli(["svc_a", "svc_b"], mono, capsys, monkeypatch)
    assert out.startswith("svc_a/app.py:6:")


def test_show_settings_per_configuration(mono, capsys, monkeypatch):
    code, out, _ = run_cli(["--show-settings", "svc_a", "svc_b"], mono, capsys, monkeypatch)
    assert code == 0
    assert "configuration file: " + str(mono / "svc_a" / "pyproject.toml") in out
    assert "configuration file: " + str(mono / "svc_b" / "flasklint.toml") in out


def test_the_cache_keeps_each_projects_settings(mono, capsys, monkeypatch):
    assert findings(["svc_a", "svc_b"], mono, capsys, monkeypatch)[1] == sorted(A + B)
    assert findings(["svc_a", "svc_b"], mono, capsys, monkeypatch)[1] == sorted(A + B)  # (from the cache)
    write(mono / "svc_b" / "flasklint.toml", 'select = ["FL101"]\n')
    _, found = findings(["svc_a", "svc_b"], mono, capsys, monkeypatch)
    assert found == sorted(A + [("svc_b/app.py", 6, "FL101"), ("svc_b/app.py", 7, "FL101")])
    write(mono / "svc_a" / "pyproject.toml", '[tool.flasklint]\nselect = ["FL004"]\n')
    _, found = findings(["svc_a", "svc_b"], mono, capsys, monkeypatch)
    assert ("svc_a/legacy/old.py", 8, "FL004") in found and ("svc_a/app.py", 6, "FL101") not in found


# -- discovery ------------------------------------------------------------------------------


def test_precedence_in_one_directory(tmp_path):
    files = {
        ".flasklint.toml": 'select = ["FL1"]\n',
        "flasklint.toml": 'select = ["FL1"]\n',
        "pyproject.toml": '[tool.flasklint]\nselect = ["FL1"]\n',
        "setup.cfg": "[flasklint]\nselect = FL1\n",
        "tox.ini": "[flasklint]\nselect = FL1\n",
    }
    for name, text in files.items():
        write(tmp_path / name, text)
    assert config.CONFIG_FILES == tuple(files)
    for name in files:
        assert config.find_config(str(tmp_path)) == str(tmp_path / name)
        (tmp_path / name).unlink()
    assert config.find_config(str(tmp_path)) is None


def test_flasklint_toml_is_found_and_stops_the_search(tmp_path, capsys, monkeypatch):
    write(tmp_path / "pyproject.toml", '[tool.flasklint]\nselect = ["FL0"]\n')
    write(tmp_path / "svc" / "app.py", APP)
    write(tmp_path / "svc" / "flasklint.toml", "# defaults for this service\n")
    assert config.find_config(str(tmp_path / "svc" / "app.py")) == str(tmp_path / "svc" / "flasklint.toml")
    code, found = findings(["svc"], tmp_path, capsys, monkeypatch)
    assert len(found) == 3  # the empty flasklint.toml: defaults, not the parent's FL0
    write(tmp_path / "svc" / ".flasklint.toml", 'select = ["FL004"]\n')
    assert findings(["svc"], tmp_path, capsys, monkeypatch)[1] == [("svc/app.py", 8, "FL004")]


def test_flasklint_toml_errors_name_the_file(tmp_path, capsys, monkeypatch):
    write(tmp_path / "app.py", APP)
    write(tmp_path / "flasklint.toml", "[tool.flasklint]\nselect = ['FL1']\n")  # (no table in flasklint.toml)
    code, _, err = run_cli([], tmp_path, capsys, monkeypatch)
    assert code == 2 and "flasklint.toml: (top level): unknown key 'tool'" in err


# -- hostile repositories (docs/design/threat-model.md) -------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
@pytest.mark.parametrize("name", ["flasklint.toml", ".flasklint.toml", "pyproject.toml", "setup.cfg"])
def test_a_configuration_linked_out_of_the_tree_is_not_read(tmp_path, capsys, monkeypatch, name):
    secret = write(tmp_path / "home" / "secret.toml", 'select = ["AKIA-SECRET-VALUE"]\n[tool.flasklint]\nselect = ["AKIA-SECRET-VALUE"]\n[flasklint]\nselect = AKIA-SECRET-VALUE\n')
    proj = tmp_path / "proj"
    write(proj / "app.py", APP)
    os.symlink(secret, proj / name)
    code, out, err = run_cli(["."], proj, capsys, monkeypatch)
    assert code == 2 and "symbolic link out of its directory; not read" in err and name in err
    assert "AKIA" not in out + err and "internal error" not in err


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_configuration_linked_inside_its_directory_is_read(tmp_path, capsys, monkeypatch):
    write(tmp_path / "app.py", APP)
    write(tmp_path / "config" / "lint.toml", 'select = ["FL004"]\n')
    os.symlink(os.path.join("config", "lint.toml"), tmp_path / "flasklint.toml")
    assert findings([], tmp_path, capsys, monkeypatch)[1] == [("app.py", 8, "FL004")]


@pytest.mark.parametrize("data", [b"select = [", b"select = ['\xff']", b"[" * 5000 + b"]" * 5000])
def test_a_malformed_flasklint_toml_is_a_plain_error(tmp_path, capsys, monkeypatch, data):
    write(tmp_path / "app.py", APP)
    (tmp_path / "flasklint.toml").write_bytes(data)
    code, _, err = run_cli([], tmp_path, capsys, monkeypatch)
    assert code == 2 and "flasklint.toml: invalid TOML" in err and "internal error" not in err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_named_like_a_configuration_is_not_opened(tmp_path, capsys, monkeypatch):
    write(tmp_path / "app.py", APP)
    os.mkfifo(tmp_path / "flasklint.toml")
    assert config.find_config(str(tmp_path)) is None
    code, _, _ = run_cli(["--no-cache", "."], tmp_path, capsys, monkeypatch)
    assert code == 1
