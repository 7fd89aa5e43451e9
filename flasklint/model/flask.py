"""The model of the project's Flask applications.

Built once per run from the project's modules, read by every checker:

* apps (module-level, in factories, through wrappers, project subclasses of
  Flask/Quart) and blueprints (project subclasses included), with every
  ``register_blueprint`` (nested, in loops, with ``url_prefix``/``name``);
* routes (``route``/``get``/``post``/..., ``add_url_rule``, ``as_view``,
  ``MethodView``) with their owner, rule, methods, endpoint and view;
* error handlers (``errorhandler``, ``register_error_handler``,
  ``app_errorhandler``, loops over ``default_exceptions``);
* configuration writes from code, config classes and modules, ``from_pyfile``
  files, INI files, ``.flaskenv``/``.env``;
* server starts (``app.run``, ``socketio.run``, ``run_simple``,
  ``DebuggedApplication``);
* session and cookie use (``session_uses``, ``cookies``), client data read
  from the request (``request_uses``; values are ``RequestInput``);
* extensions bound to an app (``extensions``: ``LoginManager(app)``,
  ``csrf.init_app(app)``), app attributes that are not config keys
  (``app_attr_writes``: ``session_interface``), class attributes of Flask
  subclasses (``secret_key = ...`` becomes a ConfigWrite, source "class");
* which apps run a function (``apps_for``, ``owners_of_function``,
  ``apps_of``), how a value decides something in its function
  (``decision_use``), and start-up checks refusing config values
  (``config_guards``).

Checkers read this; they do not walk raw syntax for what the model knows.
"""

from __future__ import annotations

import builtins
import contextlib
import os
import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Set, Tuple

from astroid import nodes

from flasklint import names as N
from flasklint.finding import Location
from flasklint.model import configfiles
from flasklint.model.project import Bail  # noqa: F401  (raised here, caught by the cache)
from flasklint.model.resolve import _EXT_CLASS_KINDS, FUNC_TYPES, REQUEST_DATA, Ctx, Resolver, _dedupe, leaves, lookup
from flasklint.model.walk import nodes_of
from flasklint.model.values import (
    UNKNOWN,
    BoundMethod,
    Choice,
    ClassRef,
    ConfigRef,
    Const,
    ExtCall,
    ExtName,
    FunctionRef,
    Instance,
    Mapping,
    ObjectRef,
    Seq,
    Value,
    const_str,
)

ROUTE_METHODS = {"get": "GET", "post": "POST", "put": "PUT", "patch": "PATCH", "delete": "DELETE"}
_RECEIVER_METHODS = {
    "route",
    "get",
    "post",
    "put",
    "patch",
    "delete",
    "add_url_rule",
    "register_blueprint",
    "errorhandler",
    "register_error_handler",
    "app_errorhandler",
    "run",
    "update",
    "from_object",
    "from_pyfile",
    "from_envvar",
    "from_file",
    "from_mapping",
    "from_prefixed_env",
    "setdefault",
    "init_app",
}
_CTOR_NAMES = {"Flask", "Quart", "Blueprint", "SocketIO"}
# Receiver methods most calls of which are on plain dicts: resolving the
# receiver is a probe (resolve.MAX_PROBE_STEPS).
_PROBED_METHODS = frozenset({"update", "setdefault"})
# Extensions whose ``Ext(app)`` / ``ext.init_app(app)`` the model records
# (what the rules read: server-side sessions, and the extensions that sign
# with the secret key).  Others are not resolved at all: finding the app
# argument of every ``SomeClass(x)`` of a project costs more than the rest
# of the build.
EXTENSION_PACKAGES = frozenset({"flask_session", "flask_login", "flask_wtf"})
# ``obj.<path> = value`` writes the model records (``attr_writes``): the
# ones Flask reads and a checker asks about.  Any other ``x.attr = v`` of a
# project (``self.error = error``...) is not resolved: finding what ``self``
# is, for every such statement, read the modules of its callers (on Superset,
# a quarter of what the pass-2 steps read beyond their own file), and an
# edit to any of those made the incremental cache run the step again.
SUBDOMAIN_ATTRS = ("subdomain_matching", "url_map.default_subdomain", "url_map.host_matching")
SESSION_INTERFACE_ATTR = "session_interface"
RECORDED_ATTR_WRITES = frozenset(SUBDOMAIN_ATTRS + (SESSION_INTERFACE_ATTR,))
# Nodes the model builder visits (pass 2).
_VISITED = (nodes.Call, nodes.Assign, nodes.AugAssign, nodes.AnnAssign, nodes.Name, nodes.Attribute, nodes.Delete)

# Registration methods that record a callback and return it unchanged.
HOOK_METHODS = frozenset(
    {
        "before_request",
        "after_request",
        "teardown_request",
        "teardown_appcontext",
        "context_processor",
        "url_value_preprocessor",
        "url_defaults",
        "before_app_request",
        "after_app_request",
        "teardown_app_request",
        "app_context_processor",
        "app_url_value_preprocessor",
        "app_url_defaults",
        "template_filter",
        "template_global",
        "template_test",
        "app_template_filter",
        "app_template_global",
        "app_template_test",
        "endpoint",
        "shell_context_processor",
    }
)
_RECEIVER_METHODS |= HOOK_METHODS

DEFAULT_EXCEPTION_CODES = frozenset(
    [400, 401, 403, 404, 405, 406, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418, 421, 422, 423, 424, 428, 429, 431, 451, 500, 501, 502, 503, 504, 505]
)


# ----------------------------------------------------------------------------
# model objects


class FlaskObject:
    kind = ""

    def __init__(self, model: "FlaskModel", call, cls: Value):
        self.model = model
        self.node = call
        self.module = model.project.module_of(call)
        self.cls_node = cls.node if isinstance(cls, ClassRef) else None
        self.qualname = cls.qualname if isinstance(cls, ExtName) else None
        self.is_quart = bool(self.qualname and N.is_quart(self.qualname)) or _mentions_quart(self)
        self.var_name = _assigned_name(call)
        self.factory = _enclosing_function(call)
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
    kind: str = "route"  # route | add_url_rule | static
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
    run (raise / sys.exit) when it matches: Superset's
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


# ----------------------------------------------------------------------------
# the builder


class _Facts(list):
    """A list of the model's facts: appending bumps ``model.version``, so a
    build step that left the version alone added nothing."""

    __slots__ = ("model",)

    def __init__(self, model):
        super().__init__()
        self.model = model

    def append(self, item) -> None:
        self.model.version += 1
        list.append(self, item)


class Restricted:
    """Instructions for a model build that runs only some of its steps, to
    learn whether they still add nothing to the model (the incremental
    cache): ``whole`` the module indices whose steps all run; ``early`` the
    modules whose pass 0/1 step runs; ``nodes`` module index -> positions
    (in TreeIndex.visited) of the pass-2 nodes to visit.  ``ctor_names``:
    the constructor names the full build found; ``objects``: kind -> (how
    many the full build had, and when it had one of a project class, where
    that class is: [module index, line, name]); ``object_sites``: where the
    full build created its objects (see _site).  A step that adds a fact, or
    asks for the project's objects before they are final, raises Bail.

    A *rebuild* (``rebuild=True``) is the whole model built by running only
    the steps that matter: every step that added facts in the full build
    (they are given here), and the steps that read the edited files.  The
    others added nothing and read only files that did not change: they
    would add nothing again.  In a rebuild steps may add facts, the objects
    are the real ones (no stand-ins, no ``ctor_names``/``objects`` needed),
    and the steps that see the whole model run too.

    ``decisions``: the full build's shared decisions (see
    FlaskModel._decide), those whose reads changed asked again."""

    def __init__(self, whole, early, nodes, ctor_names=(), objects=None, object_sites=(), rebuild=False, bounds=(), decisions=None):
        self.whole = set(whole)
        self.early = set(early) | self.whole
        self.nodes = {k: set(v) for k, v in nodes.items()}
        self.ctor_names = set(ctor_names)
        self.objects = {k: tuple(v) for k, v in (objects or {}).items()}
        self.stand_ins: Dict[str, FlaskObject] = {}
        self.object_sites = {tuple(x) for x in object_sites}  # see _site
        self.rebuild = rebuild
        self.bounds = set(bounds)  # (a rebuild: the bounds the full build met, see FlaskModel._note_bound)
        self.cycles = {b.split(" ", 1)[1] for b in self.bounds if b.endswith(":cycle")}
        self.decisions = dict(decisions or {})  # key -> [bit, answer, reads]: see FlaskModel._decide


class FlaskModel:
    def __init__(self, project, restricted: Optional[Restricted] = None):
        self.project = project
        self.restricted = restricted
        self.resolver = Resolver(project, self._make_object)
        self.resolver.known_objects = self._known_objects
        if project.read_sets:
            self.resolver.on_limit = self._note_bound
        # Per-step accounting for the incremental cache (filled only when the
        # project tracks reads; bit sets of module indices): see _window.
        self.contrib_reads = 0
        self.early_reads: Dict[int, int] = {}  # what each file's pass 0/1 steps read (when they added nothing)
        self.node_reads: Dict[int, List[Tuple[int, int]]] = {}  # file -> (node position, reads) beyond the file itself
        self.pinned_reads = 0  # what the steps that see the whole model read (post-build, checkers)
        self.contrib_early: Set[int] = set()  # files whose pass 0/1 step added facts
        self.contrib_nodes: Dict[int, List[int]] = {}  # file -> positions of its pass-2 steps that added facts
        # Answers that depend on which steps ran before (a step found what
        # another step made): a rebuild, which skips steps, may not be exact.
        self.order_dependent = 0
        self._step = 0  # the build step under way (when tracking reads)
        # The analysis' bounds met (a cycle, the depth bound, a probe giving
        # up...), as "<step> <module index>:<kind>", the step being
        # "<file>:<position>" in pass 2, "<file>:e" in passes 0/1 and "post"
        # after the build (see _note_bound).
        self._step_key = "post"
        self.bounds: Set[str] = set()
        self.new_bounds: Optional[str] = None  # a rebuild met one its full build did not
        self.ctor_names: Set[str] = set()
        self._objects: Dict[int, FlaskObject] = {}
        self.version = 0  # bumped by every fact added (see _Facts)
        self._objects_final = False  # (see _known_objects)
        self.late_objects = 0  # objects created after pass 1 (from files no pass visits)
        self.apps: List[App] = _Facts(self)
        self.blueprints: List[Blueprint] = _Facts(self)
        self.socketios: List[SocketIO] = _Facts(self)
        self.routes: List[Route] = _Facts(self)
        self.registrations: List[Registration] = _Facts(self)
        self.handlers: List[ErrorHandler] = _Facts(self)
        self.config: List[ConfigWrite] = _Facts(self)
        self.loads: List[ConfigLoad] = _Facts(self)
        self.runs: List[ServerRun] = _Facts(self)
        self.env_entries: List[EnvEntry] = _Facts(self)
        self.env_writes: List[EnvWrite] = _Facts(self)
        self.session_uses: List[SessionUse] = _Facts(self)
        self.cookies: List[CookieUse] = _Facts(self)
        self.request_uses: List[RequestUse] = _Facts(self)
        self.extensions: List[ExtensionInit] = _Facts(self)
        self.app_attr_writes: List[AppAttrWrite] = _Facts(self)
        self._config_guards: Optional[List[ConfigGuard]] = None
        self._apps_of_func: Dict[int, List[App]] = {}
        self.unresolved: List[Tuple[Location, str]] = _Facts(self)  # FL004 diagnostics
        self._url_maps: Dict[int, List[FlatRoute]] = {}
        self._seen_calls: Dict[object, int] = {}  # key -> the step that first saw it (see _first_time)
        self._session_names: Dict[tuple, Tuple[bool, int]] = {}  # see _is_session: (answer, what it read)
        # Decisions shared by many steps (see _decide): key -> [bit, answer,
        # what computing it read]; a restricted build starts from the full
        # build's (the cache brought those whose reads changed up to date).
        self.decisions: Dict[str, list] = dict(restricted.decisions) if restricted is not None else {}
        self._direct_decisions: Dict[str, Tuple[Optional[str], int]] = {}  # (answers that asked for the objects)
        self._cur_import_names: Optional[Set[str]] = None
        self._requirements = None
        self._responses = None
        self._build()

    # -- project metadata -----------------------------------------------------
    @property
    def requirements(self):
        """Dependencies declared in the project root's packaging files
        (:mod:`flasklint.model.requirements`), read once."""
        if self._requirements is None:
            from flasklint.model.requirements import read_requirements

            self._requirements = read_requirements(self.project)
        return self._requirements

    def requirement(self, name: str) -> list:
        """Every declared requirement on distribution ``name`` (any file)."""
        from flasklint.model.requirements import normalize

        key = normalize(name)
        return [r for r in self.requirements if r.name == key]

    # -- objects --------------------------------------------------------------
    def _make_object(self, kind, call, cls):
        obj = self._objects.get(id(call))
        if obj is not None:
            if not self._objects_final:
                self._first_time(("object", id(call)))  # (found by another step: order_dependent)
            return obj
        self._first_time(("object", id(call)))
        cls_ = {"app": App, "blueprint": Blueprint, "socketio": SocketIO}[kind]
        obj = cls_(self, call, cls)
        r = self.restricted
        # (a restricted build re-creates, as resolution reaches them, the
        # objects the full build made: not new facts -- see Restricted)
        known = r is not None and _site(obj) in r.object_sites
        if self._objects_final and not known:
            self.late_objects += 1
        self._objects[id(call)] = obj
        # constructor arguments
        ctx = None
        obj.args = [self.resolver.value(a, ctx) for a in call.args if not isinstance(a, nodes.Starred)]
        for kw in call.keywords or ():
            if kw.arg:
                obj.kwargs[kw.arg] = self.resolver.value(kw.value, ctx)
            else:
                obj.kwargs["**"] = UNKNOWN  # Blueprint(name, __name__, **options)
        if obj.cls_node is not None:
            # a project subclass: super().__init__(name, url_prefix=...) in __init__
            self._subclass_ctor_args(obj)
        if not known:
            {"app": self.apps, "blueprint": self.blueprints, "socketio": self.socketios}[kind].append(obj)
        return obj

    def _subclass_ctor_args(self, obj):
        for c in self.resolver.mro(obj.cls_node):
            init = c.locals.get("__init__")
            if not init or not isinstance(init[0], FUNC_TYPES):
                continue
            for call in nodes_of(init[0], nodes.Call):
                f = call.func
                if isinstance(f, nodes.Attribute) and f.attrname == "__init__":
                    ctx = Ctx(init[0], obj.node, None, self_value=ObjectRef(obj))
                    vals = [self.resolver.value(a, ctx) for a in call.args if not isinstance(a, nodes.Starred)]
                    if vals and not obj.args:
                        obj.args = vals
                    elif vals:
                        obj.args = vals + obj.args[len(vals):]
                    for kw in call.keywords or ():
                        if kw.arg and kw.arg not in obj.kwargs:
                            obj.kwargs[kw.arg] = self.resolver.value(kw.value, ctx)
                        elif kw.arg is None:
                            # super().__init__(name, import_name, **kwargs): whatever
                            # the subclass put there (kwargs.setdefault(...)) is unknown
                            obj.kwargs.setdefault("**", UNKNOWN)
            break

    @property
    def responses(self):
        """The :class:`~flasklint.model.responses.ResponseAnalyzer`: what
        views and error handlers answer (body, status), leaks, content
        negotiation, REST frameworks bound to apps."""
        if self._responses is None:
            from flasklint.model.responses import ResponseAnalyzer

            self._responses = ResponseAnalyzer(self)
        return self._responses

    def objects(self, node, kind=None, ctx=None) -> list:
        return self.resolver.objects(node, ctx, kind)

    def _known_objects(self, kind) -> list:
        """The apps or blueprints of the project (asked for an annotated
        ``app: Flask`` parameter, which stands for the one app when there is
        one).  Before pass 2 the set may still grow: answers computed then
        are not memoised, and the step asking is charged a pseudo-module
        read (Project.objects_bit) so the cache treats it like a step that
        added facts.  From pass 2 on, the set is final."""
        objs = {"app": self.apps, "blueprint": self.blueprints}.get(kind, [])
        r = self.restricted
        if not self._objects_final:
            self.resolver._taint += 1
            rs = self.project.read_sets
            if rs:
                rs[-1] |= self.project.objects_bit
            if r is not None and not r.rebuild:
                raise Bail(f"asks for the project's {kind} objects before they are known")
            return objs
        if r is not None and not r.rebuild:
            # the full build's final objects are not here: a stand-in of
            # the same kind and class answers alike, and any fact recorded
            # on it raises Bail
            count, cls = r.objects.get(kind, (0, None))
            if count != 1:
                return []
            obj = r.stand_ins.get(kind)
            if obj is None:
                obj = r.stand_ins[kind] = _stand_in(self, kind, self._class_at(cls) if cls else None)
            return [obj]
        return objs

    def _class_at(self, where):
        """The ClassDef recorded as [module index, line, name] (the class
        of the full build's one app or blueprint), else Bail."""
        idx, line, name = where
        mods = self.project.modules
        tree = self.project.tree(mods[idx]) if 0 <= idx < len(mods) else None
        for cls in self.project.index(tree).classdefs if tree is not None else ():
            if cls.lineno == line and cls.name == name:
                return cls
        raise Bail(f"the class of the project's object ({name}) is gone")

    def _note_bound(self, module, kind) -> None:
        """A query met one of the analysis' bounds.  Its answer may depend on
        what the memo tables held: a rebuild, whose tables are colder than
        its full build's, trusts only the bounds its full build met in the
        same step -- for cycles, of which there are many, in the same file
        (else Bail: see cache._rebuild)."""
        where = f"{getattr(module, 'index', None)}:{kind}"
        step = self._step_key
        key = f"{step if isinstance(step, str) else '%s:%s' % step} {where}"
        if key in self.bounds:
            return
        self.bounds.add(key)
        r = self.restricted
        if r is not None and r.rebuild and key not in r.bounds and not (kind == "cycle" and where in r.cycles):
            self.new_bounds = key
            raise Bail(f"the rebuild met analysis bounds the full run did not ({getattr(module, 'display', '?')}: {kind})")

    def _first_time(self, key) -> bool:
        """Whether the build handles ``key`` (a call, an object, an attribute
        write) for the first time, remembering which step did.  When another
        step finds it again, which of the two does the work depends on their
        order: a rebuild, which runs only some steps, might not see the
        same one first, so the model counts it (``order_dependent``; no
        corpus project has any)."""
        step = self._seen_calls.get(key)
        if step is None:
            self._seen_calls[key] = self._step
            return True
        if step != self._step:
            self.order_dependent += 1
        return False

    # -- build ------------------------------------------------------------------
    def _build(self):
        project = self.project
        mods = list(project.candidate_modules())
        restricted = self.restricted
        rebuild = restricted is not None and restricted.rebuild
        if restricted is not None:
            mods = [m for m in mods if m.index in restricted.early or m.index in restricted.nodes]
        trees = []
        for m in mods:
            tree = project.tree(m)
            if tree is not None:
                trees.append((m, tree))
        track = bool(project.read_sets)  # the cache asked for per-file accounting
        # subclasses of Flask/Blueprint defined in the project
        ctor_names = set(_CTOR_NAMES) if restricted is None or rebuild else set(restricted.ctor_names)
        index = project.index
        early = [(m, tree) for m, tree in trees if restricted is None or m.index in restricted.early]
        for m, tree in early:
            with self.resolver.analysing(m), self._window(m, track):
                for cls in index(tree).classdefs:
                    if self._guard(m, self._class_kind, cls) in ("app", "blueprint"):
                        ctor_names.add(cls.name)
                        self.version += 1  # (a constructor name: pass 1 depends on it)
        self.ctor_names = ctor_names
        # pass 1: every app / blueprint / socketio creation
        for m, tree in early:
            with self.resolver.analysing(m), self._window(m, track):
                for call in index(tree).visited:
                    if isinstance(call, nodes.Call) and _call_name(call) in ctor_names:
                        self._guard(m, self.resolver.values, call)
        # pass 2: calls on them, server starts, config, sessions
        self._objects_final = True
        for m, tree in trees:
            if restricted is not None and m.index not in restricted.whole and m.index not in restricted.nodes:
                continue
            with self.resolver.analysing(m):
                if restricted is None or m.index in restricted.whole:
                    for stmt in index(tree).too_deep:
                        # an expression nested too deeply to analyse (FL003)
                        self.resolver.limit("recursion", stmt, m)
                        self.resolver._taint += 1
                imported = self._cur_import_names = index(tree).import_from_names  # (see _is_session)
                if track:
                    self._visit_tracked(m, index(tree).visited, imported)
                else:
                    for node in index(tree).visited:
                        if _may_matter(node, imported):
                            self._guard(m, self._visit, node)
                self._cur_import_names = None
        if restricted is not None and not rebuild:
            return  # (what follows sees the whole model: not a per-file step)
        self._step = -1  # (the steps that see the whole model)
        self._step_key = "post"
        with project.reading() if track else contextlib.nullcontext([0]) as box:
            for app in list(self.apps):
                if app.cls_node is not None:
                    self._guard(app.module, self._subclass_attributes, app)
            self._read_env_files()
        self.pinned_reads |= box[0]
        for obj in self.apps + self.blueprints:
            obj.routes.sort(key=lambda r: r.order)
            obj.registrations.sort(key=lambda r: r.order)

    # -- per-file accounting (the incremental cache) -------------------------------
    #
    # Every step of the build is charged with what it reads (bit sets of
    # module indices, see Project.read_sets) and is *contributing* when it
    # adds a fact (the model's version moves).  Passes 0 and 1 are one step
    # per file; pass 2 is one step per visited node, so a file with one route
    # and a thousand unrelated statements has one contributing step.
    # ``contrib_reads``: what contributing steps read (and steps that asked
    # for the project's objects before they were final); ``early_reads``:
    # per file, what its pass 0/1 step read when it added nothing;
    # ``node_reads``: per file, the other pass-2 nodes (their position in
    # TreeIndex.visited) that read beyond the file itself, with what they read.

    @contextlib.contextmanager
    def _window(self, m, track: bool):
        if not track:
            yield
            return
        before = self.version
        self._step += 1
        self._step_key = (m.index, "e")
        try:
            with self.project.reading() as box:
                yield
        finally:
            added = self.version != before
            if added and self.restricted is not None and not self.restricted.rebuild:
                raise Bail(f"{m.display}: adds facts now")
            if added or box[0] & self.project.objects_bit:  # (asked for the objects: as if it added facts)
                # (passes 0 and 1 are one step: what the other read counts too)
                self.contrib_reads |= box[0] | (1 << m.index) | self.early_reads.pop(m.index, 0)
                self.contrib_early.add(m.index)
            elif m.index in self.contrib_early:
                self.contrib_reads |= box[0]
            else:
                self.early_reads[m.index] = self.early_reads.get(m.index, 1 << m.index) | box[0]

    def _visit_tracked(self, m, visited, imported) -> None:
        project = self.project
        rs = project.read_sets
        own = 1 << m.index
        r = self.restricted
        only = r.nodes.get(m.index) if r is not None and m.index not in r.whole else None
        bail = r is not None and not r.rebuild
        node_reads = []
        contrib = []
        objects_bit = project.objects_bit
        floor = project.read_floor
        for k, node in enumerate(visited):
            if (only is not None and k not in only) or not _may_matter(node, imported):
                continue
            before = self.version
            self._step += 1
            self._step_key = (m.index, k)  # (formatted only when a bound is met)
            rs.append(own)
            project.read_floor = len(rs) - 1
            try:
                self._guard(m, self._visit, node)
            finally:
                project.read_floor = floor
                mask = rs.pop()
            added = self.version != before
            if added and bail:
                raise Bail(f"{m.display}:{getattr(node, 'lineno', '?')}: adds facts now")
            if added or mask & objects_bit:  # (asked for the objects: as if it added facts)
                self.contrib_reads |= mask
                contrib.append(k)
            elif mask != own:
                node_reads.append((k, mask))
        self.node_reads[m.index] = node_reads
        if contrib:
            self.contrib_nodes[m.index] = contrib

    def _guard(self, module, fn, node):
        """Run one step of the model build on ``node`` of ``module``.

        A file whose resolution budget is spent is not visited further (its
        remaining nodes are counted as skipped, reported by FL003).  Running
        out of stack is a limit of this file's analysis (FL003 too); any
        other exception is a flasklint bug: recorded as an internal error
        naming the file and line, and the build goes on with the next node.
        """
        if self.resolver.exhausted(module):
            self.resolver.limit("skipped", node, module)
            return None
        try:
            return fn(node)
        except Bail:
            raise
        except RecursionError:
            self.resolver.limit("recursion", node, module)
            self.resolver._taint += 1
        except Exception as exc:
            self.project.internal_error(f"{module.display}:{getattr(node, 'lineno', None) or 1}", exc)
        return None

    def _visit(self, node):
        if isinstance(node, nodes.Call):
            self._visit_call(node)
        elif isinstance(node, (nodes.Assign, nodes.AnnAssign)):
            self._visit_assign(node)
        elif isinstance(node, nodes.AugAssign):
            self._visit_augassign(node)
        elif isinstance(node, nodes.Delete):
            self._visit_delete(node)
        elif isinstance(node, (nodes.Name, nodes.Attribute)):
            if isinstance(node, nodes.Attribute) and node.attrname in HOOK_METHODS and isinstance(node.parent, nodes.Decorators):
                # a bare hook decorator: @bp.url_value_preprocessor
                for obj in self.objects(node.expr):
                    if obj.kind in ("app", "blueprint"):
                        obj.hooks.setdefault(node.attrname, []).append(node)
                        self.version += 1
            self._visit_reference(node)

    # -- calls --------------------------------------------------------------------
    def _visit_call(self, call):
        func = call.func
        if isinstance(func, nodes.Attribute):
            attr = func.attrname
            if attr == "add_url_rule" and self._add_url_rule_per_call_site(call):
                pass
            elif attr in _RECEIVER_METHODS and not (attr in ROUTE_METHODS and not _decorator_position(call)):
                # (``d.get(k)``, ``requests.post(url)``: the route shortcuts
                # only count as decorators -- resolving the receiver of every
                # ``.get()`` of a project was a tenth of the model build)
                # (``d.update()``/``d.setdefault()`` of every dict: probes)
                with self.resolver.probe() if attr in _PROBED_METHODS else contextlib.nullcontext() as probe:
                    bases = self.resolver.values(func.expr)
                if probe is not None and probe.gave_up:
                    bases = []
                for base in bases:
                    for leaf in leaves(base):
                        self._method_call(leaf, attr, call)
            if attr == "set_cookie":
                self._cookie_set(call)
            if attr in ("as_view",):
                pass
        name = _call_name(call)
        if name in ("setdefault", "update", "putenv"):
            # (asked of every ``d.update()`` of a project: a probe, like the
            # receiver's above -- resolving a parameter ``d`` through all its
            # call sites made such steps read a third of Redash)
            with self.resolver.probe() as probe:
                q = self.resolver.qualname(func)
            if not probe.gave_up and q in ("os.environ.setdefault", "os.environ.update", "os.putenv"):
                from flasklint.model import config as C

                C.env_call(self, call, q.rsplit(".", 1)[1])
        if name and name[:1].isupper() and (call.args or call.keywords) and name not in _CTOR_NAMES:
            self._extension_ctor(call)
        if name in ("run_simple", "DebuggedApplication", "flash", "run"):
            q = self.resolver.qualname(func)
            if q == N.RUN_SIMPLE:
                self._server_run(None, call, "run_simple")
            elif q == N.DEBUGGED_APPLICATION:
                app = None
                if call.args:
                    objs = self.objects(call.args[0], "app") or self.objects(_strip_wsgi(call.args[0]), "app")
                    app = objs[0] if objs else None
                self._server_run(app, call, "DebuggedApplication")
            elif q == N.FLASH:
                self._session_use(call, "flash", None, None, "flash")

    def _method_call(self, base: Value, attr: str, call):
        if isinstance(base, ObjectRef):
            obj = base.obj
            if attr in ROUTE_METHODS or attr == "route":
                if obj.kind in ("app", "blueprint"):
                    self._route_decorator(obj, attr, call)
            elif attr == "add_url_rule" and obj.kind in ("app", "blueprint"):
                self._add_url_rule(obj, call)
            elif attr == "register_blueprint" and obj.kind in ("app", "blueprint"):
                self._register_blueprint(obj, call)
            elif attr in ("errorhandler", "register_error_handler", "app_errorhandler") and obj.kind in ("app", "blueprint"):
                self._error_handler(obj, attr, call)
            elif attr in HOOK_METHODS and obj.kind in ("app", "blueprint"):
                obj.hooks.setdefault(attr, []).append(call)
                self.version += 1
            elif attr == "run" and obj.kind == "app":
                self._server_run(obj, call, "app.run")
            elif attr == "run" and obj.kind == "socketio":
                app = None
                if call.args:
                    objs = self.objects(call.args[0], "app")
                    app = objs[0] if objs else None
                app = app or getattr(obj, "app", None) or _ctor_app(obj)
                self._server_run(app, call, "socketio.run", socketio=obj)
            elif attr == "init_app" and obj.kind == "socketio" and call.args:
                objs = self.objects(call.args[0], "app")
                if objs:
                    obj.app = objs[0]
                    self.version += 1
        elif isinstance(base, ConfigRef):
            self._config_call(base.app, attr, call)
        elif isinstance(base, ExtCall) and attr == "init_app" and base.qualname.split(".", 1)[0] in EXTENSION_PACKAGES:
            self._extension_init(base.qualname, call, "init_app")

    # -- extensions and app attributes -----------------------------------------------
    def _extension_ctor(self, call):
        first = call.args[0] if call.args else _kw_node(call, "app")
        if first is None or not isinstance(first, (nodes.Name, nodes.Attribute)):
            return
        q = self.qualname(call.func)
        if not q or q.split(".", 1)[0] not in EXTENSION_PACKAGES:
            return
        self._extension_init(q, call, "ctor", first)

    def _extension_init(self, qualname, call, how, app_node=None):
        if app_node is None:
            app_node = call.args[0] if call.args else _kw_node(call, "app")
        if app_node is None:
            return
        key = ("ext", id(call))
        if not self._first_time(key):
            return
        for app in self.objects(app_node, "app"):
            ext = ExtensionInit(app, qualname, call, self.project.location(call), how)
            app.extensions.append(ext)
            self.extensions.append(ext)

    def app_attr_write(self, app, attr, value, node):
        """Record ``app.<attr> = value`` for attributes that are not config
        keys (called by the config module)."""
        w = AppAttrWrite(app, attr, value, node, self.project.location(node))
        entry = (value, node)
        writes = app.attr_writes.setdefault(attr, [])
        if self._first_time(("attr", id(app), attr, id(node))):
            writes.append(entry)
            self.version += 1
        self.app_attr_writes.append(w)

    def _subclass_attributes(self, app):
        """Class attributes of a project Flask subclass that Flask reads:
        ``secret_key = "..."`` replaces the ``ConfigAttribute`` descriptor, so
        the sessions are signed with it even though ``config['SECRET_KEY']``
        stays None; ``session_interface = ...`` replaces the cookie sessions."""
        from flasklint.model import config as C

        for attr in list(C.APP_ATTR_KEYS) + list(C.APP_OBJECT_ATTRS):
            owner, defs = self.resolver.class_attr_defs(app.cls_node, attr)
            for d in defs:
                if not isinstance(d, nodes.AssignName):
                    continue
                vals = self.resolver._infer_assignname(d, None)
                value = vals[0] if len(vals) == 1 else Choice(tuple(vals))
                stmt = d.statement()
                if attr in C.APP_ATTR_KEYS:
                    C._write(self, app, C.APP_ATTR_KEYS[attr], value, stmt, f"{owner.name}.{attr} (class attribute of {app.cls_node.name})", "class", container=owner.name, container_node=owner)
                else:
                    self.app_attr_write(app, attr, value, stmt)

    # -- functions -> apps ---------------------------------------------------------
    def owners_of_function(self, func) -> List[FlaskObject]:
        """Apps and blueprints that register ``func`` (or the View class
        defining it): as a view (``route``, ``add_url_rule``) or through any
        decorator on them (``before_request``, ``errorhandler``,
        ``context_processor``...)."""
        out: List[FlaskObject] = []
        targets = [func]
        if isinstance(func.parent, nodes.ClassDef):
            targets.append(func.parent)
        for r in self.routes:
            if r.view is not None and any(r.view is t for t in targets) and r.owner not in out:
                out.append(r.owner)
        for t in targets:
            decos = t.decorators.nodes if getattr(t, "decorators", None) else []
            for d in decos:
                target = d.func if isinstance(d, nodes.Call) else d
                if not isinstance(target, nodes.Attribute):
                    continue
                for obj in self.objects(target.expr):
                    if obj.kind in ("app", "blueprint") and obj not in out:
                        out.append(obj)
        return out

    def apps_of(self, obj) -> List[App]:
        """The apps an app or blueprint ends up in (through registrations,
        nested blueprints included)."""
        out: List[App] = []

        def walk(o, chain):
            if isinstance(o, App):
                if o not in out:
                    out.append(o)
                return
            for reg in self.registrations:
                if reg.blueprint is o and reg.parent not in chain:
                    walk(reg.parent, chain + (reg.parent,))

        walk(obj, (obj,))
        return out

    def apps_for(self, node, depth: int = 4) -> List[App]:
        """The apps whose requests run ``node``: its function is a view or
        hook of an app or of a blueprint registered on it, or is called
        (up to ``depth`` calls away) from one.  Empty when unknown."""
        func = _enclosing_function(node) if not isinstance(node, FUNC_TYPES) else node
        if func is None:
            return []
        return self._apps_of_function(func, depth, set())

    def _apps_of_function(self, func, depth, seen) -> List[App]:
        key = id(func)
        if key in self._apps_of_func:
            return self._apps_of_func[key]
        if key in seen:
            return []
        seen.add(key)
        out: List[App] = []
        for owner in self.owners_of_function(func):
            for app in self.apps_of(owner):
                if app not in out:
                    out.append(app)
        if not out and depth > 0:
            for call, _ in self.resolver.call_sites(func):
                caller = _enclosing_function(call)
                if caller is None:
                    continue
                for app in self._apps_of_function(caller, depth - 1, seen):
                    if app not in out:
                        out.append(app)
        if depth >= 4 or out:
            self._apps_of_func[key] = out
        return out

    # -- data flow inside a function -------------------------------------------------
    _LOOKUP_NAMES = re.compile(r"^(get|get_or_404|first_or_404|query|filter|filter_by|find|find_one|find_by_id|load_user|login_user|lookup|fetch|fetch_user|get_user|get_user_by_id|authenticate|authorize|check_user|user_loader|execute)$|user", re.I)

    def decision_use(self, expr, depth: int = 2) -> Optional[str]:
        """How the value of ``expr`` (a request read, say) decides something
        in its function, or None: ``"tested in an if"``, ``"compared"``,
        ``"passed to User.query.get()"``, ``"stored as g.user"``.  Follows
        plain ``name = expr`` assignments ``depth`` steps."""
        n = expr
        while n is not None and not isinstance(n, (nodes.FunctionDef, nodes.AsyncFunctionDef, nodes.Module, nodes.ClassDef)):
            p = n.parent
            if isinstance(p, (nodes.If, nodes.While, nodes.IfExp)) and p.test is n:
                return "tested in an if"
            if isinstance(p, nodes.Assert) and p.test is n:
                return "asserted"
            if isinstance(p, nodes.Compare):
                return "compared"
            if isinstance(p, nodes.Call) and n is not p.func and (n in p.args or isinstance(n, nodes.Keyword)):
                f = p.func
                fname = f.attrname if isinstance(f, nodes.Attribute) else getattr(f, "name", "")
                if fname and self._LOOKUP_NAMES.search(fname):
                    return f"passed to {f.as_string()}()"
                return None
            if isinstance(p, (nodes.Assign, nodes.AnnAssign)) and p.value is n:
                targets = p.targets if isinstance(p, nodes.Assign) else [p.target]
                for t in targets:
                    if isinstance(t, nodes.AssignAttr) and isinstance(t.expr, nodes.Name) and t.expr.name == "g":
                        return f"stored as g.{t.attrname}"
                    if isinstance(t, nodes.AssignName) and depth > 0:
                        scope = t.scope()
                        for use in nodes_of(scope, nodes.Name):
                            if use.name == t.name and (use.lineno or 0) >= (t.lineno or 0) and use is not t:
                                got = self.decision_use(use, depth - 1)
                                if got:
                                    return got
                return None
            if isinstance(p, (nodes.BoolOp, nodes.UnaryOp, nodes.Call, nodes.Attribute, nodes.Subscript, nodes.NamedExpr, nodes.Keyword)):
                if isinstance(p, nodes.NamedExpr) and depth > 0:
                    got = None
                    scope = p.scope()
                    for use in nodes_of(scope, nodes.Name):
                        if use.name == p.target.name and (use.lineno or 0) >= (p.lineno or 0):
                            got = got or self.decision_use(use, depth - 1)
                    if got:
                        return got
                n = p
                continue
            return None
        return None

    # -- start-up guards -------------------------------------------------------------
    def config_guards(self) -> List[ConfigGuard]:
        """Comparisons of a config key with literals whose branch raises or
        exits (computed on first use)."""
        if self._config_guards is not None:
            return self._config_guards
        out: List[ConfigGuard] = []
        # (every module naming the key, parsed or not: the answer depends on
        # the files, never on what else the analysis happened to parse)
        for mod in self.project.modules:
            if not (mod.mentions("SECRET_KEY") or mod.mentions("secret_key")):
                continue
            tree = self.project.tree(mod)
            if tree is None:
                continue
            for cmp in self.project.nodes(tree, nodes.Compare):
                g = self._guard(mod, self._config_guard, cmp)
                if g is not None:
                    out.append(g)
        self._config_guards = out
        return out

    def _config_guard(self, cmp) -> Optional[ConfigGuard]:
        if len(cmp.ops) != 1 or cmp.ops[0][0] not in ("==", "in", "!=", "not in"):
            return None
        op, right = cmp.ops[0]
        left = cmp.left
        key = _config_key_expr(left, self.resolver)
        other = right
        if key is None:
            key = _config_key_expr(right, self.resolver)
            other = left
        if key is None:
            return None
        lits = []
        for v in self.resolver.values(other):
            for leaf in leaves(v):
                if isinstance(leaf, Const) and isinstance(leaf.value, (str, bytes)):
                    lits.append(leaf.value)
                elif isinstance(leaf, Seq):
                    lits.extend(i.value for i in leaf.items if isinstance(i, Const) and isinstance(i.value, (str, bytes)))
        if not lits:
            return None
        # the branch taken when the key equals a literal
        stmt = cmp.parent
        while stmt is not None and isinstance(stmt, (nodes.BoolOp, nodes.UnaryOp)):
            stmt = stmt.parent
        refuses = False
        if isinstance(stmt, nodes.If):
            branch = stmt.body if op in ("==", "in") else stmt.orelse
            refuses = _branch_refuses(branch, self.resolver)
        elif isinstance(stmt, nodes.Assert):
            refuses = op in ("!=", "not in")
        return ConfigGuard(key, tuple(lits), cmp, self.project.location(cmp), refuses)

    # -- routes --------------------------------------------------------------------
    def _route_decorator(self, owner, attr, call):
        if not self._first_time(id(call)):
            return
        kwargs = self._kwargs(call)
        rule = const_str(self.resolver.value(call.args[0])) if call.args else const_str(kwargs.get("rule"))
        methods = self._methods(kwargs.get("methods"))
        if attr in ROUTE_METHODS:
            methods = (ROUTE_METHODS[attr],)
        endpoint_v = kwargs.get("endpoint")
        endpoint = const_str(endpoint_v) if endpoint_v is not None else None
        view = None
        if isinstance(call.parent, nodes.Decorators):
            view = call.parent.parent
        elif isinstance(call.parent, nodes.Call) and call.parent.func is call and call.parent.args:
            # app.route('/x')(view) -- used as a plain call
            vals = self.resolver.values(call.parent.args[0])
            view = next((v.node for v in vals if isinstance(v, (FunctionRef, ClassRef))), None)
        route = Route(owner, call, rule, methods, endpoint, view=view, kwargs=kwargs, kind="route")
        if endpoint_v is not None and endpoint is None:
            route.endpoint = None
            route.kwargs["_endpoint_unknown"] = UNKNOWN
        route.view_name = self._view_name(view, call)
        if isinstance(view, FUNC_TYPES):
            below = _decorators_below(view, call)
            kinds = [self.decorator_kind(d) for d in below]
            route.wrappers = tuple(d for d, k in zip(below, kinds) if k != "same")
            route.wrappers_known = "unknown" not in kinds
            route.view_key = ("func", id(view), tuple(id(d) for d in route.wrappers))
        self._add_route(owner, route)

    def _add_url_rule_per_call_site(self, call) -> bool:
        """``add_url_rule`` inside a plain helper function called from the
        project (Flask's documented ``register_api(app, model, name)``
        pattern): one route per call site of the helper, its parameters
        bound to that site's arguments -- Flask runs it once per call.  False
        when the call is not in such a helper (it is then handled once,
        without context)."""
        helper = exec_frame(call)
        if not isinstance(helper, FUNC_TYPES) or isinstance(helper.parent, nodes.ClassDef) or helper.decorators:
            return False
        sites = [site for site, self_value in self.resolver.call_sites(helper) if self_value is None]
        if not sites:
            return False
        for base in self.resolver.values(call.func.expr):
            for leaf in leaves(base):
                if isinstance(leaf, ObjectRef) and leaf.obj.factory is helper:
                    # the helper makes the app it registers on (a factory
                    # called by the WSGI module, the CLI, the tests...):
                    # each call registers on its own app -- once, here
                    return False
        for site in sites:
            ctx = Ctx(helper, site, None)
            for base in self.resolver.values(call.func.expr, ctx):
                for leaf in leaves(base):
                    if isinstance(leaf, ObjectRef) and leaf.obj.kind in ("app", "blueprint"):
                        self._add_url_rule(leaf.obj, call, ctx, site)
        return True

    def _add_url_rule(self, owner, call, ctx=None, site=None):
        key = id(call) if site is None else ("site", id(call), id(site), id(owner))
        if not self._first_time(key):
            return
        kwargs = self._kwargs(call, ctx)
        pos = [a for a in call.args if not isinstance(a, nodes.Starred)]
        rule_v = self.resolver.value(pos[0], ctx) if pos else kwargs.get("rule")
        endpoint_v = self.resolver.value(pos[1], ctx) if len(pos) > 1 else kwargs.get("endpoint")
        view_node = pos[2] if len(pos) > 2 else _kw_node(call, "view_func")
        view = None
        view_name = None
        view_methods = None
        if view_node is not None:
            view, view_name, view_methods = self._view_from_expr(view_node, ctx)
        endpoint = const_str(endpoint_v) if endpoint_v is not None and not _is_none(endpoint_v) else None
        methods = self._methods(kwargs.get("methods"))
        if methods is None and "methods" not in kwargs:
            methods = view_methods
        route = Route(owner, call, const_str(rule_v), methods, endpoint, view=view, kwargs=kwargs, kind="add_url_rule")
        if endpoint_v is not None and not _is_none(endpoint_v) and endpoint is None:
            route.kwargs["_endpoint_unknown"] = UNKNOWN
        route.view_name = view_name
        if view_node is not None:
            self._view_identity(route, view_node, view)
            if site is not None and route.view_key and route.view_key[0] == "as_view":
                route.view_key = route.view_key + (id(site),)  # a new view object per call
        self._add_route(owner, route)
        if site is not None:
            route.order = self.position(site, owner) + ((call.lineno or 0), (call.col_offset or 0))

    def _view_identity(self, route, expr, view):
        """``view_key`` / ``wrappers`` of an ``add_url_rule(view_func=...)``."""
        call = _as_view_call(expr)
        if call is not None:
            route.view_key = ("as_view", id(call))
            return
        if isinstance(view, FUNC_TYPES) and isinstance(expr, (nodes.Name, nodes.Attribute)):
            decos = list(view.decorators.nodes) if view.decorators else []
            kinds = [self.decorator_kind(d) for d in decos]
            route.wrappers = tuple(d for d, k in zip(decos, kinds) if k != "same")
            route.wrappers_known = "unknown" not in kinds
            route.view_key = ("func", id(view), tuple(id(d) for d in route.wrappers))
            return
        route.view_key = ("expr", id(expr))
        route.wrappers_known = False

    def decorator_kind(self, deco) -> str:
        """What a decorator does to the function it decorates:

        * ``"same"``: returns it unchanged (Flask's route/hook/errorhandler
          registration decorators on a known app or blueprint);
        * ``"wraps"``: returns a new function flasklint understands (a
          project decorator or decorator factory returning an inner
          function; bare ``flask_jwt_extended.jwt_required``);
        * ``"unknown"``: anything else.
        """
        if isinstance(deco, nodes.Call) and isinstance(deco.func, nodes.Attribute):
            attr = deco.func.attrname
            if attr in ROUTE_METHODS or attr in ("route", "errorhandler", "app_errorhandler") or attr in HOOK_METHODS:
                if any(isinstance(o, FlaskObject) and o.kind in ("app", "blueprint") for o in self.objects(deco.func.expr)):
                    return "same"
        if self._project_wrapper(deco) is not None:
            return "wraps"
        if not isinstance(deco, nodes.Call) and self.resolver.qualname(deco) == "flask_jwt_extended.jwt_required":
            return "unknown" if self.jwt_extended_v3() else "wraps"
        return "unknown"

    def _project_wrapper(self, deco):
        """The inner function a project decorator (or decorator factory)
        returns for the view, or None."""
        target = deco.func if isinstance(deco, nodes.Call) else deco
        for fv in self.resolver.values(target):
            if not isinstance(fv, FunctionRef):
                continue
            func = fv.node
            if isinstance(deco, nodes.Call):
                inner = [v.node for v in self.resolver.returns(func, Ctx(func, deco, None)) if isinstance(v, FunctionRef)]
                if not inner:
                    continue
                func = inner[0]
            wrapper = _returned_inner(func)
            if wrapper is not None:
                return wrapper
        return None

    def project_wrapper(self, deco):
        """Public: (decorator function, inner function it returns) for a
        project decorator, else None."""
        return self._project_wrapper(deco)

    def _view_from_expr(self, expr, ctx=None):
        """(view node, __name__, methods) for a view_func expression."""
        as_view = _as_view_call(expr)
        if as_view is not None:
            expr = as_view
            cls_vals = self.resolver.values(expr.func.expr, ctx)
            cls = next((v.node for v in cls_vals if isinstance(v, ClassRef)), None)
            name_v = self.resolver.value(expr.args[0], ctx) if expr.args else None
            name = const_str(name_v) if name_v is not None else None
            methods = self.view_class_methods(cls) if cls is not None else None
            return cls, name, methods
        vals = self.resolver.values(expr, ctx)
        for v in vals:
            if isinstance(v, FunctionRef):
                return v.node, v.node.name, None
        return None, None, None

    def view_class_methods(self, cls) -> Optional[Tuple[str, ...]]:
        """Methods of a View / MethodView class as Flask derives them."""
        v = self.resolver.class_attr(cls, "methods")
        if v:
            ms = self._methods(v[0])
            if ms is not None:
                return ms
        if self.resolver.class_kind(cls) == "methodview":
            found = []
            for c in self.resolver.mro(cls):
                for m in ("get", "post", "put", "patch", "delete", "head", "options", "trace", "search", "query"):
                    if m in c.locals and m.upper() not in found:
                        found.append(m.upper())
            return tuple(sorted(found)) if found else None
        return None

    def _view_name(self, view, call) -> Optional[str]:
        """The ``__name__`` of what the route decorator receives: the view,
        or the wrapper returned by decorators applied before it."""
        if view is None:
            return None
        if isinstance(view, nodes.ClassDef):
            return view.name
        name = view.name
        if not view.decorators:
            return name
        decos = list(view.decorators.nodes)
        try:
            idx = decos.index(call)
        except ValueError:
            return name
        # decorators below the route decorator are applied first (bottom-up)
        for deco in reversed(decos[idx + 1 :]):
            wrapped = self._wrapper_name(deco)
            if wrapped is not None:
                name = wrapped
        return name

    def _wrapper_name(self, deco) -> Optional[str]:
        """The __name__ of what ``deco`` returns for a view, when it is a
        project decorator that does not use functools.wraps; None when the
        name is preserved or unknown."""
        target = deco
        if isinstance(deco, nodes.Call):
            # decorator factory: @requires('admin')
            for fv in self.resolver.values(deco.func):
                if isinstance(fv, FunctionRef):
                    inner = [v for v in self.resolver.returns(fv.node, Ctx(fv.node, deco, None)) if isinstance(v, FunctionRef)]
                    if inner:
                        return _returned_wrapper_name(inner[0].node)
            q = self.resolver.qualname(deco.func)
            return None
        q = self.resolver.qualname(target)
        if q == "flask_jwt_extended.jwt_required" and not self.jwt_extended_v3():
            # flask-jwt-extended >= 4: jwt_required is a decorator factory; used
            # bare it returns its inner "wrapper" decorator as the view.
            return "wrapper"
        for fv in self.resolver.values(target):
            if isinstance(fv, FunctionRef):
                return _returned_wrapper_name(fv.node)
        return None

    def _add_route(self, owner, route):
        route.order = self.position(route.node, owner)
        owner.routes.append(route)
        self.routes.append(route)

    def _methods(self, value: Optional[Value]) -> Optional[Tuple[str, ...]]:
        if value is None or _is_none(value):
            return None
        if isinstance(value, Seq):
            out = []
            for item in value.items:
                s = const_str(item)
                if s is None:
                    return None
                out.append(s.upper())
            return tuple(out)
        if isinstance(value, Const) and isinstance(value.value, str):
            return (value.value.upper(),)  # Flask iterates the string; odd but explicit
        return None

    def _kwargs(self, call, ctx=None) -> Dict[str, Value]:
        out = {}
        for kw in call.keywords or ():
            if kw.arg is None:
                v = self.resolver.value(kw.value, ctx)
                if isinstance(v, Mapping):
                    for k, val in v.items:
                        if isinstance(k, Const) and isinstance(k.value, str):
                            out[k.value] = val
                else:
                    out["**"] = v
            else:
                out[kw.arg] = self.resolver.value(kw.value, ctx)
        return out

    # -- blueprints ------------------------------------------------------------------
    def _register_blueprint(self, parent, call):
        if not self._first_time(id(call)):
            return
        if not call.args:
            return
        kwargs = self._kwargs(call)
        for bp in self.objects(call.args[0], "blueprint"):
            reg = Registration(parent, bp, call, kwargs)
            reg.order = self.position(call, parent)
            parent.registrations.append(reg)
            self.registrations.append(reg)

    # -- error handlers ------------------------------------------------------------------
    def _error_handler(self, owner, attr, call):
        if not self._first_time(id(call)):
            return
        key_node = call.args[0] if call.args else _kw_node(call, "code_or_exception")
        if key_node is None:
            return
        func = None
        if attr == "register_error_handler":
            fnode = call.args[1] if len(call.args) > 1 else _kw_node(call, "f")
            if fnode is not None:
                func = self._handler_function(fnode)
        elif isinstance(call.parent, nodes.Decorators):
            func = call.parent.parent
        keys = self._handler_keys(key_node)
        for key, codes, exc in keys:
            h = ErrorHandler(owner, call, key, codes, exc, func=func, app_wide=(attr == "app_errorhandler"), via=attr)
            owner.handlers.append(h)
            self.handlers.append(h)

    def _handler_function(self, fnode):
        """The function a ``register_error_handler`` call registers: a
        function, a lambda, or a method bound to an instance or to a project
        subclass of Flask/Blueprint (``self.handle_error``)."""
        if isinstance(fnode, nodes.Lambda):
            return fnode
        for v in self.resolver.values(fnode):
            if isinstance(v, FunctionRef):
                return v.node
            if isinstance(v, BoundMethod):
                cls = None
                if isinstance(v.obj, ObjectRef):
                    cls = v.obj.obj.cls_node
                elif isinstance(v.obj, Instance):
                    cls = v.obj.cls_node
                if cls is not None:
                    got = self.resolver.class_attr(cls, v.name) or []
                    for g in got:
                        if isinstance(g, FunctionRef):
                            return g.node
        return None

    def _handler_keys(self, key_node):
        """(key value, codes, generic exception) for an errorhandler key,
        expanding loops over ``default_exceptions`` and lists."""
        # for code in default_exceptions: ...
        if isinstance(key_node, nodes.Name):
            _, assigns = lookup(key_node, key_node.name)
            for a in assigns:
                if isinstance(a, nodes.AssignName) and isinstance(a.parent, (nodes.For, nodes.Comprehension)):
                    it = a.parent.iter
                    base = it.func.expr if isinstance(it, nodes.Call) and isinstance(it.func, nodes.Attribute) else it
                    if self.resolver.qualname(base) == N.DEFAULT_EXCEPTIONS:
                        return [(ExtName(N.DEFAULT_EXCEPTIONS), DEFAULT_EXCEPTION_CODES, None)]
        out = []
        for v in self.resolver.values(key_node):
            for leaf in leaves(v):
                out.append(self._classify_key(leaf))
        return out

    def _classify_key(self, v: Value):
        if isinstance(v, Const) and isinstance(v.value, int):
            return (v, frozenset([v.value]), None)
        if isinstance(v, ExtName):
            q = v.qualname
            short = q.rsplit(".", 1)[-1]
            if q.startswith("werkzeug.exceptions.") and short in N.HTTP_EXCEPTION_CODES:
                return (v, frozenset([N.HTTP_EXCEPTION_CODES[short]]), None)
            return (v, frozenset(), q)
        if isinstance(v, ClassRef):
            # a project exception class: an HTTPException subclass with a code
            code = self.resolver.class_attr(v.node, "code")
            for b in self.resolver.mro(v.node):
                for base in self.resolver.bases(b):
                    if isinstance(base, ExtName) and base.qualname.startswith("werkzeug.exceptions."):
                        short = base.qualname.rsplit(".", 1)[-1]
                        if code and isinstance(code[0], Const) and isinstance(code[0].value, int):
                            return (v, frozenset([code[0].value]), None)
                        if short in N.HTTP_EXCEPTION_CODES:
                            return (v, frozenset([N.HTTP_EXCEPTION_CODES[short]]), None)
            return (v, frozenset(), "project." + v.node.name)
        return (v, frozenset(), None)

    # -- server starts -------------------------------------------------------------------
    _RUN_PARAMS = {
        "app.run": ("host", "port", "debug", "load_dotenv"),
        "socketio.run": ("app", "host", "port"),
        "run_simple": ("hostname", "port", "application", "use_reloader", "use_debugger", "use_evalex"),
        "DebuggedApplication": ("app", "evalex"),
    }

    def _server_run(self, app, call, kind, socketio=None):
        if not self._first_time(id(call)):
            return
        params: Dict[str, Tuple[Value, object]] = {}
        names = self._RUN_PARAMS[kind]
        pos = [a for a in call.args]
        for i, a in enumerate(pos):
            if isinstance(a, nodes.Starred):
                break
            if i < len(names):
                params[names[i]] = (self.resolver.value(a), a)
        for kw in call.keywords or ():
            if kw.arg is None:
                v = self.resolver.value(kw.value)
                if isinstance(v, Mapping):
                    for k, val in v.items:
                        if isinstance(k, Const) and isinstance(k.value, str):
                            params[k.value] = (val, kw.value)
                else:
                    params["**"] = (v, kw.value)
            else:
                params[kw.arg] = (self.resolver.value(kw.value), kw.value)
        if kind == "run_simple" and app is None and "application" in params:
            node = params["application"][1]
            objs = self.objects(node, "app") or self.objects(_strip_wsgi(node), "app")
            app = objs[0] if objs else None
        run = ServerRun(app, call, kind, params)
        run.socketio = socketio
        self.runs.append(run)
        if app is not None:
            app.runs.append(run)

    # -- configuration ---------------------------------------------------------------------
    def _config_call(self, app, attr, call):
        if not self._first_time(id(call)):
            return
        from flasklint.model import config as C

        C.config_call(self, app, attr, call)

    def _visit_assign(self, node):
        from flasklint.model import config as C

        targets = node.targets if isinstance(node, nodes.Assign) else [node.target]
        if node.value is None:
            return
        for t in targets:
            C.assign_target(self, t, node.value, node)
            if isinstance(t, nodes.AssignAttr):
                self._attr_write(t, node.value)

    def _attr_write(self, target, value_node):
        """Record ``app.subdomain_matching = True``,
        ``app.url_map.host_matching = True`` and the like (the paths in
        RECORDED_ATTR_WRITES) on the model object the receiver resolves to."""
        base = target.expr
        key = target.attrname
        if isinstance(base, nodes.Attribute) and f"{base.attrname}.{key}" in RECORDED_ATTR_WRITES:
            key = f"{base.attrname}.{key}"
            base = base.expr
        if key not in RECORDED_ATTR_WRITES or not isinstance(base, (nodes.Name, nodes.Attribute, nodes.Call)):
            return
        with self.resolver.probe() as probe:
            objs = self.objects(base)
        if not objs or probe.gave_up:
            return
        value = self.resolver.value(value_node)
        for obj in objs:
            writes = obj.attr_writes.setdefault(key, [])
            if self._first_time(("attr", id(obj), key, id(target))):
                writes.append((value, target))
                self.version += 1

    def _visit_augassign(self, node):
        from flasklint.model import config as C

        if node.op == "|=":
            C.augassign(self, node)

    def _visit_delete(self, node):
        for t in node.targets:
            if isinstance(t, nodes.Subscript) and self._is_session(t.value):
                self._session_use(t, "delete", self.resolver.value(t.slice), None, "del")

    # -- sessions and cookies ------------------------------------------------------------
    def _is_session(self, node) -> bool:
        if isinstance(node, nodes.Name):
            name = node.name
            imported = self._cur_import_names  # the file being visited (pass 2), else looked up
            if imported is None:
                imported = self.project.index(node.root()).import_from_names
            if name != "session" and name not in imported and name not in _BUILTIN_NAMES:
                return False  # (only a name some ``from ... import`` binds can alias it)
            # A name no enclosing function or class binds means the same
            # module-level binding everywhere in the module: decided once.
            key = _module_binding_key(node)
            entry = self._session_names.get(key) if key is not None else None
            rs = self.project.read_sets
            if entry is not None:
                got, deps = entry
                if rs:
                    rs[-1] |= deps  # (what deciding it read: charged on every use, as the resolver's memos)
                return got
            if key is not None:
                decided = self._imported_qualname(node)
                if decided is not None:
                    # ``from pkg.mod import name`` of a project module: one
                    # decision for every module importing it (see _decide)
                    q, charge = decided
                    got = q == N.SESSION
                    if rs:
                        rs[-1] |= charge
                    self._session_names[key] = (got, charge)
                    return got
            if rs:
                rs.append(0)
            try:
                got = (name == "session" or _aliases_session(node)) and self.resolver.qualname(node) == N.SESSION
            finally:
                deps = 0
                if rs:
                    deps = rs.pop()
                    rs[-1] |= deps
            if key is not None:
                self._session_names[key] = (got, deps)
            return got
        if isinstance(node, nodes.Attribute) and node.attrname == "session":
            return self.resolver.qualname(node) == N.SESSION
        return False

    def _imported_qualname(self, node) -> Optional[Tuple[Optional[str], int]]:
        """For a name whose one binding is ``from pkg.mod import name [as
        ...]`` of a project module's attribute: (its qualified name, as
        Resolver.qualname answers, or None; what to charge the step with),
        decided once for every module importing it (see _decide).  None for
        any other node."""
        if not isinstance(node, nodes.Name) or node.name.startswith("__"):
            return None
        source = _imported_from(self.resolver, node)
        if source is None or source[0].index is None:
            return None
        mod, orig = source
        return self._decide(f"{QUALNAME_DECISION}{mod.index}\0{orig}", lambda: qualname_decision(self.resolver, mod, orig))

    def _class_kind(self, cls) -> Optional[str]:
        """``Resolver.class_kind(cls)`` for pass 0, base by base: a base
        imported from a project module (``class NotFound(CommandError)``,
        the project's exception and model bases) is one shared decision
        (see _decide), so that the pass-0 steps of every module subclassing
        it are not charged with its module."""
        rs = self.project.read_sets
        for b in cls.bases:
            source = _imported_from(self.resolver, b) if isinstance(b, nodes.Name) and not b.name.startswith("__") else None
            if source is not None and source[0].index is not None:
                mod, orig = source
                kind, charge = self._decide(f"{KIND_DECISION}{mod.index}\0{orig}", lambda mod=mod, orig=orig: kind_decision(self.resolver, mod, orig))
                if rs:
                    rs[-1] |= charge
            else:
                kind = _first_kind(self.resolver, self.resolver.values(b))
            if kind:
                return kind
        return None

    def qualname(self, node) -> Optional[str]:
        """``Resolver.qualname(node)``, through the shared decisions for
        names imported from project modules (see _imported_qualname)."""
        decided = self._imported_qualname(node)
        if decided is None:
            return self.resolver.qualname(node)
        q, charge = decided
        rs = self.project.read_sets
        if rs:
            rs[-1] |= charge
        return q

    def _decide(self, key: str, compute) -> Tuple[Optional[str], int]:
        """(answer, what to charge the step with) of a question many steps
        ask alike (what is ``pkg.mod``'s ``name``, that many modules import,
        as a qualified name?).  Computed once, in a read set of its own; the
        steps asking are charged with the decision's pseudo-module bit, not
        with the files computing it read.  The cache records the answer with
        those files: an edit to one of them asks the question again
        (cache._recheck_decisions) and replays the steps only if the answer
        changed.  An answer that asked for the project's objects is charged
        as it was read (the steps are then as if they had added facts)."""
        project = self.project
        rs = project.read_sets
        entry = self.decisions.get(key)
        if entry is not None:
            return entry[1], (1 << entry[0]) if rs else 0
        direct = self._direct_decisions.get(key)
        if direct is not None:
            return direct
        if not rs:
            got = compute()
            self._direct_decisions[key] = (got, 0)
            return got, 0
        rs.append(0)
        try:
            got = compute()
        finally:
            deps = rs.pop()
        if deps & project.objects_bit:
            self._direct_decisions[key] = (got, deps)
            return got, deps
        bit = project.pseudo_bit(key)
        self.decisions[key] = [bit, got, deps]
        return got, 1 << bit

    def _visit_reference(self, node):
        # session[...] = v / session.pop(...) / session.permanent = True
        if not self._is_session(node):
            if isinstance(node, nodes.Attribute) and node.attrname in REQUEST_DATA:
                if self.qualname(node.expr) == N.REQUEST:
                    if node.attrname == "cookies":
                        self._cookie_read(node)
                    self._request_use(node)
            return
        parent = node.parent
        if isinstance(parent, nodes.Subscript) and parent.value is node:
            gp = parent.parent
            key = self.resolver.value(parent.slice)
            if isinstance(gp, (nodes.Assign, nodes.AugAssign)) and parent in (getattr(gp, "targets", None) or [getattr(gp, "target", None)]):
                self._session_use(parent, "write", key, self.resolver.value(gp.value), "setitem")
            elif isinstance(gp, nodes.Delete):
                pass  # handled in _visit_delete
            else:
                self._session_use(parent, "read", key, None, "getitem")
        elif isinstance(parent, nodes.Attribute) and parent.expr is node:
            meth = parent.attrname
            gp = parent.parent
            if isinstance(gp, nodes.Call) and gp.func is parent:
                key = self.resolver.value(gp.args[0]) if gp.args else None
                if meth in ("pop", "clear", "popitem"):
                    self._session_use(gp, "delete", key, None, meth)
                elif meth in ("update", "setdefault"):
                    value = self.resolver.value(gp.args[1]) if meth == "setdefault" and len(gp.args) > 1 else None
                    self._session_use(gp, "write", key, value, meth)
                    if meth == "update":
                        self._session_update_items(gp)
                elif meth == "get":
                    self._session_use(gp, "read", key, None, meth)
            elif meth in ("permanent", "modified") and isinstance(gp, nodes.Assign):
                self._session_use(parent, "permanent" if meth == "permanent" else "write", Const(meth), self.resolver.value(gp.value), meth)

    def _session_update_items(self, call):
        for kw in call.keywords or ():
            if kw.arg:
                self._session_use(kw, "write", Const(kw.arg), self.resolver.value(kw.value), "update")
        if call.args:
            v = self.resolver.value(call.args[0])
            if isinstance(v, Mapping):
                for k, val in v.items:
                    self._session_use(val.origin or call, "write", k, val, "update")

    def _session_use(self, node, kind, key, value, method):
        mod = self.project.module_of(node)
        self.session_uses.append(
            SessionUse(node, kind, key, value, _enclosing_function(node), mod, self.project.location(node, mod), method)
        )

    def _cookie_set(self, call):
        name = None
        if call.args:
            name = const_str(self.resolver.value(call.args[0]))
        elif _kw_node(call, "key") is not None:
            name = const_str(self.resolver.value(_kw_node(call, "key")))
        kwargs = self._kwargs(call)
        value_node = call.args[1] if len(call.args) > 1 else _kw_node(call, "value")
        self.cookies.append(CookieUse(call, "set", name, self.project.location(call), _enclosing_function(call), kwargs, value_node))

    def _request_use(self, node):
        parent = node.parent
        how, key, method, target = "read", None, "", node
        if isinstance(parent, nodes.Call) and parent.func is node:
            how, target = "call", parent
            key = const_str(self.resolver.value(parent.args[0])) if parent.args else None
        elif isinstance(parent, nodes.Subscript) and parent.value is node:
            how, target = "subscript", parent
            key = const_str(self.resolver.value(parent.slice))
        elif isinstance(parent, nodes.Attribute) and parent.expr is node:
            how, method = "method", parent.attrname
            if isinstance(parent.parent, nodes.Call) and parent.parent.func is parent:
                target = parent.parent
                key = const_str(self.resolver.value(target.args[0])) if target.args else None
        self.request_uses.append(
            RequestUse(target, node.attrname, how, key, self.project.location(target), _enclosing_function(node), method)
        )

    def _cookie_read(self, node):
        parent = node.parent
        name = None
        target = node
        if isinstance(parent, nodes.Subscript) and parent.value is node:
            name = const_str(self.resolver.value(parent.slice))
            target = parent
        elif isinstance(parent, nodes.Attribute) and isinstance(parent.parent, nodes.Call) and parent.parent.args:
            name = const_str(self.resolver.value(parent.parent.args[0]))
            target = parent.parent
        self.cookies.append(CookieUse(target, "read", name, self.project.location(target), _enclosing_function(node)))

    # -- env files ----------------------------------------------------------------------------
    def _read_env_files(self):
        for path in self.project.env_files:
            text = self.project.read_config_file(path)
            if text is None:
                continue
            for key, value, line in configfiles.parse_dotenv(text):
                self.env_entries.append(EnvEntry(path, key, value, line, self.project.file_location(path, line)))

    # -- ordering ----------------------------------------------------------------------------
    def position(self, node, owner) -> tuple:
        """A sort key for when ``node`` runs relative to the other events on
        ``owner`` (registration order, which decides route conflicts)."""
        target = exec_frame(owner.node)
        pos = self._position(node, target, 0)
        if pos is not None:
            return (0,) + pos
        mod = self.project.module_of(node)
        return (1, mod.path if mod else "", node.lineno or 0, node.col_offset or 0)

    def _position(self, node, target, depth):
        frame = exec_frame(node)
        here = (node.lineno or 0, node.col_offset or 0)
        if isinstance(node.parent, nodes.Decorators):
            # stacked decorators run bottom-up, after the def
            decos = node.parent.nodes
            last = decos[-1]
            here = (last.lineno or 0, last.col_offset or 0, len(decos) - decos.index(node))
        if frame is target:
            return here
        if depth > 3:
            return None
        if isinstance(frame, FUNC_TYPES):
            for call, _ in self.resolver.call_sites(frame):
                p = self._position(call, target, depth + 1)
                if p is not None:
                    return p + here
            return None
        if isinstance(frame, nodes.Module):
            # a module imported (directly) from the target's frame
            mod = self.project.module_of(frame)
            target_root = target.root()
            for imp in nodes_of(target, (nodes.Import, nodes.ImportFrom)):
                if exec_frame(imp) is not target and imp.root() is target_root and exec_frame(imp) is not target:
                    continue
                if self._imports_module(imp, mod):
                    return (imp.lineno or 0, imp.col_offset or 0) + here
            if isinstance(target, FUNC_TYPES) and target.root() is not frame:
                # module-level code of another module runs before the factory
                return (-1,) + here
        return None

    def _imports_module(self, imp, mod) -> bool:
        if mod is None:
            return False
        if isinstance(imp, nodes.Import):
            return any(self.project.find_module(o, mod) is mod for o, _ in imp.names)
        target = self.resolver._absolute(imp.modname, imp.level, imp)
        if target is None:
            return False
        if self.project.find_module(target, mod) is mod:
            return True
        return any(self.project.find_module(f"{target}.{o}" if target else o, mod) is mod for o, _ in imp.names)

    # -- URL maps -----------------------------------------------------------------------------
    def url_map(self, app: App) -> List[FlatRoute]:
        """The app's rules in registration order, blueprint prefixes and
        endpoint names composed as Flask composes them."""
        key = id(app)
        if key in self._url_maps:
            return self._url_maps[key]
        out: List[FlatRoute] = []
        events = []
        for r in app.routes:
            events.append((r.order, "route", r))
        for reg in app.registrations:
            events.append((reg.order, "bp", reg))
        events.sort(key=lambda e: e[0])
        for order, kind, item in events:
            if kind == "route":
                out.append(FlatRoute(app, item, item.rule, item.effective_endpoint, (), (order,)))
            else:
                self._expand(app, item, (item,), "", None, (order,), out)
        self._url_maps[key] = out
        return out

    def jwt_extended_v3(self) -> bool:
        """The project uses flask-jwt-extended 3.x, where a bare
        ``@jwt_required`` is right (4.0 made it a decorator factory): it
        imports a name 4.0 removed."""
        if getattr(self, "_jwt_v3", None) is None:
            removed = (b"jwt_optional", b"jwt_refresh_token_required", b"fresh_jwt_required", b"verify_jwt_in_request_optional")
            self._jwt_v3 = False
            for m in self.project.candidate_modules():
                if m.mentions("flask_jwt_extended"):
                    self.project.note_read(m)  # (its content decides: the cache must know)
                    if any(r in m.data() for r in removed):
                        self._jwt_v3 = True
                        break
        return self._jwt_v3

    def imported_by_some_module(self, mod) -> bool:
        """Whether a project module imports ``mod`` statically (see
        Project.importers: the answer depends on the files, never on what
        else the analysis happened to parse)."""
        return bool(self.project.importers(mod))

    def route_loaded(self, route: Route) -> bool:
        """False when a route is declared in a module that nothing imports
        while its app/blueprint lives elsewhere: Flask never sees it (a
        leftover module, or one loaded dynamically -- flasklint cannot
        tell, so such routes take no part in conflicts)."""
        mod = self.project.module_of(route.node)
        if mod is None or mod is route.owner.module:
            return True
        return self.imported_by_some_module(mod)

    def static_route(self, app: App) -> Optional[FlatRoute]:
        """The ``/static/<path:filename>`` rule Flask adds in ``Flask()``,
        before any user rule (None with ``static_folder=None``).  Its
        ``route.kind`` is ``"static"``, its node the ``Flask(...)`` call;
        ``rule`` is None when the path cannot be resolved."""
        key = ("static", id(app))
        if key in self._url_maps:
            return self._url_maps[key]
        folder = app.arg("static_folder", 2)
        url_path = app.arg("static_url_path", 1)
        fr = None
        if folder is None or not _is_none(folder):
            rule = None
            if url_path is not None and not _is_none(url_path):
                p = const_str(url_path)
                rule = p.rstrip("/") + "/<path:filename>" if p is not None else None
            else:
                f = "static" if folder is None else const_str(folder)
                if f is not None:
                    # Flask: f"/{os.path.basename(static_folder)}".rstrip("/"),
                    # the folder stripped of trailing slashes when set
                    rule = ("/" + os.path.basename(f.rstrip("/\\"))).rstrip("/") + "/<path:filename>"
            route = Route(app, app.node, rule, ("GET",), "static", kind="static", view_key=("static",))
            route.view_name = "static"
            fr = FlatRoute(app, route, rule, "static", (), (-1,))
        self._url_maps[key] = fr
        return fr

    def _expand(self, app, reg, chain, outer_prefix, outer_name, order, out):
        bp = reg.blueprint
        prefix_v = reg.url_prefix
        prefix = ""
        known = True
        if prefix_v is not None and not _is_none(prefix_v):
            p = const_str(prefix_v)
            if p is None:
                known = False
            else:
                prefix = p
        full_prefix = _join_prefix(outer_prefix, prefix) if prefix else outer_prefix
        name = reg.name or "?"
        dotted = f"{outer_name}.{name}" if outer_name else name
        events = [(r.order, "route", r) for r in bp.routes] + [(r.order, "bp", r) for r in bp.registrations]
        events.sort(key=lambda e: e[0])
        for sub_order, kind, item in events:
            if kind == "route":
                rule = None
                if item.rule is not None and known:
                    rule = _join_prefix(full_prefix, item.rule) if full_prefix else item.rule
                ep = item.effective_endpoint
                endpoint = f"{dotted}.{ep}" if ep is not None else None
                out.append(FlatRoute(app, item, rule, endpoint, chain, order + (sub_order,)))
            elif item.blueprint not in [c.blueprint for c in chain]:
                self._expand(app, item, chain + (item,), full_prefix if known else None, dotted, order + (sub_order,), out)


def _join_prefix(prefix: Optional[str], rule: str) -> Optional[str]:
    if prefix is None:
        return None
    if rule:
        return prefix.rstrip("/") + "/" + rule.lstrip("/")
    return prefix


def exec_frame(node):
    """The function or module whose execution runs ``node`` (decorators and
    default values run in the enclosing frame; class bodies run where the
    class is defined)."""
    child = node
    n = node.parent
    while n is not None:
        if isinstance(n, (nodes.FunctionDef, nodes.AsyncFunctionDef, nodes.Lambda)):
            if isinstance(child, (nodes.Decorators, nodes.Arguments)) or (
                n.returns is not None and child is n.returns if hasattr(n, "returns") else False
            ):
                pass
            else:
                return n
        elif isinstance(n, nodes.Module):
            return n
        child = n
        n = n.parent
    return node.root()


def _enclosing_function(node):
    n = node.parent
    child = node
    while n is not None:
        if isinstance(n, FUNC_TYPES) and not isinstance(child, nodes.Decorators):
            return n
        child = n
        n = n.parent
    return None


def _decorators_below(view, call) -> list:
    """The decorators applied to ``view`` before decorator ``call`` (those
    written below it)."""
    if not view.decorators:
        return []
    decos = list(view.decorators.nodes)
    try:
        idx = decos.index(call)
    except ValueError:
        return []
    return decos[idx + 1 :]


def _returned_inner(deco_func):
    """The inner function a decorator function defines and returns."""
    for ret in nodes_of(deco_func, nodes.Return, (nodes.FunctionDef, nodes.AsyncFunctionDef, nodes.Lambda)):
        if isinstance(ret.value, nodes.Name):
            for inner in deco_func.body:
                if isinstance(inner, FUNC_TYPES) and inner.name == ret.value.name:
                    return inner
    return None


def _as_view_call(expr):
    """The ``X.as_view(...)`` call an expression is (or a name assigned once
    from such a call)."""
    if isinstance(expr, nodes.Call) and isinstance(expr.func, nodes.Attribute) and expr.func.attrname == "as_view":
        return expr
    if isinstance(expr, nodes.Name):
        try:
            _, assigns = expr.lookup(expr.name)
        except Exception:
            return None
        if len(assigns) == 1 and isinstance(assigns[0], nodes.AssignName) and isinstance(assigns[0].parent, nodes.Assign):
            value = assigns[0].parent.value
            if isinstance(value, nodes.Call) and isinstance(value.func, nodes.Attribute) and value.func.attrname == "as_view":
                return value
    return None


def _returned_wrapper_name(deco_func) -> Optional[str]:
    """For a decorator function, the name of the inner function it returns
    unless that inner function is wrapped with functools.wraps."""
    for ret in nodes_of(deco_func, nodes.Return, (nodes.FunctionDef, nodes.AsyncFunctionDef, nodes.Lambda)):
        if isinstance(ret.value, nodes.Name):
            for inner in deco_func.body:
                if isinstance(inner, FUNC_TYPES) and inner.name == ret.value.name:
                    if _uses_wraps(inner):
                        return None
                    return inner.name
    return None


def _uses_wraps(func) -> bool:
    if not func.decorators:
        return False
    for d in func.decorators.nodes:
        target = d.func if isinstance(d, nodes.Call) else d
        name = target.attrname if isinstance(target, nodes.Attribute) else getattr(target, "name", "")
        if name in ("wraps", "update_wrapper"):
            return True
    return False


def _assigned_name(call) -> Optional[str]:
    parent = call.parent
    while isinstance(parent, (nodes.Call,)) and parent is not None:
        parent = parent.parent
    if isinstance(parent, (nodes.Assign, nodes.AnnAssign)):
        targets = parent.targets if isinstance(parent, nodes.Assign) else [parent.target]
        t = targets[0]
        if isinstance(t, nodes.AssignName):
            return t.name
        if isinstance(t, nodes.AssignAttr):
            return t.attrname
    return None


def _call_name(call) -> Optional[str]:
    f = call.func
    if isinstance(f, nodes.Name):
        return f.name
    if isinstance(f, nodes.Attribute):
        return f.attrname
    return None


def _kw_node(call, name):
    for kw in call.keywords or ():
        if kw.arg == name:
            return kw.value
    return None


def _is_none(v: Value) -> bool:
    return isinstance(v, Const) and v.value is None


def _site(obj) -> tuple:
    """Where an object is created: (kind, module index, line, column)."""
    idx = obj.module.index if obj.module is not None else None
    return (obj.kind, idx, obj.node.lineno, obj.node.col_offset)


def _stand_in(model, kind, cls_node=None):
    """A Flask app or blueprint (of the project class ``cls_node`` if not
    None) standing in for the full build's one (see _known_objects): what
    the resolver asks of an object is its kind and class."""
    cls = {"app": App, "blueprint": Blueprint}[kind]
    obj = cls.__new__(cls)
    obj.model = model
    obj.node = None
    obj.module = None
    obj.cls_node = cls_node
    obj.qualname = None if cls_node is not None else (N.FLASK if kind == "app" else N.BLUEPRINT)
    obj.is_quart = False
    obj.var_name = None
    obj.factory = None
    obj.routes, obj.handlers, obj.registrations, obj.args = [], [], [], []
    obj.kwargs, obj.hooks, obj.attr_writes = {}, {}, {}
    if kind == "app":
        obj.config, obj.loads, obj.runs, obj.extensions = [], [], [], []
    return obj


def _may_matter(node, imported) -> bool:
    """Whether visiting ``node`` (pass 2) can do anything: every statement
    and call can; a name or attribute only as _visit does something with it
    (``session`` or a name a ``from`` import binds, ``request.<data>``, a bare
    hook decorator).  The same test as _visit's, before its calls: most
    nodes of a project are plain names."""
    cls = node.__class__
    if cls is nodes.Name:
        name = node.name
        return name == "session" or name in imported or name in _BUILTIN_NAMES
    if cls is nodes.Attribute:
        attr = node.attrname
        return attr == "session" or attr in REQUEST_DATA or (attr in HOOK_METHODS and isinstance(node.parent, nodes.Decorators))
    return True


def _module_binding_key(node) -> Optional[tuple]:
    """(module, name) for a name read inside a function that no enclosing
    scope below the module binds, else None (module-level statements are
    left out: there, which binding is seen depends on the position)."""
    scope = node.scope()
    if isinstance(scope, nodes.Module):
        return None
    name = node.name
    while not isinstance(scope, nodes.Module):
        if name in scope.locals:
            return None
        parent = scope.parent
        if parent is None:
            return None
        scope = parent.scope()
    return (id(scope), name)


def _decorator_position(call) -> bool:
    """``@bp.get("/")`` or ``bp.get("/")(view)``."""
    parent = call.parent
    return isinstance(parent, nodes.Decorators) or (isinstance(parent, nodes.Call) and parent.func is call)


def _strip_wsgi(node):
    """``app.wsgi_app`` -> ``app``."""
    if isinstance(node, nodes.Attribute) and node.attrname == "wsgi_app":
        return node.expr
    return node


QUALNAME_DECISION = "\0qualname\0"  # "\0qualname\0<module index>\0<name>": that module's name's qualified name


KIND_DECISION = "\0kind\0"  # "\0kind\0<module index>\0<name>": the class kind of that module's name


def _first_kind(resolver, vals) -> Optional[str]:
    """The first Flask class kind among base values (as
    Resolver._class_kind_uncached reads them)."""
    for v in vals:
        kind = None
        if isinstance(v, ExtName):
            kind = _EXT_CLASS_KINDS.get(v.qualname)
        elif isinstance(v, ClassRef):
            kind = resolver.class_kind(v.node)
        if kind:
            return kind
    return None


def kind_decision(resolver, mod, orig: str) -> Optional[str]:
    """The Flask class kind ("app", "blueprint"...) a class deriving from
    project module ``mod``'s attribute ``orig`` has through that base, or
    None (what Resolver.class_kind reads of a base ``from mod import orig``
    binds)."""
    return _first_kind(resolver, _dedupe(resolver.module_attr(mod, orig)))


def qualname_decision(resolver, mod, orig: str) -> Optional[str]:
    """The qualified name project module ``mod``'s attribute ``orig`` is
    (once the module has run), or None: what Resolver.qualname answers for
    a name ``from mod import orig`` binds (Resolver._import_from_uncached)."""
    vals = _dedupe(resolver.module_attr(mod, orig))
    return vals[0].qualname if len(vals) == 1 and isinstance(vals[0], ExtName) else None


# The kinds of decision (see FlaskModel._decide): key prefix -> how to
# answer it again (cache._recheck_decisions).
DECISIONS = {QUALNAME_DECISION: qualname_decision, KIND_DECISION: kind_decision}


def _imported_from(resolver, node) -> Optional[tuple]:
    """(project module, name) when the one binding ``node``'s name has is
    ``from module import name [as ...]`` of a project module's attribute."""
    _, assigns = lookup(node, node.name)
    if len(assigns) != 1 or not isinstance(assigns[0], nodes.ImportFrom):
        return None
    how, mod, orig = resolver.import_source(assigns[0], node.name)
    return (mod, orig) if how == "attr" else None


def _aliases_session(node) -> bool:
    # `from flask import session as flask_session`: any name may alias it;
    # resolution decides.  Cheap pre-filter: the name was imported.
    _, assigns = lookup(node, node.name)
    return any(isinstance(a, nodes.ImportFrom) for a in assigns)


def _ctor_app(obj):
    """The app passed to a constructor: ``SocketIO(app)``."""
    v = obj.arg("app", 0)
    if isinstance(v, ObjectRef) and v.obj.kind == "app":
        return v.obj
    return None


_BUILTIN_NAMES = frozenset(dir(builtins))


def _mentions_quart(obj) -> bool:
    return False


def _config_key_expr(node, resolver) -> Optional[str]:
    """``X.config["SECRET_KEY"]``, ``X.config.get("SECRET_KEY")``,
    ``config["SECRET_KEY"]`` or ``X.secret_key``: the config key read, or None.
    Recognised by shape (the receiver is often ``self.config`` of a helper
    object the resolver cannot follow); the key must be a literal."""
    from flasklint.model.config import APP_ATTR_KEYS

    if isinstance(node, nodes.Subscript):
        k = const_str(resolver.value(node.slice))
        base = node.value
        if k and k.isupper() and _names_config(base):
            return k
    if isinstance(node, nodes.Call) and isinstance(node.func, nodes.Attribute) and node.func.attrname == "get" and node.args:
        k = const_str(resolver.value(node.args[0]))
        if k and k.isupper() and _names_config(node.func.expr):
            return k
    if isinstance(node, nodes.Attribute) and node.attrname in APP_ATTR_KEYS:
        return APP_ATTR_KEYS[node.attrname]
    return None


def _names_config(node) -> bool:
    if isinstance(node, nodes.Name):
        return "config" in node.name.lower() or node.name in ("settings", "conf", "cfg")
    if isinstance(node, nodes.Attribute):
        return node.attrname == "config"
    return False


def _branch_refuses(body, resolver) -> bool:
    """The statements raise or exit (``sys.exit``, ``exit``, ``os._exit``)."""
    for stmt in body:
        for n in [stmt] + list(nodes_of(stmt, (nodes.Raise, nodes.Call), (nodes.FunctionDef, nodes.AsyncFunctionDef, nodes.ClassDef))):
            if isinstance(n, nodes.Raise):
                return True
            if isinstance(n, nodes.Call):
                q = resolver.qualname(n.func)
                if q in ("sys.exit", "builtins.exit", "builtins.quit", "os._exit", "os.abort"):
                    return True
    return False
