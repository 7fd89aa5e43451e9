"""Suppression comments (the end-to-end cases are the fixture
tests/fixtures/integrations/suppressions)."""

import json

import pytest

from flasklint import suppress
from flasklint.cli import main
from flasklint.finding import Finding, Location
from flasklint.linter import Filters, lint, postprocess

ALL = frozenset([suppress.ALL])


@pytest.mark.parametrize(
    "comment,expected",
    [
        ("# noqa", ALL),
        ("#noqa", ALL),
        ("# NOQA", ALL),
        ("# noqa: FL101", {"FL101"}),
        ("# noqa:FL101,FL102", {"FL101", "FL102"}),
        ("# noqa: FL101 FL102", {"FL101", "FL102"}),
        ("# noqa: E501", set()),
        ("# noqa: E501, FL101", {"FL101"}),
        ("# nosec", ALL),
        ("# nosec FL101", {"FL101"}),
        ("# nosec: FL101", {"FL101"}),
        ("# nosec B201", set()),
        ("# nosec B201, FL101", {"FL101"}),
        ("# nosec: local development only", ALL),
        ("# flasklint: ignore[FL101]", {"FL101"}),
        ("# flasklint: ignore[FL101, debug-run]", {"FL101"}),
        ("# flasklint:ignore[ FL101 ,FL102 ]", {"FL101", "FL102"}),
        ("# flasklint: ignore", ALL),
        ("# noqa: E501  # nosec FL101", {"FL101"}),
        ("# type: ignore", None),
        ("# the noqa convention", None),
        ("# pragma: no cover", None),
    ],
)
def test_parse_comment(comment, expected):
    got = suppress.parse_comment(comment)
    assert (got if got is None else set(got)) == (expected if expected is None else set(expected))


def test_python_comments_only_not_strings():
    src = 'A = "# noqa"\nB = """\n# noqa\n"""\nC = 1  # noqa: FL101\n'
    assert suppress.python_suppressions(src) == {5: frozenset({"FL101"})}


def test_python_file_without_a_directive_word_is_not_tokenized(monkeypatch):
    def boom(*a, **k):
        raise AssertionError("tokenized")

    monkeypatch.setattr(suppress.tokenize, "generate_tokens", boom)
    assert suppress.python_suppressions("app.run(debug=True)  # not now\n") == {}
    with pytest.raises(AssertionError):
        suppress.python_suppressions("app.run(debug=True)  # NoQA\n")


def test_python_file_with_syntax_error_keeps_earlier_comments():
    src = "a = 1  # noqa\ndef f(:\n    pass  # noqa\n"
    assert 1 in suppress.python_suppressions(src)


def test_text_files():
    src = "\n".join(
        [
            "FLASK_DEBUG=1  # noqa: FL101",  # 1
            'SECRET_KEY="abc # noqa"',  # 2: inside quotes
            "PASSWORD=x#noqa",  # 3: '#' not after whitespace is part of the value (dotenv)
            "; nosec FL101",  # 4: INI comment line ...
            "debug = true",  # 5: ... covers the next line
            "[section]  # flasklint: ignore",  # 6
        ]
    )
    assert suppress.text_suppressions(src) == {
        1: frozenset({"FL101"}),
        4: frozenset({"FL101"}),
        5: frozenset({"FL101"}),
        6: ALL,
    }


def _result_with(tmp_path, monkeypatch, files, extra):
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = lint(["."], filters=Filters(suppress=False))
    result.findings = list(result.findings) + extra
    return result


def test_findings_in_config_files_are_suppressed_on_their_line(tmp_path, monkeypatch):
    files = {
        "app.py": "from flask import Flask\napp = Flask(__name__)\n",
        ".flaskenv": "FLASK_APP=app\nFLASK_DEBUG=0  # noqa: FL101\nFLASK_RUN_HOST=0.0.0.0\n",
    }

    def finding(line):
        return Finding("FL101", Location(".flaskenv", line, 1), "debug on", "HIGH", "HIGH")

    result = _result_with(tmp_path, monkeypatch, files, [finding(2), finding(3)])
    postprocess(result, Filters())
    assert [(f.path, f.line) for f in result.findings] == [(".flaskenv", 3)]
    assert result.suppressed == 1


def test_ignore_noqa_option(tmp_path, capsys, monkeypatch):
    (tmp_path / "app.py").write_text("from flask import Flask\napp = Flask(__name__)\napp.run(debug=True)  # noqa\n")
    monkeypatch.chdir(tmp_path)
    assert main(["--format", "json"]) == 0
    capsys.readouterr()
    assert main(["--format", "json", "--ignore-noqa"]) == 1
    assert [f["line"] for f in json.loads(capsys.readouterr().out)["findings"]] == [3]
