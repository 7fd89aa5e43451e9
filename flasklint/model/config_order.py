"""Which configuration write wins for an app: the environment a config
class is for, later writes that override an earlier one, values a start-up
check refuses."""

from __future__ import annotations

import os
import re
from typing import Dict, Optional

from astroid import nodes

from flasklint.model.facts import App
from flasklint.resolve.values import Const, EnvVar


def _mapping_sets_testing(node) -> bool:
    """``{"TESTING": True, "SECRET_KEY": "x"}`` / ``from_mapping(TESTING=True, ...)``
    around a value node."""
    n = node
    for _ in range(3):
        if n is None:
            return False
        p = n.parent
        if isinstance(p, nodes.Dict):
            for k, v in p.items:
                if isinstance(k, nodes.Const) and k.value == "TESTING" and isinstance(v, nodes.Const) and v.value:
                    return True
            return False
        if isinstance(p, nodes.Keyword) and isinstance(p.parent, nodes.Call):
            return any(kw.arg == "TESTING" and isinstance(kw.value, nodes.Const) and kw.value.value for kw in p.parent.keywords or ())
        n = p
    return False


def config_kind(model, w) -> str:
    """testing | development | deployed, for a config write."""
    if w.location is not None and model.project.in_tests(w.location.path):
        return "testing"
    r = model.resolver
    container = w.container or ""
    low = container.lower()
    if isinstance(w.container_node, nodes.ClassDef):
        for key, kind in (("TESTING", "testing"), ("DEBUG", "development")):
            got = r.class_attr(w.container_node, key)
            if got and all(isinstance(g, Const) and g.value is True for g in got):
                return kind
    elif isinstance(w.container_node, nodes.Module):
        for key, kind in (("TESTING", "testing"), ("DEBUG", "development")):
            defs = w.container_node.locals.get(key)
            if defs:
                mod = model.project.module_of(w.container_node)
                got = r.module_attr(mod, key) if mod else []
                if got and all(isinstance(g, Const) and g.value is True for g in got):
                    return kind
    base = os.path.basename(container).lower()
    if "test" in low:
        return "testing"
    if re.search(r"(^|[^a-z])(dev|development|local|debug)|develop|^dev", base) or base.startswith("dev") or "development" in low or "local" in base:
        return "development"
    origin = w.value.origin if w.value is not None else None
    if origin is not None and _mapping_sets_testing(origin):
        return "testing"
    stmt = w.node
    if stmt is not None and w.source == "code":
        p = stmt.parent if hasattr(stmt, "parent") else None
        while p is not None and not isinstance(p, (nodes.FunctionDef, nodes.AsyncFunctionDef, nodes.Module, nodes.ClassDef)):
            if isinstance(p, nodes.If):
                text = p.test.as_string().lower()
                if "test" in text:
                    return "testing"
                if "debug" in text or "dev" in text or "local" in text:
                    return "development"
            p = p.parent
    return "deployed"


def _position(model, app, node):
    try:
        return model.position(node, app)
    except Exception:
        return None


def _order_node(w):
    return w.load.node if w.load is not None else w.node


def later_override(model, app: App, w) -> Optional[str]:
    """How a later load may replace ``w``'s value, or None."""
    pw = _position(model, app, _order_node(w))
    if pw is None or pw[0] != 0:
        return None
    for load in app.loads:
        if load is w.load:
            continue
        if not (load.from_environment or not load.resolved):
            continue
        pl = _position(model, app, load.node)
        if pl is None or pl[0] != 0 or pl <= pw:
            continue
        if load.method == "from_prefixed_env":
            return "from_prefixed_env() may override it"
        if load.method == "from_envvar":
            return "from_envvar() may override it"
        if load.method in ("update", "setitem"):
            return "a later config update flasklint cannot read may override it"
        return f"a later {load.method}() flasklint cannot read may override it"
    return None


def definitely_overridden(model, app: App, w) -> bool:
    """A later write of the same key from a required environment variable."""
    pw = _position(model, app, _order_node(w))
    if pw is None or pw[0] != 0:
        return False
    for other in app.config:
        if other is w or other.key != w.key:
            continue
        v = other.value
        if isinstance(v, EnvVar) and v.required:
            po = _position(model, app, _order_node(other))
            if po is not None and po[0] == 0 and po > pw:
                return True
    return False


def refused_values(model, key: str) -> Dict[object, object]:
    out = {}
    for g in model.config_guards():
        if g.key == key and g.refuses:
            for v in g.values:
                out[v] = g
    return out


def app_in_tests(app) -> bool:
    loc = app.location
    return loc is not None and app.model.project.in_tests(loc.path)


# -- FL401 / FL406 ----------------------------------------------------------------
