"""Each app's rules as the route checks compare them: parsed by Werkzeug,
with their methods and subdomain, without the rules of registrations that
fail; and whether two statements can both run (different if/else arms)."""

from __future__ import annotations

from typing import Dict, List, Optional

from astroid import nodes

from flasklint import routing as R
from flasklint.resolve.values import Const, const_str


class Entry:
    """One rule of an app's URL map, with what the route checks need."""

    def __init__(self, model, fr, index):
        self.fr = fr
        self.route = fr.route
        self.index = index
        self.id = f"r{index}"
        self.parsed = R.parse_rule(fr.rule) if fr.rule is not None else None
        self.methods = rule_methods(model, fr.route)
        self.domain = rule_domain(fr)
        kw = fr.route.kwargs
        # ``host=`` (host matching): rules on different hosts never meet
        self.host = subdomain_value(kw["host"]) if "host" in kw else None
        # rules whose matching flasklint does not model exactly
        self.special = any(k in kw for k in ("strict_slashes", "redirect_to", "host", "**", "merge_slashes", "websocket"))
        self._parts = None

    @property
    def parts(self):
        if self._parts is None:
            self._parts = R.compiled_parts(self.fr.rule) if self.parsed is not None else ()
        return self._parts

    @property
    def comparable(self) -> bool:
        if "build_only" in self.route.kwargs:
            return False  # never matched, only used by url_for
        return (
            self.parsed is not None
            and self.methods is not None
            and self.domain is not UNKNOWN_DOMAIN
            and self.host is not UNKNOWN_DOMAIN
            and "**" not in self.route.kwargs
        )

    def oracle_rule(self) -> R.OracleRule:
        return R.OracleRule(self.fr.rule, tuple(sorted(self.methods)), self.id)

    @property
    def is_static(self) -> bool:
        return self.route.kind == "static"


UNKNOWN_DOMAIN = object()


def rule_methods(model, route) -> Optional[frozenset]:
    if route.methods is not None:
        return frozenset(m.upper() for m in route.methods)
    if "methods" in route.kwargs or "**" in route.kwargs:
        return None
    if isinstance(route.view, nodes.ClassDef):
        return None  # a view class whose methods could not be derived
    return frozenset({"GET"})


def rule_domain(fr):
    """The subdomain the rule is bound to (None: the default), or
    UNKNOWN_DOMAIN."""
    v = fr.route.kwargs.get("subdomain")
    if v is not None:
        return subdomain_value(v)
    parts = []
    for reg in reversed(fr.chain):
        sub = reg.kwargs.get("subdomain")
        if sub is None or (isinstance(sub, Const) and sub.value is None):
            sub = reg.blueprint.kwargs.get("subdomain")
        if sub is None or (isinstance(sub, Const) and sub.value is None):
            continue
        s = subdomain_value(sub)
        if s is UNKNOWN_DOMAIN:
            return s
        parts.append(s)
    return ".".join(p for p in parts if p) or None


def subdomain_value(v):
    if isinstance(v, Const) and v.value is None:
        return None
    s = const_str(v)
    return UNKNOWN_DOMAIN if s is None else s


def rule_entries(model, app) -> List[Entry]:
    """The app's rules, Flask's static route first, without the rules of
    registrations that fail (FL207: Flask raises before adding them)."""
    frs = []
    static = model.static_route(app)
    if static is not None:
        frs.append(static)
    failed = {id(reg) for _, _, reg in duplicate_names(app)}
    frs += [
        fr
        for fr in model.url_map(app)
        if not any(id(r) in failed for r in fr.chain)
        and model.route_loaded(fr.route)
        and not any(model.stands_for_several(r.blueprint) for r in fr.chain)
    ]
    return [Entry(model, fr, i) for i, fr in enumerate(frs)]


def duplicate_names(app) -> List[tuple]:
    """(dotted name, first registration, failing registration) for every
    ``register_blueprint`` that reuses a registered name on ``app``."""
    names: Dict[str, object] = {}
    out = []

    def walk(owner, prefix, chain):
        for reg in owner.registrations:
            if reg.blueprint in chain:
                continue
            name = reg.name
            if name is None:
                continue
            full = f"{prefix}.{name}" if prefix else name
            first = names.get(full)
            if first is None:
                names[full] = reg
            elif not (first.node is reg.node and first.blueprint is reg.blueprint) and not exclusive(first.node, reg.node):
                out.append((full, first, reg))
                continue  # Flask raises: nothing below is registered
            walk(reg.blueprint, full, chain + (reg.blueprint,))

    walk(app, "", ())
    return out


def branches(node):
    """(ancestor id, branch) pairs: which arm of each if/try a node is in."""
    out = {}
    child = node
    n = node.parent
    while n is not None:
        if isinstance(n, nodes.If):
            out[id(n)] = "body" if child in n.body else "orelse" if child in n.orelse else "test"
        elif isinstance(n, nodes.Try):
            if child in n.body:
                out[id(n)] = "body"
            elif child in n.handlers:
                out[id(n)] = f"handler{n.handlers.index(child)}"
            else:
                out[id(n)] = "other"
        elif isinstance(n, nodes.IfExp):
            out[id(n)] = "body" if child is n.body else "orelse" if child is n.orelse else "test"
        child = n
        n = n.parent
    return out


def exclusive(a, b) -> bool:
    """Nodes in different arms of one if/else (or try/except): at most one
    of them runs."""
    ba, bb = branches(a), branches(b)
    for k, arm in ba.items():
        other = bb.get(k)
        if other is not None and other != arm and "test" not in (arm, other) and "other" not in (arm, other):
            return True
    return False
