"""``flasklint routes --format mermaid|dot``: the URL map as a picture.
Goldens from a fixture project, and rule strings that try to break out of
their labels."""

import json
import re
import shutil
import subprocess

import pytest

from flasklint.report import routes_graph
from flasklint.report.text import escape
from tests.harness import FIXTURES, run_cli
from tests.test_cli import check_golden

NESTED = FIXTURES / "routes" / "nested_blueprints"

HOSTILE_APP = '''from flask import Blueprint, Flask

app = Flask(__name__)
bp = Blueprint('b"]; x', __name__, url_prefix='/p"q')


@bp.route('/x"] --> pwn["\\n}; digraph { a -> b \\\\N %% <br> #quot; `md` ]]>')
def view():
    return ""


@app.route("/plain\\r\\n\\x1b[2J")
def plain():
    return ""


app.register_blueprint(bp)
'''
HOSTILE_RULE = '/p"q/x"] --> pwn["\n}; digraph { a -> b \\N %% <br> #quot; `md` ]]>'

ID = r"(?:app\d+(?:_bp\d+)?|r\d+)"
MERMAID_LABEL = r'(?:[A-Za-z0-9 /_.:,=+*?!@$^~\'()\[\]{}-]|#\d+;|<br>)*'
MERMAID_LINE = re.compile(rf'    {ID}(?:\["{MERMAID_LABEL}"\]|\(\["{MERMAID_LABEL}"\]\))|    {ID} --> {ID}')
DOT_LABEL = r'(?:[^"\\\n]|\\.)*'
DOT_LINE = re.compile(rf'    "{ID}" \[label="{DOT_LABEL}"(?:, style=\w+)?\];|    "{ID}" -> "{ID}";')
DOT_HEADER = ["digraph routes {", "    rankdir=LR;", '    node [shape=box, fontname="Helvetica"];']


def routes(fmt, cwd, capsys, monkeypatch):
    code, out, err = run_cli(["routes", "--format", fmt, "."], cwd, capsys, monkeypatch)
    assert code == 0 and err == "", err
    return out


def check_mermaid_syntax(text: str) -> None:
    """Every line is a node with a quoted, entity-escaped label or an edge
    between generated ids: nothing from the project can start a statement."""
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    for line in lines[1:]:
        assert MERMAID_LINE.fullmatch(line), line


def check_dot_syntax(text: str) -> None:
    lines = text.splitlines()
    assert lines[:3] == DOT_HEADER and lines[-1] == "}"
    for line in lines[3:-1]:
        assert DOT_LINE.fullmatch(line), line


def dot_labels(text: str) -> dict:
    """Node id -> label lines, DOT's escapes undone."""
    out = {}
    for m in re.finditer(rf'^    "({ID})" \[label="({DOT_LABEL})"', text, re.M):
        parts = re.split(r"\\(.)", m.group(2))
        label = "".join(p if i % 2 == 0 else ("\n" if p == "n" else p) for i, p in enumerate(parts))
        out[m.group(1)] = label.split("\n")
    return out


def mermaid_labels(text: str) -> dict:
    out = {}
    for m in re.finditer(rf'^    ({ID})\(?\["(.*?)"\]\)?$', text, re.M):
        label = re.sub(r"#(\d+);", lambda e: chr(int(e.group(1))), m.group(2).replace("<br>", "\0"))
        out[m.group(1)] = label.split("\0")
    return out


def test_mermaid_golden(capsys, monkeypatch):
    out = routes("mermaid", NESTED, capsys, monkeypatch)
    check_golden("routes_nested.mermaid", out)
    check_mermaid_syntax(out)


def test_dot_golden(capsys, monkeypatch):
    out = routes("dot", NESTED, capsys, monkeypatch)
    check_golden("routes_nested.dot", out)
    check_dot_syntax(out)


@pytest.mark.parametrize("fmt", ["mermaid", "dot"])
def test_the_graph_is_app_blueprint_rule(fmt, capsys, monkeypatch):
    out = routes(fmt, NESTED, capsys, monkeypatch)
    arrow = " --> " if fmt == "mermaid" else " -> "
    edges = {tuple(p.strip(' ";') for p in line.split(arrow)) for line in out.splitlines() if arrow in line}
    labels = mermaid_labels(out) if fmt == "mermaid" else dot_labels(out)
    named = {node: lines[0] for node, lines in labels.items()}
    # app -> api -> v1 -> users -> the users rules; app-level rules hang off the app
    chain = ["app", "blueprint api", "blueprint v1", "blueprint users"]
    ids = [next(n for n, label in named.items() if label == want) for want in chain]
    assert {(ids[i], ids[i + 1]) for i in range(3)} <= edges
    users = {named[b] for a, b in edges if a == ids[3]}
    assert users == {"GET /api/v1/users/", "GET /api/v1/users/<int:user_id>", "GET /api/v1/users/<int:id>"}
    at_app = {named[b] for a, b in edges if a == ids[0]}
    assert "GET /api/v1/users/<int:user_id>/avatar" in at_app and "GET /static/<path:filename>" in at_app
    # every rule of the JSON listing is drawn once
    rows = json.loads(routes("json", NESTED, capsys, monkeypatch))
    drawn = sorted(lines[1] for node, lines in labels.items() if node.startswith("r"))
    assert drawn == sorted(f"{r['endpoint']} ({r['location']})" for r in rows)


def test_json_keeps_its_documented_shape(capsys, monkeypatch):
    rows = json.loads(routes("json", NESTED, capsys, monkeypatch))
    assert all(set(r) == {"app", "app_location", "endpoint", "methods", "rule", "location"} for r in rows)


@pytest.mark.parametrize("fmt", ["mermaid", "dot"])
def test_hostile_rule_strings_stay_inside_their_labels(fmt, tmp_path, capsys, monkeypatch):
    (tmp_path / "app.py").write_text(HOSTILE_APP)
    out = routes(fmt, tmp_path, capsys, monkeypatch)
    (check_mermaid_syntax if fmt == "mermaid" else check_dot_syntax)(out)
    assert "\x1b" not in out and "\r" not in out
    labels = mermaid_labels(out) if fmt == "mermaid" else dot_labels(out)
    firsts = [lines[0] for lines in labels.values()]
    assert f"GET {escape(HOSTILE_RULE)}" in firsts  # (the rule, whole, in one label)
    assert "GET /plain\\x0d\\x0a\\x1b[2J" in firsts
    assert 'blueprint b"]; x' in firsts


@pytest.mark.parametrize("render,check", [(routes_graph.mermaid, check_mermaid_syntax), (routes_graph.dot, check_dot_syntax)])
def test_every_field_is_escaped(render, check):
    evil = 'a"b\\c\nd\re\x00f]g[h}i{j;k%l#m<n>o`p|q\u202er\ud800s'
    row = {"app": evil, "app_location": evil, "blueprints": [evil, "?"], "methods": [evil],
           "rule": evil, "endpoint": evil, "location": evil}
    out = render([(evil, evil)], [row])
    check(out)
    out.encode("utf-8")
    assert out.count("\n") == len(out.splitlines())  # (no line break but the statements')


def test_unknown_format_is_a_usage_error(capsys, monkeypatch):
    code, _, err = run_cli(["routes", "--format", "svg", "."], NESTED, capsys, monkeypatch)
    assert code == 2 and "invalid choice" in err


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz (dot) is not installed")
def test_graphviz_reads_the_graph_as_drawn(tmp_path, capsys, monkeypatch):
    (tmp_path / "hostile").mkdir()
    (tmp_path / "hostile" / "app.py").write_text(HOSTILE_APP)
    for project in (NESTED, tmp_path / "hostile"):
        out = routes("dot", project, capsys, monkeypatch)
        plain = subprocess.run(["dot", "-Tplain"], input=out.encode("utf-8"), capture_output=True, check=True).stdout.decode()
        nodes = {line.split()[1] for line in plain.splitlines() if line.startswith("node ")}
        edges = {tuple(line.split()[1:3]) for line in plain.splitlines() if line.startswith("edge ")}
        assert nodes == set(dot_labels(out))  # (no node smuggled in by a label)
        assert edges == {tuple(p.strip(' ";') for p in line.split(" -> ")) for line in out.splitlines() if " -> " in line and "[" not in line}
