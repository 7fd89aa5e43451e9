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
* session and cookie use.

Checkers read this; they do not walk raw syntax for what the model knows.
"""

from __future__ import annotations

import builtins
import os
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional, Tuple

from astroid import nodes

from flasklint import names as N
from flasklint.finding import Location
from flasklint.model import configfiles
from flasklint.model.resolve import FUNC_TYPES, Ctx, Resolver, leaves
from flasklint.model.values import (
    UNKNOWN,
    BoundMethod,
    Choice,
    ClassRef,
    ConfigRef,
    Const,
    EnvVar,
    ExtName,
    Fallback,
    FunctionRef,
    Mapping,
    ModuleRef,
    ObjectRef,
    Seq,
    Unknown,
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
        return self.kwargs.get("url_prefix")

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
    kind: str = "route"  # route | add_url_rule
    order: tuple = ()

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
        return self.blueprint.url_prefix

    @property
    def name(self) -> Optional[str]:
        v = self.kwargs.get("name")
        if v is not None:
            return const_str(v)
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


class FlaskModel:
    def __init__(self, project):
        self.project = project
        self.resolver = Resolver(project, self._make_object)
        self._objects: Dict[int, FlaskObject] = {}
        self.apps: List[App] = []
        self.blueprints: List[Blueprint] = []
        self.socketios: List[SocketIO] = []
        self.routes: List[Route] = []
        self.registrations: List[Registration] = []
        self.handlers: List[ErrorHandler] = []
        self.config: List[ConfigWrite] = []
        self.loads: List[ConfigLoad] = []
        self.runs: List[ServerRun] = []
        self.env_entries: List[EnvEntry] = []
        self.env_writes: List[EnvWrite] = []
        self.session_uses: List[SessionUse] = []
        self.cookies: List[CookieUse] = []
        self.unresolved: List[Tuple[Location, str]] = []  # FL004 diagnostics
        self._url_maps: Dict[int, List[FlatRoute]] = {}
        self._seen_calls: set = set()
        self._build()

    # -- objects --------------------------------------------------------------
    def _make_object(self, kind, call, cls):
        obj = self._objects.get(id(call))
        if obj is not None:
            return obj
        cls_ = {"app": App, "blueprint": Blueprint, "socketio": SocketIO}[kind]
        obj = cls_(self, call, cls)
        self._objects[id(call)] = obj
        # constructor arguments
        ctx = None
        obj.args = [self.resolver.value(a, ctx) for a in call.args if not isinstance(a, nodes.Starred)]
        for kw in call.keywords or ():
            if kw.arg:
                obj.kwargs[kw.arg] = self.resolver.value(kw.value, ctx)
        if obj.cls_node is not None:
            # a project subclass: super().__init__(name, url_prefix=...) in __init__
            self._subclass_ctor_args(obj)
        {"app": self.apps, "blueprint": self.blueprints, "socketio": self.socketios}[kind].append(obj)
        return obj

    def _subclass_ctor_args(self, obj):
        for c in self.resolver.mro(obj.cls_node):
            init = c.locals.get("__init__")
            if not init or not isinstance(init[0], FUNC_TYPES):
                continue
            for call in init[0].nodes_of_class(nodes.Call):
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
            break

    def objects(self, node, kind=None, ctx=None) -> list:
        return self.resolver.objects(node, ctx, kind)

    # -- build ------------------------------------------------------------------
    def _build(self):
        mods = list(self.project.candidate_modules())
        trees = []
        for m in mods:
            tree = self.project.tree(m)
            if tree is not None:
                trees.append(tree)
        # subclasses of Flask/Blueprint defined in the project
        ctor_names = set(_CTOR_NAMES)
        index = self.project.index
        for tree in trees:
            for cls in index(tree).classdefs:
                if self.resolver.class_kind(cls) in ("app", "blueprint"):
                    ctor_names.add(cls.name)
        # pass 1: every app / blueprint / socketio creation
        for tree in trees:
            for call in index(tree).visited:
                if isinstance(call, nodes.Call) and _call_name(call) in ctor_names:
                    self._guard(self.resolver.values, call)
        # pass 2: calls on them, server starts, config, sessions
        for tree in trees:
            for node in index(tree).visited:
                self._guard(self._visit, node)
        self._read_env_files()
        for obj in self.apps + self.blueprints:
            obj.routes.sort(key=lambda r: r.order)
            obj.registrations.sort(key=lambda r: r.order)

    def _guard(self, fn, *args):
        try:
            return fn(*args)
        except RecursionError:
            self.resolver.limit_hits += 1
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
            self._visit_reference(node)

    # -- calls --------------------------------------------------------------------
    def _visit_call(self, call):
        func = call.func
        if isinstance(func, nodes.Attribute):
            attr = func.attrname
            if attr in _RECEIVER_METHODS:
                for base in self.resolver.values(func.expr):
                    for leaf in leaves(base):
                        self._method_call(leaf, attr, call)
            if attr == "set_cookie":
                self._cookie_set(call)
            if attr in ("as_view",):
                pass
        name = _call_name(call)
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
            elif attr == "run" and obj.kind == "app":
                self._server_run(obj, call, "app.run")
            elif attr == "run" and obj.kind == "socketio":
                app = None
                if call.args:
                    objs = self.objects(call.args[0], "app")
                    app = objs[0] if objs else None
                app = app or getattr(obj, "app", None)
                self._server_run(app, call, "socketio.run", socketio=obj)
            elif attr == "init_app" and obj.kind == "socketio" and call.args:
                objs = self.objects(call.args[0], "app")
                if objs:
                    obj.app = objs[0]
        elif isinstance(base, ConfigRef):
            self._config_call(base.app, attr, call)

    # -- routes --------------------------------------------------------------------
    def _route_decorator(self, owner, attr, call):
        if id(call) in self._seen_calls:
            return
        self._seen_calls.add(id(call))
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
        self._add_route(owner, route)

    def _add_url_rule(self, owner, call):
        if id(call) in self._seen_calls:
            return
        self._seen_calls.add(id(call))
        kwargs = self._kwargs(call)
        pos = [a for a in call.args if not isinstance(a, nodes.Starred)]
        rule_v = self.resolver.value(pos[0]) if pos else kwargs.get("rule")
        endpoint_v = self.resolver.value(pos[1]) if len(pos) > 1 else kwargs.get("endpoint")
        view_node = pos[2] if len(pos) > 2 else _kw_node(call, "view_func")
        view = None
        view_name = None
        view_methods = None
        if view_node is not None:
            view, view_name, view_methods = self._view_from_expr(view_node)
        endpoint = const_str(endpoint_v) if endpoint_v is not None and not _is_none(endpoint_v) else None
        methods = self._methods(kwargs.get("methods"))
        if methods is None and "methods" not in kwargs:
            methods = view_methods
        route = Route(owner, call, const_str(rule_v), methods, endpoint, view=view, kwargs=kwargs, kind="add_url_rule")
        if endpoint_v is not None and not _is_none(endpoint_v) and endpoint is None:
            route.kwargs["_endpoint_unknown"] = UNKNOWN
        route.view_name = view_name
        self._add_route(owner, route)

    def _view_from_expr(self, expr):
        """(view node, __name__, methods) for a view_func expression."""
        if isinstance(expr, nodes.Call) and isinstance(expr.func, nodes.Attribute) and expr.func.attrname == "as_view":
            cls_vals = self.resolver.values(expr.func.expr)
            cls = next((v.node for v in cls_vals if isinstance(v, ClassRef)), None)
            name_v = self.resolver.value(expr.args[0]) if expr.args else None
            name = const_str(name_v) if name_v is not None else None
            methods = self.view_class_methods(cls) if cls is not None else None
            return cls, name, methods
        vals = self.resolver.values(expr)
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
        ctx = None
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
        if q == "flask_jwt_extended.jwt_required":
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
        if id(call) in self._seen_calls:
            return
        self._seen_calls.add(id(call))
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
        if id(call) in self._seen_calls:
            return
        self._seen_calls.add(id(call))
        key_node = call.args[0] if call.args else _kw_node(call, "code_or_exception")
        if key_node is None:
            return
        func = None
        if attr == "register_error_handler":
            fnode = call.args[1] if len(call.args) > 1 else _kw_node(call, "f")
            if fnode is not None:
                func = next((v.node for v in self.resolver.values(fnode) if isinstance(v, FunctionRef)), None)
        elif isinstance(call.parent, nodes.Decorators):
            func = call.parent.parent
        keys = self._handler_keys(key_node)
        for key, codes, exc in keys:
            h = ErrorHandler(owner, call, key, codes, exc, func=func, app_wide=(attr == "app_errorhandler"), via=attr)
            owner.handlers.append(h)
            self.handlers.append(h)

    def _handler_keys(self, key_node):
        """(key value, codes, generic exception) for an errorhandler key,
        expanding loops over ``default_exceptions`` and lists."""
        # for code in default_exceptions: ...
        if isinstance(key_node, nodes.Name):
            try:
                _, assigns = key_node.lookup(key_node.name)
            except Exception:
                assigns = []
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
        if id(call) in self._seen_calls:
            return
        self._seen_calls.add(id(call))
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
        if id(call) in self._seen_calls:
            return
        self._seen_calls.add(id(call))
        from flasklint.model import config as C

        C.config_call(self, app, attr, call)

    def _visit_assign(self, node):
        from flasklint.model import config as C

        targets = node.targets if isinstance(node, nodes.Assign) else [node.target]
        if node.value is None:
            return
        for t in targets:
            C.assign_target(self, t, node.value, node)

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
        if isinstance(node, nodes.Name) and node.name != "session" and not self._may_alias_session(node):
            return False
        if isinstance(node, nodes.Attribute) and node.attrname != "session":
            return False
        if not isinstance(node, (nodes.Name, nodes.Attribute)):
            return False
        return self.resolver.qualname(node) == N.SESSION

    def _may_alias_session(self, node) -> bool:
        # _aliases_session() looks the name up (slow); only a name some
        # ``from ... import`` in the module binds (or a builtin) can pass it.
        if node.name not in self.project.index(node.root()).import_from_names and node.name not in _BUILTIN_NAMES:
            return False
        return _aliases_session(node)

    def _visit_reference(self, node):
        # session[...] = v / session.pop(...) / session.permanent = True
        if not self._is_session(node):
            if isinstance(node, nodes.Attribute) and node.attrname == "cookies":
                if self.resolver.qualname(node.expr) == N.REQUEST:
                    self._cookie_read(node)
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
            for imp in target.nodes_of_class((nodes.Import, nodes.ImportFrom)):
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


def _returned_wrapper_name(deco_func) -> Optional[str]:
    """For a decorator function, the name of the inner function it returns
    unless that inner function is wrapped with functools.wraps."""
    for ret in deco_func.nodes_of_class(nodes.Return, skip_klass=(nodes.FunctionDef, nodes.AsyncFunctionDef, nodes.Lambda)):
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


def _strip_wsgi(node):
    """``app.wsgi_app`` -> ``app``."""
    if isinstance(node, nodes.Attribute) and node.attrname == "wsgi_app":
        return node.expr
    return node


def _aliases_session(node) -> bool:
    # `from flask import session as flask_session`: any name may alias it;
    # resolution decides.  Cheap pre-filter: the name was imported.
    try:
        _, assigns = node.lookup(node.name)
    except Exception:
        return False
    return any(isinstance(a, nodes.ImportFrom) for a in assigns)


_BUILTIN_NAMES = frozenset(dir(builtins))


def _mentions_quart(obj) -> bool:
    return False
