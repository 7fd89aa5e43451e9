"""The progress indicator: on stderr, only when it is a terminal, after a
delay, at most ten drawings a second, erased before the report -- in every
mode of a run (no cache, cold cache, warm cache, worker processes).  Driven
by a fake clock: nothing here sleeps."""

import importlib
import io
import sys

import pytest

from flasklint.cli.main import Progress, main

cli_main = importlib.import_module("flasklint.cli.main")  # (flasklint.cli.main is also the function)

APP = "from flask import Flask\n\napp = Flask(__name__)\napp.run(debug=True)\n"
ERASE = "\r\x1b[K"


class FakeTTY(io.StringIO):
    def isatty(self):
        return True


class Clock:
    """Each reading is ``step`` seconds after the previous one."""

    def __init__(self, step):
        self.now, self.step = 0.0, step

    def __call__(self):
        self.now += self.step
        return self.now


def test_nothing_before_the_delay_then_at_most_one_drawing_per_interval():
    tty, clock = FakeTTY(), Clock(0.04)
    p = Progress(tty, delay=0.5, interval=0.1, clock=clock)
    for i in range(30):  # 30 calls, 0.04 s apart: 1.2 s
        p("checking", i, 30)
    p.close()
    drawings = tty.getvalue().split(ERASE)[1:-1]
    assert drawings and len(drawings) <= (1.2 - 0.5) / 0.1 + 1
    assert drawings[0].startswith("flasklint: checking (") and drawings[-1].endswith("\u2026 1s")
    assert tty.getvalue().endswith(ERASE)  # erased at the end


def test_the_ticker_draws_a_long_stage_between_calls():
    tty, clock = FakeTTY(), Clock(0.2)
    p = Progress(tty, delay=0.5, clock=clock)
    p("building the project model of 900 files", 0, 0)  # (0.2 s in: too early; the ticks: 0.4 too)
    for _ in range(4):
        p.tick()  # what the ticker thread does every interval
    p.close()
    # (drawn once the delay has passed; the same text is not drawn again)
    assert tty.getvalue() == f"{ERASE}flasklint: building the project model of 900 files\u2026 1s" + ERASE


def test_short_runs_and_pipes_show_nothing():
    quiet = FakeTTY()
    p = Progress(quiet, clock=Clock(0.01))
    p("checking", 1, 4)
    p.close()
    pipe = io.StringIO()
    p = Progress(pipe, delay=0, clock=Clock(1))
    p("checking", 1, 4)
    p.tick()
    p.close()
    assert quiet.getvalue() == pipe.getvalue() == ""


@pytest.fixture
def project(tmp_path, monkeypatch):
    proj = tmp_path / "proj"
    (proj / "svc").mkdir(parents=True)
    (proj / "pyproject.toml").write_text("")
    (proj / "svc" / "__init__.py").write_text("")
    (proj / "svc" / "app.py").write_text(APP)
    (proj / "svc" / "views.py").write_text("from svc.app import app\n\n\n@app.route('/')\ndef index():\n    return 'hi'\n")
    monkeypatch.chdir(proj)
    monkeypatch.delenv("FLASKLINT_CACHE_DIR", raising=False)
    return proj


def _run(argv, monkeypatch, stderr):
    """The CLI with a clock that moves 0.3 s at each reading and no ticker
    thread: every stage reported after the delay is drawn."""
    made = []

    def progress(stream, **kw):
        p = Progress(stream, clock=Clock(0.3))
        made.append(p)
        return p

    monkeypatch.setattr(cli_main, "Progress", progress)
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    monkeypatch.setattr(sys, "stderr", stderr)
    code = main(argv)
    return code, made


MODES = {
    "no cache": [["--no-cache", "-j", "1", "."]],
    "cold cache": [["--cache-dir", "{cache}", "-j", "1", "."]],
    "warm cache": [["--cache-dir", "{cache}", "-j", "1", "."], ["--cache-dir", "{cache}", "-j", "1", "."]],
    "jobs": [["--no-cache", "-j", "2", "."]],
}


@pytest.mark.parametrize("mode", MODES)
def test_every_mode_draws_and_erases_on_a_terminal(mode, project, tmp_path, monkeypatch):
    *earlier, last = [[a.replace("{cache}", str(tmp_path / "cache")) for a in argv] for argv in MODES[mode]]
    for argv in earlier:
        _run(argv, monkeypatch, io.StringIO())
    err = FakeTTY()
    code, (p,) = _run(last, monkeypatch, err)
    assert code == 1
    text = err.getvalue()
    assert p.drawn >= 1 and text.startswith(ERASE + "flasklint: ")
    stages = [d.split("\u2026")[0] for d in text.split(ERASE)[1:-1]]
    if mode == "warm cache":
        assert stages[-1] == "flasklint: comparing 3 files with the cache"
    else:
        assert "flasklint: building the project model of 3 files" in stages
        assert any(s.startswith("flasklint: checking (") for s in stages)
    assert text.endswith(ERASE) and not p.shown  # erased before the report (on stdout here)


@pytest.mark.parametrize("mode", MODES)
def test_nothing_is_drawn_when_stderr_is_not_a_terminal(mode, project, tmp_path, monkeypatch):
    for argv in MODES[mode]:
        err = io.StringIO()
        _run([a.replace("{cache}", str(tmp_path / "cache")) for a in argv], monkeypatch, err)
        assert "\x1b" not in err.getvalue()


def test_quiet_draws_nothing(project, monkeypatch):
    err = FakeTTY()
    _, (p,) = _run(["-q", "--no-cache", "-j", "1", "."], monkeypatch, err)
    assert p.drawn == 0 and "\x1b" not in err.getvalue()
