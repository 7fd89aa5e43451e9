"""The extension records checked against the real packages.

Opt-in (``tox -e extensions``, which installs the pinned versions): these
tests import and run the extensions -- never the code flasklint analyses --
so that a release that changes what a record claims fails here.  Each test
reads its claim from the record, not from a copy of it.
"""

from __future__ import annotations

import importlib
import logging
import warnings

import pytest

from flasklint.knowledge import extensions as X

logging.disable(logging.CRITICAL)
warnings.simplefilter("ignore")

flask = pytest.importorskip("flask")


def _import(qualname):
    mod, _, name = qualname.rpartition(".")
    return getattr(importlib.import_module(mod), name)


def _package(ext):
    try:
        importlib.import_module(ext.package)
    except Exception as exc:  # not installed, or broken on this Flask
        pytest.skip(f"{ext.name} not usable here: {type(exc).__name__}: {exc}")


# -- bare decorator factories ------------------------------------------------------

BARE = [(e, d) for e in X.EXTENSIONS for d in e.bare_decorators]


@pytest.mark.parametrize("ext, record", BARE, ids=[d.qualname for _, d in BARE])
def test_bare_decorator_renames_every_view(ext, record):
    _package(ext)
    owner, _, attr = record.qualname.rpartition(".")
    try:
        deco = _import(record.qualname)
    except ImportError:
        # a method: flask_caching.Cache.cached, used on an instance
        deco = getattr(_import(owner)(config={"CACHE_TYPE": "SimpleCache"}), attr)
    app = flask.Flask(__name__)
    app.secret_key = "k"

    @app.route("/a")
    @deco
    def a():
        return "a"

    assert [r.endpoint for r in app.url_map.iter_rules() if r.rule == "/a"] == [record.endpoint]
    with pytest.raises(AssertionError):

        @app.route("/b")
        @deco
        def b():
            return "b"


# -- secret settings with a fallback ----------------------------------------------


def test_jwt_signs_with_secret_key_when_its_own_key_is_unset():
    ext = X.by_name("flask-jwt-extended")
    _package(ext)
    import jwt
    from flask_jwt_extended import JWTManager, create_access_token

    (setting,) = [s for s in ext.secret_settings if s.fallback]
    app = flask.Flask(__name__)
    app.config[setting.fallback] = "app-secret-of-some-length-0123456789"
    JWTManager(app)
    with app.app_context():
        token = create_access_token("me")
    assert jwt.decode(token, app.config[setting.fallback], algorithms=["HS256"])["sub"] == "me"


# -- sessions ---------------------------------------------------------------------


def test_server_side_session_needs_no_key_unless_signed(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # (its default store writes files to the working directory)
    ext = X.by_name("Flask-Session")
    _package(ext)
    from flask_session import Session

    assert ext.server_side_session and ext.signer_setting

    def make(**config):
        app = flask.Flask(__name__)
        app.config.update(SESSION_TYPE="cachelib", **config)
        Session(app)

        @app.route("/w")
        def w():
            flask.session["password"] = "hunter2"
            return "ok"

        return app.test_client().get("/w")

    r = make()
    assert r.status_code == 200 and "hunter2" not in r.headers.get("Set-Cookie", "")
    assert make(**{ext.signer_setting: True}).status_code == 500


@pytest.mark.parametrize("name", ["Flask-Login", "Flask-WTF"])
def test_session_writers_fail_without_a_key(name):
    ext = X.by_name(name)
    _package(ext)
    assert ext.session_writer
    app = flask.Flask(__name__)
    binder = _import(next(q for q in ext.binds if "CsrfProtect" not in q))
    binder(app)
    if name == "Flask-Login":
        from flask_login import UserMixin, login_user

        class User(UserMixin):
            id = "1"

        @app.route("/login")
        def login():
            login_user(User())
            return "ok"

        url = "/login"
    else:
        app.config["WTF_CSRF_SECRET_KEY"] = "a-csrf-key"  # (alone it does not help)
        from flask_wtf.csrf import generate_csrf

        @app.route("/form")
        def form():
            return generate_csrf()

        url = "/form"
    assert app.test_client().get(url).status_code == 500


# -- responses --------------------------------------------------------------------


def test_html_renderers_render_a_page_without_a_status(tmp_path):
    ext = X.by_name("Flask-Themes2")
    _package(ext)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.html").write_text("<h1>{{ title }}</h1>")
    from flask_themes2 import Themes

    app = flask.Flask(__name__, template_folder=str(tmp_path / "templates"))
    Themes(app, app_identifier="t")
    renderer = _import(ext.html_renderers[0])

    @app.errorhandler(429)
    def limited(e):
        return renderer("missing-theme", "page.html", title="slow down")

    app.route("/")(lambda: flask.abort(429))
    got = app.test_client().get("/")
    assert got.status_code == 200 and got.mimetype == "text/html" and b"<h1>slow down</h1>" in got.data


# -- cookies ----------------------------------------------------------------------


def test_insecure_cookie_defaults():
    for name in ("Flask-Login", "flask-jwt-extended"):
        ext = X.by_name(name)
        _package(ext)
        binder = _import(ext.binds[0])
        app = flask.Flask(__name__)
        app.secret_key = "k" * 32
        binder(app)
        for cookie in ext.insecure_cookies:
            assert app.config.get(cookie.secure_setting, False) is False, cookie


def test_talisman_forces_a_secure_session_cookie_unless_told_not_to():
    ext = X.by_name("Flask-Talisman")
    _package(ext)
    from flask_talisman import Talisman

    def secure_after_a_request(**kw):
        app = flask.Flask(__name__)
        app.secret_key = "k"
        Talisman(app, **kw)
        app.route("/")(lambda: "ok")
        app.test_client().get("/", base_url="https://x")
        return app.config["SESSION_COOKIE_SECURE"]

    assert secure_after_a_request() is True
    assert secure_after_a_request(**{ext.secure_session_cookie_off_switch: False}) is False


# -- JSON error answers ------------------------------------------------------------


@pytest.mark.parametrize("name", ["Flask-RESTful", "flask-restx", "flask-smorest"])
def test_api_routing_404(name):
    ext = X.by_name(name)
    _package(ext)
    api_class = _import(ext.binds[0])
    app = flask.Flask(__name__)
    app.config.update(API_TITLE="t", API_VERSION="1", OPENAPI_VERSION="3.0.2")
    api_class(app)
    ctype = app.test_client().get("/nope").content_type
    if ext.json_errors.routing == "always":
        assert ctype.startswith("application/json")
        return
    assert ctype.startswith("text/html")
    app2 = flask.Flask(__name__)
    api_class(app2, **{ext.json_errors.routing: True})
    assert app2.test_client().get("/nope").content_type.startswith("application/json")


def test_app_class_answers_routing_errors_in_json():
    ext = X.by_name("APIFlask")
    _package(ext)
    app_class = _import(ext.app_classes[0])
    assert app_class(__name__).test_client().get("/nope").content_type.startswith("application/json")
    off = app_class(__name__, **{ext.json_errors.off_switch: False})
    assert off.test_client().get("/nope").content_type.startswith("text/html")


def test_binding_only_through_the_app_keyword():
    ext = X.by_name("Flask-Limiter")
    _package(ext)
    from flask_limiter import Limiter

    assert not ext.app_positional
    app = flask.Flask(__name__)
    try:
        Limiter(app)
    except Exception:
        pass
    assert "limiter" not in app.extensions


# -- routes extensions add -----------------------------------------------------------

ROUTED = [e for e in X.EXTENSIONS if e.routes and e.name != "flask-oidc"]  # (flask-oidc needs a live OpenID provider)


@pytest.mark.parametrize("ext", ROUTED, ids=[e.name for e in ROUTED])
def test_binding_adds_its_rules(ext):
    _package(ext)
    app = flask.Flask(__name__)
    _import(ext.binds[0])(app)
    rules = {(r.rule, r.endpoint) for r in app.url_map.iter_rules()}
    for spec in ext.routes:
        assert (spec.rule, spec.endpoint) in rules, spec


# -- app classes and their registration methods ---------------------------------------


def test_openapi3_app_registers_its_blueprints_and_answers_html_404():
    ext = X.by_name("flask-openapi3")
    _package(ext)
    app = _import(ext.app_classes[0])(__name__)
    bp = _import(ext.blueprint_classes[0])("api", __name__, url_prefix="/api")
    assert isinstance(app, flask.Flask) and isinstance(bp, flask.Blueprint)
    bp.get("/items")(lambda: {"items": []})
    getattr(app, ext.registration_methods[0])(bp)
    assert "/api/items" in {r.rule for r in app.url_map.iter_rules()}
    assert ext.json_errors is None and app.test_client().get("/nope").content_type.startswith("text/html")
