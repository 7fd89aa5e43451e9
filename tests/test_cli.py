"""The command line: exit codes, formats (golden files), selection."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from flasklint import __version__
from flasklint.cli import main
from tests.harness import FIXTURES, run_cli

GOLDEN = Path(__file__).parent / "golden"
RUN_FORMS = FIXTURES / "debug" / "run_forms"


def run(argv, cwd, capsys, monkeypatch):
    return run_cli(argv, cwd, capsys, monkeypatch)


def check_golden(name, text):
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"output differs from {path} (UPDATE_GOLDEN=1 to accept)"


def test_text_output_golden(capsys, monkeypatch):
    code, out, _ = run(["--color", "never", "."], RUN_FORMS, capsys, monkeypatch)
    assert code == 1
    check_golden("run_forms.txt", out)


def test_json_output_golden(capsys, monkeypatch):
    code, out, _ = run(["--format", "json", "."], RUN_FORMS, capsys, monkeypatch)
    assert code == 1
    doc = json.loads(out)
    assert doc["version"] == __version__
    assert doc["errors"] == []
    doc["version"] = "VERSION"
    check_golden("run_forms.json", json.dumps(doc, indent=2) + "\n")


def test_clean_project_exits_0(tmp_path, capsys, monkeypatch):
    (tmp_path / "app.py").write_text("from flask import Flask\napp = Flask(__name__)\napp.run(debug=False)\n")
    code, out, _ = run([str(tmp_path)], tmp_path, capsys, monkeypatch)
    assert code == 0
    assert out == "No problems found in 1 file.\n"


def test_select_and_ignore(capsys, monkeypatch):
    code, out, _ = run(["--format", "json", "--ignore", "FL101", "."], RUN_FORMS, capsys, monkeypatch)
    assert code == 0 and json.loads(out)["findings"] == []
    code, out, _ = run(["--format", "json", "--select", "FL1", "--ignore", "debug-run", "."], RUN_FORMS, capsys, monkeypatch)
    assert code == 0
    code, out, _ = run(["--format", "json", "--select", "FL0", "."], RUN_FORMS, capsys, monkeypatch)
    assert code == 0


def test_unknown_rule_is_a_usage_error(capsys, monkeypatch):
    code, _, err = run(["--select", "FL999", "."], RUN_FORMS, capsys, monkeypatch)
    assert code == 2
    assert "unknown rule or prefix: 'FL999'" in err


def test_bad_option_is_a_usage_error(capsys, monkeypatch):
    code, _, err = run(["--format", "xml", "."], RUN_FORMS, capsys, monkeypatch)
    assert code == 2 and "invalid choice" in err and "Traceback" not in err


def test_missing_path_is_a_usage_error(tmp_path, capsys, monkeypatch):
    code, out, err = run(["--format", "json", "nope"], tmp_path, capsys, monkeypatch)
    assert code == 2 and out == "" and err == "flasklint: error: nope: no such file or directory\n"


def test_paths_are_relative_to_the_working_directory(capsys, monkeypatch):
    code, out, _ = run(["--format", "json", "debug/run_forms"], FIXTURES, capsys, monkeypatch)
    paths = {f["path"] for f in json.loads(out)["findings"]}
    assert paths == {"debug/run_forms/svc/app.py"}


def test_rule_docs_and_list(capsys, monkeypatch):
    code, out, _ = run(["rule", "FL101"], FIXTURES, capsys, monkeypatch)
    assert code == 0
    for heading in ("# FL101 `debug-run`", "## What it does", "## Why is this bad?", "## Example", "## Use instead"):
        assert heading in out
    code, out, _ = run(["rules"], FIXTURES, capsys, monkeypatch)
    assert code == 0 and out.startswith("FL001  syntax-error")
    code, _, err = run(["rule", "FL999"], FIXTURES, capsys, monkeypatch)
    assert code == 2


def test_version(capsys, monkeypatch):
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"flasklint {__version__}"


def test_python_dash_m_entry_point(tmp_path):
    (tmp_path / "app.py").write_text("import flask\napp = flask.Flask(__name__)\napp.run(debug=True)\n")
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).parent.parent))
    proc = subprocess.run([sys.executable, "-m", "flasklint", "--format", "json", "."], cwd=tmp_path, capture_output=True, text=True, env=env)
    assert proc.returncode == 1, proc.stderr
    assert [f["rule"] for f in json.loads(proc.stdout)["findings"]] == ["FL101"]


def test_routes_command(capsys, monkeypatch):
    code, out, _ = run(["routes", "."], FIXTURES / "model" / "factory_two_modules", capsys, monkeypatch)
    assert code == 0
    check_golden("routes_factory.txt", out)


EXAMPLES = Path(__file__).parent.parent / "examples"


def test_routes_command_on_examples(capsys, monkeypatch):
    code, out, _ = run(["routes", "."], EXAMPLES, capsys, monkeypatch)
    assert code == 0
    check_golden("routes_examples.txt", out)
    code, out, _ = run(["routes", "--format", "json", "."], EXAMPLES, capsys, monkeypatch)
    assert code == 0
    rows = json.loads(out)
    assert rows[0]["endpoint"] == "static" and rows[0]["rule"] == "/static/<path:filename>"
    check_golden("routes_examples.json", out)


def test_route_findings_golden(capsys, monkeypatch):
    code, out, _ = run(["--color", "never", "--select", "FL2", "."], FIXTURES / "routes" / "blueprint_prefixes", capsys, monkeypatch)
    assert code == 1
    check_golden("routes_blueprint_prefixes.txt", out)


def test_debug_run_and_loaded_debug_config_module_both_reported(tmp_path, capsys, monkeypatch):
    """Issue 2's acceptance: app.run(debug=True) plus a DEBUG = True module
    loaded by from_object -> exit 1, both findings in JSON."""
    svc = tmp_path / "svc"
    svc.mkdir()
    (svc / "__init__.py").write_text("")
    (svc / "settings.py").write_text("DEBUG = True\n")
    (svc / "app.py").write_text(
        'from flask import Flask\n\napp = Flask(__name__)\napp.config.from_object("svc.settings")\n\n'
        'if __name__ == "__main__":\n    app.run(debug=True)\n'
    )
    code, out, _ = run(["--format", "json", "."], tmp_path, capsys, monkeypatch)
    assert code == 1
    got = [(f["rule"], f["path"], f["line"]) for f in json.loads(out)["findings"]]
    assert got == [("FL101", "svc/app.py", 7), ("FL102", "svc/settings.py", 1)]


def test_installing_never_requires_flask():
    """flasklint must never upgrade an application's Flask: its run-time
    requirements are astroid, a wide Werkzeug range, pathspec (.gitignore
    patterns), packaging (requirement pins) and python-dotenv (.flaskenv, as
    Flask reads it); Bandit is an extra."""
    import ast
    from pathlib import Path

    setup = ast.parse((Path(__file__).resolve().parent.parent / "setup.py").read_text())
    call = next(n for n in ast.walk(setup) if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "setup")
    kw = {k.arg: k.value for k in call.keywords}
    runtime = [ast.literal_eval(e) for e in kw["install_requires"].elts]
    names = {r.split(";")[0].split(">")[0].split("=")[0].split("<")[0].strip().lower() for r in runtime}
    assert names == {"astroid", "werkzeug", "pathspec", "packaging", "python-dotenv", "tomli"}
    assert "werkzeug>=2.2" in runtime
    assert "bandit" in ast.literal_eval(kw["extras_require"])["bandit"][0]


def test_a_lone_path_named_like_a_subcommand_is_linted(tmp_path, capsys, monkeypatch):
    (tmp_path / "routes").mkdir()
    (tmp_path / "routes" / "app.py").write_text("from flask import Flask\n\napp = Flask(__name__)\napp.run(debug=True)\n")
    code, out, _ = run(["routes"], tmp_path, capsys, monkeypatch)
    assert code == 1 and "FL101" in out
    code, out, _ = run(["routes", "routes"], tmp_path, capsys, monkeypatch)
    assert code == 0 and "/static/<path:filename>" in out  # (with a path after it: the subcommand)


def test_help_lists_every_subcommand(capsys, monkeypatch, tmp_path):
    import pytest

    from flasklint.cli import main

    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert all(f"flasklint {cmd}" in out for cmd in ("routes", "rules", "rule"))


def test_configuration_is_found_from_the_linted_path(tmp_path, capsys, monkeypatch):
    """`flasklint proj/` run from outside the project uses proj's settings."""
    proj = tmp_path / "proj"
    proj.mkdir()
    (proj / "app.py").write_text("from flask import Flask\n\napp = Flask(__name__)\napp.run(debug=True)\n")
    (proj / "pyproject.toml").write_text('[tool.flasklint]\nignore = ["FL101"]\n')
    code, out, _ = run(["--no-cache", "proj"], tmp_path, capsys, monkeypatch)
    assert code == 0 and "FL101" not in out
    code, out, _ = run(["--no-cache", "--no-config", "proj"], tmp_path, capsys, monkeypatch)
    assert code == 1 and "FL101" in out
