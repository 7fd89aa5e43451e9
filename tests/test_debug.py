"""FL1xx beyond the fixture markers: full messages (golden), severity and
confidence decisions, and the model helpers the rules read (requirements,
environment writes, SocketIO runs, config loads chosen by tests)."""

import textwrap

import pytest

from flasklint.linter import build, lint
from flasklint.model.requirements import parse_requirement
from tests.harness import FIXTURES
from tests.test_cli import check_golden, run

DEBUG = FIXTURES / "debug"


def _findings(monkeypatch, case, rule=None):
    monkeypatch.chdir(DEBUG / case)
    found = lint(["."]).findings
    return {(f.path, f.line): f for f in found if rule is None or f.rule == rule}


def test_mixed_project_messages_golden(capsys, monkeypatch):
    code, out, _ = run(["--color", "never", "--select", "FL1", "."], DEBUG / "mixed_project", capsys, monkeypatch)
    assert code == 1
    check_golden("debug_mixed.txt", out)


def test_config_chosen_at_run_time_is_medium(monkeypatch):
    found = _findings(monkeypatch, "chosen_at_runtime", "FL102")
    (f,) = found.values()
    assert (f.path, f.severity, f.confidence) == ("orders/config.py", "MEDIUM", "HIGH")
    assert "StagingConfig, loaded by create_app() via from_object" in f.message
    assert "chooses at run time" in f.message


def test_inherited_debug_names_the_loaded_class(monkeypatch):
    (f,) = _findings(monkeypatch, "factory_dotted", "FL102").values()
    assert f.severity == "HIGH"
    assert f.message.startswith(
        "debug mode turned on by configuration: DEBUG = True in BaseConfig (inherited by ProductionConfig), "
        "loaded by create_app() via from_object"
    )
    assert [(r.location.path, r.location.line) for r in f.related] == [("shop/__init__.py", 8)]


def test_a_config_only_tests_pass_does_not_make_the_load_uncertain(monkeypatch):
    found = _findings(monkeypatch, "mixed_project", "FL102")
    f = found[("inventory/config.py", 10)]
    assert f.severity == "HIGH" and "chooses at run time" not in f.message


def test_flask_env_severity_follows_the_pinned_flask(monkeypatch):
    old = _findings(monkeypatch, "env_files_old_flask", "FL103")
    assert old[(".flaskenv", 3)].severity == "HIGH"
    assert "Flask==2.2.5" in old[(".flaskenv", 3)].message
    assert [(r.location.path, r.location.line) for r in old[(".flaskenv", 3)].related] == [("requirements.txt", 2)]
    assert old[(".env", 2)].severity == "MEDIUM"
    new = _findings(monkeypatch, "env_files_new_flask", "FL103")
    assert new[(".flaskenv", 3)].severity == "LOW"
    assert "dead configuration" in new[(".flaskenv", 3)].message


def test_environment_defaults_are_medium_confidence(monkeypatch):
    found = _findings(monkeypatch, "code_writes", "FL102")
    assert found[("blog/app.py", 10)].confidence == "MEDIUM"  # os.environ.setdefault
    assert found[("blog/app.py", 9)].confidence == "HIGH"
    f = found[("blog/app.py", 24)]
    assert f.confidence == "MEDIUM"
    assert "true unless BLOG_DEBUG is set to an empty string" in f.message


def test_run_under_an_unrelated_condition_is_medium_confidence(tmp_path, monkeypatch):
    (tmp_path / "app.py").write_text(
        textwrap.dedent(
            """
            import sys
            from flask import Flask

            app = Flask(__name__)
            if len(sys.argv) > 2:
                app.run(debug=True)
            """
        )
    )
    monkeypatch.chdir(tmp_path)
    (f,) = lint(["."]).findings
    assert (f.rule, f.confidence) == ("FL101", "MEDIUM")


def test_empty_host_is_local_for_app_run_but_public_for_run_simple(tmp_path, monkeypatch):
    (tmp_path / "app.py").write_text(
        textwrap.dedent(
            """
            from flask import Flask
            from werkzeug.serving import run_simple

            app = Flask(__name__)
            app.run(host="", debug=True)
            run_simple("", 5000, app, use_debugger=True)
            """
        )
    )
    monkeypatch.chdir(tmp_path)
    by_rule = {f.rule: f.message for f in lint(["."]).findings}
    assert "reachable from the network" not in by_rule["FL101"]
    assert "listens on ''" in by_rule["FL104"]


# -- model helpers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, below_2_3",
    [
        ("flask==2.2.5", True),
        ("Flask>=1.0,<2.3", True),
        ("flask~=2.2.0", True),
        ("flask==2.2.*", True),
        ("flask<2.3.0rc1", True),
        ("flask~=2.2", False),
        ("flask>=2.0", False),
        ("flask", False),
        ("flask<=2.3", False),
        ("Flask[async]==3.0.0 ; python_version >= '3.8'", False),
    ],
)
def test_requirement_upper_bounds(text, below_2_3):
    assert parse_requirement(text).allows_only_below("2.3") is below_2_3


def test_requirements_from_every_packaging_file(tmp_path, monkeypatch):
    (tmp_path / "app.py").write_text("from flask import Flask\napp = Flask(__name__)\n")
    (tmp_path / "requirements-dev.txt").write_text("-r requirements.txt\npytest\n")
    (tmp_path / "setup.py").write_text("from setuptools import setup\nsetup(name='x', install_requires=['Flask<2.3', 'click'])\n")
    (tmp_path / "setup.cfg").write_text("[options]\ninstall_requires =\n    itsdangerous>=2\n    werkzeug==2.2.3\n")
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\ndependencies = ["jinja2>=3"]\n\n[tool.poetry.dependencies]\npython = "^3.9"\nflask = "~2.2"\n'
    )
    monkeypatch.chdir(tmp_path)
    _, model = build(["."])
    names = sorted(r.name for r in model.requirements)
    assert names == ["click", "flask", "flask", "itsdangerous", "jinja2", "pytest", "python", "werkzeug"]
    flask = model.requirement("Flask")
    assert [(r.path.rsplit("/", 1)[-1], r.allows_only_below("2.3")) for r in flask] == [("setup.py", True), ("pyproject.toml", True)]
    assert [r.line for r in model.requirement("werkzeug")] == [4]


def test_environment_writes_in_code(tmp_path, monkeypatch):
    (tmp_path / "app.py").write_text(
        textwrap.dedent(
            """
            import os
            from flask import Flask

            os.environ["FLASK_DEBUG"] = "1"
            os.environ.setdefault("FLASK_ENV", "development")
            os.environ.update({"FLASK_RUN_PORT": "8000"}, FLASK_DEBUG="0")
            os.putenv("FLASK_DEBUG", "true")
            app = Flask(__name__)
            """
        )
    )
    monkeypatch.chdir(tmp_path)
    _, model = build(["."])
    got = [(e.key, e.value.value, e.via, e.location.line) for e in model.env_writes]
    assert got == [
        ("FLASK_DEBUG", "1", "setitem", 5),
        ("FLASK_ENV", "development", "setdefault", 6),
        ("FLASK_RUN_PORT", "8000", "update", 7),
        ("FLASK_DEBUG", "0", "update", 7),
        ("FLASK_DEBUG", "true", "putenv", 8),
    ]


def test_socketio_run_knows_the_app_given_to_the_constructor(monkeypatch):
    monkeypatch.chdir(DEBUG / "socketio_run")
    _, model = build(["."])
    runs = {r.location.path: r for r in model.runs if r.kind == "socketio.run"}
    assert runs["standalone.py"].app.label == "app"
    assert runs["run.py"].app.label == "create_app()"


def test_paths_built_from_file_resolve_inside_the_project(monkeypatch):
    monkeypatch.chdir(DEBUG / "mixed_project")
    _, model = build(["."])
    ini = [l for l in model.loads if l.method == "ini"]
    assert [l.targets for l in ini] == [["inventory/deploy.ini [inventory]"]]
    (obj,) = [l for l in model.loads if l.method == "from_object"]
    assert not obj.certain and obj.certain_outside_tests


def test_quart_debug_mode_is_a_traceback_page_not_a_console(monkeypatch):
    (f,) = _findings(monkeypatch, "quart_run", "FL101").values()
    assert f.severity == "MEDIUM"
    assert "Quart's debug page shows every unhandled error's traceback" in f.message
    assert "execute code" not in f.message


def test_findings_in_test_code_are_low_and_say_so(tmp_path, monkeypatch):
    """One policy for test code: LOW and said, whatever the rule (FL0xx
    diagnostics about files aside)."""
    from flasklint.linter import lint

    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_app.py").write_text(
        "from flask import Flask\n\napp = Flask(__name__)\n\nif __name__ == '__main__':\n    app.run(debug=True)\n"
    )
    (tmp_path / "tests" / "test_broken.py").write_text("def broken(:\n")
    (tmp_path / "app.py").write_text("from flask import Flask\n\napp = Flask(__name__)\napp.run(debug=True)\n")
    monkeypatch.chdir(tmp_path)
    found = {(f.path, f.rule): f for f in lint(["."]).findings}
    test_run = found[("tests/test_app.py", "FL101")]
    assert test_run.severity == "LOW" and test_run.message.endswith("(in test code)")
    assert found[("app.py", "FL101")].severity == "HIGH"
    assert found[("tests/test_broken.py", "FL001")].severity != "LOW"


def test_the_default_among_chosen_configs_is_reported(monkeypatch):
    """Of several configs chosen at run time, the development one loaded
    when the deployment sets no variable is what runs by default: FL102
    reports it and its FL401 stays HIGH; a development config chosen by
    some other switch is skipped by FL102 and LOW for FL401."""
    from flasklint.linter import lint

    monkeypatch.chdir(FIXTURES / "debug" / "default_choice")
    found = {(f.path, f.line, f.rule): f for f in lint(["."]).findings}
    debug = found[("shop/config.py", 10, "FL102")]
    assert debug.severity == "MEDIUM" and "loads when SHOP_ENV is not set" in debug.message
    key = found[("shop/config.py", 11, "FL401")]
    assert key.severity == "HIGH" and "the one loaded when SHOP_ENV is not set" in key.message
    assert found[("tracker/__init__.py", 14, "FL401")].severity == "LOW"
    # a base class's key inherited by the production config too: HIGH
    assert found[("billing/__init__.py", 7, "FL401")].severity == "HIGH"
    assert "BILLING_CONFIG is not set" in found[("billing/__init__.py", 11, "FL102")].message
