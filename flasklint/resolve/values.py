"""Abstract values that the resolver computes for expressions.

A value is what flasklint knows about an expression without running it.
Anything that cannot be decided statically is :class:`Unknown` -- never
guessed truthy.  Values carry an ``origin``: the node where the value was
written (the literal ``True`` of ``DEBUG = True``), used to report findings at
the line that sets it.
"""

from __future__ import annotations

from typing import Any, Iterable, List, Optional, Tuple


class Value:
    origin = None  # astroid node where the value was written

    def with_origin(self, node):
        if self.origin is None:
            clone = object.__new__(type(self))
            clone.__dict__.update(self.__dict__)
            clone.origin = node
            return clone
        return self

    # Truthiness as Python would see it: True, False or None (unknown).
    def truth(self) -> Optional[bool]:
        return None

    def __repr__(self):
        fields = ", ".join(f"{k}={v!r}" for k, v in self.__dict__.items() if k not in ("origin", "_hash"))
        return f"{type(self).__name__}({fields})"

    def _key(self):
        return tuple(v for k, v in sorted(self.__dict__.items()) if k != "origin" and k != "_hash")

    def __eq__(self, other):
        return self is other or (type(self) is type(other) and self._key() == other._key())

    def __hash__(self):
        # Cached: values nest (lists of lists), and rehashing a shared
        # structure at every level would cost exponential time.
        h = self.__dict__.get("_hash")
        if h is None:
            h = self.__dict__["_hash"] = hash((type(self).__name__, self._key()))
        return h


class Const(Value):
    """A Python literal: str, bytes, int, float, bool, None."""

    def __init__(self, value: Any):
        self.value = value

    def _key(self):
        # The type too: Const(1), Const(1.0) and Const(True) are different
        # literals although 1 == 1.0 == True.
        return (type(self.value).__name__, self.value)

    def truth(self):
        return bool(self.value)


class Unknown(Value):
    def __init__(self, reason: str = ""):
        self.reason = reason

    def __eq__(self, other):
        return isinstance(other, Unknown)

    def __hash__(self):
        return hash("Unknown")


UNKNOWN = Unknown()


class Seq(Value):
    """A list, tuple or set literal (or concatenation) of known length."""

    def __init__(self, items: Tuple[Value, ...], kind: str = "list"):
        self.items = tuple(items)
        self.kind = kind

    def truth(self):
        return bool(self.items)


class Mapping(Value):
    """A dict literal or ``dict(...)`` call; keys are Values too."""

    def __init__(self, items: Tuple[Tuple[Value, Value], ...], complete: bool = True):
        self.items = tuple(items)
        self.complete = complete

    def get(self, key) -> Optional[Value]:
        for k, v in self.items:
            if isinstance(k, Const) and k.value == key:
                return v
        return None

    def truth(self):
        return True if self.items else (False if self.complete else None)


class ExtName(Value):
    """A name from outside the project, by qualified name (``flask.Flask``,
    ``os.environ``)."""

    def __init__(self, qualname: str):
        self.qualname = qualname


class ExtCall(Value):
    """The result of calling something outside the project that flasklint
    does not model further (``os.urandom(24)``, ``secrets.token_hex()``)."""

    def __init__(self, qualname: str):
        self.qualname = qualname


class RequestInput(ExtCall):
    """Data a client sent, read from Flask's request: ``request.form['pw']``,
    ``request.args.get('page')``, ``request.cookies.get('user_id')``,
    ``request.get_json()['token']``.  ``source`` is the request attribute
    (form, args, values, json, cookies, headers, files, data), ``key`` the
    literal key read (None when unknown or not keyed).  A subclass of
    :class:`ExtCall` so code matching external call results keeps working;
    ``qualname`` is the external name read or called."""

    def __init__(self, qualname: str, source: str, key: Optional[str] = None):
        self.qualname = qualname
        self.source = source
        self.key = key


class ModuleRef(Value):
    """A module of the project."""

    def __init__(self, modname: str):
        self.modname = modname


class FunctionRef(Value):
    def __init__(self, node):
        self.node = node

    def _key(self):
        return (id(self.node),)


class ClassRef(Value):
    def __init__(self, node):
        self.node = node

    def _key(self):
        return (id(self.node),)


class Instance(Value):
    """An instance of a project class (not an app or blueprint)."""

    def __init__(self, cls_node, call):
        self.cls_node = cls_node
        self.call = call

    def _key(self):
        return (id(self.cls_node), id(self.call))


class ObjectRef(Value):
    """A model object: an App, a Blueprint, a SocketIO..."""

    def __init__(self, obj):
        self.obj = obj

    def _key(self):
        return (id(self.obj),)

    def truth(self):
        return True


class ConfigRef(Value):
    """``app.config`` of a model App."""

    def __init__(self, app):
        self.app = app

    def _key(self):
        return (id(self.app),)


class BoundMethod(Value):
    def __init__(self, obj: Value, name: str):
        self.obj = obj
        self.name = name


class EnvVar(Value):
    """``os.environ.get(name, default)``, ``os.getenv(name, default)`` or
    ``os.environ[name]`` (``required``)."""

    def __init__(self, name: Optional[str], default: Optional[Value] = None, required: bool = False):
        self.name = name
        self.default = default
        self.required = required


class Fallback(Value):
    """``primary or fallback``: the fallback is used when primary is falsy
    (``os.getenv('SECRET_KEY') or 'dev'``)."""

    def __init__(self, primary: Value, fallback: Value):
        self.primary = primary
        self.fallback = fallback


class Choice(Value):
    """One of several values, chosen at run time (``a if c else b``)."""

    def __init__(self, options: Tuple[Value, ...]):
        self.options = tuple(options)

    def truth(self):
        ts = {o.truth() for o in self.options}
        return ts.pop() if len(ts) == 1 else None


def literal(value: Value):
    """The Python value of a literal Value, or raise ValueError."""
    if isinstance(value, Const):
        return value.value
    if isinstance(value, Seq):
        items = [literal(i) for i in value.items]
        return tuple(items) if value.kind == "tuple" else items
    if isinstance(value, Mapping) and value.complete:
        return {literal(k): literal(v) for k, v in value.items}
    raise ValueError("not a literal")


def const_str(value: Optional[Value]) -> Optional[str]:
    if isinstance(value, Const) and isinstance(value.value, str):
        return value.value
    return None


def is_none(v: Value) -> bool:
    return isinstance(v, Const) and v.value is None


def key_str(v: Value) -> Optional[str]:
    return v.value if isinstance(v, Const) and isinstance(v.value, str) else None


def iter_leaves(v: Value):
    """The values a Choice or Fallback stands for, recursively (lazily)."""
    if isinstance(v, Choice):
        for o in v.options:
            yield from iter_leaves(o)
    elif isinstance(v, Fallback):
        yield from iter_leaves(v.primary)
        yield from iter_leaves(v.fallback)
    else:
        yield v


def leaves(v: Value):
    return list(iter_leaves(v))


def dedupe(vals: Iterable[Value]) -> List[Value]:
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
