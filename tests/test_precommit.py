"""pre-commit: the hook definition, file mode (model from the project root,
findings limited to the files passed) and an end-to-end
``pre-commit try-repo`` run."""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from flasklint.cli import main
from flasklint.linter import lint
from tests.harness import FIXTURES

ROOT = Path(__file__).resolve().parent.parent


def _hook():
    yaml = pytest.importorskip("yaml")
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    return hook


def test_hook_definition():
    hook = _hook()
    assert hook["id"] == "flasklint"
    assert hook["entry"] == "flasklint"
    assert hook["language"] == "python"  # (pre-commit installs the repository itself)
    assert hook["types_or"] == ["python", "text"] and "types" not in hook
    assert hook.get("pass_filenames", True) is True  # (file mode: the changed files in the project's context)
    assert hook["require_serial"] is True


@pytest.mark.parametrize("path", [
    "app.py", "svc/views.py", ".flaskenv", "svc/.env", "settings.cfg", "svc/config/prod.ini", "setup.cfg", "tox.ini",
    "pyproject.toml", "svc/flasklint.toml", ".flasklint.toml", "requirements.txt", "requirements-dev.txt",
    "poetry.lock", "uv.lock", "Pipfile", "Pipfile.lock",
])
def test_hook_runs_on_the_files_flasklint_reads(path):
    # (pre-commit matches `files` with re.search on the path, / separated)
    assert re.search(_hook()["files"], path), path


@pytest.mark.parametrize("path", ["README.md", "package.json", ".envrc", "docs/index.rst", "static/app.js", "notflasklint.toml"])
def test_hook_skips_files_flasklint_does_not_read(path):
    assert not re.search(_hook()["files"], path), path


def test_the_hook_files_cover_what_flasklint_reads():
    from flasklint import settings
    from flasklint.source.files import ENV_FILES, PROJECT_FILES

    rx = _hook()["files"]
    for name in ENV_FILES + PROJECT_FILES + settings.CONFIG_FILES:
        assert re.search(rx, "svc/" + name), name


def test_readme_names_the_release_tag_of_this_version():
    """Release tags are vX.Y.Z, equal to flasklint.__version__: the README's
    `rev:` is the tag to create when releasing this version."""
    from flasklint import __version__

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    revs = set(re.findall(r"rev: (\S+)", readme))
    assert revs == {f"v{__version__}"}, revs


@pytest.fixture
def repo(tmp_path):
    """A project whose debug value lives in another module than the
    ``app.run`` call, with a pyproject.toml marking its root."""
    shutil.copytree(FIXTURES / "debug" / "run_forms", tmp_path / "proj")
    proj = tmp_path / "proj"
    (proj / "pyproject.toml").write_text("[project]\nname = 'svc'\n")
    (proj / "svc" / "other.py").write_text("from flask import Flask\n\nother = Flask(__name__)\nother.run(debug=True)\n")
    return proj


def found(argv, cwd, capsys, monkeypatch):
    monkeypatch.chdir(cwd)
    code = main(["--format", "json"] + argv)
    doc = json.loads(capsys.readouterr().out)
    return code, sorted({(f["path"], f["line"]) for f in doc["findings"]})


def test_files_passed_are_linted_in_the_context_of_the_whole_project(repo, capsys, monkeypatch):
    # Only app.py changed: its findings that depend on settings.py are still
    # found, because the model is built from the project root.
    code, got = found(["svc/app.py"], repo, capsys, monkeypatch)
    assert code == 1
    assert got == [("svc/app.py", line) for line in (24, 25, 26, 27, 28, 29)]
    # Linting the file alone would miss them: that is what file mode avoids.
    monkeypatch.chdir(repo)
    alone = {f.line for f in lint(["svc/app.py"]).findings}
    assert {25, 26, 27} - alone


def test_findings_are_limited_to_the_files_passed(repo, capsys, monkeypatch):
    code, got = found(["svc/settings.py"], repo, capsys, monkeypatch)
    assert (code, got) == (0, [])
    code, got = found(["svc/other.py", "svc/settings.py"], repo, capsys, monkeypatch)
    assert (code, got) == (1, [("svc/other.py", 4)])


def test_file_mode_from_a_subdirectory_and_excluded_files(repo, capsys, monkeypatch):
    code, got = found(["app.py"], repo / "svc", capsys, monkeypatch)
    assert got == [("app.py", line) for line in (24, 25, 26, 27, 28, 29)]
    # Exclusions apply to files passed explicitly too (pre-commit passes
    # every changed file).
    (repo / "pyproject.toml").write_text("[tool.flasklint]\nextend-exclude = ['svc/other.py']\n")
    code, got = found(["svc/other.py"], repo, capsys, monkeypatch)
    assert (code, got) == (0, [])


def test_a_changed_configuration_reports_the_whole_project(repo, capsys, monkeypatch):
    # (its change may add findings anywhere: pre-commit passes pyproject.toml)
    code, got = found(["pyproject.toml"], repo, capsys, monkeypatch)
    assert code == 1 and {p for p, _ in got} == {"svc/app.py", "svc/other.py"}
    (repo / "pyproject.toml").write_text("[project]\nname = 'svc'\n\n[tool.flasklint]\nextend-exclude = ['svc/app.py']\n")
    code, got = found(["pyproject.toml", "svc/settings.py"], repo, capsys, monkeypatch)
    assert (code, got) == (1, [("svc/other.py", 4)])
    # any other file: its own findings only
    (repo / "svc" / "prod.ini").write_text("[flask]\nDEBUG = false\n")
    assert found(["svc/prod.ini"], repo, capsys, monkeypatch) == (0, [])


def test_a_changed_flaskenv_is_reported(repo, capsys, monkeypatch):
    (repo / ".flaskenv").write_text("FLASK_APP=svc.app\nFLASK_DEBUG=1\n")
    code, got = found([".flaskenv"], repo, capsys, monkeypatch)
    assert (code, got) == (1, [(".flaskenv", 2)])


def test_a_missing_file_fails_the_hook(repo, capsys, monkeypatch):
    from tests.harness import run_cli

    code, _, err = run_cli(["svc/app.py", "svc/gone.py"], repo, capsys, monkeypatch)
    assert code == 2 and "svc/gone.py: no such file or directory" in err


# -- end to end ---------------------------------------------------------------------------

_NO_NETWORK = (
    "Could not find a version",
    "No matching distribution",
    "NewConnectionError",
    "Temporary failure in name resolution",
    "Network is unreachable",
    "ConnectTimeout",
)


def _git(args, cwd):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True)


@pytest.mark.skipif(shutil.which("pre-commit") is None, reason="pre-commit is not installed")
@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.skipif(os.environ.get("FLASKLINT_SKIP_PRECOMMIT") == "1", reason="FLASKLINT_SKIP_PRECOMMIT=1")
def test_pre_commit_try_repo_fails_on_debug_run(tmp_path):
    """``pre-commit try-repo <checkout> flasklint --all-files`` installs the
    hook from this checkout into a fresh virtualenv (its dependencies come
    from the package index) and fails on ``app.run(debug=True)``; a change
    to ``.flaskenv`` alone runs the hook and fails on its ``FLASK_DEBUG=1``.
    try-repo uses the checkout's working tree (uncommitted changes
    included).  Slow (about a minute); FLASKLINT_SKIP_PRECOMMIT=1 skips it."""
    if not (ROOT / ".git").exists():
        pytest.skip("the flasklint checkout is not a git repository")
    proj = tmp_path / "project"
    proj.mkdir()
    (proj / "app.py").write_text("from flask import Flask\n\napp = Flask(__name__)\napp.run(debug=True)\n")
    (proj / "README.md").write_text("# demo\n")
    _git(["init", "-q", "."], proj)
    _git(["add", "."], proj)
    _git(["-c", "user.email=ci@example.com", "-c", "user.name=ci", "commit", "-qm", "init"], proj)
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"), PRE_COMMIT_COLOR="never")
    env.pop("PYTHONPATH", None)
    proc = _try_repo(proj, env, "--all-files")
    out = proc.stdout + proc.stderr
    if proc.returncode != 1 or "flasklint" not in out or "Failed" not in out:
        _explain(proc, tmp_path)
    assert "app.py:4:15: FL101 [HIGH]" in out
    assert "README.md" not in out.split("- exit code: 1", 1)[-1]
    # A change to .flaskenv alone runs the hook too, and its finding is reported.
    (proj / "app.py").write_text("from flask import Flask\n\napp = Flask(__name__)\n")
    (proj / ".flaskenv").write_text("FLASK_APP=app\nFLASK_DEBUG=1\n")
    _git(["add", "."], proj)
    proc = _try_repo(proj, env, "--files", ".flaskenv")
    out = proc.stdout + proc.stderr
    if proc.returncode != 1:
        _explain(proc, tmp_path)
    assert ".flaskenv:2:1: FL103 [MEDIUM]" in out and "app.py" not in out.split("- exit code: 1", 1)[-1]


def _try_repo(proj, env, *args):
    return subprocess.run(
        ["pre-commit", "try-repo", str(ROOT), "flasklint", *args],
        cwd=proj,
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )


def _explain(proc, tmp_path):
    out = proc.stdout + proc.stderr
    log = tmp_path / "pre-commit-home" / "pre-commit.log"
    details = out + (log.read_text(errors="replace") if log.exists() else "")
    if any(s in details for s in _NO_NETWORK):
        pytest.skip("pre-commit could not install the hook's dependencies (no package index reachable)")
    pytest.fail(f"pre-commit exited {proc.returncode}:\n{details[-4000:]}")


def test_console_script_is_declared():
    text = (ROOT / "setup.py").read_text(encoding="utf-8")
    assert '"flasklint=flasklint.cli:main"' in text  # the hook's entry


def test_summary_counts_the_files_passed(repo, capsys, monkeypatch):
    monkeypatch.chdir(repo)
    assert main(["--color", "never", "svc/other.py", "svc/settings.py"]) == 1
    assert capsys.readouterr().out.splitlines()[-1] == "Found 1 problem (1 high) in 2 files; 1 with --fix --unsafe-fixes."
