"""flasklint never imports or runs the code it lints.

Every kind of file flasklint reads carries a sentinel side effect in the
fixture tests/fixtures/core/no_execution: Python modules (imported, star
imported, loaded by ``from_object`` as a module or a dotted string), a
``from_pyfile`` target, a project-defined ``from_file`` loader, conftest.py,
setup.py, sitecustomize.py, a fake C extension -- and, for ``python -m
flasklint``, project modules shadowing names flasklint itself imports (json,
argparse, astroid); plus
``.flaskenv``, INI, JSON and TOML files that must be read as data only.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from flasklint.linter import lint
from tests.harness import FIXTURES

CASE = FIXTURES / "core" / "no_execution"
ROOT = Path(__file__).parent.parent
PROJECT_MODULES = ("pkg", "fastext", "conftest", "setup", "extconf", "sitecustomize", "usercustomize")


def sentinels(*dirs):
    return sorted(p.name for d in dirs for p in d.iterdir() if p.name.startswith("SENTINEL"))


def make_project(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(CASE, project)
    # A module installed elsewhere on sys.path that from_object("extconf.Settings") names.
    site = tmp_path / "site"
    site.mkdir()
    (site / "extconf.py").write_text(
        "import os\nopen(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'SENTINEL_extconf'), 'w').close()\n"
        "class Settings:\n    DEBUG = True\n"
    )
    # The file from_envvar("PKG_SETTINGS") would load.
    envfile = tmp_path / "envsettings.cfg"
    envfile.write_text("import os\nopen(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'SENTINEL_envvar'), 'w').close()\nDEBUG = True\n")
    return project, site, envfile


def test_linting_runs_no_project_code(tmp_path, monkeypatch):
    project, site, envfile = make_project(tmp_path)
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.setenv("PKG_SETTINGS", str(envfile))
    monkeypatch.delenv("FLASK_APP", raising=False)
    before = set(sys.modules)
    environ_before = dict(os.environ)
    imported = []
    real_import = __import__

    def spy(name, *args, **kwargs):
        if name.split(".")[0] in PROJECT_MODULES:
            imported.append(name)
        return real_import(name, *args, **kwargs)

    executed = []
    real_exec, real_eval = exec, eval

    def guard(real):
        def no_exec(source, *args, **kwargs):
            # importlib runs flasklint's own lazily imported modules with exec
            filename = getattr(source, "co_filename", None)
            if filename is None or str(tmp_path) in filename:
                executed.append(filename or source)
                raise AssertionError("exec/eval of project code")
            return real(source, *args, **kwargs)

        return no_exec

    monkeypatch.setattr("builtins.__import__", spy)
    monkeypatch.setattr("builtins.exec", guard(real_exec))
    monkeypatch.setattr("builtins.eval", guard(real_eval))
    monkeypatch.chdir(project)
    result = lint(["."])
    environ_after = dict(os.environ)
    monkeypatch.undo()

    # the findings are reported...
    assert result.errors == []
    assert [(f.path, f.line, f.rule) for f in result.findings] == [("pkg/app.py", 28, "FL101")]
    # ...the configuration was read, statically, from every kind of file...
    (app,) = result.model.apps
    assert sorted({(w.key, w.source) for w in app.config}) == [
        ("DEBUG", "object"),
        ("JSON_SETTING", "file"),
        ("SECRET_VALUE_LENGTH", "pyfile"),
        ("TOML_SETTING", "file"),
        ("ini_setting", "ini"),  # configparser lower-cases keys
    ]
    assert [(e.key, e.value) for e in result.model.env_entries] == [("FLASK_APP", "pkg.app")]
    # ...and nothing ran: no sentinel, no import, no exec, no project module
    # loaded, the environment untouched (.flaskenv is data, not loaded).
    assert sentinels(project, project / "pkg", site, tmp_path) == []
    assert imported == [] and executed == []
    new = set(sys.modules) - before
    leaked = [m for m in new if str(tmp_path) in str(getattr(sys.modules[m], "__file__", "") or "")]
    assert leaked == []
    assert "extconf" not in sys.modules and "fastext" not in sys.modules
    assert environ_after == environ_before


def test_python_dash_m_does_not_import_project_modules(tmp_path):
    """``python -m flasklint`` run from the project root: the project's
    json.py / argparse.py / astroid.py / sitecustomize.py must not shadow
    what flasklint imports."""
    project, site, envfile = make_project(tmp_path)
    # (names Python itself imports before flasklint starts -- importlib, runpy --
    # only -I keeps out: see tests/test_hostile.py)
    for name in ("json", "argparse", "astroid", "re", "typing", "tomllib"):
        (project / f"{name}.py").write_text(
            f"import os\nopen(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'SENTINEL_{name}'), 'w').close()\n"
        )
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), str(site)]), PKG_SETTINGS=str(envfile))
    proc = subprocess.run(
        [sys.executable, "-m", "flasklint", "--format", "json", "."], cwd=project, capture_output=True, text=True, env=env
    )
    assert proc.returncode == 1, proc.stderr
    assert '"rule": "FL101"' in proc.stdout
    assert sentinels(project, project / "pkg", site, tmp_path) == []
