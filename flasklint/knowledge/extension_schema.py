"""The shape of what flasklint knows about one Flask extension.

A record says how the extension is bound to an app and what it changes for
each rule area; :mod:`flasklint.knowledge.extensions` holds the records and
the model reads them (rules never name an extension).  Every field is plain
data; an empty field means "changes nothing there".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Tuple


@dataclass(frozen=True)
class SecretSetting:
    """A configuration key the extension signs or hashes with."""

    key: str  # JWT_SECRET_KEY
    protects: str  # what it protects, after "<app>'s": "JWTs"
    fallback: str = ""  # the key used when this one is unset: SECRET_KEY
    attack: str = "forge"  # what its holder can do to it: forge, impersonate...


@dataclass(frozen=True)
class JsonErrors:
    """Error answers in JSON that the extension installs for an app."""

    # routing 404/405 (unknown URL, wrong method) answer JSON too:
    # "always", "never", or the name of a constructor keyword that turns
    # it on (flask-restful's catch_all_404s)
    routing: str = "always"
    # constructor keyword that turns JSON errors off (APIFlask json_errors=False)
    off_switch: str = ""


@dataclass(frozen=True)
class BlueprintHandlers:
    """Error handlers a blueprint class registers on itself."""

    codes: str = "default"  # "default": every code Werkzeug defines
    body: str = "json"


@dataclass(frozen=True)
class BareDecorator:
    """A decorator factory that breaks a view when used without ``()``:
    the view is replaced by the factory's inner decorator, so every such
    view gets the same endpoint name (AssertionError on the second)."""

    qualname: str  # flask_jwt_extended.jwt_required, flask_caching.Cache.cached
    endpoint: str  # the name Flask derives for the view: wrapper
    since: str = ""  # the extension version from which bare use breaks
    # names only the versions before ``since`` export: a project importing
    # one of them runs an older version, where bare use is right
    older_names: Tuple[str, ...] = ()


@dataclass(frozen=True)
class InsecureCookie:
    """A cookie the extension sets without the Secure flag by default."""

    cookie: str  # remember_token
    secure_setting: str  # REMEMBER_COOKIE_SECURE
    # when the cookie is set at all: a call with a keyword set to True
    # ("flask_login.login_user:remember"), or a setting containing a value
    # ("JWT_TOKEN_LOCATION:cookies")
    set_by_call: str = ""
    set_by_setting: str = ""


@dataclass(frozen=True)
class ExtensionRoute:
    """A URL rule the extension adds to the app it is bound to (``Ext(app)``)."""

    rule: str  # "/"
    endpoint: str  # "root"
    methods: Tuple[str, ...] = ("GET",)
    prefix_arg: str = ""  # binding keyword whose value prefixes the rule
    # binding keywords that move the rule somewhere flasklint does not model
    unless_args: Tuple[str, ...] = ()


@dataclass(frozen=True)
class RestResources:
    """How a REST framework's ``Api`` turns Resource classes into URL rules
    on the app or blueprint it is bound to (shown by ``flasklint routes``).

    ``api.<add_method>(Resource, "/a", "/b", endpoint=...)`` and
    ``@api.<decorator>("/a")`` on the class add one rule per URL, each
    ``<api prefix><namespace path><url>`` (plain concatenation; behind the
    blueprint's registration prefix when bound to a blueprint, the endpoint
    then ``<blueprint's own name>.<endpoint>``)."""

    resource_classes: Tuple[str, ...] = ()  # flask_restx.Resource (its methods: http_methods)
    add_method: str = "add_resource"  # api.add_resource(Resource, *urls, endpoint=)
    decorators: Tuple[str, ...] = ()  # @api.resource(*urls) / @ns.route(*urls) on the class
    prefix_arg: str = "prefix"  # Api keyword prefixing every rule
    # Api keywords that change how rules are composed in ways not modelled
    unknown_args: Tuple[str, ...] = ()
    # the default endpoint from the class name: "lower" (ItemList ->
    # itemlist) or "snake" (ItemList -> item_list, flask_restx.utils.camel_to_dash)
    endpoint_case: str = "lower"
    # a default endpoint already taken gets "_2", "_3"... (restx); these
    # endpoints are taken by the Api itself before any resource
    dedupe_endpoints: bool = False
    reserved_endpoints: Tuple[str, ...] = ()
    # method functions of a Resource that become HTTP methods (Flask's
    # MethodView.http_method_funcs; none defined: Flask's default GET)
    http_methods: Tuple[str, ...] = ("get", "post", "head", "options", "delete", "put", "trace", "patch")
    # -- namespaces (restx / restplus)
    namespace_classes: Tuple[str, ...] = ()  # flask_restx.Namespace(name, path=...)
    namespace_factory: str = ""  # api.namespace(name, path=...): made and added at once
    namespace_adder: str = ""  # api.add_namespace(ns, path=...)
    namespace_path_arg: str = "path"  # (keyword of the class, the factory and the adder)
    namespace_path_position: int = 2  # Namespace(name, description, path)
    namespace_default_path: str = "/{name}"  # without path=; trailing "/" stripped
    # default endpoint of a resource in a namespace (not the Api's own)
    namespace_endpoint: str = "{namespace}_{endpoint}"


@dataclass(frozen=True)
class AppFactory:
    """A function of the extension that creates and returns a Flask app."""

    qualname: str  # flakon.create_app
    settings_arg: str = ""  # keyword (or first position) naming an INI file
    settings_position: Optional[int] = None
    settings_section: str = ""  # the INI section loaded into app.config
    settings_env: str = ""  # environment variable that overrides the file
    blueprints_arg: str = ""  # keyword holding blueprints it registers
    blueprints_position: Optional[int] = None


@dataclass(frozen=True)
class Extension:
    name: str  # as users know it: Flask-Login
    package: str  # top-level import package: flask_login
    evidence: Tuple[str, ...]  # experiments verifying the record (shared/extension-experiments)
    # -- binding: ``Ext(app)``, ``Ext(app=app)``, ``ext = Ext(); ext.init_app(app)``
    binds: Tuple[str, ...] = ()  # qualified class names
    app_positional: bool = True  # False: the app is only ever the ``app=`` keyword
    # -- objects it provides in place of Flask's
    app_classes: Tuple[str, ...] = ()  # Flask subclasses (APIFlask)
    # the app classes wrap a Flask app kept in this attribute (connexion's
    # ``FlaskApp(...).app``) rather than being one: their own ``run()`` is
    # the extension's server, not Flask's
    wrapped_app_attribute: str = ""
    blueprint_classes: Tuple[str, ...] = ()  # Blueprint subclasses
    blueprint_handlers: Optional[BlueprintHandlers] = None  # what its blueprint classes register
    # methods of its app and blueprint classes that register a blueprint
    # as register_blueprint does (flask-openapi3's app.register_api(bp))
    registration_methods: Tuple[str, ...] = ()
    app_factories: Tuple[AppFactory, ...] = ()
    # -- session
    server_side_session: bool = False  # replaces Flask's cookie session
    signer_setting: str = ""  # setting that makes that server-side session need SECRET_KEY
    session_writer: str = ""  # how it writes the session (so SECRET_KEY is needed)
    session_secrets: str = ""  # credentials it stores in the session itself
    # -- secrets
    secret_settings: Tuple[SecretSetting, ...] = ()
    signs_with_secret_key: str = ""  # what it signs with the app's SECRET_KEY itself
    # -- errors
    json_errors: Optional[JsonErrors] = None  # for the app (or API) it is bound to
    # functions that return a rendered template, as render_template does (HTML)
    html_renderers: Tuple[str, ...] = ()
    # -- routes
    routes: Tuple[ExtensionRoute, ...] = ()
    rest_resources: Optional[RestResources] = None  # rules of the Resource classes its Api holds
    bare_decorators: Tuple[BareDecorator, ...] = ()
    # -- cookies
    secure_session_cookie_off_switch: str = ""  # binding keyword that stops it forcing Secure
    insecure_cookies: Tuple[InsecureCookie, ...] = ()
    # -- debug
    debug_settings: Tuple[str, ...] = ()  # settings that expose debugging tools
    notes: str = ""  # what it does that no rule reads yet
    other_distributions: Tuple[str, ...] = ()  # forks installed under another name

    @property
    def distributions(self) -> Tuple[str, ...]:
        """Names the project's requirements may pin it under (the record's
        name is its PyPI name)."""
        return (self.name,) + self.other_distributions
