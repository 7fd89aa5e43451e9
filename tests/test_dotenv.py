""".flaskenv / .env read as Flask reads them: with python-dotenv's parser and
its ${VAR} interpolation (dotenv_values(), what flask.cli.load_dotenv calls),
never with the environment flasklint itself runs in."""

import io
import textwrap

import pytest
from dotenv import dotenv_values

from flasklint.linter import lint
from flasklint.model.configfiles import parse_dotenv

APP = "from flask import Flask\n\napp = Flask(__name__)\n"

SAMPLES = [
    "FLASK_DEBUG=${OFF}\n",
    "FLASK_DEBUG=${OFF:-1}\n",
    "DEBUG=1\nFLASK_DEBUG=${DEBUG}\n",
    "FLASK_DEBUG=${LATER}\nLATER=1\n",  # (only keys set earlier expand)
    "export FLASK_APP=app.py\nexport  FLASK_DEBUG = 1\n",
    "A='single # not a comment'\nB=\"double\\nescape\"\nC=plain # a comment\nD=\n",
    "Q=\"multi\nline\"\nAFTER=${Q}!\n",
    "KEY_ONLY\nX=${KEY_ONLY}y\n",
    "BROKEN=\"unterminated\nOK=1\n",
    "A=1\nA=2\nB=${A}\n",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_values_are_what_dotenv_values_gives_flask(text, monkeypatch):
    for name in ("OFF", "DEBUG", "LATER", "Q", "KEY_ONLY", "A"):
        monkeypatch.delenv(name, raising=False)  # (a clean environment)
    expected = {k: v for k, v in dotenv_values(stream=io.StringIO(text), interpolate=True).items() if v is not None}
    assert dict((k, v) for k, v, _ in parse_dotenv(text)) == expected


def test_the_environment_flasklint_runs_in_is_not_the_apps(monkeypatch):
    monkeypatch.setenv("OFF", "1")
    assert parse_dotenv("FLASK_DEBUG=${OFF}\n") == [("FLASK_DEBUG", "", 1)]


def test_lines_are_those_of_the_keys():
    text = "\n# comment\n\nexport A=1\nM='two\nlines'\n\n\n   B=${A}\r\nC=3\rD=4\n"
    assert parse_dotenv(text) == [("A", "1", 4), ("M", "two\nlines", 5), ("B", "1", 9), ("C", "3", 10), ("D", "4", 11)]


def _fl103(tmp_path, monkeypatch, flaskenv):
    (tmp_path / "app.py").write_text(APP)
    (tmp_path / ".flaskenv").write_text(textwrap.dedent(flaskenv))
    monkeypatch.chdir(tmp_path)
    return [(f.path, f.line) for f in lint(["."]).findings if f.rule == "FL103"]


def test_expansion_to_nothing_is_not_debug_mode(tmp_path, monkeypatch):
    monkeypatch.setenv("OFF", "1")  # (not the app's environment)
    assert _fl103(tmp_path, monkeypatch, "FLASK_DEBUG=${OFF}\n") == []


def test_a_variable_set_earlier_turns_debug_on(tmp_path, monkeypatch):
    assert _fl103(tmp_path, monkeypatch, "ON=1\n\nexport FLASK_DEBUG=\"${ON}\"\n") == [(".flaskenv", 3)]


def test_a_default_turns_debug_on(tmp_path, monkeypatch):
    assert _fl103(tmp_path, monkeypatch, "FLASK_DEBUG=${UNSET:-true} # on\n") == [(".flaskenv", 1)]


@pytest.mark.parametrize(
    "text",
    [
        "A=x" + " " * 300_000 + "y\n",  # quadratic in python-dotenv's comment stripping
        "A=" + "${" * 100_000 + "\n",  # quadratic in its interpolation
        '"' * 200_000,
        "=\n" * 20_000 + "\x00\xff\n" + "'quoted\n" * 1000,
    ],
)
def test_hostile_files_end_and_yield_what_parses(text):
    got = parse_dotenv(text + "\nLAST=${A:-ok}\n")
    assert got[-1][0] == "LAST"
    assert all(isinstance(v, str) for _, v, _ in got)


def test_shortened_blank_runs_keep_the_comment_rule():
    assert parse_dotenv("A=1" + " " * 1000 + "# comment\nB=two" + "\t" * 100 + "words\n") == [("A", "1", 1), ("B", "two" + "\t" * 32 + "words", 2)]
