"""Deterministic output: the same input gives byte-identical output across
runs, hash seeds, and the order in which files were created or are listed by
the file system."""

import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

from flasklint.cli import main
from tests.harness import FIXTURES

ROOT = Path(__file__).parent.parent

# A project with findings of every kind in many files, and names whose
# creation order, listing order and sorted order all differ.
FILES = {
    "zeta/__init__.py": "",
    "zeta/app.py": "from flask import Flask\nfrom alpha.settings import DEBUG\napp = Flask(__name__)\napp.config.from_pyfile('missing.cfg')\napp.run(debug=DEBUG)\n",
    "alpha/__init__.py": "",
    "alpha/settings.py": "DEBUG = True\n",
    "Beta.py": "from flask import Flask\napp = Flask(__name__)\napp.run(debug=1)\n",
    "beta.py": "def broken(:\n",
    "_under.py": "from flask import Flask\napp = Flask(__name__)\napp.config['X'] = " + "-" * 1200 + "y\n",
    "ümlaut.py": "from flask import Flask\napp = Flask('ü')\napp.run(debug=True, host='0.0.0.0')\n",
    "m/10.py": "x = (\n",
    "m/9.py": "x = )\n",
    "m/a b.py": "from flask import Flask\napp = Flask(__name__)\napp.run(True, debug=True)\n",
    ".flaskenv": "FLASK_DEBUG=1\n",
    "cyc/a.py": "from cyc.b import X\nfrom flask import Flask\napp = Flask(__name__)\napp.run(debug=X)\n",
    "cyc/b.py": "from cyc.a import X\n",
    "cyc/__init__.py": "",
}


def build(root: Path, order):
    for rel in order:
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(FILES[rel], encoding="utf-8")


def outputs(project, monkeypatch, capsys):
    monkeypatch.chdir(project)
    got = []
    for argv in (["--color", "never", "."], ["--format", "json", "."], ["routes", "."]):
        main(argv)
        got.append(capsys.readouterr().out)
    return got


def test_creation_and_listing_order_do_not_matter(tmp_path, monkeypatch, capsys):
    names = sorted(FILES)
    first = tmp_path / "a" / "proj"
    build(first, names)
    expected = outputs(first, monkeypatch, capsys)
    assert "FL001" in expected[0] and "FL003" in expected[0] and "FL004" in expected[0] and "FL101" in expected[0]

    second = tmp_path / "b" / "proj"
    build(second, list(reversed(names)))
    assert outputs(second, monkeypatch, capsys) == expected

    # the file system lists entries in any order it likes
    real_scandir = os.scandir
    rng = random.Random(1234)

    class Shuffled:
        def __init__(self, path):
            self.it = real_scandir(path)
            self.entries = list(self.it)
            rng.shuffle(self.entries)

        def __iter__(self):
            return iter(self.entries)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.it.close()

    third = tmp_path / "c" / "proj"
    shuffled = names[:]
    rng.shuffle(shuffled)
    build(third, shuffled)
    monkeypatch.setattr(os, "scandir", Shuffled)
    for _ in range(3):
        assert outputs(third, monkeypatch, capsys) == expected


def test_repeated_runs_in_one_process_are_identical(monkeypatch, capsys):
    runs = [outputs(FIXTURES, monkeypatch, capsys) for _ in range(2)]
    assert runs[0] == runs[1]


def test_hash_seed_does_not_change_the_output(tmp_path):
    """Set and dict order of strings changes with PYTHONHASHSEED; the output
    must not.  All fixture projects linted as one project, in two formats."""
    project = tmp_path / "fixtures"
    shutil.copytree(FIXTURES, project, ignore=shutil.ignore_patterns("__pycache__", "SENTINEL*"))
    results = []
    for seed in ("1", "2", "3"):
        env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONHASHSEED=seed)
        fmt = "json" if seed != "3" else "text"
        proc = subprocess.run(
            [sys.executable, "-m", "flasklint", "--format", fmt, "."], cwd=project, capture_output=True, env=env
        )
        assert proc.returncode in (0, 1), proc.stderr
        results.append((fmt, proc.stdout))
    assert results[0][1] == results[1][1]
    assert b'"rule": "FL101"' in results[0][1]
    # the text run agrees with an in-process run (whatever this process' seed)
    from flasklint.linter import lint
    from flasklint.report import text

    old = os.getcwd()
    os.chdir(project)
    try:
        here = text.render(lint(["."]), color=False)
    finally:
        os.chdir(old)
    assert results[2][1].decode("utf-8") == here
