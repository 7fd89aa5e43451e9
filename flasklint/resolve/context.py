"""The call context a value is evaluated in: which call bound which
function's parameters."""

from __future__ import annotations

from typing import Optional

from flasklint.resolve.values import Value


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
