"""FL3xx / FL502: full messages (golden) and the response analysis of the
model (what a handler or view answers)."""

import textwrap

import pytest

from flasklint.cli import main
from flasklint.linter import build
from flasklint.model import error_coverage as C
from flasklint.model import responses as R
from tests.harness import FIXTURES
from tests.test_cli import check_golden

ERRORS = FIXTURES / "errors"


@pytest.mark.parametrize("case", ["seed_error_handling", "blueprint_subclass", "detail_leak", "negotiation", "restful", "jsonify_status", "html_handler_in_api", "site_with_api"])
def test_messages_golden(case, capsys, monkeypatch):
    monkeypatch.chdir(ERRORS / case)
    main(["--color", "never", "--select", "FL3,FL502", "."])
    out, _ = capsys.readouterr()
    check_golden(f"errors_{case}.txt", out)


def _answers(tmp_path, monkeypatch, code, func_name):
    (tmp_path / "app.py").write_text(textwrap.dedent(code))
    monkeypatch.chdir(tmp_path)
    project, model = build(["."])
    (mod,) = [m for m in project.modules]
    tree = project.tree(mod)
    func = tree.locals[func_name][0]
    return model.responses.answers(func)


HEAD = """
from flask import Flask, Response, jsonify, make_response, redirect, render_template
app = Flask(__name__)
"""


@pytest.mark.parametrize(
    "body, expected",
    [
        ("return jsonify(error='x'), 404", (R.JSON, True, 404)),
        ("return {'error': 'x'}", (R.JSON, False, None)),
        ("return jsonify({'error': 'x'}, 500)", (R.JSON, False, None)),
        ("return make_response(jsonify(error='x'), 404)", (R.JSON, True, 404)),
        ("return make_response(jsonify(error='x'))", (R.JSON, False, None)),
        ("r = jsonify(error='x')\n    r.status_code = 418\n    return r", (R.JSON, True, 418)),
        ("return Response('{}', status=400, mimetype='application/json')", (R.JSON, True, 400)),
        ("return Response('oops')", (R.HTML, False, None)),
        ("return render_template('404.html')", (R.HTML, False, None)),
        ("return 'Not found', 404", (R.TEXT, True, 404)),
        ("return e", (R.HTML, True, None)),
        ("return e.get_response()", (R.HTML, True, None)),
        ("return redirect('/')", (R.REDIRECT, True, 302)),
        ("return jsonify(error=e.name), e.code", (R.JSON, True, None)),
        ("return jsonify(error='x'), {'X-A': '1'}", (R.JSON, False, None)),
        ("return helper(e)", (R.JSON, True, 409)),
        ("return unknown_call()", (R.UNKNOWN_BODY, None, None)),
    ],
)
def test_what_a_handler_answers(tmp_path, monkeypatch, body, expected):
    code = HEAD + f"""

def helper(e):
    resp = jsonify(error=str(e))
    resp.status_code = 409
    return resp


@app.errorhandler(404)
def handler(e):
    {body}
"""
    (ans,) = _answers(tmp_path, monkeypatch, code, "handler")
    assert (ans.body, ans.status_given, ans.status) == expected


def test_jsonify_positional_status_is_lost(tmp_path, monkeypatch):
    code = HEAD + """
@app.errorhandler(500)
def handler(e):
    return jsonify({'Error': 'x'}, 500)
"""
    (ans,) = _answers(tmp_path, monkeypatch, code, "handler")
    assert ans.answers_200 and ans.lost_status == 500


def test_handler_coverage_through_helper_and_app_errorhandler(monkeypatch):
    monkeypatch.chdir(ERRORS / "factory_helper")
    _, model = build(["."])
    (app,) = model.apps
    wide = C.app_wide_handlers(app)
    assert {h.func.name for h in wide} == {"http_error", "out_of_stock", "handle_unexpected", "too_large"}
    assert all(any(C.handler_covers(h, c) for h in wide) for c in (404, 405, 500))
    assert C.app_character(model.responses, app).serves_json


def test_blueprint_subclass_handlers_bind_self(monkeypatch):
    monkeypatch.chdir(ERRORS / "blueprint_subclass")
    _, model = build(["."])
    by_bp = {(h.owner.name, h.func.name if h.func else None) for h in model.handlers}
    assert by_bp == {("home", "_json_error"), ("jobs", "on_error")}
    (app,) = model.apps
    assert C.app_wide_handlers(app) == []


def test_details_sent_only_in_debug_mode_or_to_admins_are_low(monkeypatch):
    from flasklint.linter import lint

    monkeypatch.chdir(FIXTURES / "errors" / "guarded_details")
    found = {}
    for f in lint(["."]).findings:
        if f.rule == "FL305":
            found.setdefault(f.line, []).append(f)
    assert {f.severity for f in found[14]} == {"LOW"}
    assert "only when debug mode is on" in found[14][0].message
    (admin,) = found[26]
    assert admin.severity == "LOW" and "only when the user is an administrator" in admin.message
    (plain,) = found[35]
    assert plain.severity == "MEDIUM"
    (not_debug,) = found[53]  # (``if not app.debug or ...``: not a debug-only branch)
    assert not_debug.severity == "MEDIUM"


def test_a_fallback_chosen_by_the_request_path_is_low(monkeypatch):
    """A 404/410 handler that answers 200 for some paths (a single-page
    app's client routes) and keeps the error status for the others: intent
    the model cannot judge, so LOW; without a branch that keeps the status
    it stays MEDIUM."""
    from flasklint.linter import lint

    monkeypatch.chdir(ERRORS / "spa_fallback")
    found = {f.line: f for f in lint(["."]).findings if f.rule == "FL303"}
    assert (found[33].severity, found[33].confidence) == ("LOW", "LOW")
    assert "chosen by the request's path" in found[33].message
    assert found[40].severity == "MEDIUM" and found[41].severity == "MEDIUM"
