"""``.gitignore`` is respected by default (nested files, negation,
``.git/info/exclude``), never read outside the project, and the cache
follows it."""

import json
import os

import pytest

from tests.harness import run_cli

APP = "from flask import Flask\n\napp = Flask(__name__)\napp.run(debug=True)\n"


def run(argv, cwd, capsys, monkeypatch):
    return run_cli(argv, cwd, capsys, monkeypatch)


def project(tmp_path):
    root = tmp_path / "proj"
    for rel in ("app.py", "gen/g.py", "sub/a.py", "sub/deep/d.py", "sub/x_local.py", "sub/y_local.py", "private/p.py"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(APP)
    (root / ".git" / "info").mkdir(parents=True)
    (root / ".git" / "info" / "exclude").write_text("# git's own comment\nprivate/\n")
    (root / ".gitignore").write_text("gen/\n*_local.py\n!y_local.py\n")
    (root / "sub" / ".gitignore").write_text("deep/\n")
    return root


def files(root, capsys, monkeypatch, *extra):
    code, out, err = run(["--show-files", *extra, "."], root, capsys, monkeypatch)
    assert code == 0, err
    return out.split()


def flagged(root, capsys, monkeypatch, *argv):
    code, out, err = run(["--output-format", "json", *argv], root, capsys, monkeypatch)
    assert code in (0, 1), err
    return sorted({f["path"] for f in json.loads(out)["findings"]})


def test_gitignore_files_apply_like_git(tmp_path, capsys, monkeypatch):
    root = project(tmp_path)
    assert files(root, capsys, monkeypatch) == ["app.py", "sub/a.py", "sub/y_local.py"]
    assert flagged(root, capsys, monkeypatch, "--no-cache", ".") == ["app.py", "sub/a.py", "sub/y_local.py"]
    everything = ["app.py", "gen/g.py", "private/p.py", "sub/a.py", "sub/deep/d.py", "sub/x_local.py", "sub/y_local.py"]
    assert files(root, capsys, monkeypatch, "--no-respect-gitignore") == everything
    _, _, err = run(["--no-cache", "-v", "."], root, capsys, monkeypatch)
    assert "flasklint: gitignore: 3 ignore files read: " in err


def test_respect_gitignore_setting(tmp_path, capsys, monkeypatch):
    root = project(tmp_path)
    (root / "pyproject.toml").write_text("[tool.flasklint]\nrespect-gitignore = false\n")
    assert "gen/g.py" in files(root, capsys, monkeypatch)
    assert "gen/g.py" not in files(root, capsys, monkeypatch, "--respect-gitignore")
    _, out, _ = run(["--show-settings", "."], root, capsys, monkeypatch)
    assert "respect-gitignore: false" in out.splitlines()
    (root / "pyproject.toml").write_text('[tool.flasklint]\nrespect-gitignore = "sometimes"\n')
    code, _, err = run(["."], root, capsys, monkeypatch)
    assert code == 2 and "respect-gitignore: must be true or false" in err


def test_an_explicitly_named_file_is_always_linted(tmp_path, capsys, monkeypatch):
    root = project(tmp_path)
    (root / "pyproject.toml").write_text("")
    assert flagged(root, capsys, monkeypatch, "--no-cache", "gen/g.py", "sub/x_local.py", "app.py") == ["app.py", "gen/g.py", "sub/x_local.py"]
    # (and its neighbours stay ignored in the project model)
    code, out, _ = run(["--show-files", "gen/g.py"], root, capsys, monkeypatch)
    assert out == "gen/g.py\n"


def test_ignore_files_are_not_followed_out_of_the_project(tmp_path, capsys, monkeypatch):
    root = project(tmp_path)
    outside = tmp_path / "outside"
    (outside / "info").mkdir(parents=True)
    (outside / "everything").write_text("*\n")
    (outside / "info" / "exclude").write_text("*\n")
    (root / "sub" / ".gitignore").unlink()
    os.symlink(outside / "everything", root / "sub" / ".gitignore")  # a link: not read
    got = files(root, capsys, monkeypatch)
    assert "sub/a.py" in got and "sub/deep/d.py" in got
    (root / ".git" / "info" / "exclude").unlink()
    (root / ".git" / "info").rmdir()
    (root / ".git").rmdir()
    os.symlink(outside, root / ".git")  # .git/info/exclude through a link out of the project: not read
    assert "app.py" in files(root, capsys, monkeypatch)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_unusable_ignore_files_do_not_crash_or_block(tmp_path, capsys, monkeypatch):
    root = project(tmp_path)
    (root / "sub" / ".gitignore").unlink()
    os.mkfifo(root / "sub" / ".gitignore")  # would block a reader forever
    (root / ".gitignore").unlink()
    (root / ".gitignore").mkdir()  # not a file
    (root / "gen" / ".gitignore").write_bytes(b"\xff\xfe[\n***\nfoo\\\n*.py\n")  # bad bytes and patterns
    assert files(root, capsys, monkeypatch) == ["app.py", "sub/a.py", "sub/deep/d.py", "sub/x_local.py", "sub/y_local.py"]


def test_the_cache_follows_gitignore_changes(tmp_path, capsys, monkeypatch):
    root = project(tmp_path)
    cache = ["--cache-dir", str(tmp_path / "cache")]

    def both():
        cached = flagged(root, capsys, monkeypatch, *cache, ".")
        assert cached == flagged(root, capsys, monkeypatch, "--no-cache", ".")
        return cached

    assert both() == ["app.py", "sub/a.py", "sub/y_local.py"]
    assert both() == ["app.py", "sub/a.py", "sub/y_local.py"]  # (a hit)
    (root / ".gitignore").write_text("gen/\n")
    assert both() == ["app.py", "sub/a.py", "sub/x_local.py", "sub/y_local.py"]
    (root / "sub" / ".gitignore").write_text("")
    assert both() == ["app.py", "sub/a.py", "sub/deep/d.py", "sub/x_local.py", "sub/y_local.py"]
    (root / ".git" / "info" / "exclude").write_text("sub/\n")
    assert both() == ["app.py", "private/p.py"]
    assert flagged(root, capsys, monkeypatch, *cache, "--no-respect-gitignore", ".") == [
        "app.py", "gen/g.py", "private/p.py", "sub/a.py", "sub/deep/d.py", "sub/x_local.py", "sub/y_local.py",
    ]
    assert flagged(root, capsys, monkeypatch, *cache, ".") == ["app.py", "private/p.py"]


def test_explicit_files_share_one_cache_record(tmp_path, capsys, monkeypatch):
    """pre-commit names other files on each run: the files kept from
    .gitignore are not part of the cache key (discovery is compared with
    the record instead), so an ignored file named once is not reported
    again from the cache when it is no longer named."""
    root = project(tmp_path)
    (root / "pyproject.toml").write_text("")
    cache = ["--cache-dir", str(tmp_path / "cache")]
    assert flagged(root, capsys, monkeypatch, *cache, "app.py", "gen/g.py") == ["app.py", "gen/g.py"]
    assert flagged(root, capsys, monkeypatch, *cache, "app.py") == ["app.py"]
    assert flagged(root, capsys, monkeypatch, *cache, "sub/a.py") == ["sub/a.py"]
    assert flagged(root, capsys, monkeypatch, *cache, "gen/g.py") == ["gen/g.py"]
    records = [p for p in (tmp_path / "cache").rglob("run-*.json")]
    assert len(records) == 1
