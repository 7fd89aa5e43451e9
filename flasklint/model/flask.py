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
  (``branch_use``), and start-up checks refusing config values
  (``config_guards``).

Checkers read this; they do not walk raw syntax for what the model knows.
The facts are in :mod:`flasklint.model.facts`; the builder's parts are
mixed into :class:`FlaskModel` from ``build_*``, ``queries``, ``urlmap`` and
``step_tracking``.
"""

from __future__ import annotations

import contextlib
import re
from typing import Dict, List, Optional, Set, Tuple

from astroid import nodes

from flasklint.knowledge import names as N
from flasklint.finding import Location
from flasklint.knowledge.flask_api import EXTENSION_PACKAGES, HOOK_METHODS, ROUTE_METHODS
from flasklint.model import configfiles
from flasklint.model.build_handlers import HandlerBuilding
from flasklint.model.build_routes import RouteBuilding
from flasklint.model.build_extensions import ExtensionBuilding
from flasklint.model.build_session import SessionBuilding
from flasklint.model.facts import (
    App,
    AppAttrWrite,
    Blueprint,
    ConfigGuard,
    ConfigLoad,
    ConfigWrite,
    CookieUse,
    EnvEntry,
    EnvWrite,
    ErrorHandler,
    ExtensionInit,
    FlaskObject,
    FlatRoute,
    Registration,
    RequestUse,
    Route,
    ServerRun,
    SessionUse,
    SocketIO,
)
from flasklint.model.queries import ModelQueries
from flasklint.model.step_tracking import FactList, PartialBuildPlan, StepTracking, creation_site
from flasklint.model.syntax import call_name, decorator_position, may_matter, strip_wsgi
from flasklint.model.urlmap import UrlMaps
from flasklint.resolve.context import Ctx
from flasklint.resolve.core import Resolver
from flasklint.resolve.values import UNKNOWN, Choice, ConfigRef, ExtCall, ObjectRef, Value, leaves
from flasklint.source.parsing import PartialBuildAbort
from flasklint.source.walk import FUNC_TYPES, nodes_of

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
# receiver is a probe (resolve.MAX_BOUNDED_QUERY_STEPS).
_BOUNDED_QUERY_METHODS = frozenset({"update", "setdefault"})
# Nodes the model builder visits (pass 2).
_VISITED = (nodes.Call, nodes.Assign, nodes.AugAssign, nodes.AnnAssign, nodes.Name, nodes.Attribute, nodes.Delete)

_RECEIVER_METHODS |= HOOK_METHODS


class FlaskModel(StepTracking, RouteBuilding, HandlerBuilding, SessionBuilding, ExtensionBuilding, ModelQueries, UrlMaps):
    """The model, built on construction.  The builder's parts live in the
    mixins' modules: routes (build_routes), error handlers and server starts
    (build_handlers), configuration and session use (build_session), queries
    for the checks (queries, urlmap), per-step accounting (step_tracking)."""

    def __init__(self, project, restricted: Optional[PartialBuildPlan] = None):
        self.project = project
        self.restricted = restricted
        # names of calls that may make an app or blueprint: Flask's, and the
        # classes and factories extensions (or the project's configuration) provide
        self.base_ctor_names = frozenset(_CTOR_NAMES | project.knowledge.constructor_names)
        self.receiver_methods = frozenset(_RECEIVER_METHODS | project.knowledge.registration_methods)
        self.resolver = Resolver(project, self._make_object)
        self.resolver.known_objects = self._known_objects
        if project.reads.sets:
            self.resolver.on_limit = self._note_bound
        # Per-step accounting for the incremental cache (filled only when the
        # project tracks reads; bit sets of module indices): see _window.
        self.contributing_reads = 0
        self.early_reads: Dict[int, int] = {}  # what each file's pass 0/1 steps read (when they added nothing)
        self.node_reads: Dict[int, List[Tuple[int, int]]] = {}  # file -> (node position, reads) beyond the file itself
        self.global_reads = 0  # what the steps that see the whole model read (post-build, checkers)
        self.contributing_early: Set[int] = set()  # files whose pass 0/1 step added facts
        self.contributing_nodes: Dict[int, List[int]] = {}  # file -> positions of its pass-2 steps that added facts
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
        self.version = 0  # bumped by every fact added (see FactList)
        self._objects_final = False  # (see _known_objects)
        self.late_objects = 0  # objects created after pass 1 (from files no pass visits)
        self.apps: List[App] = FactList(self)
        self.blueprints: List[Blueprint] = FactList(self)
        self.socketios: List[SocketIO] = FactList(self)
        self.routes: List[Route] = FactList(self)
        self.registrations: List[Registration] = FactList(self)
        self.handlers: List[ErrorHandler] = FactList(self)
        self.config: List[ConfigWrite] = FactList(self)
        self.loads: List[ConfigLoad] = FactList(self)
        self.runs: List[ServerRun] = FactList(self)
        self.env_entries: List[EnvEntry] = FactList(self)
        self.env_writes: List[EnvWrite] = FactList(self)
        self.session_uses: List[SessionUse] = FactList(self)
        self.cookies: List[CookieUse] = FactList(self)
        self.request_uses: List[RequestUse] = FactList(self)
        self.extensions: List[ExtensionInit] = FactList(self)
        self.app_attr_writes: List[AppAttrWrite] = FactList(self)
        self._config_guards: Optional[List[ConfigGuard]] = None
        self._apps_of_func: Dict[int, List[App]] = {}
        self.unresolved: List[Tuple[Location, str]] = FactList(self)  # FL004 diagnostics
        self._url_maps: Dict[int, List[FlatRoute]] = {}
        self._seen_calls: Dict[object, int] = {}  # key -> the step that first saw it (see _first_time)
        self._session_names: Dict[tuple, Tuple[bool, int]] = {}  # see _is_session: (answer, what it read)
        # Answers shared by many steps (see _shared_answer): key -> [bit, answer,
        # what computing it read]; a restricted build starts from the full
        # build's (the cache brought those whose reads changed up to date).
        self.shared_answers: Dict[str, list] = dict(restricted.shared_answers) if restricted is not None else {}
        self._direct_answers: Dict[str, Tuple[Optional[str], int]] = {}  # (answers that asked for the objects)
        self._cur_import_names: Optional[Set[str]] = None
        self._requirements = None
        self._responses = None
        self._rest_routes = None
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
        # objects the full build made: not new facts -- see PartialBuildPlan)
        known = r is not None and creation_site(obj) in r.object_sites
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

    def rest_routes(self, app) -> List[FlatRoute]:
        """The rules REST frameworks add to ``app`` for their Resource
        classes (:mod:`flasklint.model.rest_routes`), in registration order;
        not part of :meth:`url_map` (the FL2xx rules do not read them)."""
        if self._rest_routes is None:
            from flasklint.model.rest_routes import RestRouteModel

            self._rest_routes = RestRouteModel(self)
        return self._rest_routes.flat_routes(app)

    def objects(self, node, kind=None, ctx=None) -> list:
        return self.resolver.objects(node, ctx, kind)


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
        track = bool(project.reads.sets)  # the cache asked for per-file accounting
        # subclasses of Flask/Blueprint defined in the project
        ctor_names = set(self.base_ctor_names) if restricted is None or rebuild else set(restricted.ctor_names)
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
                    if isinstance(call, nodes.Call) and call_name(call) in ctor_names:
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
                        if may_matter(node, imported):
                            self._guard(m, self._visit, node)
                self._cur_import_names = None
        if restricted is not None and not rebuild:
            return  # (what follows sees the whole model: not a per-file step)
        self._step = -1  # (the steps that see the whole model)
        self._step_key = "post"
        with project.reads.step() if track else contextlib.nullcontext([0]) as box:
            for app in list(self.apps):
                if app.cls_node is not None:
                    self._guard(app.module, self._subclass_attributes, app)
            self._read_env_files()
        self.global_reads |= box[0]
        for obj in self.apps + self.blueprints:
            obj.routes.sort(key=lambda r: r.order)
            obj.registrations.sort(key=lambda r: r.order)

    # -- per-file accounting (the incremental cache) -------------------------------
    #
    # Every step of the build is charged with what it reads (bit sets of
    # module indices, see Project.reads.sets) and is *contributing* when it
    # adds a fact (the model's version moves).  Passes 0 and 1 are one step
    # per file; pass 2 is one step per visited node, so a file with one route
    # and a thousand unrelated statements has one contributing step.
    # ``contributing_reads``: what contributing steps read (and steps that asked
    # for the project's objects before they were final); ``early_reads``:
    # per file, what its pass 0/1 step read when it added nothing;
    # ``node_reads``: per file, the other pass-2 nodes (their position in
    # TreeIndex.visited) that read beyond the file itself, with what they read.


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
        except PartialBuildAbort:
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
            elif attr in self.receiver_methods and not (attr in ROUTE_METHODS and not decorator_position(call)):
                # (``d.get(k)``, ``requests.post(url)``: the route shortcuts
                # only count as decorators -- resolving the receiver of every
                # ``.get()`` of a project was a tenth of the model build)
                # (``d.update()``/``d.setdefault()`` of every dict: probes)
                with self.resolver.bounded_query() if attr in _BOUNDED_QUERY_METHODS else contextlib.nullcontext() as probe:
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
        name = call_name(call)
        if name in ("setdefault", "update", "putenv"):
            # (asked of every ``d.update()`` of a project: a probe, like the
            # receiver's above -- resolving a parameter ``d`` through all its
            # call sites made such steps read much of a project)
            with self.resolver.bounded_query() as probe:
                q = self.resolver.qualname(func)
            if not probe.gave_up and q in ("os.environ.setdefault", "os.environ.update", "os.putenv"):
                from flasklint.model import config as C

                C.env_call(self, call, q.rsplit(".", 1)[1])
        if name and name[:1].isupper() and (call.args or call.keywords) and name not in self.base_ctor_names:
            self._extension_ctor(call)
        if name in self.ctor_names and name not in _CTOR_NAMES:
            self._extension_objects(call)
        if name in ("run_simple", "DebuggedApplication", "flash", "run"):
            q = self.resolver.qualname(func)
            if q == N.RUN_SIMPLE:
                self._server_run(None, call, "run_simple")
            elif q == N.DEBUGGED_APPLICATION:
                app = None
                if call.args:
                    objs = self.objects(call.args[0], "app") or self.objects(strip_wsgi(call.args[0]), "app")
                    app = objs[0] if objs else None
                self._server_run(app, call, "DebuggedApplication")
            elif q == N.FLASH:
                self._session_use(call, "flash", None, None, "flash")

    def _wrapper_runs(self, obj, call) -> bool:
        """``wrapper.run()`` of an app class that wraps the Flask app
        (connexion's ``FlaskApp``; its ``.app.run()`` is Flask's): the
        extension's own server, which flasklint does not model."""
        ext = self.object_extension(obj)
        attribute = ext.wrapped_app_attribute if ext is not None else ""
        if not attribute:
            return False
        receiver = call.func.expr if isinstance(call.func, nodes.Attribute) else None
        return not (isinstance(receiver, nodes.Attribute) and receiver.attrname == attribute)

    def _method_call(self, base: Value, attr: str, call):
        if isinstance(base, ObjectRef):
            obj = base.obj
            if attr in ROUTE_METHODS or attr == "route":
                if obj.kind in ("app", "blueprint"):
                    self._route_decorator(obj, attr, call)
            elif attr == "add_url_rule" and obj.kind in ("app", "blueprint"):
                self._add_url_rule(obj, call)
            elif obj.kind in ("app", "blueprint") and (attr == "register_blueprint" or self._registers_blueprints(obj, attr)):
                self._register_blueprint(obj, call)
            elif attr in ("errorhandler", "register_error_handler", "app_errorhandler") and obj.kind in ("app", "blueprint"):
                self._error_handler(obj, attr, call)
            elif attr in HOOK_METHODS and obj.kind in ("app", "blueprint"):
                obj.hooks.setdefault(attr, []).append(call)
                self.version += 1
            elif attr == "run" and obj.kind == "app":
                if not self._wrapper_runs(obj, call):
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
        elif isinstance(base, ExtCall) and base.qualname.split(".", 1)[0] in EXTENSION_PACKAGES:
            self._extension_method_call(base.qualname, attr, call)

    # -- app attributes ------------------------------------------------------------
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


    # -- data flow inside a function -------------------------------------------------
    _LOOKUP_NAMES = re.compile(r"^(get|get_or_404|first_or_404|query|filter|filter_by|find|find_one|find_by_id|load_user|login_user|lookup|fetch|fetch_user|get_user|get_user_by_id|authenticate|authorize|check_user|user_loader|execute)$|user", re.I)


    # -- env files ----------------------------------------------------------------------------
    def _read_env_files(self):
        for path in self.project.env_files:
            text = self.project.read_config_file(path)
            if text is None:
                continue
            for key, value, line in configfiles.parse_dotenv(text):
                self.env_entries.append(EnvEntry(path, key, value, line, self.project.file_location(path, line)))


def _ctor_app(obj):
    """The app passed to a constructor: ``SocketIO(app)``."""
    v = obj.arg("app", 0)
    if isinstance(v, ObjectRef) and v.obj.kind == "app":
        return v.obj
    return None

