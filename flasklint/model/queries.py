"""Questions the checks ask of the built model (mixed into FlaskModel):
which apps run a function, how a value decides a branch, start-up guards
on configuration values, the order of registrations."""

from __future__ import annotations

from typing import List, Optional

from astroid import nodes

from flasklint.knowledge.extensions import same_name
from flasklint.knowledge.flask_api import SESSION_INTERFACE_ATTR
from flasklint.model.facts import App, ConfigGuard, FlaskObject, Route
from flasklint.model.syntax import call_name, enclosing_function, exec_frame, kw_node, names_config
from flasklint.resolve.values import Const, Seq, const_str, leaves
from flasklint.source.walk import FUNC_TYPES, nodes_of


class ModelQueries:
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

    def serving_apps(self) -> List[App]:
        """The apps that may run a function no app is known to own: those
        outside test code that serve something (routes, blueprints, a server
        start).  An app made only to host an extension's registry
        (``OAuth(Flask(__name__))``) or built by a test owns nothing."""
        return [a for a in self.apps if (a.routes or a.registrations or a.runs) and not self.project.in_tests(a.location.path)]

    def apps_for(self, node, depth: int = 4) -> List[App]:
        """The apps whose requests run ``node``: its function is a view or
        hook of an app or of a blueprint registered on it, or is called
        (up to ``depth`` calls away) from one.  Empty when unknown."""
        func = enclosing_function(node) if not isinstance(node, FUNC_TYPES) else node
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
                caller = enclosing_function(call)
                if caller is None:
                    continue
                for app in self._apps_of_function(caller, depth - 1, seen):
                    if app not in out:
                        out.append(app)
        if depth >= 4 or out:
            self._apps_of_func[key] = out
        return out

    def branch_use(self, expr, depth: int = 2) -> Optional[str]:
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
                                got = self.branch_use(use, depth - 1)
                                if got:
                                    return got
                return None
            if isinstance(p, (nodes.BoolOp, nodes.UnaryOp, nodes.Call, nodes.Attribute, nodes.Subscript, nodes.NamedExpr, nodes.Keyword)):
                if isinstance(p, nodes.NamedExpr) and depth > 0:
                    got = None
                    scope = p.scope()
                    for use in nodes_of(scope, nodes.Name):
                        if use.name == p.target.name and (use.lineno or 0) >= (p.lineno or 0):
                            got = got or self.branch_use(use, depth - 1)
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

    def extension_version(self, ext, since: str, older_names=()) -> str:
        """Whether the project runs ``ext`` at ``since`` or later:
        "older" when it imports a name only older versions export, or its
        pins admit only older versions; "affected" when a pin admits only
        ``since`` or later; "unknown" otherwise.  A lock file, when there is
        one, decides alone: it says what is installed."""
        key = (ext.name, since)
        memo = self.__dict__.setdefault("_ext_versions", {})
        if key in memo:
            return memo[key]
        answer = "unknown"
        reqs = [r for d in ext.distributions for r in self.requirement(d)]
        if any(r.locked for r in reqs):
            reqs = [r for r in reqs if r.locked]  # (a lock file says what is installed)
        if older_names:
            words = tuple(n.encode() for n in older_names)
            for m in self.project.candidate_modules():
                if m.mentions(ext.package):
                    self.project.reads.note(m)  # (its content decides: the cache must know)
                    if any(w in m.data() for w in words):
                        answer = "older"
                        break
        if answer == "unknown" and reqs:
            if any(r.allows_only_below(since) for r in reqs):
                answer = "older"
            elif any(r.requires_at_least(since) for r in reqs):
                answer = "affected"
        memo[key] = answer
        return answer

    def calls_with_flag(self, qualname: str, keyword: str) -> list:
        """Calls to the external function ``qualname`` (any re-export)
        passing ``keyword=True`` (``login_user(user, remember=True)``)."""
        name = qualname.rsplit(".", 1)[-1]
        out = []
        for m in self.project.modules_calling(name):
            tree = self.project.tree(m)
            if tree is None:
                continue
            with self.resolver.analysing(m):
                for call in nodes_of(tree, nodes.Call):
                    if call_name(call) != name:
                        continue
                    kw = kw_node(call, keyword)
                    v = self.resolver.value(kw) if kw is not None else None
                    if isinstance(v, Const) and v.value is True and same_name(self.resolver.qualname(call.func), qualname):
                        out.append(call)
        return out

    def stands_for_several(self, obj) -> bool:
        """A blueprint made by a helper each caller calls for its own
        (``bp = make_blueprint(__name__)`` in every views module): the model
        keeps one object for them all, so its rules' owners are not known --
        rules compared through it would be guesses.  Only when its name is
        not a literal (it comes from the helper's parameters) and the helper
        is called from two places or more."""
        memo = self.__dict__.setdefault("_several", {})
        key = id(obj)
        if key not in memo:
            memo[key] = bool(
                obj.kind == "blueprint"
                and obj.factory is not None
                and const_str(obj.arg("name", 0)) is None
                and len(self.resolver.call_sites(obj.factory)) >= 2
            )
        return memo[key]

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


def _config_key_expr(node, resolver) -> Optional[str]:
    """``X.config["SECRET_KEY"]``, ``X.config.get("SECRET_KEY")``,
    ``config["SECRET_KEY"]`` or ``X.secret_key``: the config key read, or None.
    Recognised by shape (the receiver is often ``self.config`` of a helper
    object the resolver cannot follow); the key must be a literal."""
    from flasklint.model.config import APP_ATTR_KEYS

    if isinstance(node, nodes.Subscript):
        k = const_str(resolver.value(node.slice))
        base = node.value
        if k and k.isupper() and names_config(base):
            return k
    if isinstance(node, nodes.Call) and isinstance(node.func, nodes.Attribute) and node.func.attrname == "get" and node.args:
        k = const_str(resolver.value(node.args[0]))
        if k and k.isupper() and names_config(node.func.expr):
            return k
    if isinstance(node, nodes.Attribute) and node.attrname in APP_ATTR_KEYS:
        return APP_ATTR_KEYS[node.attrname]
    return None


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


def app_extensions(app: App) -> tuple:
    """The extension records that apply to ``app``: the class or factory
    that made it (APIFlask, flakon) and every extension bound to it."""
    out = []
    made_by = app.model.object_extension(app)
    if made_by is not None:
        out.append(made_by)
    for ext in app.extensions:
        if ext.record is not None and ext.record not in out:
            out.append(ext.record)
    return tuple(out)


def server_side_sessions(app: App) -> Optional[str]:
    """Why ``app``'s session data stays on the server (an extension such
    as Flask-Session, a custom ``session_interface``), or None for Flask's
    cookie session."""
    for ext in app_extensions(app):
        if ext.server_side_session:
            return ext.name
    if SESSION_INTERFACE_ATTR in app.attr_writes:
        return "a custom session_interface"
    return None


def session_signer_setting(app: App) -> Optional[str]:
    """The setting, turned on for ``app``, that makes its server-side
    session sign the session id with SECRET_KEY (Flask-Session's
    SESSION_USE_SIGNER = True), or None."""
    for ext in app_extensions(app):
        if ext.server_side_session and ext.signer_setting:
            for w in app.config:
                v = w.value
                if w.key == ext.signer_setting and isinstance(v, Const) and v.value and str(v.value).strip().lower() not in ("false", "0", "no", "off"):
                    return ext.signer_setting
    return None
