"""Command-line conventions shared with ruff: --exit-zero, --statistics,
-q/-v, --output-format, --show-files, --show-settings, NO_COLOR/FORCE_COLOR."""

import io
import json
import re
import sys
from pathlib import Path

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


# -- docs as tests: every command the README shows runs ----------------------
#
# Every line of the README's ```sh / ```bash blocks and every "$ " line of its
# ```console blocks is run by bash in a fixture project, with `flasklint`,
# `python` and `bandit` this interpreter's.  Only the commands below are not
# run, each for its reason.

README = Path(__file__).parent.parent / "README.md"

SKIPPED = {
    "pip install ": "installs from the package index or a checkout: .ci/run installs flasklint on a fresh "
    "machine (tox builds and installs the package) and tests/ covers the dependencies",
    "pipx install ": "installs from the package index into its own environment (as pip install)",
    "pre-commit install": "changes a repository's git hooks: tests/test_precommit.py runs the hook",
    "tox": "the test command itself: .ci/run runs it on a fresh machine",
}

_BLOCK = re.compile(r"^```(sh|bash|console)\n(.*?)^```", re.S | re.M)


def _strip_comment(line):
    """The command without its trailing comment (`  # ...`)."""
    return re.split(r"\s{2,}#", line, maxsplit=1)[0].strip()


def readme_commands():
    """[(command, expected output lines or None)] of the README's shell
    blocks, in order; output only for ```console blocks."""
    readme = README.read_text(encoding="utf-8")
    commands = []
    for lang, body in _BLOCK.findall(readme):
        body = body.replace("\\\n", " ")
        if lang == "console":
            for line in body.splitlines():
                if line.startswith("$ "):
                    commands.append((_strip_comment(line[2:]), []))
                elif commands and commands[-1][1] is not None:
                    commands[-1][1].append(line)
        else:
            for line in body.splitlines():
                if line.strip() and not line.lstrip().startswith("#"):
                    commands.append((_strip_comment(line), None))
    return commands


def skip_reason(command):
    for prefix, reason in SKIPPED.items():
        if command == prefix.strip() or command.startswith(prefix):
            return reason
    return None


_WRAPPER = """#!/bin/sh
# (records each run's exit code, so that one hidden by `;` or a pipe is checked too)
{run} "$@"
code=$?
printf '%s\\t%s\\n' "$code" "$(basename "$0") $*" >> "$README_RUNS"
exit $code
"""


def _shell(tmp_path):
    """(bin directory, environment) in which `flasklint`, `python` and
    `bandit` are this interpreter's, and the checkout's flasklint."""
    import os
    import shlex

    root = Path(__file__).parent.parent
    py = shlex.quote(sys.executable)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, run in {
        "flasklint": f"{py} -c 'import sys; from flasklint.cli import main; sys.exit(main())'",
        "python": py,
        "bandit": f"{py} -m bandit",
    }.items():
        (bin_dir / name).write_text(_WRAPPER.format(run=run))
        (bin_dir / name).chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "PYTHONPATH")}
    env.update(PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}", PYTHONPATH=str(root), README_RUNS=str(tmp_path / "runs"))
    return env


def _project(tmp_path):
    """The project the README's commands run in: the examples/ service, and
    a small one as app.py, src/app.py and src/svc/."""
    import shutil

    proj = tmp_path / "project"
    shutil.copytree(Path(__file__).parent.parent / "examples", proj / "examples")
    shutil.copytree(PROJECT / "svc", proj / "src" / "svc")
    shutil.copy(PROJECT / "svc" / "app.py", proj / "src" / "app.py")
    shutil.copy(PROJECT / "svc" / "app.py", proj / "app.py")
    return proj


def run_readme_command(command, proj, env):
    import subprocess

    return subprocess.run(["bash", "-c", command], cwd=proj, env=env, capture_output=True, text=True, timeout=300)


def test_readme_commands_are_found_and_skipped_only_for_a_reason():
    commands = [c for c, _ in readme_commands()]
    # the README's first two commands: install, then lint the example
    # service (a fresh checkout runs them: see the quick start test below)
    assert commands[:2] == ["pip install .", "flasklint examples/"]
    # the test command CI runs (.ci/run) is the one the README names
    assert "pip install tox && tox" in commands
    assert (Path(__file__).parent.parent / ".ci" / "run").read_text().rstrip().endswith("pip install tox && tox")
    skipped = [c for c in commands if skip_reason(c)]
    assert skipped and all(c.split()[0] in ("pip", "pipx", "pre-commit", "tox") for c in skipped), skipped
    assert len(commands) - len(skipped) >= 20  # (the parser still finds the blocks)


def test_readme_quick_start_output_is_real(tmp_path):
    """The README's quick start shows the real output of its command: a line
    `...` stands for lines left out, everything else must match."""
    (command, expected), = [(c, out) for c, out in readme_commands() if out]
    assert command == "flasklint examples/"
    proc = run_readme_command(command, _project(tmp_path), _shell(tmp_path))
    assert proc.returncode == 1, proc.stderr
    actual = proc.stdout.splitlines()
    segments = [[]]
    for line in expected:
        if line == "...":
            segments.append([])
        else:
            segments[-1].append(line)
    stale = "README quick start is stale: paste the output of `flasklint examples/`\n" + proc.stdout
    assert actual[: len(segments[0])] == segments[0], stale
    assert actual[len(actual) - len(segments[-1]) :] == segments[-1], stale
    at = len(segments[0])
    for seg in segments[1:-1]:
        found = [i for i in range(at, len(actual) - len(segments[-1]) - len(seg) + 1) if actual[i : i + len(seg)] == seg]
        assert found, stale
        at = found[0] + len(seg)


def test_every_readme_command_runs(tmp_path):
    import shutil
    import subprocess

    env = _shell(tmp_path)
    proj = _project(tmp_path)
    installed = subprocess.run([sys.executable, "-I", "-c", "import flasklint, bandit"], capture_output=True).returncode == 0
    runs = tmp_path / "runs"
    ran = 0
    for command, _ in readme_commands():
        if skip_reason(command):
            continue
        if not installed and command.split()[0] in ("bandit", "python"):
            # (`python -I` and Bandit's plugin need flasklint installed: tox does)
            continue
        if command.split()[0] == "patch" and shutil.which("patch") is None:
            continue
        runs.write_text("")
        proc = run_readme_command(command, proj, env)
        assert proc.returncode in (0, 1), (command, proc.stdout, proc.stderr)
        assert "Traceback" not in proc.stderr, (command, proc.stderr)
        tools = [line.split("\t", 1) for line in runs.read_text().splitlines()]
        assert tools, f"{command!r} ran no flasklint, python or bandit"
        for code, argv in tools:
            assert code in ("0", "1"), (command, argv, code, proc.stderr)
        ran += 1
    assert ran >= 15
    # (what the commands wrote)
    json.loads((proj / "flasklint-baseline.json").read_text(encoding="utf-8"))
    assert (proj / "flasklint-junit.xml").read_text(encoding="utf-8").startswith("<?xml")
    assert json.loads((proj / "flasklint.sarif").read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert (proj / "fixes.patch").exists()


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


def test_concise_and_full_text(capsys, monkeypatch):
    """ruff's text formats: ``full`` (the default ``text``: source line and
    notes under each finding) and ``concise`` (one line per finding)."""
    monkeypatch.chdir(FIXTURES.parent.parent / "examples")
    outs = {}
    for fmt in ("text", "full", "concise"):
        code = main(["--no-cache", "--color", "never", "--output-format", fmt, "."])
        outs[fmt] = capsys.readouterr().out
        assert code == 1
    assert outs["text"] == outs["full"]
    concise = outs["concise"].splitlines()
    findings = [l for l in outs["full"].splitlines() if not l.startswith("    ")]
    assert concise == findings  # (the same findings and summary, without the indented lines)
