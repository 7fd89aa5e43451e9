"""Questions about syntax the model builder asks of astroid nodes: which
frame runs a node, the function around it, the name a call is assigned to,
what a decorator returns, whether a call stands where a decorator does."""

from __future__ import annotations

import builtins
from typing import Optional

from astroid import nodes

from flasklint.knowledge.flask_api import HOOK_METHODS, REQUEST_DATA
from flasklint.resolve.scopes import lookup
from flasklint.source.walk import FUNC_TYPES, nodes_of


def join_prefix(prefix: Optional[str], rule: str) -> Optional[str]:
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


def enclosing_function(node):
    n = node.parent
    child = node
    while n is not None:
        if isinstance(n, FUNC_TYPES) and not isinstance(child, nodes.Decorators):
            return n
        child = n
        n = n.parent
    return None


def decorators_below(view, call) -> list:
    """The decorators applied to ``view`` before decorator ``call`` (those
    written below it)."""
    if not view.decorators:
        return []
    decos = list(view.decorators.nodes)
    try:
        idx = decos.index(call)
    except ValueError:
        return []
    return decos[idx + 1 :]


def returned_inner(deco_func):
    """The inner function a decorator function defines and returns."""
    for ret in nodes_of(deco_func, nodes.Return, (nodes.FunctionDef, nodes.AsyncFunctionDef, nodes.Lambda)):
        if isinstance(ret.value, nodes.Name):
            for inner in deco_func.body:
                if isinstance(inner, FUNC_TYPES) and inner.name == ret.value.name:
                    return inner
    return None


def as_view_call(expr):
    """The ``X.as_view(...)`` call an expression is (or a name assigned once
    from such a call)."""
    if isinstance(expr, nodes.Call) and isinstance(expr.func, nodes.Attribute) and expr.func.attrname == "as_view":
        return expr
    if isinstance(expr, nodes.Name):
        try:
            _, assigns = expr.lookup(expr.name)
        except Exception:
            return None
        if len(assigns) == 1 and isinstance(assigns[0], nodes.AssignName) and isinstance(assigns[0].parent, (nodes.Assign, nodes.AnnAssign)):
            value = assigns[0].parent.value  # (``v: Any = View.as_view("v")`` too)
            if isinstance(value, nodes.Call) and isinstance(value.func, nodes.Attribute) and value.func.attrname == "as_view":
                return value
    return None


def returned_wrapper_name(deco_func) -> Optional[str]:
    """For a decorator function, the name of the inner function it returns
    unless that inner function is wrapped with functools.wraps."""
    for ret in nodes_of(deco_func, nodes.Return, (nodes.FunctionDef, nodes.AsyncFunctionDef, nodes.Lambda)):
        if isinstance(ret.value, nodes.Name):
            for inner in deco_func.body:
                if isinstance(inner, FUNC_TYPES) and inner.name == ret.value.name:
                    if uses_wraps(inner):
                        return None
                    return inner.name
    return None


def uses_wraps(func) -> bool:
    if not func.decorators:
        return False
    for d in func.decorators.nodes:
        target = d.func if isinstance(d, nodes.Call) else d
        name = target.attrname if isinstance(target, nodes.Attribute) else getattr(target, "name", "")
        if name in ("wraps", "update_wrapper"):
            return True
    return False


def assigned_name(call) -> Optional[str]:
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


def call_name(call) -> Optional[str]:
    f = call.func
    if isinstance(f, nodes.Name):
        return f.name
    if isinstance(f, nodes.Attribute):
        return f.attrname
    return None


def kw_node(call, name):
    for kw in call.keywords or ():
        if kw.arg == name:
            return kw.value
    return None


def module_binding_key(node) -> Optional[tuple]:
    """(module, name) for a name read inside a function that no enclosing
    scope below the module binds, else None (module-level statements are
    left out: there, which binding is seen depends on the position)."""
    scope = node.scope()
    if isinstance(scope, nodes.Module):
        return None
    name = node.name
    while not isinstance(scope, nodes.Module):
        if name in scope.locals:
            return None
        parent = scope.parent
        if parent is None:
            return None
        scope = parent.scope()
    return (id(scope), name)


def decorator_position(call) -> bool:
    """``@bp.get("/")`` or ``bp.get("/")(view)``."""
    parent = call.parent
    return isinstance(parent, nodes.Decorators) or (isinstance(parent, nodes.Call) and parent.func is call)


def strip_wsgi(node):
    """``app.wsgi_app`` -> ``app``."""
    if isinstance(node, nodes.Attribute) and node.attrname == "wsgi_app":
        return node.expr
    return node


def aliases_session(node) -> bool:
    # `from flask import session as flask_session`: any name may alias it;
    # resolution decides.  Cheap pre-filter: the name was imported.
    _, assigns = lookup(node, node.name)
    return any(isinstance(a, nodes.ImportFrom) for a in assigns)


def names_config(node) -> bool:
    if isinstance(node, nodes.Name):
        return "config" in node.name.lower() or node.name in ("settings", "conf", "cfg")
    if isinstance(node, nodes.Attribute):
        return node.attrname == "config"
    return False


def may_matter(node, imported) -> bool:
    """Whether visiting ``node`` (pass 2) can do anything: every statement
    and call can; a name or attribute only as _visit does something with it
    (``session`` or a name a ``from`` import binds, ``request.<data>``, a bare
    hook decorator).  The same test as _visit's, before its calls: most
    nodes of a project are plain names."""
    cls = node.__class__
    if cls is nodes.Name:
        name = node.name
        return name == "session" or name in imported or name in BUILTIN_NAMES
    if cls is nodes.Attribute:
        attr = node.attrname
        return attr == "session" or attr in REQUEST_DATA or (attr in HOOK_METHODS and isinstance(node.parent, nodes.Decorators))
    return True


BUILTIN_NAMES = frozenset(dir(builtins))


_RAISES_CALLS = frozenset({"raises", "assertRaises", "assertRaisesRegex", "assertRaisesRegexp"})


def expected_to_raise(node) -> bool:
    """``node`` runs inside ``with pytest.raises(...)`` (or unittest's
    ``self.assertRaises(...)``) in its function: the error it raises is what
    a test checks for, not a defect."""
    n = node.parent
    while n is not None and not isinstance(n, (nodes.FunctionDef, nodes.AsyncFunctionDef, nodes.Module)):
        if isinstance(n, nodes.With):
            for expr, _ in n.items:
                if isinstance(expr, nodes.Call):
                    f = expr.func
                    name = f.attrname if isinstance(f, nodes.Attribute) else getattr(f, "name", None)
                    if name in _RAISES_CALLS:
                        return True
        n = n.parent
    return False


def imported_package(expr) -> Optional[str]:
    """The top-level package a name comes from when its one binding in
    scope is an import: ``Quart`` after ``from quart import Quart`` and
    ``quart.Quart`` after ``import quart`` are "quart"."""
    while isinstance(expr, nodes.Attribute):
        expr = expr.expr
    if not isinstance(expr, nodes.Name):
        return None
    try:
        _, assigns = expr.lookup(expr.name)
    except Exception:
        return None
    if len(assigns) != 1:
        return None
    imp = assigns[0]
    if isinstance(imp, nodes.ImportFrom) and not imp.level:
        return (imp.modname or "").split(".", 1)[0] or None
    if isinstance(imp, nodes.Import):
        for name, alias in imp.names:
            if (alias or name.split(".", 1)[0]) == expr.name:
                return name.split(".", 1)[0]
    return None

