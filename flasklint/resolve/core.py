"""Name and value resolution across the project's modules.

The resolver answers "what can this expression be?" with a list of possible
:mod:`values <flasklint.resolve.values>`, following assignments, imports
(relative, aliased, star), module and class attributes (with inheritance),
function calls (binding arguments to parameters), parameters (through the
function's call sites in the project) and ``self`` (through instantiations).
External names become qualified names (``flask.Flask``) without importing
anything.  Everything else is Unknown.
"""

from __future__ import annotations

import contextlib
from typing import Dict, List, Optional, Tuple

from astroid import nodes

from flasklint.knowledge.flask_api import request_attr
from flasklint.resolve import limits
from flasklint.resolve.calls import CallResolution
from flasklint.resolve.classes import ClassResolution
from flasklint.resolve.context import Ctx
from flasklint.resolve.limits import FileLimits
from flasklint.resolve.scopes import ScopeResolution, final_definitions
from flasklint.resolve.values import (
    UNKNOWN,
    Choice,
    Const,
    EnvVar,
    ExtCall,
    ExtName,
    Fallback,
    Mapping,
    ObjectRef,
    RequestInput,
    Seq,
    Value,
    iter_leaves,
    dedupe,
    key_str,
)


class _BoundedQuery:
    __slots__ = ("gave_up",)

    def __init__(self):
        self.gave_up = False


class Resolver(ScopeResolution, ClassResolution, CallResolution):
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
        # tracks reads (see Project.reads.sets): a cache hit charges them
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
        self.max_steps = limits.MAX_STEPS_PER_FILE
        self._file = None
        self._bounded_cap: Optional[int] = None  # the virtual step count at which a probe gives up
        # Virtual steps: what computing every query asked so far would cost
        # with no memo table -- a memoised answer counts what computing it
        # counted (_vcost).  A probe's bound is counted in them, so whether
        # it gives up never depends on what the memo tables held (the
        # incremental cache's rebuilds have colder tables than a full run).
        self._vsteps = 0
        self._vcost: Dict[object, int] = {}
        self._bounded_box: Optional[_BoundedQuery] = None  # (the probe under way, see probe())
        # Bumped whenever a result is cut short by the budget or the stack;
        # results computed meanwhile are not cached (they would poison later
        # queries from other files or from a shallower stack).
        self._taint = 0

    # -- per-file accounting --------------------------------------------
    def analysing(self, module):
        """Context manager: charge queries made inside to ``module``."""
        return _Analysing(self, module)

    @contextlib.contextmanager
    def bounded_query(self):
        """Context manager: the queries made inside are a probe (see
        limits.MAX_BOUNDED_QUERY_STEPS).  Nested probes keep the outer bound.  It yields
        a box whose ``gave_up`` tells whether the probe ran past its bound:
        then the caller takes it as having found nothing (what it found
        before would depend on how much the memo tables held)."""
        if self._bounded_cap is not None or self._file is None:
            yield self._bounded_box or _BoundedQuery()
            return
        self._bounded_cap = self._vsteps + limits.MAX_BOUNDED_QUERY_STEPS
        box = self._bounded_box = _BoundedQuery()
        try:
            yield box
        finally:
            self._bounded_cap = None
            self._bounded_box = None

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
        """``final_definitions``, memoised per definitions list (a scope's
        ``locals`` entry; the entry is kept so that its id stays its own)."""
        got = self._finals.get(id(defs))
        if got is not None and got[0] is defs and got[1] == len(defs):
            return got[2]
        chosen = final_definitions(defs)
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
            box = self._bounded_box
            if box is not None and box.gave_up:
                # (the probe's caller takes it as having found nothing: what
                # is left of it needs no answer, and must not be charged with
                # what computing one read)
                self._taint += 1
                return [UNKNOWN]
            if self.project.reads.sets:
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
        if len(self._active) > limits.MAX_DEPTH or (ctx and ctx.depth > 8):
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
        if self._bounded_cap is not None and self._vsteps >= self._bounded_cap:
            self._bounded_box.gave_up = True
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
            result = dedupe(self._infer(node, ctx))
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
        if self._bounded_cap is not None and self._vsteps + cost > self._bounded_cap and not self._bounded_box.gave_up:
            self._bounded_box.gave_up = True
            self.limit("probe", node)
        self._vsteps += cost

    # -- read tracking (for the incremental cache) ------------------------
    def _track_begin(self) -> bool:
        rs = self.project.reads.sets
        if rs:
            rs.append(0)
            return True
        return False

    def _track_end(self, key) -> None:
        """Close the computation opened by _track_begin: what it read is
        charged to its caller, and remembered under ``key`` (None: the
        answer is not memoised)."""
        rs = self.project.reads.sets
        mine = rs.pop()
        if mine:
            if rs:
                rs[-1] |= mine
            if key is not None:
                self._deps[key] = mine

    def _track_hit(self, key) -> None:
        rs = self.project.reads.sets
        if rs:
            d = self._deps.get(key)
            if d:
                rs[-1] |= d

    def _track_cycle(self) -> None:
        """An answer cut short by a cycle depends on the whole chain that
        led back to it: charge everything read by the computations under
        way to the current one (coarse, and safe)."""
        rs = self.project.reads.sets
        floor = self.project.reads.floor  # the set of the step under way: nothing below it
        if len(rs) - 1 > floor:
            top = rs[-1]
            for other in rs[floor:-1]:
                top |= other
            rs[-1] = top

    def objects(self, node, ctx=None, kind=None) -> list:
        """Model objects (apps, blueprints...) an expression can be."""
        out = []
        for v in self.values(node, ctx):
            for leaf in iter_leaves(v):
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

        def put(key, value):
            # a later key replaces an earlier one, as in Python
            if isinstance(key, Const):
                items[:] = [(k, v) for k, v in items if not (isinstance(k, Const) and k.value == key.value)]
            items.append((key, value))

        for k, v in node.items:
            if isinstance(k, nodes.DictUnpack):
                sub = self.values(v, ctx)
                if len(sub) == 1 and isinstance(sub[0], Mapping):
                    for sk, sv in sub[0].items:
                        put(sk, sv)
                    known = sub[0].complete
                else:
                    known = False
                if not known:
                    # ``{**defaults, **overrides}`` with overrides unknown:
                    # any key so far may be replaced
                    complete = False
                    items[:] = [(ik, Choice((iv, UNKNOWN))) for ik, iv in items]
                continue
            put(self.value(k, ctx), self.value(v, ctx))
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
                for leaf in iter_leaves(val):
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
        opts = dedupe(self.values(node.body, ctx) + self.values(node.orelse, ctx))
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
            elif isinstance(base, ExtName) and request_attr(base.qualname):
                out.append(RequestInput(base.qualname, request_attr(base.qualname), key_str(key)))
            elif isinstance(base, ExtCall) and not isinstance(base, RequestInput) and base.qualname == "flask.request.get_json":
                out.append(RequestInput(base.qualname, "json", key_str(key)))
            else:
                out.append(UNKNOWN)
        return out


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

