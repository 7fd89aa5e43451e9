"""Command-line conventions shared with ruff: --exit-zero, --statistics,
-q/-v, --output-format, --show-files, --show-settings, NO_COLOR/FORCE_COLOR."""

import io
import json
import sys

from flasklint.cli import main
from tests.harness import FIXTURES, run_cli

PROJECT = FIXTURES / "cli" / "conventions"


def run(argv, cwd, capsys, monkeypatch):
    return run_cli(argv, cwd, capsys, monkeypatch)


def test_exit_zero_reports_findings_but_exits_0(capsys, monkeypatch):
    code, out, _ = run(["--no-cache", "--exit-zero", "."], PROJECT, capsys, monkeypatch)
    assert code == 0
    assert out.count("FL101 [HIGH]") == 2 and "Found 3 problems" in out


def test_exit_zero_keeps_exit_2_for_usage_errors(capsys, monkeypatch):
    code, _, err = run(["--no-cache", "--exit-zero", "no_such_dir"], PROJECT, capsys, monkeypatch)
    assert code == 2 and "no such file or directory" in err
    code, _, _ = run(["--no-cache", "--exit-zero", "--select", "FL999", "."], PROJECT, capsys, monkeypatch)
    assert code == 2


def test_statistics_counts_per_rule_most_frequent_first(capsys, monkeypatch):
    code, out, _ = run(["--no-cache", "--statistics", "."], PROJECT, capsys, monkeypatch)
    assert code == 1
    assert out == "2\tFL101\tdebug-run\n1\tFL401\thardcoded-secret-key\n"
    code, out, _ = run(["--no-cache", "--statistics", "--output-format", "json", "."], PROJECT, capsys, monkeypatch)
    assert code == 1
    assert json.loads(out) == [
        {"code": "FL101", "name": "debug-run", "count": 2},
        {"code": "FL401", "name": "hardcoded-secret-key", "count": 1},
    ]
    code, out, _ = run(["--no-cache", "--statistics", "--exit-zero", "--ignore", "FL1,FL4", "."], PROJECT, capsys, monkeypatch)
    assert code == 0 and out == ""


def test_quiet_prints_the_findings_only(capsys, monkeypatch, tmp_path):
    code, out, _ = run(["--no-cache", "--color", "never", "-q", "."], PROJECT, capsys, monkeypatch)
    assert code == 1
    assert out.startswith("svc/app.py:6:28: FL401 [HIGH]") and "Found" not in out
    (tmp_path / "app.py").write_text("from flask import Flask\napp = Flask(__name__)\n")
    code, out, err = run(["--no-cache", "--quiet", "."], tmp_path, capsys, monkeypatch)
    assert (code, out, err) == (0, "", "")


def test_verbose_says_on_stderr_what_was_done(capsys, monkeypatch, tmp_path):
    code, plain, _ = run(["--no-cache", "--color", "never", "."], PROJECT, capsys, monkeypatch)
    code, out, err = run(["--no-cache", "--color", "never", "-v", "."], PROJECT, capsys, monkeypatch)
    assert code == 1 and out == plain  # (the report is unchanged)
    assert "flasklint: configuration: none found\n" in err
    assert "flasklint: cache: off\n" in err
    assert "flasklint: linted 2 files (3 findings reported)\n" in err
    assert "flasklint: analysis took " in err and "flasklint: total " in err
    cache = tmp_path / "cache"
    code, _, err = run(["--cache-dir", str(cache), "--verbose", "."], PROJECT, capsys, monkeypatch)
    assert f"flasklint: cache: {cache}\n" in err and "flasklint: cache path taken: full" in err
    code, _, err = run(["--cache-dir", str(cache), "--verbose", "."], PROJECT, capsys, monkeypatch)
    assert "flasklint: cache path taken: hit\n" in err


def test_quiet_and_verbose_together_are_a_usage_error(capsys, monkeypatch):
    code, _, err = run(["-q", "-v", "."], PROJECT, capsys, monkeypatch)
    assert code == 2 and "not allowed with" in err


def test_format_is_an_alias_of_output_format(capsys, monkeypatch):
    _, a, _ = run(["--no-cache", "--output-format", "json", "."], PROJECT, capsys, monkeypatch)
    _, b, _ = run(["--no-cache", "--format", "json", "."], PROJECT, capsys, monkeypatch)
    assert a == b and len(json.loads(a)["findings"]) == 3
    code, _, err = run(["--output-format", "xml", "."], PROJECT, capsys, monkeypatch)
    assert code == 2 and "invalid choice" in err


def test_show_files_lists_what_would_be_linted_and_writes_nothing(capsys, monkeypatch, tmp_path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "app.py").write_text("x = 1\n")
    (tmp_path / "pkg" / "migrations").mkdir()
    (tmp_path / "pkg" / "migrations" / "v1.py").write_text("x = 1\n")
    (tmp_path / ".flaskenv").write_text("FLASK_APP=pkg.app\n")
    (tmp_path / "notes.txt").write_text("not linted\n")
    code, out, _ = run(["--show-files", "."], tmp_path, capsys, monkeypatch)
    assert code == 0
    assert out == ".flaskenv\npkg/app.py\npkg/migrations/v1.py\n"
    code, out, _ = run(["--show-files", "--extend-exclude", "migrations", "."], tmp_path, capsys, monkeypatch)
    assert out == ".flaskenv\npkg/app.py\n"
    assert not (tmp_path / ".flasklint_cache").exists()


def test_show_settings_prints_the_resolved_settings(capsys, monkeypatch, tmp_path):
    (tmp_path / "app.py").write_text("x = 1\n")
    (tmp_path / "pyproject.toml").write_text('[tool.flasklint]\nignore = ["FL004"]\nextend-exclude = ["migrations"]\n')
    code, out, _ = run(["--show-settings", "--severity", "medium", "--ignore", "FL102", "--no-cache", "."], tmp_path, capsys, monkeypatch)
    assert code == 0
    lines = out.splitlines()
    assert f"configuration file: {tmp_path / 'pyproject.toml'}" in lines
    assert "ignore: FL004, FL102" in lines
    assert "extend-exclude: migrations" in lines
    assert "severity: MEDIUM" in lines and "select: ALL" in lines and "cache: off" in lines
    monkeypatch.delenv("FLASKLINT_CACHE_DIR", raising=False)
    code, out, _ = run(["--show-settings", "--no-config", "."], tmp_path, capsys, monkeypatch)
    assert "configuration file: (none: defaults)" in out.splitlines()
    assert f"cache: {tmp_path / '.flasklint_cache'}" in out.splitlines()
    assert not (tmp_path / ".flasklint_cache").exists()


class FakeTTY(io.StringIO):
    def isatty(self):
        return True


def test_no_color_and_force_color(monkeypatch):
    monkeypatch.chdir(PROJECT)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    for env, tty, expect in (
        ({}, False, False),
        ({}, True, True),
        ({"FORCE_COLOR": "1"}, False, True),
        ({"FORCE_COLOR": ""}, False, False),  # empty: not set
        ({"NO_COLOR": "1"}, True, False),
        ({"NO_COLOR": "1", "FORCE_COLOR": "1"}, False, False),  # NO_COLOR wins, as in CPython
    ):
        for name in ("NO_COLOR", "FORCE_COLOR"):
            monkeypatch.delenv(name, raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        out = FakeTTY() if tty else io.StringIO()
        monkeypatch.setattr(sys, "stdout", out)
        assert main(["--no-cache", "."]) == 1
        assert ("\x1b[31mFL101 [HIGH]\x1b[0m" in out.getvalue()) is expect, (env, tty)
    monkeypatch.setenv("FORCE_COLOR", "1")
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    main(["--no-cache", "--color", "never", "."])
    assert "\x1b[" not in out.getvalue()


# -- docs as tests: every command of the README's Usage block runs -------------


def readme_usage_commands():
    from pathlib import Path

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    usage = readme.split("## Usage", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    out = []
    for line in usage.splitlines():
        cmd = line.split("  #", 1)[0].strip()
        if cmd.startswith("flasklint ") and "..." not in cmd and "[" not in cmd:
            out.append(cmd.split()[1:])
    return out


def test_readme_usage_commands_run(capsys, monkeypatch, tmp_path):
    import shutil

    shutil.copytree(PROJECT / "svc", tmp_path / "src" / "svc")
    shutil.copy(PROJECT / "svc" / "app.py", tmp_path / "app.py")
    commands = readme_usage_commands()
    assert ["--statistics", "src/"] in commands and ["--show-settings", "src/"] in commands
    assert ["routes", "--format", "mermaid", "src/"] in commands
    for argv in commands:
        code, out, err = run(argv, tmp_path, capsys, monkeypatch)
        assert code in (0, 1), (argv, err)
        assert out, argv


# -- stdin ---------------------------------------------------------------------


def _stdin(monkeypatch, text):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8")), encoding="utf-8"))


def _tree(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


def _stdin_project(tmp_path):
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "svc").mkdir()
    (tmp_path / "svc" / "__init__.py").write_text("")
    (tmp_path / "svc" / "settings.py").write_text("DEBUG = True\n")
    (tmp_path / "svc" / "app.py").write_text("x = 1\n")  # (the saved file: stdin holds the edited buffer)
    (tmp_path / "svc" / "other.py").write_text("from flask import Flask\nFlask(__name__).run(debug=True)\n")
    return tmp_path


EDITED = "from flask import Flask\nfrom svc import settings\n\napp = Flask(__name__)\napp.run(debug=settings.DEBUG)\n"


def test_stdin_is_linted_as_the_named_file_in_its_project(capsys, monkeypatch, tmp_path):
    proj = _stdin_project(tmp_path)
    monkeypatch.delenv("FLASKLINT_CACHE_DIR", raising=False)
    before = _tree(proj)
    _stdin(monkeypatch, EDITED)
    code, out, _ = run(["--output-format", "json", "-", "--stdin-filename", "svc/app.py"], proj, capsys, monkeypatch)
    assert code == 1
    findings = json.loads(out)["findings"]
    # the buffer's content, with the project's other files as context
    # (settings.DEBUG resolved), findings for that file only
    assert [(f["rule"], f["path"], f["line"]) for f in findings] == [("FL101", "svc/app.py", 5)]
    assert findings[0]["related"][0]["path"] == "svc/settings.py"
    assert _tree(proj) == before  # nothing written: no cache, no file


def test_stdin_for_a_path_not_on_disk_is_linted_alone(capsys, monkeypatch, tmp_path):
    proj = _stdin_project(tmp_path)
    before = _tree(proj)
    _stdin(monkeypatch, "import flask\nflask.Flask(__name__).run(debug=True)\n")
    code, out, _ = run(["--color", "never", "-", "--stdin-filename", "new/views.py"], proj, capsys, monkeypatch)
    assert code == 1
    assert out.startswith("new/views.py:2:") and "svc/other.py" not in out
    assert "Found 1 problem (1 high) in 1 file" in out
    _stdin(monkeypatch, EDITED)  # alone: svc.settings is not known
    code, out, _ = run(["-q", "-", "--stdin-filename", "new/views.py"], proj, capsys, monkeypatch)
    assert (code, out) == (0, "")
    assert _tree(proj) == before


def test_stdin_usage_errors(capsys, monkeypatch, tmp_path):
    proj = _stdin_project(tmp_path)
    _stdin(monkeypatch, EDITED)
    code, _, err = run(["-", "svc", "--stdin-filename", "svc/app.py"], proj, capsys, monkeypatch)
    assert code == 2 and "cannot be combined" in err
    code, _, err = run(["svc", "--stdin-filename", "svc/app.py"], proj, capsys, monkeypatch)
    assert code == 2 and "goes with the path -" in err


def test_stdin_through_a_real_pipe(tmp_path):
    import os
    import subprocess
    from pathlib import Path

    proj = _stdin_project(tmp_path)
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).parent.parent))
    proc = subprocess.run(
        [sys.executable, "-m", "flasklint", "--no-cache", "-", "--stdin-filename", "svc/app.py"],
        cwd=proj, input=EDITED.encode(), capture_output=True, env=env,
    )
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.decode().startswith("svc/app.py:5:15: FL101 [HIGH]")
