"""``flasklint routes`` with the rules REST frameworks add for their
Resource classes (flask-restful, flask-restx): goldens from fixture
projects, what stays unknown, and what is not an Api.

The fixtures' rules are the real frameworks' (checked by
tests/live_extensions/test_rest_routes.py, which runs them)."""

import json

import pytest

from flasklint.linter import build
from flasklint.model.rest_routes import default_endpoint
from tests.harness import FIXTURES, run_cli
from tests.test_cli import check_golden

ROUTES = FIXTURES / "routes"
CASES = ("rest_restful", "rest_restx", "rest_blueprint", "rest_unknown")


def routes(case, capsys, monkeypatch, *fmt):
    code, out, err = run_cli(["routes", *fmt, "."], ROUTES / case, capsys, monkeypatch)
    assert code == 0 and err == "", err
    return out


@pytest.mark.parametrize("case", CASES)
def test_text_golden(case, capsys, monkeypatch):
    check_golden(f"routes_{case}.txt", routes(case, capsys, monkeypatch))


@pytest.mark.parametrize("case", ("rest_restx", "rest_blueprint"))
def test_json_golden(case, capsys, monkeypatch):
    out = routes(case, capsys, monkeypatch, "--format", "json")
    check_golden(f"routes_{case}.json", out)


def test_rows_say_which_framework_adds_them(capsys, monkeypatch):
    rows = json.loads(routes("rest_restful", capsys, monkeypatch, "--format", "json"))
    assert [(r["endpoint"], r["rule"], r.get("via")) for r in rows] == [
        ("static", "/static/<path:filename>", None),
        ("health", "/health", None),
        ("itemlist", "/api/v1/items", "Flask-RESTful"),
        ("itemlist", "/api/v1/items/all", "Flask-RESTful"),
        ("one_item", "/api/v1/items/<int:item_id>", "Flask-RESTful"),
        ("ping", "/api/v1/ping", "Flask-RESTful"),
        ("ping", "/api/v1/pong", "Flask-RESTful"),
        ("about", "/about", None),
    ]
    assert rows[4]["methods"] == ["DELETE", "GET", "PUT"] and rows[4]["location"] == "app.py:33"
    assert rows[5]["methods"] == ["GET"]  # (a Resource defining no method: Flask's GET)


def test_namespaces_paths_and_endpoints(capsys, monkeypatch):
    rows = [r for r in json.loads(routes("rest_restx", capsys, monkeypatch, "--format", "json")) if r["location"] != "app.py:5"]
    assert [(r["endpoint"], r["rule"]) for r in rows[1:]] == [
        ("cats_cat_list", "/api/cats/"),  # (default path: /<name>)
        ("cats_cat_by_id", "/api/cats/<int:cat_id>"),
        ("cats_cat_by_id", "/api/cats/by-id/<int:cat_id>"),
        ("all_dogs", "/api/hounds/"),  # (add_namespace(path=) wins over the namespace's own)
        ("birds_bird", "/api/avian/<name>"),  # (api.namespace(name, path=))
        ("service_status", "/api/status"),  # (the Api's own namespace: no name before it)
        ("specs_2", "/api/specs"),  # ("specs" is taken by the Api's swagger.json)
    ]


def test_blueprint_prefix_and_deferred_binding(capsys, monkeypatch):
    rows = json.loads(routes("rest_blueprint", capsys, monkeypatch, "--format", "json"))
    assert [(r["endpoint"], r["rule"], r.get("via")) for r in rows[1:]] == [
        ("index", "/", None),
        ("v1.order", "/v1/rest/orders/<int:order_id>", "Flask-RESTful"),
        ("v2.order_list", "/v2/orders", "flask-restx"),  # (register_blueprint(url_prefix=) wins)
        ("report", "/reports", "Flask-RESTful"),  # (registered by init_app, after the blueprints)
    ]


def test_unknown_pieces_are_shown_unknown_and_non_apis_add_nothing(capsys, monkeypatch):
    rows = json.loads(routes("rest_unknown", capsys, monkeypatch, "--format", "json"))
    assert [(r["endpoint"], r["methods"], r["rule"]) for r in rows[1:]] == [
        ("thing", ["GET"], "?"),  # (a path read from the environment)
        ("?", ["?"], "/vendor"),  # (a Resource from outside the project)
        ("many", ["GET"], "?"),  # (add_resource(Thing, *urls))
    ]
    assert all(r["rule"] != "/not-a-rule" for r in rows)  # (Registry().add_resource: not an Api)


def test_pictures_mark_the_framework(capsys, monkeypatch):
    out = routes("rest_blueprint", capsys, monkeypatch, "--format", "dot")
    assert "via Flask-RESTful" in out and "via flask-restx" in out
    assert "via" not in next(line for line in out.splitlines() if "index" in line)


def test_rest_rules_stay_out_of_the_url_map_fl2xx_reads(monkeypatch):
    monkeypatch.chdir(ROUTES / "rest_restful")
    _, model = build(["."])
    (app,) = model.apps
    assert [fr.endpoint for fr in model.url_map(app)] == ["health", "about"]
    assert [fr.endpoint for fr in model.rest_routes(app)] == ["itemlist", "itemlist", "one_item", "ping", "ping"]


@pytest.mark.parametrize(
    "name, case, expected",
    [
        ("ItemList", "lower", "itemlist"),
        ("ItemList", "snake", "item_list"),
        ("CatByID", "snake", "cat_by_id"),
        ("HTTPThing", "snake", "http_thing"),
        ("Thing2Go", "snake", "thing2_go"),
    ],
)
def test_default_endpoint(name, case, expected):
    assert default_endpoint(name, case) == expected
