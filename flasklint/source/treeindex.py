"""One parsed tree's index: calls by callee name, class definitions, the
nodes the model builder visits, import statements."""

from __future__ import annotations

import ast
import warnings
from typing import TYPE_CHECKING, Dict, Set

from astroid import nodes

from flasklint.source.walk import statement_of

if TYPE_CHECKING:
    from flasklint.source.module import Module

_VISITED = (nodes.Call, nodes.Assign, nodes.AugAssign, nodes.AnnAssign, nodes.Name, nodes.Attribute, nodes.Delete)


# An expression nested deeper than this (a generated chain of a thousand
# operators) is not analysed: it is treated as unknown and reported once per
# file by FL003.  Decided on the syntax, not on Python's stack, so the result
# does not depend on the machine or the caller.
MAX_EXPRESSION_DEPTH = 500


class TreeIndex:
    """What the model asks of a tree again and again, collected in one
    pre-order walk (the order ``nodes_of_class`` yields)."""

    __slots__ = ("calls_by_name", "classdefs", "visited", "import_from_names", "too_deep")

    def __init__(self, tree):
        calls_by_name: Dict[str, list] = {}
        classdefs = []
        visited = []
        import_from_names: Set[str] = set()
        too_deep = []  # statements holding an expression nested too deeply
        # (two parallel stacks, nodes and their depth below their statement:
        # no tuple per node; a too-deep node's statement is found by walking up)
        stack = [tree]
        depths = [0]
        pop, dpop, push, dpush = stack.pop, depths.pop, stack.extend, depths.extend
        call_t, class_t, impfrom_t, name_t, attr_t = nodes.Call, nodes.ClassDef, nodes.ImportFrom, nodes.Name, nodes.Attribute
        visited_t = _VISITED
        while stack:
            node = pop()
            depth = dpop()
            if node.is_statement:
                depth = 0
            elif depth > MAX_EXPRESSION_DEPTH:
                stmt = statement_of(node)
                if not too_deep or too_deep[-1] is not stmt:
                    too_deep.append(stmt)
                continue  # not analysed: nothing below is indexed
            if isinstance(node, visited_t):
                visited.append(node)
                if isinstance(node, call_t):
                    f = node.func
                    fname = f.name if isinstance(f, name_t) else f.attrname if isinstance(f, attr_t) else None
                    if fname is not None:
                        calls_by_name.setdefault(fname, []).append(node)
            elif isinstance(node, class_t):
                classdefs.append(node)
            elif isinstance(node, impfrom_t):
                for name, asname in node.names:
                    import_from_names.add(asname or name)
            children = list(node.get_children())
            if children:
                children.reverse()
                push(children)
                dpush([depth + 1] * len(children))
        self.calls_by_name = calls_by_name
        self.classdefs = classdefs
        self.visited = visited
        self.import_from_names = import_from_names
        self.too_deep = too_deep

    def calls(self) -> list:
        return [n for n in self.visited if isinstance(n, nodes.Call)]


_BODIES = ("body", "orelse", "finalbody", "handlers", "cases")


def import_statements(mod: "Module") -> list:
    """``mod``'s import statements, from its bytes: [(None, names)] for
    ``import a.b, c``, [((module, level), names)] for ``from ... import``.
    Read from the astroid tree when one was built (the same statements),
    else from Python's ``ast`` (cheaper than building one); a file that does
    not parse imports nothing."""
    out = []
    tree = mod._tree
    if tree is not None:
        for stmt in _statements(tree):
            if isinstance(stmt, nodes.Import):
                out.append((None, [name for name, _ in stmt.names]))
            elif isinstance(stmt, nodes.ImportFrom):
                out.append(((stmt.modname or "", stmt.level), [name for name, _ in stmt.names]))
        return out
    if mod.diagnostic is not None:
        return out
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(mod.data())
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return out
    for stmt in _statements(tree):
        if isinstance(stmt, ast.Import):
            out.append((None, [alias.name for alias in stmt.names]))
        elif isinstance(stmt, ast.ImportFrom):
            out.append(((stmt.module or "", stmt.level), [alias.name for alias in stmt.names]))
    return out


def _statements(tree):
    """Every statement of an ``ast`` tree, nested ones included (imports are
    statements: expressions need not be walked -- nine tenths of the nodes)."""
    todo = [tree]
    while todo:
        node = todo.pop()
        yield node
        for field in _BODIES:
            sub = getattr(node, field, None)
            if sub:
                todo.extend(reversed(sub))
