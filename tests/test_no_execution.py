"""flasklint never imports or runs the code it lints."""

import shutil
import sys

from flasklint.linter import lint
from tests.harness import FIXTURES

CASE = FIXTURES / "core" / "no_execution"


def test_linting_runs_no_project_code(tmp_path, monkeypatch):
    project = tmp_path / "project"
    shutil.copytree(CASE, project)
    before = set(sys.modules)
    imported = []
    real_import = __import__

    def spy(name, *args, **kwargs):
        if name.split(".")[0] in ("pkg", "fastext", "conftest", "setup"):
            imported.append(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr("builtins.__import__", spy)
    monkeypatch.chdir(project)
    result = lint(["."])
    monkeypatch.undo()

    # the findings are reported...
    assert [(f.path, f.line, f.rule) for f in result.findings] == [("pkg/app.py", 15, "FL101")]
    # ...the configuration was read (statically)...
    (app,) = result.model.apps
    assert {w.key for w in app.config} == {"DEBUG", "SECRET_VALUE_LENGTH"}
    # ...and nothing ran: no sentinel, no import, no project module loaded.
    assert sorted(p.name for p in project.iterdir() if p.name.startswith("SENTINEL")) == []
    assert imported == []
    new = set(sys.modules) - before
    leaked = [m for m in new if str(project) in str(getattr(sys.modules[m], "__file__", "") or "")]
    assert leaked == []
