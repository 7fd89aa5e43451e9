"""Name and value resolution across the project's modules.

The resolver answers "what can this expression be?" with a list of possible
:mod:`values <flasklint.model.values>`, following assignments, imports
(relative, aliased, star), module and class attributes (with inheritance),
function calls (binding arguments to parameters), parameters (through the
function's call sites in the project) and ``self`` (through instantiations).
External names become qualified names (``flask.Flask``) without importing
anything.  Everything else is Unknown.
"""

from __future__ import annotations

import contextlib
from typing import Dict, Iterable, List, Optional, Tuple

from astroid import nodes
from astroid.exceptions import AstroidError

from flasklint import names as N
from flasklint.model.knowledge.flask_api import REQUEST_DATA
from flasklint.model.project import relative_to
from flasklint.model.values import (
    UNKNOWN,
    BoundMethod,
    Choice,
    ClassRef,
    ConfigRef,
    Const,
    EnvVar,
    ExtCall,
    ExtName,
    Fallback,
    FunctionRef,
    Instance,
    Mapping,
    ModuleRef,
    ObjectRef,
    RequestInput,
    Seq,
    Unknown,
    Value,
)
from flasklint.model.walk import nodes_of

# Functions (and methods) that only re-encode their argument: the result is
# "the same" external value for flasklint (``os.urandom(24).hex()``,
# ``str(uuid.uuid4())``, ``base64.b64encode(os.urandom(32))``).
ENCODERS = frozenset(
    [
        "builtins.str",
        "builtins.bytes",
        "binascii.hexlify",
        "binascii.b2a_hex",
        "base64.b64encode",
        "base64.urlsafe_b64encode",
        "base64.b32encode",
        "base64.b16encode",
        "codecs.encode",
    ]
)
ENCODER_METHODS = frozenset(["hex", "decode", "encode"])

# Factory names the Flask CLI calls without arguments (flask.cli.find_best_app).
CLI_FACTORIES = ("create_app", "make_app")

MAX_DEPTH = 60
MAX_CALL_SITES = 40
# A parameter's value comes from the function's call sites, ``self``'s from
# the instantiations of its class and subclasses: found by parsing every
# module that may call the function, or that names a class of the
# hierarchy.  A function whose name may be called in more modules than this
# (``get``, ``update``, ``query`` methods), or a class hierarchy whose
# classes are named in more modules in all (a project's model or exception
# base), is not followed: the parameter, or ``self``, is Unknown.  An
# annotation naming Flask/Blueprint still says what a parameter is, and
# subclasses of Flask and Blueprint are always followed.  The union of the
# arguments of fifty modules' calls is seldom one value, while such scans
# were a third of a large project's model build; on the 21-project corpus
# no finding changed.  It also keeps what one step of the build reads (the
# incremental cache's unit of replay) small.
MAX_SCAN_MODULES = 50
# Resolution steps (uncached evaluations of an expression) one file may use;
# past it, the file's remaining values are Unknown and FL003 says so.  A step
# budget rather than a time limit keeps the output identical from run to run
# on machines of any speed.  Real projects stay far below it.
MAX_STEPS_PER_FILE = 200_000
# Steps one *probe* may use: a question the model builder asks of every
# statement of a kind, most answers being "no" -- is the ``d`` of
# ``d[k] = v`` an app's config?  is the receiver of ``x.update(...)``?  A
# probe that has not found its answer in this many steps (chasing a
# parameter through hundreds of call sites) is given up as unknown: no
# fact is recorded, silently (these are the analysis' bounds, like
# MAX_DEPTH).  Measured on 10 corpus projects (27,000 probes): half take 1
# step, 99% fewer than 100, and the probes of statements that did record a
# fact took at most 14; the few that ran past 500 found nothing.
MAX_PROBE_STEPS = 250
FUNC_TYPES = (nodes.FunctionDef, nodes.AsyncFunctionDef)
# Nodes that open a new scope: a walk of a function's own statements stops there.
SCOPE_TYPES = (nodes.FunctionDef, nodes.AsyncFunctionDef, nodes.Lambda, nodes.ClassDef)


class _Probe:
    __slots__ = ("gave_up",)

    def __init__(self):
        self.gave_up = False


class Ctx:
    """A call being evaluated: parameters of ``func`` are bound to the
    arguments of ``call`` (evaluated in ``parent``)."""

    __slots__ = ("func", "call", "parent", "self_value", "key", "depth")

    def __init__(self, func, call, parent: Optional["Ctx"], self_value: Optional[Value] = None):
        self.func = func
        self.call = call
        self.parent = parent
        self.self_value = self_value
        self.depth = (parent.depth + 1) if parent else 1
        self.key = (id(func), id(call), parent.key if parent else None)


class FileLimits:
    """Where the analysis of one file gave up and used Unknown instead.

    ``counts`` maps a kind to how often it happened: ``"recursion"`` (an
    expression or a chain of calls too deep for Python's stack -- in the
    resolver or in astroid), ``"budget"`` (the file's resolution budget,
    :data:`MAX_STEPS_PER_FILE`, ran out), ``"depth"`` (the resolver's own depth
    bounds: nested lookups or calls), ``"cycle"`` (a value defined in terms
    of itself; normal, not reported), ``"skipped"`` (nodes of the file the
    model builder did not visit at all once the budget was spent).
    ``first`` maps a kind to the first node where it happened.
    """

    __slots__ = ("module", "counts", "first")

    def __init__(self, module):
        self.module = module
        self.counts: Dict[str, int] = {}
        self.first: Dict[str, object] = {}


class Resolver:
    def __init__(self, project, factory):
        """``factory`` creates model objects for calls: factory(kind, call,
        cls_value) with kind in {"app", "blueprint", "socketio"}."""
        self.project = project
        self.factory = factory
        self._cache: Dict[tuple, List[Value]] = {}
        self._active: set = set()
        self._attr_active: set = set()  # (module path, name) being looked up
        self._call_sites: Dict[int, list] = {}
        self._subclasses: Dict[int, list] = {}
        self._instances: Dict[int, list] = {}
        self._class_kind: Dict[int, Optional[str]] = {}
        self._finals: Dict[int, tuple] = {}
        self._imports: Dict[tuple, List[Value]] = {}  # _import_from() answers
        self._returns: Dict[int, tuple] = {}  # id(function) -> (function, its return statements)
        # what each memoised answer read (module indices), when the project
        # tracks reads (see Project.read_sets): a cache hit charges them
        self._deps: Dict[tuple, int] = {}  # bit sets of module indices
        self._in_progress: set = set()  # (memo kind, key) of the memoised answers being computed (see _memo)
        self._importing: Dict[tuple, int] = {}  # in progress -> len(_active) then
        self.limit_hits = 0
        # kind -> model objects created so far (set by the model builder)
        self.known_objects = None
        # Per-file accounting: every query is charged to the file being
        # analysed -- the one the model builder is visiting (``analysing``),
        # else the file holding the node of the outermost query.
        self.limits: Dict[str, FileLimits] = {}  # module path -> limits hit
        self.on_limit = None  # called with (module, kind) at every limit hit (the model's step accounting)
        self.steps: Dict[str, int] = {}  # module path -> resolution steps
        self.max_steps = MAX_STEPS_PER_FILE
        self._file = None
        self._probe_cap: Optional[int] = None  # the virtual step count at which a probe gives up
        # Virtual steps: what computing every query asked so far would cost
        # with no memo table -- a memoised answer counts what computing it
        # counted (_vcost).  A probe's bound is counted in them, so whether
        # it gives up never depends on what the memo tables held (the
        # incremental cache's rebuilds have colder tables than a full run).
        self._vsteps = 0
        self._vcost: Dict[object, int] = {}
        self._probe_box: Optional[_Probe] = None  # (the probe under way, see probe())
        # Bumped whenever a result is cut short by the budget or the stack;
        # results computed meanwhile are not cached (they would poison later
        # queries from other files or from a shallower stack).
        self._taint = 0

    # -- per-file accounting --------------------------------------------
    def analysing(self, module):
        """Context manager: charge queries made inside to ``module``."""
        return _Analysing(self, module)

    @contextlib.contextmanager
    def probe(self):
        """Context manager: the queries made inside are a probe (see
        MAX_PROBE_STEPS).  Nested probes keep the outer bound.  It yields
        a box whose ``gave_up`` tells whether the probe ran past its bound:
        then the caller takes it as having found nothing (what it found
        before would depend on how much the memo tables held)."""
        if self._probe_cap is not None or self._file is None:
            yield self._probe_box or _Probe()
            return
        self._probe_cap = self._vsteps + MAX_PROBE_STEPS
        box = self._probe_box = _Probe()
        try:
            yield box
        finally:
            self._probe_cap = None
            self._probe_box = None

    def exhausted(self, module) -> bool:
        return module is not None and self.steps.get(module.path, 0) >= self.max_steps

    def limit(self, kind: str, node=None, module=None, count: int = 1) -> None:
        """Record that the analysis of the current file hit a limit."""
        self.limit_hits += count
        module = module or self._file or (self.project.module_of(node) if node is not None else None)
        if module is None or module is _NOWHERE:
            return
        rec = self.limits.get(module.path)
        if rec is None:
            rec = self.limits[module.path] = FileLimits(module)
        rec.counts[kind] = rec.counts.get(kind, 0) + count
        if node is not None and kind not in rec.first:
            rec.first[kind] = node
        if self.on_limit is not None:
            self.on_limit(module, kind)

    def _final(self, defs):
        """``_final_definitions``, memoised per definitions list (a scope's
        ``locals`` entry; the entry is kept so that its id stays its own)."""
        got = self._finals.get(id(defs))
        if got is not None and got[0] is defs and got[1] == len(defs):
            return got[2]
        chosen = _final_definitions(defs)
        self._finals[id(defs)] = (defs, len(defs), chosen)
        return chosen

    # ------------------------------------------------------------------
    def value(self, node, ctx: Optional[Ctx] = None) -> Value:
        vals = self.values(node, ctx)
        if len(vals) == 1:
            return vals[0]
        return Choice(tuple(vals)).with_origin(node)

    def values(self, node, ctx: Optional[Ctx] = None) -> List[Value]:
        if node is None:
            return [UNKNOWN]
        key = (id(node), ctx.key if ctx else None)
        cached = self._cache.get(key)
        if cached is not None:
            box = self._probe_box
            if box is not None and box.gave_up:
                # (the probe's caller takes it as having found nothing: what
                # is left of it needs no answer, and must not be charged with
                # what computing one read)
                self._taint += 1
                return [UNKNOWN]
            if self.project.read_sets:
                self._track_hit(key)
            self._vhit(key, node)
            return cached
        if self._file is None:  # an outermost query from outside the builder
            with self.analysing(self.project.module_of(node) or _NOWHERE):
                return self.values(node, ctx)
        if key in self._active:
            self.limit("cycle", node)
            self._track_cycle()
            return [UNKNOWN]
        if len(self._active) > MAX_DEPTH or (ctx and ctx.depth > 8):
            self.limit("depth", node)
            # (an answer cut short here depends on how deep the query came
            # from: memoised, it would poison shallower queries)
            self._taint += 1
            return [UNKNOWN]
        path = self._file.path
        steps = self.steps.get(path, 0)
        if steps >= self.max_steps:
            self.limit("budget", node)
            self._taint += 1
            return [UNKNOWN]
        if self._probe_cap is not None and self._vsteps >= self._probe_cap:
            self._probe_box.gave_up = True
            self.limit("probe", node)
            self._taint += 1
            return [UNKNOWN]
        self.steps[path] = steps + 1
        self._vsteps += 1
        before = self._vsteps - 1
        taint = self._taint
        self._active.add(key)
        tracked = self._track_begin()
        try:
            result = _dedupe(self._infer(node, ctx))
        except RecursionError:
            self.limit("recursion", node)
            self._taint += 1
            result = [UNKNOWN]
        finally:
            self._active.discard(key)
            if tracked:
                self._track_end(key if self._taint == taint else None)
        if self._taint == taint:
            self._cache[key] = result
            self._vcost[key] = self._vsteps - before
        return result

    def _vhit(self, key, node=None) -> None:
        """A memoised answer used: count what computing it counted; a probe
        it takes past its bound gives up (as computing it would have)."""
        cost = self._vcost.get(key, 1)
        if self._probe_cap is not None and self._vsteps + cost > self._probe_cap and not self._probe_box.gave_up:
            self._probe_box.gave_up = True
            self.limit("probe", node)
        self._vsteps += cost

    # -- read tracking (for the incremental cache) ------------------------
    def _track_begin(self) -> bool:
        rs = self.project.read_sets
        if rs:
            rs.append(0)
            return True
        return False

    def _track_end(self, key) -> None:
        """Close the computation opened by _track_begin: what it read is
        charged to its caller, and remembered under ``key`` (None: the
        answer is not memoised)."""
        rs = self.project.read_sets
        mine = rs.pop()
        if mine:
            if rs:
                rs[-1] |= mine
            if key is not None:
                self._deps[key] = mine

    def _track_hit(self, key) -> None:
        rs = self.project.read_sets
        if rs:
            d = self._deps.get(key)
            if d:
                rs[-1] |= d

    def _track_cycle(self) -> None:
        """An answer cut short by a cycle depends on the whole chain that
        led back to it: charge everything read by the computations under
        way to the current one (coarse, and safe)."""
        rs = self.project.read_sets
        floor = self.project.read_floor  # the set of the step under way: nothing below it
        if len(rs) - 1 > floor:
            top = rs[-1]
            for other in rs[floor:-1]:
                top |= other
            rs[-1] = top

    def objects(self, node, ctx=None, kind=None) -> list:
        """Model objects (apps, blueprints...) an expression can be."""
        out = []
        for v in self.values(node, ctx):
            for leaf in _leaves(v):
                if isinstance(leaf, ObjectRef) and (kind is None or leaf.obj.kind == kind):
                    if leaf.obj not in out:
                        out.append(leaf.obj)
        return out

    def qualname(self, node, ctx=None) -> Optional[str]:
        """The external qualified name of ``node`` if it is one for sure."""
        vals = self.values(node, ctx)
        if len(vals) == 1 and isinstance(vals[0], ExtName):
            return vals[0].qualname
        return None

    def elements(self, node, ctx=None) -> List[Tuple[Value, object]]:
        """The elements of an iterable expression (a list of blueprints)."""
        out = []
        for v in self.values(node, ctx):
            if isinstance(v, Seq):
                out.extend((item, item.origin) for item in v.items)
            elif isinstance(v, Mapping):
                out.extend((k, k.origin) for k, _ in v.items)
        return out

    # ------------------------------------------------------------------
    def _infer(self, node, ctx) -> List[Value]:
        meth = getattr(self, "_infer_" + type(node).__name__, None)
        if meth is None:
            return [UNKNOWN]
        return [v.with_origin(node) for v in meth(node, ctx)]

    def _infer_Const(self, node, ctx):
        return [Const(node.value)]

    def _infer_List(self, node, ctx, kind="list"):
        items = []
        for elt in node.elts:
            if isinstance(elt, nodes.Starred):
                spliced = self.values(elt.value, ctx)
                if len(spliced) == 1 and isinstance(spliced[0], Seq):
                    items.extend(spliced[0].items)
                    continue
                return [UNKNOWN]
            items.append(self.value(elt, ctx))
        return [Seq(tuple(items), kind)]

    def _infer_Tuple(self, node, ctx):
        return self._infer_List(node, ctx, "tuple")

    def _infer_Set(self, node, ctx):
        return self._infer_List(node, ctx, "set")

    def _infer_Dict(self, node, ctx):
        items = []
        complete = True
        for k, v in node.items:
            if isinstance(k, nodes.DictUnpack):
                sub = self.values(v, ctx)
                if len(sub) == 1 and isinstance(sub[0], Mapping):
                    items.extend(sub[0].items)
                    complete = complete and sub[0].complete
                else:
                    complete = False
                continue
            items.append((self.value(k, ctx), self.value(v, ctx)))
        return [Mapping(tuple(items), complete)]

    def _infer_JoinedStr(self, node, ctx):
        # each piece: the strings it can be; a run-time choice among a few
        # known strings (f"pkg.settings.{NAMES[name]}") gives each candidate
        combos = [""]
        for v in node.values:
            if isinstance(v, nodes.Const) and isinstance(v.value, str):
                combos = [c + v.value for c in combos]
                continue
            if not isinstance(v, nodes.FormattedValue) or v.format_spec is not None or v.conversion not in (-1, None, 115):
                return [UNKNOWN]
            opts = []
            for val in self.values(v.value, ctx):
                for leaf in _leaves(val):
                    if isinstance(leaf, Const) and isinstance(leaf.value, (str, int)) and not isinstance(leaf.value, bool):
                        opts.append(str(leaf.value))
                    else:
                        return [UNKNOWN]
            combos = [c + o for c in combos for o in opts]
            if not combos or len(combos) > 16:
                return [UNKNOWN]
        if len(combos) == 1:
            return [Const(combos[0])]
        return [Choice(tuple(Const(c) for c in combos))]

    def _infer_NamedExpr(self, node, ctx):
        return self.values(node.value, ctx)

    def _infer_IfExp(self, node, ctx):
        opts = _dedupe(self.values(node.body, ctx) + self.values(node.orelse, ctx))
        return opts if len(opts) == 1 else [Choice(tuple(opts))]

    def _infer_BoolOp(self, node, ctx):
        vals = [self.value(v, ctx) for v in node.values]
        if node.op == "or":
            acc = vals[-1]
            for v in reversed(vals[:-1]):
                t = v.truth()
                if t is True:
                    acc = v
                elif t is False:
                    pass  # acc stays
                else:
                    acc = Fallback(v, acc)
            return [acc]
        # and
        acc = vals[-1]
        for v in reversed(vals[:-1]):
            t = v.truth()
            if t is False:
                acc = v
            elif t is None:
                acc = UNKNOWN
        return [acc]

    def _infer_UnaryOp(self, node, ctx):
        v = self.value(node.operand, ctx)
        if node.op == "not":
            t = v.truth()
            return [Const(not t)] if t is not None else [UNKNOWN]
        if node.op == "-" and isinstance(v, Const) and isinstance(v.value, (int, float)):
            return [Const(-v.value)]
        return [UNKNOWN]

    def _infer_BinOp(self, node, ctx):
        left = self.value(node.left, ctx)
        right = self.value(node.right, ctx)
        if node.op == "+":
            if isinstance(left, Const) and isinstance(right, Const) and type(left.value) is type(right.value):
                try:
                    return [Const(left.value + right.value)]
                except TypeError:
                    return [UNKNOWN]
            if isinstance(left, Seq) and isinstance(right, Seq):
                return [Seq(left.items + right.items, left.kind)]
        if node.op == "|" and isinstance(left, Mapping) and isinstance(right, Mapping):
            return [Mapping(left.items + right.items, left.complete and right.complete)]
        if node.op == "*" and isinstance(left, Const) and isinstance(right, Const):
            if isinstance(left.value, (int, float)) and isinstance(right.value, (int, float)):
                return [Const(left.value * right.value)]
        return [UNKNOWN]

    def _infer_Subscript(self, node, ctx):
        out = []
        key = self.value(node.slice, ctx)
        for base in self.values(node.value, ctx):
            if isinstance(base, Mapping):
                if isinstance(key, Const):
                    got = base.get(key.value)
                    out.append(got if got is not None else UNKNOWN)
                else:  # chosen at run time: any of the values
                    opts = tuple(v for _, v in base.items)
                    out.append(Choice(opts) if opts else UNKNOWN)
            elif isinstance(base, Seq) and isinstance(key, Const) and isinstance(key.value, int):
                try:
                    out.append(base.items[key.value])
                except IndexError:
                    out.append(UNKNOWN)
            elif isinstance(base, ExtName) and base.qualname == "os.environ":
                out.append(EnvVar(key.value if isinstance(key, Const) else None, None, required=True))
            elif isinstance(base, ExtName) and _request_attr(base.qualname):
                out.append(RequestInput(base.qualname, _request_attr(base.qualname), _key_str(key)))
            elif isinstance(base, ExtCall) and not isinstance(base, RequestInput) and base.qualname == "flask.request.get_json":
                out.append(RequestInput(base.qualname, "json", _key_str(key)))
            else:
                out.append(UNKNOWN)
        return out

    # -- names ------------------------------------------------------------
    def _infer_Name(self, node, ctx):
        name = node.name
        scope, assigns = lookup(node, name)
        if scope is None:
            return [UNKNOWN]
        if isinstance(scope, nodes.Module) and scope is not node.root():
            # astroid's builtins module
            return [ExtName("builtins." + name)]
        if not assigns:
            if name == "__name__":
                mod = self.project.module_of(node)
                return [Const(mod.name if mod else "__main__")]
            if name == "__file__":
                mod = self.project.module_of(node)
                return [Const(mod.path)] if mod else [UNKNOWN]
            star = self._star_lookup(node.root(), name)
            return star if star is not None else [UNKNOWN]
        if name in ("__name__", "__file__") and not any(isinstance(a, nodes.AssignName) for a in assigns):
            # astroid's implicit module attributes: the module's own name/path
            mod = self.project.module_of(node)
            if name == "__file__":
                return [Const(mod.path)] if mod else [UNKNOWN]
            return [Const(mod.name if mod else "__main__")]
        out = []
        for a in assigns:
            # A module-level binding means the same in every call under
            # way: evaluated outside them (else ``A, B = info()`` with
            # ``info`` returning locals copied from A and B re-evaluates
            # itself once per call level, n**depth steps: searxng's
            # version.py spent the whole budget of five files)
            in_module = ctx is not None and isinstance(a, nodes.AssignName) and isinstance(a.scope(), nodes.Module)
            out.extend(self._infer_definition(a, name, None if in_module else ctx))
        return out

    def _infer_definition(self, a, name, ctx) -> List[Value]:
        if isinstance(a, nodes.AssignName):
            return self._infer_assignname(a, ctx)
        if isinstance(a, nodes.ImportFrom):
            return self._import_from(a, name)
        if isinstance(a, nodes.Import):
            return self._import(a, name)
        if isinstance(a, FUNC_TYPES):
            return [FunctionRef(a)]
        if isinstance(a, nodes.ClassDef):
            return [ClassRef(a)]
        if isinstance(a, nodes.Const) and name == "__name__":
            mod = self.project.module_of(a)
            return [Const(mod.name if mod else "__main__")]
        return [UNKNOWN]

    def _infer_assignname(self, a: nodes.AssignName, ctx) -> List[Value]:
        parent = a.parent
        if isinstance(parent, (nodes.Assign, nodes.AnnAssign)):
            if parent.value is None:
                return [UNKNOWN]
            return self.values(parent.value, ctx)
        if isinstance(parent, (nodes.Tuple, nodes.List)):
            return self._unpack(a, ctx)
        if isinstance(parent, nodes.Arguments):
            return self._infer_param(a, ctx)
        if isinstance(parent, (nodes.For, nodes.Comprehension)) and parent.target is a:
            return [v for v, _ in self.elements(parent.iter, ctx)] or [UNKNOWN]
        if isinstance(parent, nodes.NamedExpr):
            return self.values(parent.value, ctx)
        return [UNKNOWN]

    def _unpack(self, a, ctx):
        path = []
        node = a
        while isinstance(node.parent, (nodes.Tuple, nodes.List)):
            path.insert(0, node.parent.elts.index(node))
            node = node.parent
        stmt = node.parent
        if not isinstance(stmt, nodes.Assign):
            return [UNKNOWN]
        vals = self.values(stmt.value, ctx)
        out = []
        for v in vals:
            for idx in path:
                if isinstance(v, Seq) and idx < len(v.items):
                    v = v.items[idx]
                else:
                    v = UNKNOWN
                    break
            out.append(v)
        return out

    # -- imports ------------------------------------------------------------
    def _absolute(self, modname: str, level: Optional[int], node) -> Optional[str]:
        if not level:
            return modname
        mod = self.project.module_of(node)
        return relative_to(mod, modname, level) if mod is not None else None

    def _import_from(self, node: nodes.ImportFrom, asname: str) -> List[Value]:
        # Memoised: re-export chains (``from pkg import db`` in every module)
        # are otherwise walked again for each use.  A result is kept only if
        # no depth limit was hit while computing it, so it is the one an
        # unmemoised walk would compute.
        key = (id(node), asname)
        got = self._imports.get(key)
        if got is not None:
            self._track_hit(("import",) + key)
            self._vhit(("import",) + key, node)
            return list(got)
        entered = self._importing.get(key)
        if entered is not None:
            self._track_cycle()
            if entered == len(self._active):
                # A cycle of imports alone (``a: from b import x``, ``b: from
                # a import x``): an ImportError at run time; the value is
                # unknown, as for any value defined in terms of itself.
                self.limit("cycle", node)
                self._taint += 1
                return [UNKNOWN]
            return self._import_from_uncached(node, asname)
        hits = self.limit_hits
        self._importing[key] = len(self._active)
        tracked = self._track_begin()
        before = self._vsteps
        try:
            result = self._import_from_uncached(node, asname)
        finally:
            del self._importing[key]
            if tracked:
                self._track_end(("import",) + key if self.limit_hits == hits else None)
        if self.limit_hits == hits:
            self._imports[key] = list(result)
            self._vcost[("import",) + key] = self._vsteps - before
        return result

    def _import_from_uncached(self, node: nodes.ImportFrom, asname: str) -> List[Value]:
        how, what, orig = self.import_source(node, asname)
        if how == "attr":
            return self.module_attr(what, orig)
        if how == "module":
            return [ModuleRef(what.name)]
        if how == "external":
            return [ExtName(N.canonical(what))]
        return [UNKNOWN]

    def import_source(self, node: nodes.ImportFrom, asname: str) -> tuple:
        """What ``from m import name [as asname]`` binds ``asname`` to:
        ("attr", project module, name) -- that module's attribute once it has
        run; ("module", project module, None) -- a submodule; ("external",
        qualified name, None); (None, None, None) -- unknown."""
        orig = None
        for o, alias in node.names:
            if (alias or o) == asname:
                orig = o
                break
        if orig is None:
            return None, None, None
        target = self._absolute(node.modname, node.level, node)
        if target is None:
            return None, None, None
        near = self.project.module_of(node)
        mod = self.project.find_module(target, near)
        sub = self.project.find_module(target + "." + orig if target else orig, near)
        if mod is not None and mod is near and sub is not None:
            # ``from . import views`` / ``from pkg import settings`` in pkg's
            # own __init__: the name this import binds is the submodule.
            return "module", sub, None
        if mod is not None:
            return "attr", mod, orig
        if sub is not None:
            return "module", sub, None
        if node.level:
            return None, None, None
        return "external", target + "." + orig, None

    def _import(self, node: nodes.Import, asname: str) -> List[Value]:
        near = self.project.module_of(node)
        for orig, alias in node.names:
            if alias == asname:
                full = orig
            elif alias is None and orig.split(".")[0] == asname:
                full = asname
            else:
                continue
            mod = self.project.find_module(full, near)
            if mod is not None:
                return [ModuleRef(mod.name)]
            return [ExtName(full)]
        return [UNKNOWN]

    def _star_lookup(self, tree, name) -> Optional[List[Value]]:
        near = self.project.module_of(tree)
        for stmt in tree.body:
            if isinstance(stmt, nodes.ImportFrom) and any(o == "*" for o, _ in stmt.names):
                target = self._absolute(stmt.modname, stmt.level, stmt)
                mod = self.project.find_module(target, near) if target else None
                if mod is None:
                    continue
                got = self.module_attr(mod, name, near, allow_submodule=False)
                if got and not all(isinstance(g, Unknown) for g in got):
                    return got
        return None

    def module_attr(self, mod, attr: str, near=None, allow_submodule=True) -> List[Value]:
        """The value(s) a module attribute has once the module has run."""
        key = (mod.path, attr)
        if key in self._attr_active:  # import cycle: a imports x from b, b from a
            self.limit("cycle")
            self._track_cycle()
            return [UNKNOWN]
        self._attr_active.add(key)
        try:
            return self._module_attr(mod, attr, allow_submodule)
        finally:
            self._attr_active.discard(key)

    def _module_attr(self, mod, attr: str, allow_submodule: bool) -> List[Value]:
        tree = self.project.tree(mod)
        if tree is None:
            return [UNKNOWN]
        defs = tree.locals.get(attr)
        if defs:
            chosen = self._final(defs)
            out = []
            for d in chosen:
                out.extend(self._infer_definition(d, attr, None))
            return out
        if allow_submodule:
            sub = self.project.find_module(mod.name + "." + attr, mod)
            if sub is not None:
                return [ModuleRef(sub.name)]
        star = self._star_lookup(tree, attr)
        return star if star is not None else [UNKNOWN]

    # -- attributes -----------------------------------------------------------
    def _infer_Attribute(self, node, ctx):
        out = []
        for base in self.values(node.expr, ctx):
            out.extend(self.attribute(base, node.attrname, node))
        return out

    def attribute(self, base: Value, attr: str, node=None) -> List[Value]:
        if isinstance(base, ModuleRef):
            mod = self.project.find_module(base.modname)
            return self.module_attr(mod, attr) if mod else [UNKNOWN]
        if isinstance(base, ExtName):
            return [ExtName(N.canonical(base.qualname + "." + attr))]
        if isinstance(base, ClassRef):
            got = self.class_attr(base.node, attr)
            return got if got is not None else [UNKNOWN]
        if isinstance(base, Instance):
            got = self.class_attr(base.cls_node, attr)
            if got and any(isinstance(g, FunctionRef) for g in got):
                return [BoundMethod(base, attr)]
            return got if got is not None else [BoundMethod(base, attr)]
        if isinstance(base, ObjectRef):
            if attr == "config" and base.obj.kind == "app":
                return [ConfigRef(base.obj)]
            return [BoundMethod(base, attr)]
        if isinstance(base, (ConfigRef, Mapping, EnvVar)):
            return [BoundMethod(base, attr)]
        if isinstance(base, Const) and isinstance(base.value, str):
            return [BoundMethod(base, attr)]
        if isinstance(base, ExtCall) and not isinstance(base, RequestInput):
            if attr in ENCODER_METHODS or (attr == "get" and base.qualname == "flask.request.get_json"):
                return [BoundMethod(base, attr)]
        return [UNKNOWN]

    def class_attr(self, cls, attr: str) -> Optional[List[Value]]:
        for c in self.mro(cls):
            defs = c.locals.get(attr)
            if defs:
                chosen = self._final(defs)
                out = []
                for d in chosen:
                    out.extend(self._infer_definition(d, attr, None))
                return out
        return None

    def class_attr_defs(self, cls, attr: str):
        """(defining class, assignment nodes) of a class attribute."""
        for c in self.mro(cls):
            defs = c.locals.get(attr)
            if defs:
                return c, self._final(defs)
        return None, []

    def bases(self, cls) -> List[Value]:
        out = []
        for b in cls.bases:
            out.extend(self.values(b))
        return out

    def mro(self, cls, _seen=None) -> List[nodes.ClassDef]:
        """Project classes in (simplified, depth-first) method resolution order."""
        seen = _seen if _seen is not None else set()
        if id(cls) in seen:
            return []
        seen.add(id(cls))
        out = [cls]
        for b in self.bases(cls):
            if isinstance(b, ClassRef):
                for c in self.mro(b.node, seen):
                    if c not in out:
                        out.append(c)
        return out

    def class_kind(self, cls) -> Optional[str]:
        """"app" / "blueprint" / "methodview" / "view" if the class derives
        from Flask / Blueprint / MethodView / View, else None."""
        return self._memo("kind", self._class_kind, id(cls), lambda key: self._class_kind_uncached(cls, key), guard=None)

    def _class_kind_uncached(self, cls, key) -> Optional[str]:
        taint = self._taint
        kind = None
        for b in self.bases(cls):
            if isinstance(b, ExtName):
                kind = _EXT_CLASS_KINDS.get(b.qualname)
            elif isinstance(b, ClassRef):
                kind = self.class_kind(b.node)
            if kind:
                break
        if self._taint == taint:
            self._class_kind[key] = kind
        else:
            del self._class_kind[key]
        return kind

    # -- calls -----------------------------------------------------------------
    def _infer_Call(self, node, ctx):
        out = []
        for fv in self.values(node.func, ctx):
            out.extend(self.call_result(fv, node, ctx))
        return out

    def call_result(self, fv: Value, call, ctx) -> List[Value]:
        if isinstance(fv, ExtName):
            return self._ext_call(fv.qualname, call, ctx)
        if isinstance(fv, ClassRef):
            kind = self.class_kind(fv.node)
            if kind in ("app", "blueprint"):
                return [ObjectRef(self.factory(kind, call, fv))]
            return [Instance(fv.node, call)]
        if isinstance(fv, FunctionRef):
            return self.returns(fv.node, Ctx(fv.node, call, ctx))
        if isinstance(fv, BoundMethod):
            return self._method_call(fv, call, ctx)
        return [UNKNOWN]

    def returns(self, func, ctx: Ctx) -> List[Value]:
        got = self._returns.get(id(func))
        if got is None or got[0] is not func:
            got = self._returns[id(func)] = (func, list(nodes_of(func, nodes.Return, SCOPE_TYPES)))
        rets = got[1]
        if not rets:
            return [Const(None)]
        out = []
        for r in rets:
            out.extend(self.values(r.value, ctx) if r.value is not None else [Const(None)])
        return out

    def _ext_call(self, q, call, ctx) -> List[Value]:
        kind = _EXT_CLASS_KINDS.get(q)
        if kind in ("app", "blueprint", "socketio"):
            return [ObjectRef(self.factory(kind, call, ExtName(q)))]
        if q in ("os.environ.get", "os.getenv", "os.environ.setdefault"):
            name = self.value(call.args[0], ctx) if call.args else UNKNOWN
            default = None
            if len(call.args) > 1:
                default = self.value(call.args[1], ctx)
            for kw in call.keywords or ():
                if kw.arg in ("default", "value"):
                    default = self.value(kw.value, ctx)
            return [EnvVar(name.value if isinstance(name, Const) else None, default)]
        if q == "builtins.dict":
            items = []
            complete = True
            for a in call.args:
                v = self.value(a, ctx)
                if isinstance(v, Mapping):
                    items.extend(v.items)
                    complete = complete and v.complete
                else:
                    complete = False
            for kw in call.keywords or ():
                if kw.arg is None:
                    v = self.value(kw.value, ctx)
                    if isinstance(v, Mapping):
                        items.extend(v.items)
                    else:
                        complete = False
                else:
                    items.append((Const(kw.arg).with_origin(kw), self.value(kw.value, ctx)))
            return [Mapping(tuple(items), complete)]
        if q.startswith("flask.request.") and q.rsplit(".", 1)[-1] in ("get", "getlist"):
            owner = q.rsplit(".", 1)[0]
            src = _request_attr(owner)
            if src:
                key = self.value(call.args[0], ctx) if call.args else UNKNOWN
                return [RequestInput(q, src, _key_str(key))]
        if q in ENCODERS and call.args:
            v = self.value(call.args[0], ctx)
            if q in ("builtins.str", "builtins.bytes") and isinstance(v, Const) and isinstance(v.value, (str, bytes)):
                return [v]
            if isinstance(v, ExtCall) and not isinstance(v, RequestInput):
                return [v]
            if q in ("builtins.str", "builtins.bytes"):
                return [UNKNOWN]
        if q in ("builtins.list", "builtins.tuple") and call.args:
            vals = self.values(call.args[0], ctx)
            return [v for v in vals if isinstance(v, Seq)] or [UNKNOWN]
        if q in _PATH_FUNCS:
            return [self._path_call(q, call, ctx)]
        if q.startswith("builtins."):
            return [UNKNOWN]
        return [ExtCall(q)]

    def _path_call(self, q, call, ctx) -> Value:
        """``os.path.join/dirname/abspath/...`` of known strings (paths built
        from ``__file__``): computed as text, nothing touches the disk."""
        import posixpath

        args = []
        for a in call.args:
            v = self.value(a, ctx)
            if not (isinstance(v, Const) and isinstance(v.value, str)) or isinstance(a, nodes.Starred):
                return UNKNOWN
            args.append(v.value)
        if not args or call.keywords:
            return UNKNOWN
        if q == "os.path.join":
            return Const(posixpath.join(*args))
        if len(args) != 1:
            return UNKNOWN
        (p,) = args
        if q == "os.path.dirname":
            return Const(posixpath.dirname(p))
        if q == "os.path.basename":
            return Const(posixpath.basename(p))
        if q in ("os.path.abspath", "os.path.realpath", "os.path.normpath"):
            if q != "os.path.normpath" and not p.startswith("/"):
                return UNKNOWN  # relative to the working directory: unknown
            return Const(posixpath.normpath(p))
        return UNKNOWN

    def _method_call(self, bm: BoundMethod, call, ctx) -> List[Value]:
        base, name = bm.obj, bm.name
        if isinstance(base, Instance):
            got = self.class_attr(base.cls_node, name) or []
            out = []
            for g in got:
                if isinstance(g, FunctionRef):
                    out.extend(self.returns(g.node, Ctx(g.node, call, ctx, self_value=base)))
            return out or [UNKNOWN]
        if isinstance(base, Mapping):
            if name == "get" and call.args:
                key = self.value(call.args[0], ctx)
                default = self.value(call.args[1], ctx) if len(call.args) > 1 else Const(None)
                if isinstance(key, Const):
                    got = base.get(key.value)
                    if got is not None:
                        return [got]
                    return [default] if base.complete else [UNKNOWN]
                opts = tuple(v for _, v in base.items) + (default,)
                return [Choice(opts)]
            if name == "copy":
                return [base]
        if isinstance(base, Const) and isinstance(base.value, str):
            if name in ("lower", "upper", "strip", "lstrip", "rstrip", "title", "casefold") and not call.args:
                return [Const(getattr(base.value, name)())]
            if name == "encode":
                return [Const(base.value.encode())]
        if isinstance(base, EnvVar) and name in ("lower", "upper", "strip", "casefold"):
            return [UNKNOWN]
        if isinstance(base, ExtCall):
            if name in ENCODER_METHODS:
                return [base]
            if name == "get" and base.qualname == "flask.request.get_json":
                key = self.value(call.args[0], ctx) if call.args else UNKNOWN
                return [RequestInput(base.qualname + ".get", "json", _key_str(key))]
        return [UNKNOWN]

    # -- parameters -------------------------------------------------------------
    def _infer_param(self, a: nodes.AssignName, ctx) -> List[Value]:
        args: nodes.Arguments = a.parent
        func = args.parent
        if not isinstance(func, FUNC_TYPES):
            return [UNKNOWN]
        positional = list(args.posonlyargs or []) + list(args.args or [])
        is_method = isinstance(func.parent, nodes.ClassDef) and not _is_staticmethod(func)
        if is_method and positional and positional[0] is a:
            if ctx is not None and ctx.func is func and ctx.self_value is not None:
                return [ctx.self_value]
            if _is_classmethod(func):
                return [ClassRef(func.parent)]
            return self.instances(func.parent) or [UNKNOWN]
        if ctx is not None and ctx.func is func:
            return self._bind(a, func, ctx)
        if len(self.project.modules_calling(func.name)) > MAX_SCAN_MODULES:
            return self._annotated_objects(a, args) or [UNKNOWN]
        sites = self.call_sites(func)
        if not sites:
            # Called from outside the project (a plugin hook, a CLI): an
            # annotation naming Flask/Blueprint still says what it receives.
            typed = self._annotated_objects(a, args)
            if typed is not None:
                return typed
            if _called_by_framework(func):
                # @click.option, @app.route, @pytest.fixture...: the
                # decorator's caller passes the arguments; the Python
                # default says nothing about them
                return [UNKNOWN]
            default = _param_default(a, args)
            return self.values(default, None) if default is not None else [UNKNOWN]
        out = []
        for call, site_ctx_self in sites:
            out.extend(self._bind(a, func, Ctx(func, call, None, self_value=site_ctx_self)))
        if func.name in CLI_FACTORIES and isinstance(func.parent, nodes.Module):
            # `flask --app pkg run` calls create_app() with no arguments too
            default = _param_default(a, args)
            if default is not None:
                out.extend(self.values(default, None))
        return out

    def _annotated_objects(self, a, args) -> Optional[List[Value]]:
        ann = _param_annotation(a, args)
        if ann is None or self.known_objects is None:
            return None
        for v in self.values(ann):
            if isinstance(v, ExtName) and _EXT_CLASS_KINDS.get(v.qualname) in ("app", "blueprint"):
                objs = self.known_objects(_EXT_CLASS_KINDS[v.qualname])
                if len(objs) == 1:
                    return [ObjectRef(objs[0])]
                return None
        return None

    def _bind(self, a, func, ctx: Ctx) -> List[Value]:
        args = func.args
        call = ctx.call
        positional = list(args.posonlyargs or []) + list(args.args or [])
        is_method = isinstance(func.parent, nodes.ClassDef) and not _is_staticmethod(func)
        if is_method and positional:
            positional = positional[1:]
        # keyword first
        if a in positional or a in (args.kwonlyargs or []):
            for kw in call.keywords or ():
                if kw.arg == a.name:
                    return self.values(kw.value, ctx.parent)
            if any(kw.arg is None for kw in call.keywords or ()):
                return [UNKNOWN]
        if a in positional:
            idx = positional.index(a)
            plain = []
            for arg in call.args:
                if isinstance(arg, nodes.Starred):
                    return [UNKNOWN]
                plain.append(arg)
            if idx < len(plain):
                return self.values(plain[idx], ctx.parent)
        default = _param_default(a, args)
        if default is not None:
            return self.values(default, None)
        return [UNKNOWN]

    def call_sites(self, func) -> list:
        """Calls in the project that reach ``func``: (call, self value)."""
        return self._memo("sites", self._call_sites, id(func), lambda key: self._call_sites_uncached(func, key))

    def _memo(self, kind, store, key, compute, guard=()):
        """``store[key]``, else ``compute(key)`` -- which stores its answer
        under ``key``, or deletes the cycle guard (``list(guard)``, in place
        meanwhile) when its answer was cut short.  What the computation read
        is remembered with the answer and charged again on every hit
        (``kind`` keeps the memos' keys apart in ``_deps``)."""
        if key in store:
            if (kind, key) in self._in_progress:
                self._track_cycle()  # (a cycle: the answer in place is a guard)
            else:
                self._track_hit((kind, key))
                self._vhit((kind, key))
            return store[key]
        store[key] = list(guard) if guard is not None else None  # cycle guard
        self._in_progress.add((kind, key))
        tracked = self._track_begin()
        before = self._vsteps
        try:
            return compute(key)
        finally:
            self._in_progress.discard((kind, key))
            if tracked:
                self._track_end((kind, key) if key in store else None)
            if key in store:
                self._vcost[(kind, key)] = self._vsteps - before

    def _call_sites_uncached(self, func, key) -> list:
        taint = self._taint
        name = func.name
        sites = []
        is_method = isinstance(func.parent, nodes.ClassDef)
        for mod in self.project.modules_calling(name):
            if len(sites) >= MAX_CALL_SITES:
                break
            tree = self.project.tree(mod)
            if tree is None:
                continue
            for call in self.project.index(tree).calls_by_name.get(name, ()):
                f = call.func
                for fv in self.values(f):
                    if isinstance(fv, FunctionRef) and fv.node is func:
                        sites.append((call, None))
                    elif is_method and isinstance(fv, BoundMethod):
                        if isinstance(fv.obj, Instance):
                            got = self.class_attr(fv.obj.cls_node, name) or []
                            if any(isinstance(g, FunctionRef) and g.node is func for g in got):
                                sites.append((call, fv.obj))
                        elif isinstance(fv.obj, ObjectRef) and fv.obj.obj.cls_node is not None:
                            got = self.class_attr(fv.obj.obj.cls_node, name) or []
                            if any(isinstance(g, FunctionRef) and g.node is func for g in got):
                                sites.append((call, fv.obj))
        if self._taint == taint:
            self._call_sites[key] = sites
        else:  # cut short: compute again when asked again
            del self._call_sites[key]
        return sites

    def subclasses(self, cls) -> list:
        return self._memo("subclasses", self._subclasses, id(cls), lambda key: self._subclasses_uncached(cls, key))

    def _subclasses_uncached(self, cls, key) -> Optional[list]:
        """The project's subclasses of ``cls``, or None when the hierarchy
        is too wide to follow: its classes are named in more than
        MAX_SCAN_MODULES modules in all (summed over the classes, so the
        answer does not depend on what was asked before) -- unless ``cls``
        derives from Flask or Blueprint: those are always followed."""
        taint = self._taint
        out = []
        mods = self.project.modules_mentioning(cls.name)
        bounded = self.class_kind(cls) not in ("app", "blueprint")
        width = len(mods)
        if bounded and width > MAX_SCAN_MODULES:
            self._subclasses[key] = None
            return None
        for mod in mods:
            tree = self.project.tree(mod)
            if tree is None:
                continue
            for c in self.project.index(tree).classdefs:
                if c is cls:
                    continue
                if any(isinstance(b, ClassRef) and b.node is cls for b in self.bases(c)):
                    below = self.subclasses(c)
                    if below is None and bounded:
                        out = None
                        break
                    for s in [c] + (below or []):
                        if s not in out:
                            out.append(s)
                            width += len(self.project.modules_mentioning(s.name))
                    if bounded and width > MAX_SCAN_MODULES:
                        out = None
                        break
            if out is None:
                break
        if self._taint == taint:
            self._subclasses[key] = out
        else:
            del self._subclasses[key]
        return out

    def instances(self, cls) -> List[Value]:
        """Every instance of ``cls`` (or a subclass) created in the project."""
        return self._memo("instances", self._instances, id(cls), lambda key: self._instances_uncached(cls, key))

    def _instances_uncached(self, cls, key) -> List[Value]:
        taint = self._taint
        out = []
        subclasses = self.subclasses(cls)
        if subclasses is None:  # (too wide to follow)
            self._instances[key] = [UNKNOWN]
            return [UNKNOWN]
        for c in [cls] + subclasses:
            for mod in self.project.modules_calling(c.name):
                tree = self.project.tree(mod)
                if tree is None:
                    continue
                for call in self.project.index(tree).calls_by_name.get(c.name, ()):
                    f = call.func
                    for fv in self.values(f):
                        if isinstance(fv, ClassRef) and fv.node is c:
                            out.extend(self.call_result(fv, call, None))
        out = _dedupe(out) if out else []
        if self._taint == taint:
            self._instances[key] = out
        else:
            del self._instances[key]
        return out


class _Nowhere:
    """The file charged for nodes outside every project module."""

    path = ""
    display = "?"


_NOWHERE = _Nowhere()


class _Analysing:
    __slots__ = ("resolver", "module", "saved")

    def __init__(self, resolver, module):
        self.resolver = resolver
        self.module = module

    def __enter__(self):
        self.saved = self.resolver._file
        self.resolver._file = self.module
        return self

    def __exit__(self, *exc):
        self.resolver._file = self.saved
        return False


_PATH_FUNCS = frozenset(
    ["os.path.join", "os.path.dirname", "os.path.basename", "os.path.abspath", "os.path.realpath", "os.path.normpath"]
)

_EXT_CLASS_KINDS = {
    N.FLASK: "app",
    N.BLUEPRINT: "blueprint",
    N.SOCKETIO: "socketio",
    N.METHOD_VIEW: "methodview",
    N.VIEW: "view",
}


def _request_attr(qualname: str) -> Optional[str]:
    """``flask.request.form`` -> ``form``; None for other names."""
    if qualname.startswith("flask.request."):
        rest = qualname[len("flask.request.") :]
        if rest in REQUEST_DATA:
            return rest
    return None


def _key_str(v: Value) -> Optional[str]:
    return v.value if isinstance(v, Const) and isinstance(v.value, str) else None

def lookup(node, name: str):
    """astroid's ``node.lookup(name)``: (scope, defining nodes), or (None,
    []) where astroid cannot tell.  RecursionError propagates: in a tree
    nested too deeply for the stack it is a limit of the analysis, recorded
    by the caller's guard (FL003) instead of being mistaken for "no
    definition"."""
    try:
        return node.lookup(name)
    except AstroidError:
        return None, []


def _leaves(v: Value):
    if isinstance(v, Choice):
        for o in v.options:
            yield from _leaves(o)
    elif isinstance(v, Fallback):
        yield from _leaves(v.primary)
        yield from _leaves(v.fallback)
    else:
        yield v


def leaves(v: Value):
    return list(_leaves(v))


def _dedupe(vals: Iterable[Value]) -> List[Value]:
    """Distinct values in first-seen order; Unknown kept once, at the end."""
    if type(vals) is list and len(vals) == 1:
        return vals  # the common case: nothing to compare
    out: List[Value] = []
    seen: set = set()
    unknown = None
    for v in vals:
        if isinstance(v, Unknown):
            unknown = v if unknown is None else unknown
            continue
        try:
            if v in seen:
                continue
            seen.add(v)
        except TypeError:  # a literal holding a list (a JSON config value)
            if v in out:
                continue
        out.append(v)
    if unknown is not None:
        out.append(unknown if not out else UNKNOWN)
    return out or [UNKNOWN]


def _final_definitions(defs):
    """Of a scope's definitions of one name, those that can hold its final
    value: the last unconditional one and any conditional ones after it."""
    stmts = sorted(defs, key=lambda d: (d.lineno or 0, d.col_offset or 0))
    chosen = []
    for d in reversed(stmts):
        chosen.insert(0, d)
        if _unconditional(d):
            break
    return chosen


def _unconditional(d) -> bool:
    stmt = d.statement() if hasattr(d, "statement") else d
    scope = d.scope() if not isinstance(d, (nodes.FunctionDef, nodes.AsyncFunctionDef, nodes.ClassDef)) else d.parent.scope()
    parent = stmt.parent
    return parent is scope


def _param_default(a, args: nodes.Arguments):
    positional = list(args.posonlyargs or []) + list(args.args or [])
    if a in positional:
        idx = positional.index(a)
        offset = len(positional) - len(args.defaults or [])
        if idx >= offset:
            return args.defaults[idx - offset]
        return None
    kwonly = list(args.kwonlyargs or [])
    if a in kwonly:
        d = (args.kw_defaults or [None] * len(kwonly))[kwonly.index(a)]
        return d
    return None


def _param_annotation(a, args: nodes.Arguments):
    positional = list(args.posonlyargs or [])
    if a in positional:
        return (args.posonlyargs_annotations or [None] * len(positional))[positional.index(a)]
    if a in (args.args or []):
        return (args.annotations or [None] * len(args.args))[args.args.index(a)]
    if a in (args.kwonlyargs or []):
        return (args.kwonlyargs_annotations or [None] * len(args.kwonlyargs))[args.kwonlyargs.index(a)]
    return None


def _decorator_names(func) -> List[str]:
    out = []
    if func.decorators:
        for d in func.decorators.nodes:
            if isinstance(d, nodes.Name):
                out.append(d.name)
            elif isinstance(d, nodes.Attribute):
                out.append(d.attrname)
    return out


_PLAIN_DECORATORS = frozenset(["staticmethod", "classmethod", "wraps", "lru_cache", "cache", "cached_property", "property"])


def _called_by_framework(func) -> bool:
    """The function has a decorator that may call it with its own
    arguments (anything but the plain wrappers of the standard library)."""
    if not func.decorators:
        return False
    for d in func.decorators.nodes:
        target = d.func if isinstance(d, nodes.Call) else d
        name = target.attrname if isinstance(target, nodes.Attribute) else getattr(target, "name", None)
        if name not in _PLAIN_DECORATORS:
            return True
    return False


def _is_staticmethod(func) -> bool:
    return "staticmethod" in _decorator_names(func)


def _is_classmethod(func) -> bool:
    return "classmethod" in _decorator_names(func)
