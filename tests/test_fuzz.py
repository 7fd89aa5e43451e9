"""Property tests: whatever the input, flasklint never raises and never
reports an internal error.

Three sources of input: programs generated from Python's grammar by
hypothesmith (valid syntax, odd semantics), Flask-shaped programs (the API
surface the model reads, with arbitrary expressions in every slot), and
mutations of the fixture projects (truncated at a random point, random bytes flipped, lines deleted),
which give broken files inside otherwise realistic Flask projects.

CI runs a bounded number of examples (about 20 s in all).  For a longer local
run, raise it::

    FLASKLINT_FUZZ_EXAMPLES=2000 python -m pytest tests/test_fuzz.py -q

A failure prints the example (and hypothesis' reproduction seed).
"""

import os
import shutil
import tempfile
from pathlib import Path

import pytest

hypothesis = pytest.importorskip("hypothesis")
hypothesmith = pytest.importorskip("hypothesmith")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from flasklint.linter import lint  # noqa: E402
from flasklint.report import json_report, text  # noqa: E402
from tests.harness import FIXTURES, cases  # noqa: E402

EXAMPLES = int(os.environ.get("FLASKLINT_FUZZ_EXAMPLES", "0")) or None
FUZZ = settings(
    max_examples=EXAMPLES or 15,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)

# Prepended to generated programs so that flasklint builds and queries the
# full model for them (files that do not mention Flask are only
# syntax-checked).
PRELUDE = "from flask import Flask, Blueprint, session\napp = Flask(__name__)\n"


def check(project: Path):
    """Lint ``project`` and render it: nothing may raise, no internal error."""
    old = os.getcwd()
    os.chdir(project)
    try:
        result = lint(["."])
        text.render(result, color=True)
        json_report.render(result)
    finally:
        os.chdir(old)
    assert result.errors == [], result.errors
    return result


@FUZZ
@given(hypothesmith.from_grammar())
def test_generated_programs(source):
    with tempfile.TemporaryDirectory() as d:
        Path(d, "app.py").write_text(PRELUDE + source, encoding="utf-8")
        Path(d, "views.py").write_text("from app import *\n" + source, encoding="utf-8")
        check(Path(d))


@FUZZ
@given(hypothesmith.from_node())
def test_generated_syntax_trees(source):
    with tempfile.TemporaryDirectory() as d:
        Path(d, "app.py").write_text(PRELUDE + source, encoding="utf-8")
        check(Path(d))


def call_names(source: str) -> set:
    import ast

    out = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            f = node.func
            if isinstance(f, ast.Name):
                out.add(f.id)
            elif isinstance(f, ast.Attribute):
                out.add(f.attr)
    return out


@FUZZ
@given(hypothesmith.from_node())
def test_call_probe_never_misses_a_call(source):
    """``holds("f(", data)`` may say yes where no call of ``f`` is, never no
    where one is: call-site scans skip the files it says no for."""
    from flasklint.source.textscan import holds

    try:
        names = call_names(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return
    data = source.encode("utf-8", "surrogatepass")
    assert [n for n in names if not holds(n + "(", data)] == []
    assert [n for n in names if len(n) > 1 and not (holds("~" + n[1:] + "(", data) and holds("~" + n[:-1] + "(", data))] == []


# Flask-shaped programs: statements from the API surface the model reads,
# with arbitrary expressions in every slot, across two modules that import
# each other -- exercises the resolver and the model builder far more than
# random grammar does.
_NAMES = st.sampled_from(["app", "bp", "cfg", "x", "settings", "create_app", "Config", "views", "session", "os", "self", "f"])
_LEAF = st.one_of(
    _NAMES,
    st.sampled_from(["True", "False", "None", "0", "1", "'/'", "'/<int:id>'", "'dev'", "__name__", "'DEBUG'", "...", "b'k'"]),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=8).map(repr),
)


def _expr(children):
    return st.one_of(
        st.tuples(children, st.sampled_from(["config", "debug", "route", "get", "environ", "DEBUG", "run"])).map(lambda t: f"({t[0]}).{t[1]}"),
        st.tuples(children, children).map(lambda t: f"{t[0]}[{t[1]}]"),
        st.tuples(children, st.lists(children, max_size=3)).map(lambda t: f"{t[0]}({', '.join(t[1])})"),
        st.tuples(children, children).map(lambda t: f"{t[0]}(debug={t[1]})"),
        st.tuples(children, st.sampled_from(["+", "or", "and", "|", "*"]), children).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(children, children, children).map(lambda t: f"({t[0]} if {t[1]} else {t[2]})"),
        st.lists(children, max_size=3).map(lambda xs: f"[{', '.join(xs)}]"),
        st.lists(st.tuples(children, children), max_size=3).map(lambda kv: "{" + ", ".join(f"{k}: {v}" for k, v in kv) + "}"),
        children.map(lambda e: f"[*{e}]"),
        children.map(lambda e: f"{{**{e}}}"),
        children.map(lambda e: f"os.environ.get('K', {e})"),
    )


_EXPR = st.recursive(_LEAF, _expr, max_leaves=12)
_STMT = st.one_of(
    st.tuples(_NAMES, _EXPR).map(lambda t: f"{t[0]} = {t[1]}"),
    st.tuples(_EXPR, _EXPR).map(lambda t: f"app.config[{t[0]}] = {t[1]}"),
    _EXPR.map(lambda e: f"app.config.update({e})"),
    _EXPR.map(lambda e: f"app.config.from_object({e})"),
    _EXPR.map(lambda e: f"app.config.from_pyfile({e})"),
    st.tuples(_EXPR, _EXPR).map(lambda t: f"bp = Blueprint({t[0]}, __name__, url_prefix={t[1]})"),
    st.tuples(_EXPR, _EXPR).map(lambda t: f"app.register_blueprint({t[0]}, url_prefix={t[1]})"),
    st.tuples(_EXPR, _EXPR).map(lambda t: f"@{t[0]}.route({t[1]})\ndef view(id=None):\n    return session.get('k')"),
    _EXPR.map(lambda e: f"@app.errorhandler({e})\ndef handler(e):\n    return 'x', 500"),
    st.tuples(_EXPR, _EXPR).map(lambda t: f"def f(a, b={t[0]}):\n    return {t[1]}"),
    _EXPR.map(lambda e: f"def create_app(config={e}):\n    app = Flask(__name__)\n    app.config.from_object(config)\n    return app"),
    st.tuples(_EXPR, _EXPR).map(lambda t: f"class Config({t[0]}):\n    DEBUG = {t[1]}\n    def m(self):\n        return self.DEBUG"),
    st.tuples(_NAMES, _EXPR).map(lambda t: f"for {t[0]} in {t[1]}:\n    app.register_blueprint({t[0]})"),
    _EXPR.map(lambda e: f"session[{e}] = {e}"),
    _EXPR.map(lambda e: f"app.run(host='0.0.0.0', debug={e})"),
    st.sampled_from(["from views import *", "import views", "from . import views", "from app import app, bp", "import os"]),
)
_MODULE = st.lists(_STMT, min_size=1, max_size=12).map(lambda stmts: "\n".join(stmts) + "\n")


@settings(parent=FUZZ, max_examples=EXAMPLES or 40)
@given(_MODULE, _MODULE)
def test_flask_shaped_programs(app_source, views_source):
    with tempfile.TemporaryDirectory() as d:
        Path(d, "app.py").write_text(PRELUDE + app_source, encoding="utf-8")
        Path(d, "views.py").write_text(PRELUDE + views_source, encoding="utf-8")
        Path(d, "settings.py").write_text("DEBUG = True\nSECRET_KEY = 'dev'\n", encoding="utf-8")
        check(Path(d))


def _fixture_files():
    out = []
    for case in cases():
        for p in sorted(case.rglob("*")):
            if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".so":
                out.append((case, p.relative_to(case)))
    return out


FIXTURE_FILES = _fixture_files()


def _mutate(data: bytes, kind: str, draw) -> bytes:
    if not data:
        return data
    if kind == "truncate":
        return data[: draw(st.integers(0, len(data)))]
    if kind == "flip":
        buf = bytearray(data)
        for _ in range(draw(st.integers(1, 8))):
            i = draw(st.integers(0, len(buf) - 1))
            buf[i] = draw(st.integers(0, 255))
        return bytes(buf)
    lines = data.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, max(1, len(lines) // 3)))):
        if not lines:
            break
        del lines[draw(st.integers(0, len(lines) - 1))]
    return b"".join(lines)


@settings(parent=FUZZ, max_examples=EXAMPLES or 40)
@given(st.data())
def test_mutated_fixtures(data):
    case, rel = data.draw(st.sampled_from(FIXTURE_FILES), label="file")
    kind = data.draw(st.sampled_from(["truncate", "flip", "delete-lines"]), label="mutation")
    with tempfile.TemporaryDirectory() as d:
        project = Path(d) / case.name
        shutil.copytree(case, project, ignore=shutil.ignore_patterns("__pycache__", "SENTINEL*"))
        target = project / rel
        target.write_bytes(_mutate(target.read_bytes(), kind, data.draw))
        check(project)


def test_fixture_files_are_found():
    assert len(FIXTURE_FILES) > 20
    assert any(rel.name == ".flaskenv" for _, rel in FIXTURE_FILES)
    assert FIXTURES.is_dir()
