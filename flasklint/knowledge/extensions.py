"""What popular Flask extensions change, one record each.

Each record is verified against the real package: ``evidence`` names the
experiments (``eNN``) of the shared extension reference that observed it.
Adding an extension is adding a record here, fixtures, and a line in
``docs/extensions.md``; the model reads the records through the lookups at
the bottom, and no rule names an extension.
"""

from __future__ import annotations

import fnmatch
from dataclasses import replace
from typing import Dict, List, Optional, Tuple

from flasklint.knowledge.extension_schema import (
    AppFactory,
    BareDecorator,
    BlueprintHandlers,
    Extension,
    ExtensionRoute,
    RestResources,
    InsecureCookie,
    JsonErrors,
    SecretSetting,
)

FLASK_SECRET_SETTINGS = (
    SecretSetting("SECRET_KEY", "sessions"),
    SecretSetting("SECRET_KEY_FALLBACKS", "sessions"),
)

# flask-restx 1.3.2 (tests/live_extensions/test_rest_routes.py): @api.route /
# @ns.route and add_resource; default endpoints snake_case, "<namespace>_"
# before those of a namespace other than the Api's own, "_2" when taken
# ("specs" is the Api's swagger.json); Namespace(name, description, path)
RESTX_RESOURCES = RestResources(
    resource_classes=("flask_restx.Resource",),
    decorators=("route",),
    endpoint_case="snake",
    dedupe_endpoints=True,
    reserved_endpoints=("specs",),
    namespace_classes=("flask_restx.Namespace",),
    namespace_factory="namespace",
    namespace_adder="add_namespace",
)

EXTENSIONS: Tuple[Extension, ...] = (
    Extension(
        "Flask-Session",
        "flask_session",
        ("e01",),
        binds=("flask_session.Session",),
        server_side_session=True,
        signer_setting="SESSION_USE_SIGNER",
        notes="Session(app) without SESSION_TYPE raises ValueError at start-up (0.8).",
    ),
    Extension(
        "flask-jwt-extended",
        "flask_jwt_extended",
        ("e02", "e25"),
        binds=("flask_jwt_extended.JWTManager",),
        secret_settings=(SecretSetting("JWT_SECRET_KEY", "JWTs", fallback="SECRET_KEY"),),
        bare_decorators=(
            BareDecorator(
                "flask_jwt_extended.jwt_required",
                "wrapper",
                since="4.0",
                older_names=("jwt_optional", "jwt_refresh_token_required", "fresh_jwt_required", "verify_jwt_in_request_optional"),
            ),
        ),
        insecure_cookies=(InsecureCookie("access_token_cookie", "JWT_COOKIE_SECURE", set_by_setting="JWT_TOKEN_LOCATION:cookies"),),
    ),
    Extension(
        "Flask-Login",
        "flask_login",
        ("e03",),
        binds=("flask_login.LoginManager",),
        session_writer="login_user() keeps the user id in the session",
        signs_with_secret_key="remember-me cookies",
        insecure_cookies=(InsecureCookie("remember_token", "REMEMBER_COOKIE_SECURE", set_by_call="flask_login.login_user:remember"),),
    ),
    Extension(
        "Flask-WTF",
        "flask_wtf",
        ("e04",),
        binds=("flask_wtf.CSRFProtect", "flask_wtf.CsrfProtect"),
        session_writer="CSRF protection keeps its token in the session",
        secret_settings=(SecretSetting("WTF_CSRF_SECRET_KEY", "CSRF tokens", fallback="SECRET_KEY"),),
    ),
    Extension(
        "Flask-Admin",
        "flask_admin",
        ("e05",),
        binds=("flask_admin.Admin",),
        session_writer="its model views flash() their messages",
        routes=(ExtensionRoute("/admin/", "admin.index", unless_args=("url", "endpoint")),),
        notes="A second Admin(app) raises ValueError.",
    ),
    Extension(
        "flakon",
        "flakon",
        ("e06", "e06b", "e06c"),
        app_factories=(
            AppFactory(
                "flakon.create_app",
                settings_arg="settings",
                settings_position=2,
                settings_section="flask",
                settings_env="FLASK_SETTINGS",
                blueprints_arg="blueprints",
                blueprints_position=1,
            ),
        ),
        blueprint_classes=("flakon.JsonBlueprint", "flakon.SwaggerBlueprint"),
        blueprint_handlers=BlueprintHandlers("default", "json"),
        notes="On Flask >= 2.0.1 register_blueprint raises TypeError; its JSON wrapper has no functools.wraps.",
    ),
    Extension(
        "Flask-RESTful",
        "flask_restful",
        ("e07",),
        binds=("flask_restful.Api",),
        json_errors=JsonErrors(routing="catch_all_404s"),
        # (tests/live_extensions/test_rest_routes.py: Flask-RESTful 0.3.10)
        rest_resources=RestResources(
            resource_classes=("flask_restful.Resource",), decorators=("resource",), unknown_args=("url_part_order",)
        ),
    ),
    Extension(
        "flask-restx",
        "flask_restx",
        ("e08", "e08b"),
        binds=("flask_restx.Api",),
        json_errors=JsonErrors(routing="catch_all_404s"),
        # (even with doc=False; then GET / answers 404 when the Api comes first)
        routes=(
            ExtensionRoute("/", "root", prefix_arg="prefix"),
            ExtensionRoute("/swagger.json", "specs", prefix_arg="prefix"),
        ),
        rest_resources=RESTX_RESOURCES,
    ),
    Extension(
        "flask-restplus",
        "flask_restplus",
        ("e08",),  # (flask-restx is its maintained fork: same error router)
        binds=("flask_restplus.Api",),
        json_errors=JsonErrors(routing="catch_all_404s"),
        # (the code restx forked: the same rules; not run live -- it needs Werkzeug < 1.0)
        rest_resources=replace(
            RESTX_RESOURCES, resource_classes=("flask_restplus.Resource",), namespace_classes=("flask_restplus.Namespace",)
        ),
    ),
    Extension(
        "flask-smorest",
        "flask_smorest",
        ("e09",),
        binds=("flask_smorest.Api",),
        blueprint_classes=("flask_smorest.Blueprint",),
        json_errors=JsonErrors(routing="always"),
    ),
    Extension(
        "APIFlask",
        "apiflask",
        ("e10",),
        app_classes=("apiflask.APIFlask",),
        blueprint_classes=("apiflask.APIBlueprint",),
        json_errors=JsonErrors(routing="always", off_switch="json_errors"),
    ),
    Extension(
        "flask-openapi3",
        "flask_openapi3",
        ("live",),  # (tests/live_extensions: a Flask subclass; routing 404/405 answer HTML)
        app_classes=("flask_openapi3.OpenAPI",),
        blueprint_classes=("flask_openapi3.APIBlueprint",),
        registration_methods=("register_api",),
    ),
    Extension(
        "connexion",
        "connexion",
        ("e22",),
        # FlaskApp wraps a Flask app in .app; (connexion.App is Flask only
        # before 3.0, an ASGI app since: not modelled)
        app_classes=("connexion.FlaskApp", "connexion.apps.flask.FlaskApp"),
        wrapped_app_attribute="app",
        json_errors=JsonErrors(routing="always"),
        notes="Routes come from the OpenAPI file; errors answer application/problem+json, routing 404 included; "
        "FlaskApp.run() serves with uvicorn since 3.0.",
    ),
    Extension(
        "Flask-Talisman",
        "flask_talisman",
        ("e11",),
        binds=("flask_talisman.Talisman",),
        secure_session_cookie_off_switch="session_cookie_secure",
    ),
    Extension(
        "flask-oidc",
        "flask_oidc",
        ("e12",),
        binds=("flask_oidc.OpenIDConnect",),
        routes=(
            ExtensionRoute("/login", "oidc_auth.login"),
            ExtensionRoute("/logout", "oidc_auth.logout"),
            ExtensionRoute("/authorize", "oidc_auth.authorize"),
        ),
        session_writer="the OpenID Connect login keeps its tokens in the session",
        session_secrets="the OAuth tokens (access, id and refresh) and the user's profile",
        secret_settings=(SecretSetting("OIDC_CLIENT_SECRET", "OAuth client", attack="impersonate"),),
    ),
    Extension(
        "Flask-Security",
        "flask_security",
        ("e13", "e25"),
        binds=("flask_security.Security",),
        other_distributions=("Flask-Security-Too",),
        session_writer="its login and forms write the session",
        signs_with_secret_key="confirmation, reset and login tokens",
        secret_settings=(SecretSetting("SECURITY_PASSWORD_SALT", "password hashes (it is their HMAC salt)", attack="attack"),),
        bare_decorators=(
            BareDecorator("flask_security.auth_required", "wrapper"),
            BareDecorator("flask_security.roles_required", "wrapper"),
            BareDecorator("flask_security.roles_accepted", "wrapper"),
        ),
    ),
    Extension(
        "Authlib",
        "authlib",
        ("e14",),
        binds=("authlib.integrations.flask_client.OAuth",),
        session_writer="OAuth logins keep their state in the session",
        secret_settings=(SecretSetting("*_CLIENT_SECRET", "OAuth client", attack="impersonate"),),
    ),
    Extension(
        "itsdangerous",
        "itsdangerous",
        ("e15",),
        notes="Serializers sign with their first argument; payloads are readable, not encrypted.",
    ),
    Extension(
        "Flask-SocketIO",
        "flask_socketio",
        ("e16",),
        notes="socketio.run(app, debug=True) turns debug mode on (modelled with the server starts).",
    ),
    Extension(
        "Flask-Caching",
        "flask_caching",
        ("e17", "e25"),
        binds=("flask_caching.Cache",),
        bare_decorators=(
            BareDecorator("flask_caching.Cache.cached", "decorator"),
            BareDecorator("flask_caching.Cache.memoize", "memoize"),
        ),
    ),
    Extension(
        "Flask-Themes2",
        "flask_themes2",
        ("live",),
        html_renderers=("flask_themes2.render_theme_template",),
    ),
    Extension(
        "Flask-Limiter",
        "flask_limiter",
        ("e18",),
        binds=("flask_limiter.Limiter",),
        app_positional=False,
        notes="Limiter(app) binds nothing on 3.0+ (the first argument is the key function).",
    ),
    Extension(
        "Flask-CORS",
        "flask_cors",
        ("e19",),
        binds=("flask_cors.CORS",),
        notes="supports_credentials=True with the default origins reflects any Origin.",
    ),
    Extension(
        "Flask-HTTPAuth",
        "flask_httpauth",
        ("e20",),
        notes="Not bound to an app; HTTPDigestAuth keeps its nonce in the session.",
    ),
    Extension(
        "Flask-Principal",
        "flask_principal",
        ("e23",),
        binds=("flask_principal.Principal",),
        session_writer="it keeps the identity in the session",
    ),
    Extension(
        "Flask-DebugToolbar",
        "flask_debugtoolbar",
        ("e21",),
        binds=("flask_debugtoolbar.DebugToolbarExtension",),
        debug_settings=("DEBUG_TB_ENABLED",),
        notes="Enabled when the app is in debug mode; refuses to start without SECRET_KEY then.",
    ),
    Extension(
        "Flask-AppBuilder",
        "flask_appbuilder",
        ("e24",),
        binds=("flask_appbuilder.AppBuilder",),
        session_writer="its login views write the session (Flask-Login, Flask-WTF)",
        secret_settings=(SecretSetting("JWT_SECRET_KEY", "JWTs", fallback="SECRET_KEY"),),
    ),
)


# -- lookups ----------------------------------------------------------------------

def _short(qualname: str) -> Tuple[str, str]:
    """``flask_wtf.csrf.CSRFProtect`` -> (flask_wtf, CSRFProtect): a name
    is recognised by its package and its own name, whichever public module
    re-exports it."""
    return qualname.split(".", 1)[0], qualname.rsplit(".", 1)[-1]


def same_name(a: Optional[str], b: str) -> bool:
    """``flask_login.utils.login_user`` is ``flask_login.login_user``."""
    return bool(a) and _short(a) == _short(b)


class Knowledge:
    """The records of one run, indexed: the built-in ones, plus the
    helpers a project declares in its configuration (see :func:`declared`)."""

    def __init__(self, records: Tuple[Extension, ...]):
        self.records = records
        self._binders = self._index("binds")
        self._app_classes = self._index("app_classes")
        self._blueprint_classes = self._index("blueprint_classes")
        self._factories = {_short(f.qualname): (ext, f) for ext in records for f in ext.app_factories}
        self._bare = {}
        for ext in records:
            for d in ext.bare_decorators:
                self._bare[_short(d.qualname) if d.qualname.count(".") == 1 else d.qualname] = (ext, d)
        self.binding_packages = frozenset(p for p, _ in self._binders)
        # top-level packages whose import makes a file worth parsing
        named = [q for e in records for q in e.app_classes + e.blueprint_classes + tuple(f.qualname for f in e.app_factories)]
        self.packages = tuple(sorted({e.package for e in records if e.package} | {q.split(".", 1)[0] for q in named}))
        # constructor names the model resolves like Flask(...) / Blueprint(...)
        self.constructor_names = frozenset(n for _, n in list(self._app_classes) + list(self._blueprint_classes) + list(self._factories))
        self.registration_methods = frozenset(m for e in records for m in e.registration_methods)

    def _index(self, field: str) -> Dict[Tuple[str, str], Extension]:
        return {_short(q): ext for ext in self.records for q in getattr(ext, field)}

    def binder(self, qualname: Optional[str]) -> Optional[Extension]:
        """The extension whose class ``qualname`` binds to an app, or None."""
        return self._binders.get(_short(qualname)) if qualname else None

    def app_class(self, qualname: Optional[str]) -> Optional[Extension]:
        return self._app_classes.get(_short(qualname)) if qualname else None

    def blueprint_class(self, qualname: Optional[str]) -> Optional[Extension]:
        return self._blueprint_classes.get(_short(qualname)) if qualname else None

    def app_factory(self, qualname: Optional[str]) -> Optional[Tuple[Extension, AppFactory]]:
        return self._factories.get(_short(qualname)) if qualname else None

    def bare_decorator(self, qualname: Optional[str]) -> Optional[Tuple[Extension, BareDecorator]]:
        """The bare-decorator record for ``flask_jwt_extended.jwt_required``
        (any re-export) or ``flask_caching.Cache.cached`` (a method)."""
        if not qualname:
            return None
        return self._bare.get(qualname) or self._bare.get(_short(qualname))

    def by_name(self, name: str) -> Optional[Extension]:
        return next((e for e in self.records if e.name == name), None)

    def secret_settings(self) -> List[Tuple[SecretSetting, Optional[Extension]]]:
        """Every configuration key something signs with: Flask's own, then
        each extension's (a key read by two extensions is listed once)."""
        out: List[Tuple[SecretSetting, Optional[Extension]]] = [(s, None) for s in FLASK_SECRET_SETTINGS]
        seen = {s.key for s in FLASK_SECRET_SETTINGS}
        for ext in self.records:
            for s in ext.secret_settings:
                if s.key not in seen:
                    seen.add(s.key)
                    out.append((s, ext))
        return out

    def secret_setting(self, key: str, bound: Tuple[Extension, ...] = ()) -> Optional[Tuple[SecretSetting, Optional[Extension]]]:
        """The record of a signing key.  An exact name counts everywhere (the
        name says who reads it); a pattern (``*_CLIENT_SECRET``) only for an
        app the extension is bound to."""
        for s, ext in self.secret_settings():
            if "*" not in s.key:
                if s.key == key:
                    return s, ext
            elif ext in bound and fnmatch.fnmatchcase(key, s.key):
                return s, ext
        return None


KNOWN = Knowledge(EXTENSIONS)

DECLARED_NAME = "the project's configuration"


def declared(app_factories=(), app_classes=(), blueprint_classes=()) -> Knowledge:
    """The built-in records plus one for helpers a project declares
    (``app-factories``, ``app-classes``, ``blueprint-classes`` in its
    flasklint configuration): names of functions returning a Flask app and
    of Flask / Blueprint subclasses that live outside the linted tree (a
    company library), so that apps made with them are modelled."""
    if not (app_factories or app_classes or blueprint_classes):
        return KNOWN
    record = Extension(
        DECLARED_NAME,
        "",
        ("configuration",),
        app_classes=tuple(app_classes),
        blueprint_classes=tuple(blueprint_classes),
        app_factories=tuple(AppFactory(q) for q in app_factories),
    )
    return Knowledge(EXTENSIONS + (record,))


# The built-in knowledge, for code that has no project at hand.
binder = KNOWN.binder
app_class = KNOWN.app_class
blueprint_class = KNOWN.blueprint_class
app_factory = KNOWN.app_factory
bare_decorator = KNOWN.bare_decorator
by_name = KNOWN.by_name
secret_settings = KNOWN.secret_settings
secret_setting = KNOWN.secret_setting
BINDING_PACKAGES = KNOWN.binding_packages
PACKAGES = KNOWN.packages
CONSTRUCTOR_NAMES = KNOWN.constructor_names
