"""Iterative tree walks.

astroid's ``nodes_of_class`` recurses once per tree level (through nested
generators), so a deeply nested but valid expression -- a chain of a
thousand ``+`` -- raises RecursionError while merely *listing* a module's
calls.  The model walks trees with these explicit-stack versions instead;
the order is the same pre-order as ``nodes_of_class``.
"""

from __future__ import annotations

from typing import Iterator, Optional, Tuple, Union

from astroid import nodes

Klass = Union[type, Tuple[type, ...]]


def nodes_of(node, klass: Klass, skip: Optional[Klass] = None) -> Iterator:
    """Like ``node.nodes_of_class(klass, skip_klass=skip)`` without
    recursion: ``node`` itself and its descendants that are instances of
    ``klass``, in pre-order, not descending into children of type ``skip``
    (``node`` itself is never skipped)."""
    stack = [node]
    pop = stack.pop
    push = stack.extend
    while stack:
        n = pop()
        if isinstance(n, klass):
            yield n
        children = list(n.get_children())
        if skip is not None:
            children = [c for c in children if not isinstance(c, skip)]
        children.reverse()
        push(children)


def statement_of(node):
    """The statement holding ``node`` (astroid's ``statement()`` recurses
    once per nesting level)."""
    n = node
    while n.parent is not None and not n.is_statement:
        n = n.parent
    return n


FUNC_TYPES = (nodes.FunctionDef, nodes.AsyncFunctionDef)


# Nodes that open a new scope: a walk of a function's own statements stops there.
SCOPE_TYPES = (nodes.FunctionDef, nodes.AsyncFunctionDef, nodes.Lambda, nodes.ClassDef)
