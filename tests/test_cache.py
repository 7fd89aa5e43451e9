"""The result cache and worker processes never change what is reported.

Each test edits a small project between runs and checks that a run through
the cache prints byte for byte what a run without it prints (and that the
expected finding appeared or went away).  No timing is asserted here; see
benchmarks/bench.py.
"""

import os
import textwrap
from pathlib import Path

import pytest

from tests.harness import run_cli
from flasklint.incremental import parallel, replay, status, store
from flasklint.incremental.store import read_record, write_record
from flasklint.model import flask as model_flask

APP = """\
from flask import Flask

from svc import settings

app = Flask(__name__)
app.config.from_pyfile("extra.cfg")
app.config.from_pyfile("optional.cfg")


def serve():
    app.run(debug=settings.DEBUG)
"""


def write(root: Path, files: dict) -> None:
    for name, text in files.items():
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(textwrap.dedent(text), encoding="utf-8")


@pytest.fixture
def project(tmp_path):
    root = tmp_path / "proj"
    write(
        root,
        {
            "svc/__init__.py": "",
            "svc/app.py": APP,
            "svc/settings.py": "DEBUG = True\n",
            "svc/extra.cfg": "SECRET = 'x'\n",
            "tools/helper.py": "def helper():\n    return 1\n",
            "tools/other.py": "X = 1\n",
        },
    )
    return root


_DEBUG_LINE = "flasklint cache: "
_LAST_PATH = [None]


def run(argv, cwd, capsys, monkeypatch):
    """The command line in ``cwd``.  The cache's public debug line says which
    path the run took (``cache_path()``); it stays in stderr only when the
    test asked for it (``FLASKLINT_CACHE_DEBUG`` set)."""
    asked = bool(os.environ.get("FLASKLINT_CACHE_DEBUG"))
    with monkeypatch.context() as m:
        m.setenv("FLASKLINT_CACHE_DEBUG", "1")
        code, out, err = run_cli(["--color", "never"] + argv, cwd, capsys, monkeypatch)
    said = [line[len(_DEBUG_LINE):].split(":", 1)[0] for line in err.splitlines() if line.startswith(_DEBUG_LINE)]
    _LAST_PATH[0] = said[-1] if said else None
    return code, out, err if asked else _without_debug(err)


def cache_path():
    """The path the last cached run took, as its debug line said: hit,
    unused, inert, rebuild or full."""
    return _LAST_PATH[0]


def _without_debug(err):
    return "".join(line for line in err.splitlines(True) if not line.startswith(_DEBUG_LINE))


def both(root, capsys, monkeypatch, argv=()):
    """(cached output, uncached output); asserts they are identical."""
    argv = list(argv)
    cached = run(argv + ["."], root, capsys, monkeypatch)
    path = cache_path()
    fresh = run(argv + ["--no-cache", "-j", "1", "."], root, capsys, monkeypatch)
    _LAST_PATH[0] = path
    assert cached == fresh
    return cached[1]


def no_model(monkeypatch):
    """Fail if the model is built (the run must come from the cache)."""

    def boom(self, project):
        raise AssertionError("model rebuilt")

    monkeypatch.setattr(model_flask.FlaskModel, "__init__", boom)


def test_warm_run_comes_from_the_cache(project, capsys, monkeypatch):
    first = both(project, capsys, monkeypatch)
    assert "FL101" in first
    with monkeypatch.context() as m:
        no_model(m)
        again = run(["."], project, capsys, monkeypatch)
    assert again[1] == first


def test_edit_to_config_module_invalidates_findings(project, capsys, monkeypatch):
    assert "svc/app.py:11:" in both(project, capsys, monkeypatch)
    (project / "svc/settings.py").write_text("DEBUG = False\n")
    out = both(project, capsys, monkeypatch)
    assert "FL101" not in out
    (project / "svc/settings.py").write_text("DEBUG = 1\n")
    assert "FL101" in both(project, capsys, monkeypatch)



def count_reads(monkeypatch) -> list:
    """The Python files read (their bytes) from now on."""
    from flasklint.source import module as source_module

    seen = []
    real = source_module.read_bytes

    def reading(path, *a, **k):
        seen.append(os.path.relpath(path))
        return real(path, *a, **k)

    monkeypatch.setattr(source_module, "read_bytes", reading)
    return seen


def test_files_unchanged_since_they_were_hashed_are_not_read_again(project, capsys, monkeypatch):
    first = both(project, capsys, monkeypatch)
    # Just written: as old as the run that hashed them (racily clean), so
    # they are read and hashed again.
    with monkeypatch.context() as m:
        reads = count_reads(m)
        assert run(["."], project, capsys, monkeypatch)[1] == first
    assert "svc/settings.py" in reads
    # Older than that run (RACY_NS as if they were): their status is enough,
    # once a run recorded it (a hit records the statuses a record lacks).
    monkeypatch.setattr(status, "RACY_NS", -(10**18))
    for f in Path(os.environ["FLASKLINT_CACHE_DIR"]).rglob("run-*.json"):
        rec = read_record(str(f))
        del rec["sigs"]
        write_record(str(f), rec)
    with monkeypatch.context() as m:
        reads = count_reads(m)
        assert run(["."], project, capsys, monkeypatch)[1] == first
    assert "svc/settings.py" in reads
    with monkeypatch.context() as m:
        reads = count_reads(m)
        no_model(m)
        assert run(["."], project, capsys, monkeypatch)[1] == first
    assert set(reads) <= {"svc/app.py"}  # (the file with the finding: its source line is shown)
    # Same size, modification time put back: the change time gives it away.
    settings = project / "svc/settings.py"
    st = settings.stat()
    settings.write_text("DEBUG = None\n")
    os.utime(settings, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert settings.stat().st_size == st.st_size and settings.stat().st_mtime_ns == st.st_mtime_ns
    with monkeypatch.context() as m:
        reads = count_reads(m)
        out = both(project, capsys, monkeypatch)
    assert "FL101" not in out
    assert "svc/settings.py" in reads

def test_edit_to_unrelated_file_reanalyses_only_that_file(project, capsys, monkeypatch):
    both(project, capsys, monkeypatch)
    (project / "tools/other.py").write_text("X = (\n")
    with monkeypatch.context() as m:
        no_model(m)  # the model's findings stand; only FL001 is new
        code, out, _ = run(["."], project, capsys, monkeypatch)
    assert "tools/other.py:1:5: FL001" in out
    assert (code, out) == run(["--no-cache", "."], project, capsys, monkeypatch)[:2]
    (project / "tools/other.py").write_text("X = 2\n")
    out = both(project, capsys, monkeypatch)
    assert "FL001" not in out


def test_unrelated_file_starting_to_matter_rebuilds_the_model(project, capsys, monkeypatch):
    both(project, capsys, monkeypatch)
    # now it names flask and starts a server
    (project / "tools/other.py").write_text("from flask import Flask\n\nFlask(__name__).run(debug=True)\n")
    out = both(project, capsys, monkeypatch)
    assert "tools/other.py:3:" in out


def test_new_call_site_in_unparsed_file_is_seen(project, capsys, monkeypatch):
    write(project, {"svc/app.py": APP + "\n\ndef start(flag):\n    app.run(debug=flag)\n"})
    assert "svc/app.py:15:" not in both(project, capsys, monkeypatch)
    # a file the model never parsed starts calling start(True)
    (project / "tools/other.py").write_text("from svc.app import start\n\nstart(True)\n")
    assert "svc/app.py:15:" in both(project, capsys, monkeypatch)


CALLS = {
    "f(1)": True,
    "x.f (1)": True,
    "x . f\t(1)": True,
    "(f)(1)": True,
    "((x.f\n))(1)": True,
    "f \\\n (1)": True,
    "f # a comment (with parentheses)\n (1)": True,
    "@f()\ndef g(): pass": True,
    "'f(' in a string": True,  # (over-approximation: never parsed to tell)
    "def f(x):\n    return f(x - 1)": True,
    "def f(x): pass": False,
    "async def f(): pass": False,
    "class f(Base): pass": False,
    "undef f(1)": True,
    "f = 1": False,
    "import f": False,
    "ff(1) + f_(1) + xf(1)": False,
    "f[0](1)": False,
    "f # (\n": False,
    "f.g(1)": False,
    "# " + "#" * 5000 + "\nf": False,  # (no backtracking through the comment)
}


@pytest.mark.parametrize("text", sorted(CALLS))
def test_call_probe(text):
    from flasklint.source.textscan import holds

    assert holds("f(", text.encode()) is CALLS[text]


@pytest.mark.parametrize(
    "text, expected",
    [("api = Api(app)", True), ("x = FlaskApi (app)", True), ("raise ApiError(1)", True), ("class UserApi(Resource): pass", False), ("from flask_restx import Api", False)],
)
def test_call_probe_for_a_part_of_the_name(text, expected):
    from flasklint.source.textscan import holds

    assert holds("~Api(", text.encode()) is expected


def test_call_probe_finds_every_call_of_the_fixtures():
    import ast

    from flasklint.source.textscan import holds

    root = Path(__file__).parent / "fixtures"
    seen = 0
    for path in sorted(root.rglob("*.py")):
        data = path.read_bytes()
        try:
            tree = ast.parse(data)
        except (SyntaxError, ValueError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                f = node.func
                name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None
                if name is not None:
                    seen += 1
                    assert holds(name + "(", data), (path, node.lineno, name)
                    if len(name) > 1:  # a part of the name (Project.modules_calling(..., inside=True))
                        assert holds("~" + name[1:] + "(", data) and holds("~" + name[:-1] + "(", data), (path, node.lineno, name)
    assert seen > 1000


def test_file_naming_a_function_without_calling_it_is_not_read(project, capsys, monkeypatch):
    """A call-site scan parses only the files that may call the function
    (Project.modules_calling): one that merely names it is not read, so
    editing it leaves the model alone -- until it may call the function."""
    write(project, {"svc/app.py": APP + "\n\ndef start(flag):\n    app.run(debug=flag)\n", "tools/other.py": "STEPS = ['start', 'stop']\n"})
    first = both(project, capsys, monkeypatch)
    assert "svc/app.py:15:" not in first
    (project / "tools/other.py").write_text("STEPS = ['start', 'stop', 'restart']\n")
    assert both(project, capsys, monkeypatch) == first
    assert cache_path() == "unused"
    # text that may be a call of start (the pattern over-approximates): read again
    (project / "tools/other.py").write_text("STEPS = ['start (now)', 'stop']\n")
    monkeypatch.setenv("FLASKLINT_CACHE_DEBUG", "1")
    code, out, err = run(["."], project, capsys, monkeypatch)
    assert "a word it gained or lost" in err and cache_path() == "rebuild"  # (start's steps run app.run: facts)
    assert (code, out) == run(["--no-cache", "-j", "1", "."], project, capsys, monkeypatch)[:2]
    monkeypatch.delenv("FLASKLINT_CACHE_DEBUG")
    # a real call: the callee in parentheses, the parenthesis after a comment and a continuation
    (project / "tools/other.py").write_text("from svc.app import start\n\n(start  # go\n)\\\n  (True)\n")
    assert "svc/app.py:15:" in both(project, capsys, monkeypatch)


def test_file_naming_a_route_module_without_importing_it_is_not_read(project, capsys, monkeypatch):
    """Whether a routes module is loaded (imported by some module) is read
    from the import statements alone (Project.importers): a file that only
    names the module is not read, so editing it leaves the findings alone;
    importing the module loads its duplicate route."""
    write(
        project,
        {
            "svc/app.py": APP + "\n\n@app.route('/')\ndef index():\n    return 'home'\n",
            "svc/views.py": "from svc.app import app\n\n\n@app.route('/')\ndef other():\n    return 'other'\n",
            "tools/other.py": "# the views module is loaded by the WSGI entry point\nX = 1\n",
        },
    )
    first = both(project, capsys, monkeypatch)
    assert "FL201" not in first
    (project / "tools/other.py").write_text("# the views module is loaded by the WSGI entry point\nX = 2\n")
    assert both(project, capsys, monkeypatch) == first
    assert cache_path() == "unused"
    (project / "tools/other.py").write_text("from svc import views  # the views module is loaded here\nX = 2\n")
    assert "svc/views.py:4:" in both(project, capsys, monkeypatch)


def test_renamed_file(project, capsys, monkeypatch):
    assert "FL101" in both(project, capsys, monkeypatch)
    os.rename(project / "svc/settings.py", project / "svc/conf.py")
    assert "FL101" not in both(project, capsys, monkeypatch)
    os.rename(project / "svc/conf.py", project / "svc/settings.py")
    assert "FL101" in both(project, capsys, monkeypatch)


def test_deleted_and_added_file(project, capsys, monkeypatch):
    (project / "tools/broken.py").write_text("def f(:\n")
    assert "tools/broken.py:1:7: FL001" in both(project, capsys, monkeypatch)
    (project / "tools/broken.py").unlink()
    assert "FL001" not in both(project, capsys, monkeypatch)


def test_non_python_config_files(project, capsys, monkeypatch):
    out = both(project, capsys, monkeypatch)
    assert "'svc/optional.cfg' does not exist" in out
    (project / "svc/optional.cfg").write_text("A = 1\n")  # appears
    assert "optional.cfg" not in both(project, capsys, monkeypatch)
    (project / "svc/extra.cfg").write_text("SECRET = (\n")  # read by from_pyfile: now broken
    assert "svc/extra.cfg:1:10: FL001" in both(project, capsys, monkeypatch)


def test_changed_selection_and_options(project, capsys, monkeypatch):
    (project / "tools/broken.py").write_text("def f(:\n")
    full = both(project, capsys, monkeypatch)
    only = both(project, capsys, monkeypatch, ["--select", "FL001"])
    assert "FL101" in full and "FL001" in full
    assert "FL101" not in only and "FL001" in only
    assert both(project, capsys, monkeypatch, ["--ignore", "FL001"]).count("FL001") == 0
    assert both(project, capsys, monkeypatch) == full
    assert both(project, capsys, monkeypatch, ["--format", "json"]) != full


def test_cache_dir_layout_and_gitignore(project, capsys, monkeypatch, tmp_path):
    monkeypatch.delenv("FLASKLINT_CACHE_DIR")
    run(["."], project, capsys, monkeypatch)
    base = project / ".flasklint_cache"
    assert (base / ".gitignore").read_text().splitlines()[-1] == "*"
    (version_dir,) = [p for p in base.iterdir() if p.is_dir()]
    assert version_dir.name.startswith(store.__version__ + "-py")
    elsewhere = tmp_path / "elsewhere"
    run(["--cache-dir", str(elsewhere), "."], project, capsys, monkeypatch)
    assert (elsewhere / ".gitignore").exists()
    before = sorted(base.rglob("*"))
    run(["--no-cache", "."], project, capsys, monkeypatch)
    assert sorted(base.rglob("*")) == before


def test_cache_is_never_shared_across_versions(project, capsys, monkeypatch):
    first = both(project, capsys, monkeypatch)
    monkeypatch.setattr(store, "__version__", "999.0")
    with monkeypatch.context() as m:
        calls = []
        real = model_flask.FlaskModel.__init__
        m.setattr(model_flask.FlaskModel, "__init__", lambda self, p, restricted=None: (calls.append(1), real(self, p, restricted))[1])
        assert run(["."], project, capsys, monkeypatch)[1] == first
    assert calls, "a cache written by another version was used"


def test_corrupt_or_tampered_cache_is_ignored(project, capsys, monkeypatch):
    first = both(project, capsys, monkeypatch)
    base = Path(os.environ["FLASKLINT_CACHE_DIR"])
    for f in base.rglob("*.json"):
        f.write_text("{not json")
    assert run(["."], project, capsys, monkeypatch)[1] == first
    for f in base.rglob("run-*.json"):
        rec = read_record(str(f))
        rec["findings"] = []
        rec["hashes"] = ["0" * 32] * len(rec["hashes"])  # stale hashes never match
        write_record(str(f), rec)
    assert run(["."], project, capsys, monkeypatch)[1] == first


def many_files(root: Path) -> None:
    files = {"app.py": "from flask import Flask\napp = Flask(__name__)\napp.run(debug=True)\n"}
    for i in range(60):
        files[f"lib/m{i:02}.py"] = f"def f{i}():\n    return {i}\n"
    files["lib/m07.py"] = "def f(:\n"
    files["lib/m13.py"] = "x = 'caf\u00e9'\ny = (\n"
    write(root, files)
    (root / "lib/m21.py").write_bytes(b"x = '\xff'\n")  # not UTF-8


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_parallel_and_serial_runs_print_identical_output(tmp_path, capsys, monkeypatch, fmt):
    many_files(tmp_path)
    monkeypatch.setattr(parallel, "MIN_FILES", 1)
    monkeypatch.setattr(parallel, "MIN_BYTES", 1)
    outs = {run(["--format", fmt, "--no-cache", "-j", str(j), "."], tmp_path, capsys, monkeypatch) for j in (1, 2, 3)}
    outs.add(run(["--format", fmt, "-j", "2", "."], tmp_path, capsys, monkeypatch))  # cold cache, parallel
    outs.add(run(["--format", fmt, "-j", "1", "."], tmp_path, capsys, monkeypatch))  # warm
    assert len(outs) == 1
    (out,) = outs
    for needle in ("m07.py", "m13.py", "m21.py", "FL101"):
        assert needle in out[1]


def test_jobs_must_be_positive(capsys, monkeypatch, tmp_path):
    code, _, err = run(["-j", "0", "."], tmp_path, capsys, monkeypatch)
    assert code == 2 and "--jobs" in err


# -- edits to files the model reads, but only through visits that add nothing --

INERT = {
    # a candidate (it names flask) whose visit reads svc/util.py and adds
    # no fact: ``opts.update`` is resolved to see whether it writes a config
    "svc/tasks.py": """\
        from flask import g

        from svc.util import defaults


        def job():
            opts = defaults()
            opts.update({"SECRET_KEY": "dev"})
            return opts
        """,
    "svc/util.py": """\
        from svc import app as appmod


        def defaults():
            return {"b": 2}
        """,
}


def test_edit_read_only_by_visits_adding_nothing_is_incremental(project, capsys, monkeypatch):
    write(project, INERT)
    first = both(project, capsys, monkeypatch)
    assert "tasks.py" not in first
    write(project, {"svc/util.py": INERT["svc/util.py"].replace('{"b": 2}', '{"c": 3, "d": [1, 2]}')})
    cached = run(["."], project, capsys, monkeypatch)
    assert cache_path() == "inert"
    assert cached == run(["--no-cache", "-j", "1", "."], project, capsys, monkeypatch)
    assert cached[1] == first


def test_replay_takes_the_answers_of_words_from_the_record(project, capsys, monkeypatch):
    """The replayed step asks which files call ``configure(`` (to learn what
    ``settings`` is): the record's answer, brought up to date for the
    edited file, is used -- the replay reads what its steps read, not every
    file of the project to ask the word again."""
    write(
        project,
        {
            "svc/tasks.py": "from flask import g\n\n\ndef configure(settings):\n    settings.update({'SECRET_KEY': 'dev'})\n    return g\n",
            "svc/jobs.py": "from svc.tasks import configure\n\nconfigure({'retries': 3})\n",
        },
    )
    write(project, {f"tools/mod{i}.py": f"VALUE_{i} = {i}\n" for i in range(4)})
    first = both(project, capsys, monkeypatch)
    monkeypatch.setattr(status, "RACY_NS", -(10**18))  # (the files' statuses are trusted at once)
    write(project, {"svc/jobs.py": "from svc.tasks import configure\n\nconfigure({'retries': 5, 'delay': 2})\n"})
    with monkeypatch.context() as m:
        reads = count_reads(m)
        cached = run(["."], project, capsys, monkeypatch)
    assert cache_path() == "inert"
    assert "svc/tasks.py" in reads and "svc/jobs.py" in reads
    assert not [r for r in reads if r.startswith("tools/")], reads
    assert cached == run(["--no-cache", "-j", "1", "."], project, capsys, monkeypatch)
    assert cached[1] == first


def test_edit_making_a_visit_add_a_fact_rebuilds_the_model(project, capsys, monkeypatch):
    write(project, INERT)
    assert "tasks.py" not in both(project, capsys, monkeypatch)
    # defaults() now returns the app's config: tasks.py writes a literal key
    write(project, {"svc/util.py": INERT["svc/util.py"].replace('{"b": 2}', "appmod.app.config")})
    cached = run(["."], project, capsys, monkeypatch)
    assert cache_path() == "rebuild"
    assert cached == run(["--no-cache", "-j", "1", "."], project, capsys, monkeypatch)
    assert "svc/tasks.py:8:" in cached[1] and "FL401" in cached[1]


def test_edit_read_by_a_visit_that_adds_facts_rebuilds_the_model(project, capsys, monkeypatch):
    both(project, capsys, monkeypatch)
    (project / "svc/settings.py").write_text("DEBUG = True\nOTHER = 2\n")
    assert "FL101" in both(project, capsys, monkeypatch)
    assert cache_path() == "rebuild"  # (the cached run: app.py's visit read settings.py)


SNIPPETS = [
    ("svc/util.py", "\n\ndef more():\n    return {'x': 1}\n"),
    ("svc/tasks.py", "\n\ndef other(d):\n    d['k'] = 1\n"),
    ("svc/util.py", "\n\nX = appmod\n"),
    ("svc/tasks.py", "\n\ndef hook():\n    from flask import session\n    session['user'] = 'me'\n"),
    ("svc/util.py", "\n\ndef defaults():\n    return appmod.app.config\n"),
    ("tools/helper.py", "\n\nfrom svc.tasks import job\njob()\n"),
    ("svc/settings.py", "\nDEBUG = False\n"),
    ("svc/util.py", "\n\ndef defaults():\n    return {}\n"),
    ("svc/tasks.py", "\n\nfrom svc.app import app\napp.secret_key = 'x' * 3\n"),
    ("tools/other.py", "\n\nfrom svc.util import defaults\nd = defaults()\nd['SECRET_KEY'] = 'abc'\n"),
    # an annotated ``app: Flask`` parameter stands for the project's one app
    ("svc/tasks.py", "\n\nfrom flask import Flask\n\ndef setup(app: Flask):\n    app.config['DEBUG'] = True\n"),
    ("svc/util.py", "\n\ndef more2(app: 'Flask'):\n    return app\n"),
]


def test_any_sequence_of_edits_reports_what_a_fresh_run_does(project, capsys, monkeypatch):
    """Edits that add facts, remove them, or touch only what visits read:
    after each, the cached run prints exactly what a run without the cache
    prints (whichever path the cache took)."""
    write(project, INERT)
    both(project, capsys, monkeypatch)
    paths = set()
    for name, snippet in SNIPPETS:
        p = project / name
        p.write_text(p.read_text() + snippet)
        both(project, capsys, monkeypatch)
        paths.add(cache_path())
    assert paths >= {"full", "inert"}, paths


def test_replay_costing_about_a_full_run_is_not_attempted(project, capsys, monkeypatch):
    write(project, INERT)
    first = both(project, capsys, monkeypatch)
    monkeypatch.setattr(replay, "REPLAY_MIN_PARSES", 0)  # (tiny projects: a fifth is 0 files)
    write(project, {"svc/util.py": INERT["svc/util.py"].replace('{"b": 2}', '{"c": 3}')})
    monkeypatch.setenv("FLASKLINT_CACHE_DEBUG", "1")
    code, out, err = run(["."], project, capsys, monkeypatch)
    assert cache_path() == "full"
    assert "costs about a full run" in err
    assert (code, out) == run(["--no-cache", "-j", "1", "."], project, capsys, monkeypatch)[:2]
    assert out == first


def test_replay_is_refused_from_what_its_steps_read(project, capsys, monkeypatch):
    """Two files' steps to replay, but they read a third: with a budget of
    two trees the replay is refused from the record, before building any
    (not after building two and running in full anyway)."""
    write(project, {**INERT, "svc/util.py": INERT["svc/util.py"].replace('return {"b": 2}', "return consts.DEFAULTS").replace("from svc import app as appmod", "from svc import app as appmod, consts"), "svc/consts.py": "DEFAULTS = {'b': 2}\n"})
    first = both(project, capsys, monkeypatch)
    monkeypatch.setattr(replay, "REPLAY_MIN_PARSES", 2)
    write(project, {"svc/util.py": (project / "svc/util.py").read_text() + "\nX = 1\n"})
    replays = []
    build = model_flask.FlaskModel.__init__

    def counting(self, project, restricted=None):
        if restricted is not None:
            replays.append(restricted)
        build(self, project, restricted)

    monkeypatch.setattr(model_flask.FlaskModel, "__init__", counting)
    monkeypatch.setenv("FLASKLINT_CACHE_DEBUG", "1")
    code, out, err = run(["."], project, capsys, monkeypatch)
    assert "costs about a full run" in err and cache_path() == "full"
    assert replays == []
    assert out == first
    monkeypatch.setattr(replay, "REPLAY_MIN_PARSES", 10)  # room for what they read: replayed
    write(project, {"svc/util.py": (project / "svc/util.py").read_text() + "\nY = 2\n"})
    code, out, err = run(["."], project, capsys, monkeypatch)
    assert cache_path() == "inert" and len(replays) == 1, err
    assert out == first


@pytest.mark.parametrize("damage", [None, [], {"tainted": "x"}, {"windows": 3}, "garbage"])
def test_damaged_per_file_record_is_ignored(project, capsys, monkeypatch, damage):
    write(project, INERT)
    first = both(project, capsys, monkeypatch)
    base = Path(os.environ["FLASKLINT_CACHE_DIR"])
    for f in base.rglob("run-*.json"):
        rec = read_record(str(f))
        if isinstance(damage, dict) and isinstance(rec.get("inc"), dict):
            rec["inc"].update(damage)
        else:
            rec["inc"] = damage
        write_record(str(f), rec)
    write(project, {"svc/util.py": INERT["svc/util.py"].replace('{"b": 2}', '{"c": 3}')})
    code, out, _ = run(["."], project, capsys, monkeypatch)
    assert (code, out) == run(["--no-cache", "-j", "1", "."], project, capsys, monkeypatch)[:2]
    assert out == first



@pytest.mark.parametrize("damage", [{"sigs": "garbage"}, {"started": "x"}, {"sigs": [[1]] * 6}, {"sigs": [None] * 6}, {"started": None}])
def test_damaged_file_statuses_are_ignored(project, capsys, monkeypatch, damage):
    first = both(project, capsys, monkeypatch)
    monkeypatch.setattr(status, "RACY_NS", -(10**18))  # (any status as recorded would be trusted)
    for f in Path(os.environ["FLASKLINT_CACHE_DIR"]).rglob("run-*.json"):
        rec = read_record(str(f))
        rec.update(damage)
        write_record(str(f), rec)
    (project / "svc/settings.py").write_text("DEBUG = False\n")
    out = both(project, capsys, monkeypatch)
    assert out != first and "FL101" not in out

# -- edits to files whose steps add facts: the model is rebuilt, in part --

VIEWS = """\
from flask import Blueprint, session

bp = Blueprint("views", __name__)


@bp.route("/login", methods=["POST"])
def login():
    session["user"] = "me"
    return "ok"
"""


def many_candidates(n: int = 12) -> dict:
    """Files that name flask but add nothing to the model."""
    return {f"svc/helpers{i}.py": f"from flask import g\n\n\ndef helper{i}(x):\n    g.count = x\n    return x + {i}\n" for i in range(n)}


def counting_trees(monkeypatch) -> list:
    from flasklint.source import module as source_module

    built = []
    real = source_module.Module._build

    def build(self, text):
        built.append(self.path)
        return real(self, text)

    monkeypatch.setattr(source_module.Module, "_build", build)
    return built


def test_edit_to_a_file_adding_facts_rebuilds_only_the_steps_that_matter(project, capsys, monkeypatch):
    """views.py adds facts (a blueprint, a route, a session write): an edit
    to it re-runs the steps that added facts and views.py's own, not the
    helpers' -- their trees are not built -- and reports what a fresh run
    reports: here a new route."""
    write(project, {**many_candidates(), "svc/views.py": VIEWS})
    both(project, capsys, monkeypatch)
    built = counting_trees(monkeypatch)
    write(project, {"svc/views.py": VIEWS + '\n\n@bp.route("/login")\ndef login_form():\n    return "form"\n'})
    cached = run(["."], project, capsys, monkeypatch)
    assert cache_path() == "rebuild"
    rebuilt = list(built)
    assert cached == run(["--no-cache", "-j", "1", "."], project, capsys, monkeypatch)
    assert not any("helpers" in p for p in rebuilt), rebuilt
    assert any(p.endswith("views.py") for p in rebuilt)
    assert len(built) - len(rebuilt) > len(rebuilt)  # (the fresh run built the helpers' trees too)


def test_rebuild_drops_the_facts_an_edit_removed(project, capsys, monkeypatch):
    write(project, {**many_candidates(), "svc/views.py": VIEWS})
    assert "settings.py" in both(project, capsys, monkeypatch)  # (FL101: DEBUG = True)
    write(project, {"svc/app.py": APP.replace("app.run(debug=settings.DEBUG)", "app.run()")})
    cached = run(["."], project, capsys, monkeypatch)
    assert cache_path() == "rebuild"
    assert cached == run(["--no-cache", "-j", "1", "."], project, capsys, monkeypatch)
    assert "FL101" not in cached[1]


def test_rebuild_is_not_attempted_when_the_full_run_depended_on_step_order(project, capsys, monkeypatch):
    write(project, {**many_candidates(), "svc/views.py": VIEWS})
    first = both(project, capsys, monkeypatch)
    base = Path(os.environ["FLASKLINT_CACHE_DIR"])
    for f in base.rglob("run-*.json"):
        rec = read_record(str(f))
        rec["inc"]["rebuild"] = False  # (as a full run with order_dependent answers records it)
        write_record(str(f), rec)
    write(project, {"svc/views.py": VIEWS + "\nX = 1\n"})
    monkeypatch.setenv("FLASKLINT_CACHE_DEBUG", "1")
    code, out, err = run(["."], project, capsys, monkeypatch)
    assert cache_path() == "full" and "depend on the order of its steps" in err
    assert out == first


def test_rebuild_meeting_bounds_the_full_run_did_not_runs_in_full(project, capsys, monkeypatch):
    """With colder memos than the full run, a rebuild's resolution may be cut
    short where the full run's was not: its answers are not trusted."""
    from flasklint.resolve import limits as resolve_limits

    write(project, {**many_candidates(), "svc/views.py": VIEWS})
    both(project, capsys, monkeypatch)
    monkeypatch.setattr(resolve_limits, "MAX_DEPTH", 0)  # (every nested query is now cut short)
    write(project, {"svc/views.py": VIEWS + "\nX = 1\n"})
    monkeypatch.setenv("FLASKLINT_CACHE_DEBUG", "1")
    code, out, err = run(["."], project, capsys, monkeypatch)
    assert cache_path() == "full" and "bounds the full run did not" in err, err
    assert (code, out) == run(["--no-cache", "-j", "1", "."], project, capsys, monkeypatch)[:2]


def test_session_alias_decided_once_charges_its_decision_to_every_use(tmp_path):
    """``session`` imported through another module: whether it is Flask's is
    decided once, reading that module.  Every use is charged the decision
    (its pseudo-module bit) -- the write that adds a fact too, not only the
    first use (a membership test, which adds nothing) -- and the decision
    records what it read: an edit of compat.py asks it again, and a changed
    answer is never replayed as inert while a session write depends on it."""
    from flasklint.source.files import discover
    from flasklint.source.project import Project

    write(
        tmp_path,
        {
            "svc/__init__.py": "",
            "svc/app.py": "from flask import Flask\n\napp = Flask(__name__)\n",
            "svc/compat.py": "from flask import session\n",
            "svc/views.py": """\
                from svc.app import app
                from svc.compat import session


                @app.route("/who")
                def who():
                    return "yes" if "user" in session else "no"


                @app.route("/login", methods=["POST"])
                def login():
                    session["password"] = "hunter2"
                    return "ok"
                """,
        },
    )
    project = Project(discover([str(tmp_path)]), cwd=str(tmp_path))
    project.reads.sets.append(0)
    model = model_flask.FlaskModel(project)
    (write_use,) = [u for u in model.session_uses if u.kind == "write"]
    compat = project.module_at(str(tmp_path / "svc/compat.py"))
    ((key, (bit, answer, reads)),) = model.shared_answers.items()
    assert key == f"\0qualname\0{compat.index}\0session" and answer == "flask.session"
    assert reads & (1 << compat.index)
    assert model.contributing_reads & (1 << bit)
    assert not model.contributing_reads & (1 << compat.index)  # (only through the decision)


SESSION_ALIAS = {
    "svc/app.py": "from flask import Flask\n\napp = Flask(__name__)\n",
    "svc/compat.py": "from flask import session\n",
    "svc/views.py": """\
        from svc.app import app
        from svc.compat import session


        @app.route("/who")
        def who():
            return "yes" if "user" in session else "no"


        @app.route("/login", methods=["POST"])
        def login():
            session["password"] = "hunter2"
            return "ok"
        """,
}


def test_edit_to_what_a_decision_read_asks_it_again(project, capsys, monkeypatch):
    """compat.py is read only by the decision "is compat's ``session``
    Flask's?" (and its own steps): an edit that keeps the answer replays
    nothing that used it; one that changes it rebuilds what used it; either
    way the output is a fresh run's."""
    write(project, SESSION_ALIAS)
    first = both(project, capsys, monkeypatch)
    assert "svc/views.py:12:" in first
    compat = project / "svc/compat.py"
    compat.write_text("from flask import session\n\nRETRIES = 3\n")
    assert both(project, capsys, monkeypatch) == first
    assert cache_path() == "inert"
    compat.write_text("from flask import session as flask_session\n\nsession = {}\n")
    out = both(project, capsys, monkeypatch)
    assert cache_path() == "rebuild"
    assert "svc/views.py:12:" not in out
    compat.write_text("from flask import session as flask_session\n\nsession = flask_session\n")
    assert both(project, capsys, monkeypatch) == first
    assert cache_path() == "rebuild"


def test_edit_to_a_base_class_module_asks_the_class_kind_again(project, capsys, monkeypatch):
    """Whether errors.py's ``BaseError`` makes its subclasses Flask apps is
    one decision for every module subclassing it: an edit to errors.py
    that keeps the answer replays only errors.py's own steps; one that makes
    it a Flask subclass turns ``Oops(__name__)`` into an app (its debug run
    is reported) -- as a fresh run reports it."""
    write(
        project,
        {
            "svc/errors.py": "from flask import abort\n\n\nclass BaseError(Exception):\n    pass\n",
            "svc/more.py": """\
                from flask import abort

                from svc.errors import BaseError


                class Oops(BaseError):
                    pass


                extra = Oops(__name__)
                extra.run(debug=True)
                """,
        },
    )
    first = both(project, capsys, monkeypatch)
    assert "svc/more.py" not in first
    errors = project / "svc/errors.py"
    errors.write_text(errors.read_text() + "\n\nRETRIES = 3\n")
    assert both(project, capsys, monkeypatch) == first
    assert cache_path() == "inert"
    errors.write_text("from flask import Flask, abort\n\n\nclass BaseError(Flask):\n    pass\n")
    out = both(project, capsys, monkeypatch)
    assert "svc/more.py:11:" in out and "FL101" in out
    assert cache_path() == "rebuild"


def test_rebuild_trusts_the_bounds_the_full_run_met_in_the_same_steps(project, capsys, monkeypatch):
    """With a depth bound of 0, app.py's ``app.run(debug=settings.DEBUG)``
    meets it in the full run and again in the rebuild, in the same step:
    the rebuild stands (and the record keeps the bounds of the steps it did
    not run)."""
    from flasklint.resolve import limits as resolve_limits

    monkeypatch.setattr(resolve_limits, "MAX_DEPTH", 0)
    write(project, {**many_candidates(), "svc/views.py": VIEWS})
    first = both(project, capsys, monkeypatch)
    base = Path(os.environ["FLASKLINT_CACHE_DIR"])
    (record,) = base.rglob("run-*.json")
    bounds = read_record(str(record))["inc"]["bounds"]
    assert any(b.endswith(":depth") for b in bounds), bounds
    write(project, {"svc/views.py": VIEWS + "\nX = 1\n"})
    cached = run(["."], project, capsys, monkeypatch)
    assert cache_path() == "rebuild"
    assert cached == run(["--no-cache", "-j", "1", "."], project, capsys, monkeypatch)
    assert cached[1] == first
    assert read_record(str(record))["inc"]["bounds"] == bounds


def test_work_found_done_by_another_step_makes_the_model_order_dependent(tmp_path):
    """``_first_time``: a key (a call, an object, an attribute write) found
    again by the step that handled it is nothing; found by another step, the
    model counts it -- a rebuild, which runs only some steps, might see the
    other one first -- and its record refuses rebuilds."""
    from flasklint.source.files import discover
    from flasklint.source.project import Project

    write(tmp_path, {"app.py": "from flask import Flask\n\napp = Flask(__name__)\n"})
    project = Project(discover([str(tmp_path)]), cwd=str(tmp_path))
    project.reads.sets.append(0)
    model = model_flask.FlaskModel(project)
    assert model.order_dependent == 0
    model._step = 100
    assert model._first_time(("call", 1))
    assert not model._first_time(("call", 1)) and model.order_dependent == 0
    model._step = 101
    assert not model._first_time(("call", 1)) and model.order_dependent == 1
    assert replay.replay_record(project, model)["rebuild"] is False


def test_rebuild_of_several_edited_files_at_once(project, capsys, monkeypatch):
    """A checkout that changes the app module and a blueprint module at
    once: one rebuild runs both files' steps."""
    write(project, {**many_candidates(), "svc/views.py": VIEWS})
    both(project, capsys, monkeypatch)
    write(
        project,
        {
            "svc/views.py": VIEWS.replace('session["user"] = "me"', 'session["password"] = "hunter2"'),
            "svc/app.py": APP.replace('app.config.from_pyfile("optional.cfg")\n', ""),
        },
    )
    cached = run(["."], project, capsys, monkeypatch)
    assert cache_path() == "rebuild"
    assert cached == run(["--no-cache", "-j", "1", "."], project, capsys, monkeypatch)
    assert "FL403" in cached[1] and "optional.cfg" not in cached[1]


def test_word_only_checkers_asked_for_rebuilds(project, capsys, monkeypatch):
    """FL402 asks which files name ``secret_key``; the model's build never
    does.  An edit that adds the word -- to the app module, configuring the
    key, or to a file nothing reads -- rebuilds (the checkers ask again)
    rather than running in full, and is never answered as unused."""
    views = 'from flask import session\n\nfrom svc.app import app\n\n\n@app.route("/login", methods=["POST"])\ndef login():\n    session["user"] = "me"\n    return "ok"\n'
    app = "from flask import Flask\n\napp = Flask(__name__)\n"
    write(project, {**many_candidates(), "svc/views.py": views, "svc/app.py": app})
    assert "FL402" in both(project, capsys, monkeypatch)
    base = Path(os.environ["FLASKLINT_CACHE_DIR"])
    (record,) = base.rglob("run-*.json")
    rec = read_record(str(record))
    assert rec["text_query_bits"]["secret_key"] in rec["inc"]["tainted"]  # (asked by the checkers)
    write(project, {"tools/other.py": "X = 1  # see secret_key in the docs\n"})
    cached = run(["."], project, capsys, monkeypatch)
    assert cache_path() == "rebuild"
    assert cached == run(["--no-cache", "-j", "1", "."], project, capsys, monkeypatch)
    write(project, {"svc/app.py": app + '\n\ndef load_key():\n    with open("/run/secrets/flask_key") as fh:\n        return fh.read()\n\n\napp.secret_key = load_key()\n'})
    cached = run(["."], project, capsys, monkeypatch)
    assert cache_path() == "rebuild"
    assert cached == run(["--no-cache", "-j", "1", "."], project, capsys, monkeypatch)
    assert "FL402" not in cached[1]


def test_word_gained_replays_the_steps_that_asked_for_it(project, capsys, monkeypatch):
    """tasks.py's ``settings.update(...)`` step looked for calls of
    ``configure(`` to learn what ``settings`` is, found none and added
    nothing.  A file that starts calling it gains the word: that step is
    replayed -- not the whole model -- and still adds nothing (a plain dict
    is updated)."""
    write(
        project,
        {
            "svc/tasks.py": "from flask import g\n\n\ndef configure(settings):\n    settings.update({'SECRET_KEY': 'dev'})\n    return g\n",
            "tools/other.py": "from svc.tasks import configure\n\nSTEP = configure\n",
        },
    )
    first = both(project, capsys, monkeypatch)
    base = Path(os.environ["FLASKLINT_CACHE_DIR"])
    (record,) = base.rglob("run-*.json")
    rec = read_record(str(record))
    assert "configure(" in rec["text_query_bits"]
    write(project, {"tools/other.py": "from svc.tasks import configure\n\nSTEP = configure\nconfigure({'retries': 3})\n"})
    cached = run(["."], project, capsys, monkeypatch)
    assert cache_path() == "inert"
    assert cached == run(["--no-cache", "-j", "1", "."], project, capsys, monkeypatch)
    assert cached[1] == first
