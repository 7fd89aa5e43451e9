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

    from flasklint.source import directives

    monkeypatch.setattr(directives.tokenize, "generate_tokens", boom)
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


# -- file-level directives and unknown ids (fixture: core/suppression_comments) --


def test_file_level_directive_on_its_own_line_only():
    FILE = suppress.FILE
    assert suppress.python_suppressions("x = 1\n\n# flasklint: noqa: FL101,FL401\n") == {FILE: frozenset({"FL101", "FL401"})}
    assert suppress.python_suppressions("    # FlaskLint: NOQA\n") == {FILE: ALL}
    assert suppress.python_suppressions("x = 1  # flasklint: noqa: FL101\n") == {}
    assert suppress.python_suppressions('X = """\n# flasklint: noqa\n"""\n') == {}
    assert suppress.text_suppressions("# flasklint: noqa: debug-env-file\nFLASK_DEBUG=1\n") == {FILE: frozenset({"FL103"})}
    assert suppress.suppressed({FILE: frozenset({"FL101"})}, "FL101", 40)
    assert not suppress.suppressed({FILE: frozenset({"FL101"})}, "FL401", 40)


def _fl005(tmp_path, capsys, monkeypatch, *extra):
    from tests.harness import run_cli

    code, out, _ = run_cli(["--output-format", "json", "--select", "FL005", *extra, "."], tmp_path, capsys, monkeypatch)
    return [(f["path"], f["line"], f["column"], f["message"]) for f in json.loads(out)["findings"]]


def test_unknown_ids_in_suppressions_are_reported(tmp_path, capsys, monkeypatch):
    (tmp_path / "app.py").write_text(
        "x = 1  # noqa: FL999\n"
        "y = 2  # noqa: E501, B201, FL101\n"
        "z = 3  # flasklint: ignore[FL998]\n"
        "# flasklint: noqa: FL997\n"
        "w = '# noqa: FL996'\n"
    )
    assert _fl005(tmp_path, capsys, monkeypatch) == [
        ("app.py", 1, 16, "unknown rule id FL999 in a suppression comment"),
        ("app.py", 3, 28, "unknown rule id FL998 in a suppression comment"),
        ("app.py", 4, 20, "unknown rule id FL997 in a suppression comment"),
    ]


def test_unknown_ids_follow_edits_with_the_cache(tmp_path, capsys, monkeypatch):
    """FL005 reads comments of files the model may never use: an edit that
    adds or removes an unknown id must not be answered from the cache."""
    proj = tmp_path / "proj"
    proj.mkdir()
    (proj / "app.py").write_text("from flask import Flask\n\napp = Flask(__name__)\n")
    (proj / "util.py").write_text("def f():\n    return 1\n")
    cache = ["--cache-dir", str(tmp_path / "cache")]
    assert _fl005(proj, capsys, monkeypatch, *cache) == []
    (proj / "util.py").write_text("def f():\n    return 1  # noqa: FL999\n")
    assert [f[:2] for f in _fl005(proj, capsys, monkeypatch, *cache)] == [("util.py", 2)]
    (proj / "util.py").write_text("def f():\n    return 2  # noqa: FL101\n")
    assert _fl005(proj, capsys, monkeypatch, *cache) == []
    (proj / "util.py").write_text("def f():\n    return 2  # noqa: FL101\n# flasklint: noqa: FL990\n")
    assert [f[:2] for f in _fl005(proj, capsys, monkeypatch, *cache)] == [("util.py", 3)]


def test_rule_command_documents_fl005(capsys, monkeypatch, tmp_path):
    from tests.harness import run_cli

    code, out, _ = run_cli(["rule", "FL005"], tmp_path, capsys, monkeypatch)
    assert code == 0 and out.startswith("# FL005 `unknown-rule-in-suppression`")
    for heading in ("## What it does", "## Why is this bad?", "## Example", "## Use instead"):
        assert heading in out
