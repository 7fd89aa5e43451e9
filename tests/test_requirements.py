"""The project's declared dependencies (flasklint.model.requirements), parsed
with :mod:`packaging` as pip reads them: PEP 508 lines, pip's per-line
options, Poetry constraints and lock files."""

import json
import textwrap

import pytest

from flasklint.linter import build
from flasklint.model.requirements import parse_requirement


@pytest.mark.parametrize(
    "text, name, below_2_3, at_least_2_2",
    [
        ("flask==2.2.5 --hash=sha256:0123abcd", "flask", True, True),  # pip's hash-checking mode
        ("Flask_Login>=0.6 # comment", "flask-login", False, False),
        ("flask>=2.2,<2.3 \\", "flask", True, True),  # a continued line
        ("flask===2.2.5", "flask", True, True),
        ("flask>2.2", "flask", False, True),
        ("flask>=2.2rc1", "flask", False, False),  # 2.2rc1 comes before 2.2
        ("flask<2.3.dev0", "flask", True, False),
        ("flask>=2.0,!=2.3.*,<3", "flask", False, False),
        ("flask @ https://example.com/flask-2.2.5.whl", "flask", False, False),  # versions unknown
        ("flask >= 2.x", "flask", False, False),  # not PEP 440: declared, versions unknown
    ],
)
def test_pep508_lines(text, name, below_2_3, at_least_2_2):
    req = parse_requirement(text)
    assert req.name == name
    assert req.allows_only_below("2.3") is below_2_3
    assert req.requires_at_least("2.2") is at_least_2_2


@pytest.mark.parametrize("text", ["", "# flask==2.2", "-r base.txt", "-e .", "--index-url https://x", "./vendor/pkg", "git+https://x/y#egg=flask"])
def test_lines_that_are_not_requirements(text):
    assert parse_requirement(text) is None


def _model(tmp_path, monkeypatch, files):
    (tmp_path / "app.py").write_text("from flask import Flask\napp = Flask(__name__)\n")
    for name, text in files.items():
        (tmp_path / name).write_text(textwrap.dedent(text))
    monkeypatch.chdir(tmp_path)
    return build(["."])[1]


def test_poetry_constraints(tmp_path, monkeypatch):
    model = _model(
        tmp_path,
        monkeypatch,
        {
            "pyproject.toml": """
                [tool.poetry.dependencies]
                flask = ">=2.0 <2.3"
                werkzeug = "^2.2"
                jinja2 = "3.1.2"
                click = "8.0 || 8.1"
                itsdangerous = "*"
            """
        },
    )
    got = {r.name: (r.allows_only_below("2.3"), r.allows_only_below("3")) for r in model.requirements}
    assert got == {
        "flask": (True, True),
        "werkzeug": (False, True),
        "jinja2": (False, False),
        "click": (False, False),  # (a union: unknown)
        "itsdangerous": (False, False),
    }


def test_lock_files_pin_exact_versions(tmp_path, monkeypatch):
    model = _model(
        tmp_path,
        monkeypatch,
        {
            "requirements.txt": "flask\n",
            "Pipfile.lock": json.dumps({"default": {"flask": {"version": "==2.2.5"}}}),
            "poetry.lock": '[[package]]\nname = "Flask"\nversion = "3.0.0"\n',
        },
    )
    got = [(r.path.rsplit("/", 1)[-1], r.locked, r.allows_only_below("2.3")) for r in model.requirement("flask")]
    assert got == [("requirements.txt", False, False), ("Pipfile.lock", True, True), ("poetry.lock", True, False)]
