"""Baselines: --write-baseline records, --baseline reports only new
findings, matching survives line shifts."""

import json

from flasklint.baseline import normalise_message
from flasklint.cli import main
from tests.harness import run_cli

APP = """\
from flask import Flask

app = Flask(__name__)


def dev():
    app.run(debug=True)


def also_dev():
    app.run(debug=True)
"""


def lint_json(argv, cwd, capsys, monkeypatch):
    code, out, err = run_cli(["--format", "json"] + argv, cwd, capsys, monkeypatch)
    doc = json.loads(out) if out.strip() else None
    return code, [(f["path"], f["line"]) for f in (doc or {"findings": []})["findings"]], err


def test_write_then_use_baseline(tmp_path, capsys, monkeypatch):
    app = tmp_path / "svc" / "app.py"
    app.parent.mkdir()
    app.write_text(APP)
    monkeypatch.chdir(tmp_path)
    assert main(["--write-baseline", "flasklint-baseline.json"]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "wrote 2 findings to flasklint-baseline.json" in captured.err
    doc = json.loads((tmp_path / "flasklint-baseline.json").read_text())
    assert doc["tool"] == "flasklint" and doc["version"] == 1
    assert [(e["rule"], e["path"], e["line"]) for e in doc["findings"]] == [("FL101", "svc/app.py", 7), ("FL101", "svc/app.py", 11)]
    # Nothing new: exit 0.
    code, found, _ = lint_json(["--baseline", "flasklint-baseline.json"], tmp_path, capsys, monkeypatch)
    assert (code, found) == (0, [])

    # Lines shift (an import added, code re-indented elsewhere): still known.
    app.write_text("import os\nimport sys\n\n" + APP.replace("def dev():", "def dev():  # local use"))
    code, found, _ = lint_json(["--baseline", "flasklint-baseline.json"], tmp_path, capsys, monkeypatch)
    assert (code, found) == (0, [])

    # A third identical call is new (occurrence index), and only it is reported.
    app.write_text(app.read_text() + "\n\ndef third():\n    app.run(debug=True)\n")
    code, found, _ = lint_json(["--baseline", "flasklint-baseline.json"], tmp_path, capsys, monkeypatch)
    assert (code, found) == (1, [("svc/app.py", 18)])

    # Editing a flagged line makes it new.
    app.write_text(APP.replace("    app.run(debug=True)\n\n\ndef also", "    app.run(debug=True, port=5001)\n\n\ndef also"))
    code, found, _ = lint_json(["--baseline", "flasklint-baseline.json"], tmp_path, capsys, monkeypatch)
    assert (code, found) == (1, [("svc/app.py", 7)])


def test_baseline_paths_are_relative_to_the_baseline_file(tmp_path, capsys, monkeypatch):
    (tmp_path / "svc").mkdir()
    (tmp_path / "svc" / "app.py").write_text(APP)
    monkeypatch.chdir(tmp_path)
    assert main(["--write-baseline", "baseline.json", "svc"]) == 0
    capsys.readouterr()
    # Run from the package directory: paths are displayed differently, the
    # baseline still matches.
    code, found, _ = lint_json(["--baseline", "../baseline.json", "."], tmp_path / "svc", capsys, monkeypatch)
    assert (code, found) == (0, [])


def test_summary_counts_baselined_findings(tmp_path, capsys, monkeypatch):
    (tmp_path / "app.py").write_text(APP)
    monkeypatch.chdir(tmp_path)
    main(["--write-baseline", "b.json"])
    capsys.readouterr()
    assert main(["--baseline", "b.json", "--color", "never"]) == 0
    assert capsys.readouterr().out == "No problems found in 1 file; 2 in baseline.\n"


def test_baseline_errors(tmp_path, capsys, monkeypatch):
    (tmp_path / "app.py").write_text(APP)
    monkeypatch.chdir(tmp_path)
    assert main(["--baseline", "missing.json"]) == 2
    assert "missing.json: cannot read baseline" in capsys.readouterr().err
    (tmp_path / "bad.json").write_text("{")
    assert main(["--baseline", "bad.json"]) == 2
    assert "bad.json: invalid baseline" in capsys.readouterr().err
    (tmp_path / "other.json").write_text('{"findings": []}')
    assert main(["--baseline", "other.json"]) == 2
    assert "not a flasklint baseline" in capsys.readouterr().err
    assert main(["--baseline", "a.json", "--write-baseline", "b.json"]) == 2
    assert "cannot be used together" in capsys.readouterr().err


def test_line_numbers_in_messages_do_not_count():
    assert normalise_message("same route as svc/app.py:12 (line 12)") == normalise_message("same route as svc/app.py:40 (line 40)")
    assert normalise_message("listens on port 8000") == "listens on port 8000"
