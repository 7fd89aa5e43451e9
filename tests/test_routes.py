"""FL2xx beyond the fixture markers: severities and messages of the cases
whose outcome is the same code either way."""

from flasklint.linter import lint
from tests.harness import FIXTURES

ROUTES = FIXTURES / "routes"


def _findings(monkeypatch, case, rule):
    monkeypatch.chdir(ROUTES / case)
    return {(f.path, f.line): f for f in lint(["."]).findings if f.rule == rule}


def test_a_rule_losing_to_the_same_view_is_low_and_says_so(monkeypatch):
    found = _findings(monkeypatch, "same_view_aliases", "FL201")
    same = found[("catalog/__init__.py", 14)]
    assert same.severity == "LOW"
    assert "the same view, read(), runs either way" in same.message
    assert "url_for('resource.read')" in same.message
    annotated = found[("catalog/__init__.py", 43)]  # (``edit_view: T = View.as_view(...)``)
    assert annotated.severity == "LOW" and "NewResource.as_view()" in annotated.message
    view_class = found[("catalog/__init__.py", 13)]
    assert view_class.severity == "LOW" and "the same view, NewResource.as_view(), runs either way" in view_class.message
    copy = found[("catalog/themes.py", 13)]
    assert copy.severity == "LOW"
    assert "themes_beta() never runs, but its body is themes()'s: requests get the same answer" in copy.message


def test_a_rule_losing_to_other_code_stays_high(monkeypatch):
    found = _findings(monkeypatch, "same_view_aliases", "FL201")
    assert found[("catalog/themes.py", 23)].severity == "HIGH"  # (another folder: another answer)
    assert found[("catalog/__init__.py", 33)].severity == "HIGH"
    assert "about_page() never runs" in found[("catalog/__init__.py", 33)].message


def test_converter_weights_decide_confidence(monkeypatch):
    found = _findings(monkeypatch, "converter_weights", "FL204")
    order = found[("app.py", 21)]
    assert order.confidence == "HIGH" and "weigh the same, so the rule registered first wins" in order.message
    fallback = found[("app.py", 31)]
    assert fallback.confidence == "LOW" and "if it is meant as a fallback behind them, this is fine" in fallback.message
