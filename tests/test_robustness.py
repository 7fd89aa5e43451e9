"""Hostile and broken input: every problem gets a clear diagnostic, the rest
of the project is still linted, and nothing ever raises.

Cases that git cannot hold (symlinks, unreadable files, FIFOs, NUL bytes,
undecodable file names) are built in a temporary directory here; the
checked-in realistic cases are under tests/fixtures/robustness/.
"""

import json
import os
import sys

import pytest

from flasklint.linter import lint
from flasklint.report import json_report, text
from flasklint.resolve import limits as resolve_limits
from flasklint.source import files
from tests.harness import run_cli

PY = "Python %d.%d" % sys.version_info[:2]
DEBUG_APP = "from flask import Flask\n\napp = Flask(__name__)\napp.run(debug=True)\n"


def write(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def run(project, monkeypatch, paths=(".",)):
    monkeypatch.chdir(project)
    return lint(list(paths))


def found(result):
    return {(f.path, f.line, f.rule) for f in result.findings}


def messages(result, rule=None):
    return {f.path: f.message for f in result.findings if rule is None or f.rule == rule}


def cli(project, monkeypatch, capsys, *argv):
    code, out, err = run_cli(list(argv) + ["."], project, capsys, monkeypatch)
    assert "Traceback" not in out + err
    return code, out, err


# ---------------------------------------------------------------------------
# broken Python files


def test_broken_files_are_diagnosed_and_the_rest_is_linted(tmp_path, monkeypatch):
    write(tmp_path / "app.py", DEBUG_APP)
    write(tmp_path / "syntax.py", "def index(:\n    pass\n")
    write(tmp_path / "py2.py", 'print "hello"\n')
    write(tmp_path / "py2_except.py", "try:\n    pass\nexcept Exception, e:\n    pass\n")
    write(tmp_path / "nul.py", b"x = 1\x00\n")
    write(tmp_path / "cookie_wrong.py", b"# -*- coding: ascii -*-\nx = '\xc3\xa9'\n")
    write(tmp_path / "cookie_unknown.py", b"# -*- coding: klingon -*-\nx = 1\n")
    write(tmp_path / "latin1_no_cookie.py", b"x = '\xe9'\n")
    write(tmp_path / "bom_and_cookie_disagree.py", b"\xef\xbb\xbf# coding: latin-1\nx = 1\n")
    write(tmp_path / "empty.py", b"")
    write(tmp_path / "only_bom.py", b"\xef\xbb\xbf")
    write(tmp_path / "tabs.py", "if True:\n\tx = 1\n        y = 2\n")
    write(tmp_path / "cr_only.py", b"from flask import Flask\rapp = Flask(__name__)\rapp.run(debug=True)\r")
    # a directory named like a module is a directory: walked, not read
    write(tmp_path / "weird.py" / "inner.py", DEBUG_APP)
    result = run(tmp_path, monkeypatch)
    assert result.errors == []
    assert found(result) == {
        ("app.py", 4, "FL101"),
        ("syntax.py", 1, "FL001"),
        ("py2.py", 1, "FL001"),
        ("py2_except.py", 3, "FL001"),
        ("nul.py", 1, "FL001"),
        ("cookie_wrong.py", 2, "FL002"),
        ("cookie_unknown.py", 1, "FL002"),
        ("latin1_no_cookie.py", 1, "FL002"),
        ("bom_and_cookie_disagree.py", 1, "FL002"),
        ("tabs.py", 3, "FL001"),
        ("cr_only.py", 3, "FL101"),
        ("weird.py/inner.py", 4, "FL101"),
    }
    msgs = messages(result)
    assert msgs["cookie_unknown.py"] == "invalid encoding declaration: unknown encoding: klingon"
    assert msgs["cookie_wrong.py"] == "cannot decode file as ascii: invalid byte 0xc3"
    assert msgs["nul.py"] == f"syntax error ({PY}): source code string cannot contain null bytes"
    assert msgs["py2.py"].startswith(f"syntax error ({PY}): Missing parentheses in call to 'print'")


def test_compiler_warnings_are_not_printed(tmp_path, monkeypatch, capsys):
    import warnings

    write(tmp_path / "app.py", 'from flask import Flask\napp = Flask(__name__)\nx = "a"[1, 2]\ny = "\\d"\nassert (x, "msg")\n')
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any warning would raise here
        code, out, err = cli(tmp_path, monkeypatch, capsys, "--color", "never")
    assert (code, err) == (0, "")


def test_line_numbers_follow_python_not_str_splitlines(tmp_path, monkeypatch, capsys):
    # A form feed, \x1c and U+2028 inside the file do not end lines for
    # Python; the reported line and the echoed source must agree with it.
    write(tmp_path / "app.py", 'from flask import Flask\n\x0c\nBANNER = "a\x1cb\u2028c"\napp = Flask(__name__)\napp.run(debug=True)\n')
    result = run(tmp_path, monkeypatch)
    assert found(result) == {("app.py", 5, "FL101")}
    code, out, _ = cli(tmp_path, monkeypatch, capsys, "--color", "never")
    assert out.splitlines()[1] == "    app.run(debug=True)"


# ---------------------------------------------------------------------------
# files that cannot be read


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_unreadable_file(tmp_path, monkeypatch):
    write(tmp_path / "app.py", DEBUG_APP)
    secret = write(tmp_path / "secret.py", DEBUG_APP)
    secret.chmod(0)
    try:
        if os.access(secret, os.R_OK):  # root reads everything: nothing to test
            pytest.skip("running as a user that can read a mode-000 file (root)")
        result = run(tmp_path, monkeypatch)
    finally:
        secret.chmod(0o644)
    assert result.errors == []
    assert found(result) == {("app.py", 4, "FL101"), ("secret.py", 1, "FL002")}
    assert messages(result)["secret.py"] == "cannot read file: Permission denied"


def test_read_failure_is_a_diagnostic(tmp_path, monkeypatch):
    """The same path as above, forced: works as root too."""
    write(tmp_path / "app.py", DEBUG_APP)
    write(tmp_path / "secret.py", DEBUG_APP)
    real_open = open

    def failing_open(path, *args, **kwargs):
        if str(path).endswith("secret.py"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("builtins.open", failing_open)
    result = run(tmp_path, monkeypatch)
    assert result.errors == []
    assert found(result) == {("app.py", 4, "FL101"), ("secret.py", 1, "FL002")}
    assert messages(result)["secret.py"] == "cannot read file: Permission denied"


def test_size_cap(tmp_path, monkeypatch):
    write(tmp_path / "app.py", DEBUG_APP)
    big = "import flask\n" + "x = 1\n" * (files.MAX_FILE_BYTES // 6 + 10)
    write(tmp_path / "generated.py", big)
    result = run(tmp_path, monkeypatch)
    assert found(result) == {("app.py", 4, "FL101"), ("generated.py", 1, "FL002")}
    assert messages(result)["generated.py"] == (
        f"file is too large to lint ({len(big)} bytes; the limit is {files.MAX_FILE_BYTES}): "
        "none of its findings can be reported; exclude it if it is generated"
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs")
def test_fifo_is_never_opened(tmp_path, monkeypatch):
    write(tmp_path / "app.py", DEBUG_APP)
    os.mkfifo(tmp_path / "pipe.py")  # opening it would block forever
    result = run(tmp_path, monkeypatch)
    assert found(result) == {("app.py", 4, "FL101"), ("pipe.py", 1, "FL002")}
    assert messages(result)["pipe.py"] == "not a regular file; not read"


# ---------------------------------------------------------------------------
# symbolic links


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_symlinks_loops_and_links_leaving_the_project(tmp_path, monkeypatch):
    outside = tmp_path / "outside"
    write(outside / "evil.py", DEBUG_APP)
    write(outside / ".flaskenv", "FLASK_DEBUG=1\n")
    project = tmp_path / "project"
    write(project / "app.py", DEBUG_APP)
    write(project / "pkg" / "views.py", "x = 1\n")
    os.symlink(outside, project / "vendored")  # a directory outside
    os.symlink(outside / "evil.py", project / "linked.py")  # a file outside
    os.symlink(outside / ".flaskenv", project / ".flaskenv")
    os.symlink(project, project / "pkg" / "loop")  # a directory loop
    os.symlink("self.py", project / "self.py")  # a link to itself
    os.symlink("b.py", project / "a.py")
    os.symlink("a.py", project / "b.py")
    os.symlink("missing.py", project / "dangling.py")
    os.symlink("missing.txt", project / "README.txt")  # not a file flasklint reads: ignored
    os.symlink(project / "pkg" / "views.py", project / "alias.py")  # inside: linted once, silently
    os.symlink("pkg", project / "pkg_alias")  # a directory linked from inside (themes/static): silently
    result = run(project, monkeypatch)
    assert result.errors == []
    assert found(result) == {
        ("app.py", 4, "FL101"),
        ("vendored", 1, "FL002"),
        ("linked.py", 1, "FL002"),
        (".flaskenv", 1, "FL002"),
        ("pkg/loop", 1, "FL002"),
        ("self.py", 1, "FL002"),
        ("a.py", 1, "FL002"),
        ("b.py", 1, "FL002"),
        ("dangling.py", 1, "FL002"),
    }
    msgs = messages(result)
    assert msgs["vendored"] == msgs["linked.py"] == "symbolic link points outside the project; not followed"
    assert msgs["pkg/loop"] == "symbolic link loop; directory not entered"
    assert msgs["self.py"] == msgs["a.py"] == "symbolic link loop; not followed"
    assert msgs["dangling.py"] == "broken symbolic link"
    # nothing from outside was read, and nothing twice
    assert sorted(m.display for m in result.project.modules) == ["app.py", "pkg/views.py"]
    assert all(m.path.startswith(str(project)) for m in result.project.modules)
    assert result.model.env_entries == []


# ---------------------------------------------------------------------------
# nesting, recursion and the analysis budget


def test_deep_nesting(tmp_path, monkeypatch):
    write(tmp_path / "app.py", DEBUG_APP)
    write(tmp_path / "parens.py", "x = " + "(" * 300 + "1" + ")" * 300 + "\n")
    write(tmp_path / "chain.py", "import flask\nx = " + " + ".join(["1"] * 100_000) + "\n")
    # parses, but is too deep for the analysis: FL003, not a crash
    write(tmp_path / "unary.py", "from flask import Flask\napp = Flask(__name__)\napp.config['X'] = " + "-" * 1500 + "y\n")
    # a long chain (300 deep) the resolver bounds itself: silent
    write(tmp_path / "concat.py", "from flask import Flask\napp = Flask(__name__)\napp.config['X'] = " + " + ".join(["y"] * 300) + "\n")
    result = run(tmp_path, monkeypatch)
    assert result.errors == []
    assert found(result) == {
        ("app.py", 4, "FL101"),
        ("parens.py", 1, "FL001"),
        ("chain.py", 1, "FL001"),
        ("unary.py", 3, "FL003"),
    }
    msgs = messages(result)
    assert msgs["parens.py"] == f"syntax error ({PY}): too many nested parentheses"
    assert msgs["chain.py"] == "too deeply nested to parse"
    assert "nested too deeply to analyse" in msgs["unary.py"]


def test_results_do_not_depend_on_the_callers_stack(tmp_path, monkeypatch):
    write(tmp_path / "unary.py", "from flask import Flask\napp = Flask(__name__)\napp.config['X'] = " + "-" * 990 + "y\n")
    monkeypatch.chdir(tmp_path)
    shallow = found(lint(["."]))

    def deep(n):
        return deep(n - 1) if n else found(lint(["."]))

    assert deep(300) == shallow


def test_step_budget_is_reported_per_file(tmp_path, monkeypatch):
    write(
        tmp_path / "app.py",
        "from flask import Flask\n\nfrom settings import DEBUG\n\napp = Flask(__name__)\napp.run(debug=DEBUG)\n",
    )
    write(tmp_path / "settings.py", "DEBUG = True\n")
    # many values: the budget runs out in big.py only; app.py is still analysed
    write(tmp_path / "big.py", "from flask import Flask\napp = Flask(__name__)\n" + "".join(f"app.config['K{i}'] = {i}\n" for i in range(200)))
    monkeypatch.setattr(resolve_limits, "MAX_STEPS_PER_FILE", 60)
    result = run(tmp_path, monkeypatch)
    assert result.errors == []
    assert found(result) == {("app.py", 6, "FL101"), ("big.py", 17, "FL003")}
    assert messages(result, "FL003")["big.py"] == (
        "analysis of this file stopped short (its resolution budget of 60 steps ran out, 185 expressions after that "
        "point not analysed): the values involved are treated as unknown, so findings in this file may be missing"
    )


def test_exponential_inference_is_bounded(tmp_path, monkeypatch):
    # Each level doubles the paths through the call graph and each list
    # nests the previous twice: naive evaluation, hashing or comparison
    # would take 2**40 steps.
    funcs = ["def f0(x):\n    return x\n"]
    for i in range(1, 40):
        funcs.append(f"def f{i}(x):\n    return f{i - 1}(x) if x else f{i - 1}([x, x])\n")
    lists = "".join(f"l{i} = [l{i - 1}, l{i - 1}]\n" for i in range(1, 40))
    code = "from flask import Flask\n\n" + "\n".join(funcs) + "\nl0 = [1]\n" + lists
    code += "app = Flask(__name__)\napp.config['A'] = f39(True)\napp.config['B'] = l39\napp.run(debug=f39(True))\n"
    write(tmp_path / "app.py", code)
    result = run(tmp_path, monkeypatch)
    assert result.errors == []
    assert result.seconds < 30
    assert {r for _, _, r in found(result)} <= {"FL101", "FL003"}


# ---------------------------------------------------------------------------
# internal errors are reported, never raised


def test_internal_error_is_reported_and_the_rest_linted(tmp_path, monkeypatch, capsys):
    write(tmp_path / "app.py", DEBUG_APP)
    write(tmp_path / "views.py", "from flask import Blueprint\nbp = Blueprint('v', __name__)\nbp.register_blueprint(bp)\n")
    from flasklint.model.flask import FlaskModel

    def boom(self, owner, call):
        raise KeyError("simulated bug")

    monkeypatch.setattr(FlaskModel, "_register_blueprint", boom)
    result = run(tmp_path, monkeypatch)
    assert found(result) == {("app.py", 4, "FL101")}
    assert result.errors == ["internal error while analysing views.py:3: KeyError: 'simulated bug'"]
    code, out, err = cli(tmp_path, monkeypatch, capsys, "--color", "never")
    assert code == 2
    assert "app.py:4:15: FL101" in out
    assert "flasklint: internal error while analysing views.py:3: KeyError" in err


# ---------------------------------------------------------------------------
# broken configuration files


def test_broken_config_files(tmp_path, monkeypatch):
    write(
        tmp_path / "app.py",
        """\
import configparser
import json

from flask import Flask

app = Flask(__name__)
app.config.from_pyfile("broken.cfg")
app.config.from_pyfile("binary.cfg")
app.config.from_pyfile("settings_dir")
app.config.from_file("bad.json", load=json.load)
app.config.from_file("deep.json", load=json.load)
app.config.from_file("list.json", load=json.load)
parser = configparser.ConfigParser()
parser.read("garbage.ini")
app.config.update(parser["flask"])
""",
    )
    write(tmp_path / "broken.cfg", "DEBUG = (\n")
    write(tmp_path / "binary.cfg", b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe")
    (tmp_path / "settings_dir").mkdir()
    write(tmp_path / "bad.json", "{'DEBUG': True,}")
    write(tmp_path / "deep.json", "[" * 100_000 + "]" * 100_000)
    write(tmp_path / "list.json", "[1, 2]")
    write(tmp_path / "garbage.ini", "[flask\nno section header = x\n\x00\x01\n[flask]\n=\n:::\nDEBUG\n")
    write(tmp_path / ".flaskenv", "FLASK_APP=app\nnot a line\n=\nexport\n'quoted\nFLASK_DEBUG=\"unterminated\n\x00\n")
    write(tmp_path / ".env", b"SECRET=\xff\xfe\n")
    result = run(tmp_path, monkeypatch)
    assert result.errors == []
    assert found(result) == {
        ("broken.cfg", 1, "FL001"),
        ("binary.cfg", 1, "FL002"),
        ("app.py", 9, "FL004"),  # a directory, not a file
        ("bad.json", 1, "FL004"),
        ("deep.json", 1, "FL004"),
        ("list.json", 1, "FL004"),
        (".env", 1, "FL002"),
    }
    # python-dotenv skips the unterminated quote on line 6 ("could not parse statement")
    assert [(e.key, e.line) for e in result.model.env_entries] == [("FLASK_APP", 1)]


# ---------------------------------------------------------------------------
# configuration paths stay inside the project


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_config_files_outside_the_project_are_never_read(tmp_path, monkeypatch, capsys):
    outside = tmp_path / "etc"
    marker = "OUTSIDE_CONTENT_MARKER"
    write(outside / "prod.cfg", f"DEBUG = True\n{marker} = 'leaked'\n")
    write(outside / "prod.json", json.dumps({"DEBUG": True, marker: "leaked"}))
    write(outside / "prod.ini", f"[flask]\nDEBUG = true\n{marker} = leaked\n")
    project = tmp_path / "project"
    write(
        project / "app.py",
        f"""\
import configparser
import json

from flask import Flask

app = Flask(__name__)
app.config.from_pyfile("../etc/prod.cfg")
app.config.from_pyfile("{outside / 'prod.cfg'}")
app.config.from_pyfile("linked.cfg")
app.config.from_file("../etc/prod.json", load=json.load)
app.config.from_file("linked.json", load=json.load)
parser = configparser.ConfigParser()
parser.read("../etc/prod.ini")
app.config.update(parser["flask"])
instance_app = Flask(__name__, instance_relative_config=True)
instance_app.config.from_pyfile("../../etc/prod.cfg")
""",
    )
    os.symlink(outside / "prod.cfg", project / "linked.cfg")
    os.symlink(outside / "prod.json", project / "linked.json")
    result = run(project, monkeypatch)
    assert result.errors == []
    assert found(result) == {("app.py", line, "FL004") for line in (7, 8, 9, 10, 11, 14, 16)}
    for f in result.findings:
        assert "outside the project; not read" in f.message
    # not a single value from outside reached the model
    assert [w.key for w in result.model.config] == []
    assert not any(str(outside) in p for p in result.project.config_files)
    code, out, _ = cli(project, monkeypatch, capsys, "--color", "never")
    code_json, out_json, _ = cli(project, monkeypatch, capsys, "--format", "json")
    assert marker not in out and marker not in out_json and "leaked" not in out + out_json


# ---------------------------------------------------------------------------
# terminal safety


ESC_APP = (
    "from flask import Flask\n"
    "\n"
    "app = Flask(__name__)\n"
    'app.config.from_pyfile("\\x1b]0;pwned\\x07\\x1b[2J.cfg")\n'  # escapes written as Python escapes
    'app.run(debug=True, host="\x1b[31mred\x1b[0m\u202e\x9b")  # raw control characters in the file\n'
)


def test_text_output_escapes_control_characters(tmp_path, monkeypatch, capsys):
    write(tmp_path / "app.py", ESC_APP)
    write(tmp_path / "bad\x1b[2Jname.py", "def f(:\n")
    code, out, _ = cli(tmp_path, monkeypatch, capsys, "--color", "never")
    assert code == 1
    for raw in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert raw not in out
    assert '    app.run(debug=True, host="\\x1b[31mred\\x1b[0m\\u202e\\x9b")  # raw control characters in the file' in out
    assert "bad\\x1b[2Jname.py:1:7: FL001" in out
    assert "'\\x1b]0;pwned\\x07\\x1b[2J.cfg'" in out  # the FL004 message embeds the path as a repr


def test_routes_table_escapes_rules(tmp_path, monkeypatch, capsys):
    write(tmp_path / "app.py", 'from flask import Flask\napp = Flask(__name__)\n@app.route("/\\x1b[2Jevil\\n")\ndef index():\n    return ""\n')
    code, out, _ = cli(tmp_path, monkeypatch, capsys, "routes")
    assert code == 0 and "\x1b" not in out
    assert "/\\x1b[2Jevil\\x0a" in out
    code, out, _ = cli(tmp_path, monkeypatch, capsys, "routes", "--format", "json")
    (row,) = [r for r in json.loads(out) if r["endpoint"] == "index"]
    assert row["rule"] == "/\x1b[2Jevil\n"


def test_messages_with_control_characters_are_escaped():
    from flasklint.finding import Finding, Location, Related
    from flasklint.linter import Result

    f = Finding(
        "FL101",
        Location("app\x1b[1m.py", 1, 1),
        "rule '/a\x1b[2J\nFAKE.py:1:1: FL999 forged\r'",
        "HIGH",
        "HIGH",
        (Related(Location("x\u202e.py", 2, 1), "set \x1b]8;;http://evil\x07here"),),
    )
    out = text.render(Result([f], ["error\x1b[2J\nforged"], 1))
    assert out == (
        "app\\x1b[1m.py:1:1: FL101 [HIGH] rule '/a\\x1b[2J\\x0aFAKE.py:1:1: FL999 forged\\x0d'\n"
        "    note: x\\u202e.py:2: set \\x1b]8;;http://evil\\x07here\n"
        "error: error\\x1b[2J\\x0aforged\n"
        "Found 1 problem (1 high) in 1 file.\n"
    )
    doc = json_report.render(Result([f], [], 1))
    assert "\x1b" not in doc and "\u202e" not in doc and "\r" not in doc
    assert json.loads(doc)["findings"][0]["message"] == f.message


def test_long_source_lines_are_cut_around_the_column():
    line = "x" * 500 + "app.run(debug=True)" + "y" * 500
    got = text.source_excerpt(line, 501)
    assert len(got) == text.MAX_SOURCE_WIDTH + 6
    assert got.startswith("...") and got.endswith("...") and "app.run(debug=True)" in got
    assert text.source_excerpt("short\tline\x1b", 1) == "short\tline\\x1b"


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS refuses undecodable file names")
def test_undecodable_file_names(tmp_path, monkeypatch, capsys):
    name = os.fsencode(str(tmp_path)) + b"/caf\xff\x1b.py"
    with open(name, "wb") as fh:
        fh.write(DEBUG_APP.encode())
    code, out, _ = cli(tmp_path, monkeypatch, capsys, "--color", "never")
    assert code == 1
    assert "caf\\udcff\\x1b.py:4:15: FL101" in out
    out.encode("utf-8")  # printable as UTF-8: no lone surrogate left
    code, out, _ = cli(tmp_path, monkeypatch, capsys, "--format", "json")
    doc = json.loads(out)
    assert [f["path"] for f in doc["findings"]] == ["caf\udcff\x1b.py"]
    out.encode("utf-8")


def test_output_survives_an_ascii_terminal(tmp_path):
    import subprocess
    from pathlib import Path

    write(tmp_path / "app.py", "# café\nfrom flask import Flask\napp = Flask('caf\u00e9')\napp.run(debug=True)  # é\n")
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).parent.parent), PYTHONIOENCODING="ascii")
    proc = subprocess.run([sys.executable, "-m", "flasklint", "--color", "never", "."], cwd=tmp_path, capture_output=True, env=env)
    assert proc.returncode == 1, proc.stderr
    assert b"app.run(debug=True)  # \\xe9" in proc.stdout
    assert b"Traceback" not in proc.stderr


# ---------------------------------------------------------------------------
# broken flasklint configuration (the loader comes with issue 8)


BROKEN_CONFIGS = [
    ("pyproject.toml", "[tool.flasklint]\nselect = [\n", None),  # not TOML
    ("pyproject.toml", "[tool.flasklint]\nselcet = ['FL1']\n", "selcet"),  # unknown key
    ("pyproject.toml", "[tool.flasklint]\nselect = 5\n", "select"),  # wrong type
    ("pyproject.toml", "[tool.flasklint]\nignore = ['FL999']\n", "FL999"),  # unknown rule
    ("setup.cfg", "[flasklint]\nselect = FL1\nbogus = 1\n", "bogus"),
    ("tox.ini", "[flasklint\nselect = FL1\n", None),  # not INI
]


@pytest.mark.parametrize("name,content,key", BROKEN_CONFIGS, ids=[c[1].split("\n")[1] or c[0] for c in BROKEN_CONFIGS])
def test_broken_flasklint_config_exits_2_naming_file_and_key(tmp_path, monkeypatch, capsys, name, content, key):
    write(tmp_path / "app.py", DEBUG_APP)
    write(tmp_path / name, content)
    code, out, err = cli(tmp_path, monkeypatch, capsys)
    assert code == 2
    assert name in err
    if key:
        assert key in err


def test_config_file_names_no_file_system_takes(tmp_path, monkeypatch):
    """A NUL byte or a lone surrogate in a from_pyfile/from_file name makes
    every os call raise: a diagnostic, not an internal error."""
    write(
        tmp_path / "app.py",
        'from flask import Flask\napp = Flask(__name__)\napp.config.from_pyfile("a\\ud800.cfg")\n'
        'app.config.from_pyfile("b\\x00.cfg")\napp.config.from_file("c\\x00.json", load=None)\n',
    )
    monkeypatch.chdir(tmp_path)
    result = lint(["."])
    assert not result.errors
    assert [(f.rule, f.line) for f in result.findings] == [("FL004", 3), ("FL004", 4), ("FL004", 5)]
    assert all("cannot name a file" in f.message for f in result.findings)
