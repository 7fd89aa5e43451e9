"""The facts the model records about a project's Flask applications.

Plain objects, created by the builder (:mod:`flasklint.model.flask`) and
read by the checks: apps, blueprints and Socket.IO servers, their routes,
blueprint registrations, error handlers, configuration loads and writes,
server starts, ``.env`` entries, session, cookie and request use, bound
extensions, and start-up guards on configuration values.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Dict, List, Optional, Tuple

from astroid import nodes

from flasklint.knowledge import names as N
from flasklint.finding import Location
from flasklint.model.syntax import assigned_name, enclosing_function, imported_package
from flasklint.resolve.values import UNKNOWN, ClassRef, Const, ExtName, Value, const_str

if TYPE_CHECKING:
    from flasklint.model.flask import FlaskModel


class FlaskObject:
    kind = ""

    def __init__(self, model: "FlaskModel", call, cls: Value):
        self.model = model
        self.node = call
        self.module = model.project.module_of(call)
        self.cls_node = cls.node if isinstance(cls, ClassRef) else None
        self.qualname = cls.qualname if isinstance(cls, ExtName) else None
        # (Quart's names are canonicalised to Flask's: ask the import)
        self.is_quart = bool(self.qualname and N.is_quart(self.qualname)) or (
            isinstance(call, nodes.Call) and imported_package(call.func) == "quart"
        )
        self.var_name = assigned_name(call)
        self.factory = enclosing_function(call)
        self.routes: List[Route] = []
        self.handlers: List[ErrorHandler] = []
        self.registrations: List[Registration] = []  # blueprints registered on this
        self.kwargs: Dict[str, Value] = {}
        self.args: List[Value] = []
        # callbacks registered with hook decorators/methods, by hook name
        # (``url_value_preprocessor``, ``before_request``...): name -> nodes
        self.hooks: Dict[str, list] = {}
        # ``obj.attr = value`` / ``obj.url_map.attr = value`` anywhere in the
        # project, for the paths in RECORDED_ATTR_WRITES: dotted attribute
        # path -> [(value, node)]
        self.attr_writes: Dict[str, list] = {}

    @property
    def location(self) -> Location:
        return self.model.project.location(self.node, self.module)

    def arg(self, name: str, position: Optional[int] = None) -> Optional[Value]:
        if name in self.kwargs:
            return self.kwargs[name]
        if position is not None and position < len(self.args):
            return self.args[position]
        return None

    def __repr__(self):
        return f"<{type(self).__name__} {self.label}>"


class App(FlaskObject):
    kind = "app"

    def __init__(self, model, call, cls):
        super().__init__(model, call, cls)
        self.config: List[ConfigWrite] = []
        self.loads: List[ConfigLoad] = []
        self.runs: List[ServerRun] = []
        self.extensions: List[ExtensionInit] = []

    @property
    def label(self) -> str:
        """How messages name the app: ``app`` or ``create_app()``."""
        if self.factory is not None:
            return f"{self.factory.name}()"
        return self.var_name or "app"

    @property
    def root_path(self) -> str:
        """The app's root path as Flask computes it from import_name."""
        return self.module.directory if self.module else self.model.project.root

    @property
    def instance_path(self) -> str:
        if self.module is None:
            return self.model.project.root
        if self.module.is_pkg:
            return os.path.join(os.path.dirname(self.module.directory), "instance")
        return os.path.join(self.module.directory, "instance")

    def option(self, name: str) -> Optional[Value]:
        return self.kwargs.get(name)

    def all_routes(self) -> List["FlatRoute"]:
        return self.model.url_map(self)

    def blueprints(self) -> List["Registration"]:
        """Every blueprint registration reachable from this app (nested)."""
        out = []

        def walk(owner, chain):
            for reg in owner.registrations:
                if reg.blueprint in chain:
                    continue
                out.append(reg)
                walk(reg.blueprint, chain + (reg.blueprint,))

        walk(self, ())
        return out


class Blueprint(FlaskObject):
    kind = "blueprint"

    @property
    def name(self) -> Optional[str]:
        return const_str(self.arg("name", 0))

    @property
    def label(self) -> str:
        return f"blueprint {self.name!r}" if self.name else f"blueprint {self.var_name or '?'}"

    @property
    def url_prefix(self) -> Optional[Value]:
        """The constructor's url_prefix; Unknown when options are passed as
        ``**kwargs`` that may hold one."""
        v = self.kwargs.get("url_prefix")
        if v is None and "**" in self.kwargs:
            return UNKNOWN
        return v

    def registered_on(self) -> List["Registration"]:
        return [r for r in self.model.registrations if r.blueprint is self]


class SocketIO(FlaskObject):
    kind = "socketio"

    @property
    def label(self) -> str:
        return self.var_name or "socketio"


@dataclass
class Route:
    owner: FlaskObject
    node: object  # the decorator call / add_url_rule call
    rule: Optional[str]  # None: unknown
    methods: Optional[Tuple[str, ...]]  # None: unknown; explicit methods otherwise (upper case)
    endpoint: Optional[str]  # explicit endpoint=, else None
    view: object = None  # FunctionDef / ClassDef (View) / None
    view_name: Optional[str] = None  # the view function's __name__ as Flask sees it
    kwargs: Dict[str, Value] = field(default_factory=dict)
    kind: str = "route"  # route | add_url_rule | static | extension (a rule an extension adds)
    installed_by: str = ""  # the extension adding it (kind "extension")
    order: tuple = ()
    # Identity of the function object Flask receives (what AssertionError
    # "overwriting an existing endpoint function" compares); None: unknown.
    view_key: Optional[tuple] = None
    # Decorators applied to the view *before* this route decorator (below
    # it in source): they decide what Flask receives.
    wrappers: Tuple[object, ...] = ()
    # True when every wrapper is understood (returns the same function, or
    # a project wrapper whose behaviour is known)
    wrappers_known: bool = True

    @property
    def location(self) -> Location:
        return self.owner.model.project.location(self.node)

    @property
    def effective_endpoint(self) -> Optional[str]:
        return self.endpoint if self.endpoint is not None else self.view_name

    def defaults(self) -> Optional[Value]:
        return self.kwargs.get("defaults")


@dataclass
class Registration:
    parent: FlaskObject  # App or Blueprint
    blueprint: Blueprint
    node: object
    kwargs: Dict[str, Value] = field(default_factory=dict)
    order: tuple = ()

    @property
    def url_prefix(self) -> Optional[Value]:
        """The effective prefix: register-time wins whenever it is given (and
        not None), else the blueprint's own."""
        v = self.kwargs.get("url_prefix")
        if v is not None and not (isinstance(v, Const) and v.value is None):
            return v
        if v is None and "**" in self.kwargs:
            return UNKNOWN  # register_blueprint(bp, **options)
        return self.blueprint.url_prefix

    @property
    def name(self) -> Optional[str]:
        v = self.kwargs.get("name")
        if v is not None:
            return const_str(v)
        if "**" in self.kwargs:
            return None  # register_blueprint(bp, **options): unknown
        return self.blueprint.name

    @property
    def location(self) -> Location:
        return self.parent.model.project.location(self.node)


@dataclass
class ErrorHandler:
    owner: FlaskObject
    node: object
    key: Value
    codes: frozenset  # HTTP codes this handler is registered for (by code or HTTPException subclass)
    exception: Optional[str]  # qualified name of a generic exception class: HTTPException, Exception...
    func: object = None  # FunctionDef or None
    app_wide: bool = False  # bp.app_errorhandler
    via: str = "errorhandler"
    installed_by: str = ""  # the extension that registers it (flakon's JsonBlueprint), not project code

    @property
    def location(self) -> Location:
        return self.owner.model.project.location(self.node)


@dataclass
class ConfigLoad:
    """A call that loads configuration into an app: from_object & co."""

    app: App
    method: str
    node: object
    targets: List[str] = field(default_factory=list)  # names of what was loaded
    certain: bool = True  # False when chosen among several at run time
    # True when only one candidate is reached outside test code
    # (``create_app(config=ProductionConfig)`` in wsgi.py, ``create_app(TestConfig)``
    # in tests/): the one the deployment runs.
    certain_outside_tests: bool = True
    # Chosen among several: the one loaded when the deployment sets no
    # environment variable (``configs[os.getenv("APP_ENV") or "dev"]``),
    # and that variable's name.
    default_target: Optional[str] = None
    default_env: Optional[str] = None
    from_environment: bool = False  # from_envvar, from_prefixed_env, env-chosen path
    resolved: bool = True


@dataclass
class ConfigWrite:
    app: Optional[App]
    key: str
    value: Value
    location: Location
    via: str  # human description of the route, for messages
    source: str = "code"  # code | object | module | pyfile | envfile | ini | file
    load: Optional[ConfigLoad] = None
    container: Optional[str] = None  # class or module name holding the value
    container_node: object = None
    node: object = None


@dataclass
class ServerRun:
    app: Optional[FlaskObject]
    node: object
    kind: str  # app.run | socketio.run | run_simple | DebuggedApplication
    params: Dict[str, Tuple[Value, object]] = field(default_factory=dict)  # name -> (value, node)

    @property
    def location(self) -> Location:
        model = self.app.model if self.app else None
        return model.project.location(self.node) if model else None


@dataclass
class EnvEntry:
    path: str
    key: str
    value: str
    line: int
    location: Location


@dataclass
class EnvWrite:
    """``os.environ['FLASK_DEBUG'] = '1'`` and ``os.environ.setdefault``."""

    key: str
    value: Value
    node: object
    location: Location
    via: str = "setitem"  # setitem | setdefault | update | putenv


@dataclass
class SessionUse:
    node: object
    kind: str  # write | read | delete | flash | permanent
    key: Optional[Value]
    value: Optional[Value]
    function: object  # enclosing FunctionDef
    module: object
    location: Location
    method: str = ""


@dataclass
class CookieUse:
    node: object
    kind: str  # set | read
    name: Optional[str]
    location: Location
    function: object
    kwargs: Dict[str, Value] = field(default_factory=dict)
    value_node: object = None


@dataclass
class RequestUse:
    """A use of client data on Flask's request: ``request.args(...)``
    (``how="call"``), ``request.form['x']`` (``subscript``),
    ``request.args.get('x')`` (``method``, ``method="get"``) or a plain read
    (``read``)."""

    node: object  # the Call / Subscript / Attribute
    attr: str  # args | form | values | files | cookies | headers | json | view_args | data
    how: str  # call | subscript | method | read
    key: Optional[str]
    location: Location
    function: object
    method: str = ""


@dataclass
class ExtensionInit:
    """A Flask extension bound to an app: ``LoginManager(app)``,
    ``csrf.init_app(app)``, ``Session(app=app)``.  ``qualname`` is the
    extension class's qualified name as imported (``flask_login.LoginManager``)."""

    app: "App"
    qualname: str
    node: object
    location: Location
    how: str  # ctor | init_app
    record: object = None  # the knowledge.extensions record, when flasklint knows the extension


@dataclass(frozen=True)
class BareDecoratorUse:
    """An extension's decorator factory used without ``()`` on a view."""

    extension: object  # the knowledge.extensions record
    record: object  # its BareDecorator
    version_pinned: bool  # the project's pins admit only affected versions


@dataclass
class AppAttrWrite:
    """An app attribute that is not a config key, set in code or on a
    Flask subclass: ``app.session_interface = RedisSessionInterface()``."""

    app: "App"
    attr: str
    value: Value
    node: object
    location: Location


@dataclass
class ConfigGuard:
    """A start-up check comparing a config key with literals and refusing to
    run (raise / sys.exit) when it matches:
    ``if app.config["SECRET_KEY"] == CHANGE_ME_SECRET_KEY: ... sys.exit(1)``."""

    key: str
    values: Tuple[object, ...]  # the literal values that are refused
    node: object  # the Compare
    location: Location
    refuses: bool  # the guarded branch raises or exits


@dataclass
class FlatRoute:
    """A rule of an app's URL map, after blueprint prefixes are applied."""

    app: App
    route: Route
    rule: Optional[str]
    endpoint: Optional[str]
    chain: Tuple[Registration, ...]  # blueprint registrations leading to it
    order: tuple

    @property
    def location(self) -> Location:
        return self.route.location
