"""Names, assignments and imports (mixed into the Resolver)."""

from __future__ import annotations

from typing import List, Optional

from astroid import nodes
from astroid.exceptions import AstroidError

from flasklint.knowledge import names as N
from flasklint.resolve.values import UNKNOWN, ClassRef, Const, ExtName, FunctionRef, ModuleRef, Seq, Unknown, Value
from flasklint.source.module import relative_to
from flasklint.source.walk import FUNC_TYPES


class ScopeResolution:
    """What a name is: its definitions in scope, imports (relative, aliased, star) and module attributes."""

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
            # itself once per call level: n**depth steps)
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
        if isinstance(stmt, (nodes.For, nodes.Comprehension)) and stmt.target is node:
            # for exc, handler in [(404, not_found), ...]: each element, unpacked
            vals = [v for v, _ in self.elements(stmt.iter, ctx)]
        elif isinstance(stmt, nodes.Assign):
            vals = self.values(stmt.value, ctx)
        else:
            return [UNKNOWN]
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

    def _values_of_definitions(self, defs, name: str) -> List[Value]:
        """What ``name`` is, from the definitions a scope's ``locals`` holds
        for it (the ones that stand at the end of the scope)."""
        out = []
        for d in self._final(defs):
            out.extend(self._infer_definition(d, name, None))
        return out

    def _module_attr(self, mod, attr: str, allow_submodule: bool) -> List[Value]:
        tree = self.project.tree(mod)
        if tree is None:
            return [UNKNOWN]
        defs = tree.locals.get(attr)
        if defs:
            return self._values_of_definitions(defs, attr)
        if allow_submodule:
            sub = self.project.find_module(mod.name + "." + attr, mod)
            if sub is not None:
                return [ModuleRef(sub.name)]
        star = self._star_lookup(tree, attr)
        return star if star is not None else [UNKNOWN]


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


def final_definitions(defs):
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
