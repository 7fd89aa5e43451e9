"""Routing semantics (flasklint.routing) against the installed Werkzeug.

Every subset proof must agree with Werkzeug's own matcher: for each pair, the
URLs of the smaller rule (its witnesses that it accepts) must all be accepted
by the bigger one, and a non-proof must come with a URL that tells them apart
or be a case the calculus deliberately leaves open.
"""

import pytest

from flasklint import routing as R

PAIRS = [
    # (small, big, small ⊆ big)
    ("/c/<any(a, b):k>", "/c/<s>", True),
    ("/o/<uuid:u>", "/o/<s>", True),
    ("/i/<int:i>", "/i/<s>", True),
    ("/i/<int:i>", "/i/<float:f>", False),
    ("/i/<int:i>", "/i/<int(signed=True):j>", True),
    ("/i/<int(signed=True):j>", "/i/<int:i>", False),
    ("/s/<string(length=2):s>", "/s/<s>", True),
    ("/s/<s>", "/s/<string(maxlength=3):s>", False),
    ("/f/<a>/<b>", "/f/<path:p>", True),
    ("/f/<a>/<b>/", "/f/<path:p>", True),
    ("/f/", "/f/<path:p>", False),
    ("/f/<path:p>", "/f/<s>", False),
    ("/x", "/x/", False),
    ("/users/me", "/users/<name>", True),
    ("/v/<int(max=10):v>", "/v/<int:n>", True),
    ("/u/<name>.json", "/u/<name>", False),  # true, but mixed segments are only compared by identity
]


@pytest.mark.parametrize("small,big,expected", PAIRS)
def test_subset_proofs_agree_with_werkzeug(small, big, expected):
    s, b = R.parse_rule(small), R.parse_rule(big)
    assert s is not None and b is not None
    assert R.rule_subset(s, b) is expected
    oracle = R.Oracle()
    rs, rb = R.OracleRule(small, ("GET",), "s"), R.OracleRule(big, ("GET",), "b")
    own = [u for u in R.witnesses(s, b) if oracle.accepts(rs, u, "GET")]
    assert own, "no witness accepted by the smaller rule"
    if expected:
        assert all(oracle.accepts(rb, u, "GET") for u in own)
    elif small not in ("/u/<name>.json",):
        assert any(not oracle.accepts(rb, u, "GET") for u in own)


def test_same_parts_ignore_variable_names_and_validation():
    assert R.compiled_parts("/i/<int:a>") == R.compiled_parts("/i/<int(max=10):b>")
    assert R.compiled_parts("/i/<a>") != R.compiled_parts("/i/<int:a>")
    assert R.compiled_parts("/x") != R.compiled_parts("/x/")


def test_parse_rejects_what_werkzeug_rejects_or_cannot_know():
    assert R.parse_rule("no-slash") is None
    assert R.parse_rule("/x/<regex('a+'):v>") is None  # a project converter
    assert R.parse_rule("/x/<a>/<a>") is None
    assert R.variables("/teams/<team>/r/<int:rid>") == ["team", "rid"]


def test_oracle_winner_follows_converter_weights_and_order():
    oracle = R.Oracle()
    name = R.OracleRule("/user/<name>", ("GET",), "name")
    num = R.OracleRule("/user/<int:i>", ("GET",), "num")
    assert oracle.winner([name, num], "/user/1", "GET") == "num"
    assert oracle.winner([name, num], "/user/x", "GET") == "name"
    first = R.OracleRule("/c/<s>", ("GET",), "first")
    anyr = R.OracleRule("/c/<any(a,b):k>", ("GET",), "any")
    assert oracle.winner([first, anyr], "/c/a", "GET") == "first"
    assert oracle.winner([anyr, first], "/c/a", "GET") == "any"
    # a method mismatch backtracks to the next rule
    post = R.OracleRule("/p/<s>", ("POST",), "post")
    get = R.OracleRule("/p/<int:i>", ("GET",), "get")
    assert oracle.winner([get, post], "/p/1", "POST") == "post"


def test_a_rule_losing_urls_to_several_rules_is_one_finding(monkeypatch):
    """A catch-all behind two more specific rules: one FL204 on the
    catch-all, naming the first winner, with a note per rule that wins."""
    from flasklint.linter import lint
    from tests.harness import FIXTURES

    monkeypatch.chdir(FIXTURES / "routes" / "shadowing")
    found = [f for f in lint(["."], select=["FL204"]).findings if f.location.line == 141]
    assert [(f.message, [(r.location.line, r.message) for r in f.related]) for f in found] == [
        (
            "/proxy/<path:rest> and 2 other rules accept some of the same URLs: /proxy/<name>/status "
            "(proxy_status() at app.py:146) wins GET /proxy/x/status because the string converter (weight 100) "
            "is tried before path (200), and 1 more win others (see the notes), so proxy() only gets the URLs "
            "all of them reject; if it is meant as a fallback behind them, this is fine",
            [(146, "/proxy/<name>/status wins /proxy/x/status"), (151, "/proxy/<name> wins /proxy/x")],
        )
    ]
