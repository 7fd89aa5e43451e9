"""Configuration built apart from the app: a ``flask.Config`` object filled
in a helper and merged with ``app.config.update(cfg)``.

    def get_user_config():
        config = Config("/")
        config.from_object("service.settings")
        config["SECRET_KEY"] = os.environ.get("SECRET_KEY", "")
        return config

    app.config.update(get_user_config())

What the helper does to its ``Config`` -- in order, at the function's top
level -- is what the app's configuration gets: :func:`operations` lists it,
the config module applies it to the app.
"""

from __future__ import annotations

from typing import List, Optional, Tuple

from astroid import nodes

from flasklint.knowledge import names as N
from flasklint.resolve.values import BoundMethod, Instance
from flasklint.source.walk import FUNC_TYPES

CONFIG_CLASS = "flask.Config"
LOADERS = frozenset({"from_object", "from_pyfile", "from_envvar", "from_file", "from_mapping", "from_prefixed_env", "update"})
MAX_DEPTH = 3


def operations(model, arg) -> Optional[List[Tuple]]:
    """What was done to the standalone ``flask.Config`` that ``arg`` (the
    argument of ``app.config.update``) is: ``("load", attr, call)`` and
    ``("set", key_node, value_node, stmt)`` in order; None when ``arg`` is
    not one flasklint can follow."""
    found = _constructed(model, arg, 0)
    if found is None:
        return None
    func, name = found
    out: List[Tuple] = []
    for stmt in func.body:
        if isinstance(stmt, nodes.Expr) and isinstance(stmt.value, nodes.Call):
            call = stmt.value
            f = call.func
            if isinstance(f, nodes.Attribute) and f.attrname in LOADERS and _is(f.expr, name):
                out.append(("load", f.attrname, call))
        elif isinstance(stmt, nodes.Assign) and len(stmt.targets) == 1:
            t = stmt.targets[0]
            if isinstance(t, nodes.Subscript) and _is(t.value, name):
                out.append(("set", t.slice, stmt.value, stmt))
    return out


def _functions(r, func_node) -> list:
    """The project functions a call's callee can be (a method through
    ``self`` included)."""
    out = []
    for fv in r.values(func_node):
        if isinstance(fv, BoundMethod) and isinstance(fv.obj, Instance):
            out.extend(r.class_attr(fv.obj.cls_node, fv.name) or [])
        else:
            out.append(fv)
    return out


def _is(expr, name: str) -> bool:
    return isinstance(expr, nodes.Name) and expr.name == name


def _constructed(model, node, depth) -> Optional[Tuple[object, str]]:
    """(function, variable) where ``node``'s value is made by
    ``flask.Config(...)`` and kept in a local variable: ``node`` itself, a
    name assigned from such a call or from a project function returning
    one."""
    if depth > MAX_DEPTH:
        return None
    r = model.resolver
    if isinstance(node, nodes.Name):
        scope = node.scope()
        if not isinstance(scope, FUNC_TYPES):
            return None
        assigns = [a for a in scope.nodes_of_class(nodes.AssignName) if a.name == node.name]
        if len(assigns) != 1 or not isinstance(assigns[0].parent, nodes.Assign):
            return None
        value = assigns[0].parent.value
        if isinstance(value, nodes.Call) and N.canonical(r.qualname(value.func) or "") == CONFIG_CLASS:
            return scope, node.name
        return _constructed(model, value, depth + 1)
    if isinstance(node, nodes.Call):
        for fv in _functions(r, node.func):
            func = getattr(fv, "node", None)
            if not isinstance(func, FUNC_TYPES):
                continue
            returns = [n for n in func.nodes_of_class(nodes.Return) if n.scope() is func and n.value is not None]
            if len(returns) == 1 and isinstance(returns[0].value, nodes.Name):
                got = _constructed(model, returns[0].value, depth + 1)
                if got is not None:
                    return got
    return None
