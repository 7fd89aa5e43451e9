"""The URL rules REST frameworks add for their Resource classes
(flask-restful, flask-restx, flask-restplus), computed without importing
anything.

An ``Api`` bound to an app or blueprint (``Api(app)``, ``Api(bp)``,
``api.init_app(app)``: :func:`ResponseAnalyzer.api_frameworks`) turns each
``api.add_resource(Resource, "/a", "/b", endpoint=...)``, ``@api.route(...)``
/ ``@api.resource(...)`` on a class, and each resource of a namespace added to
it (``api.add_namespace(ns, path=...)``, ``api.namespace(name, path=...)``)
into one rule per URL: ``<registration prefix><api prefix><namespace
path><url>`` -- plain concatenation, as both frameworks build it.  What each
framework does differently (endpoint names, namespaces, the method names of a
Resource) is read from the extension records
(:class:`flasklint.knowledge.extension_schema.RestResources`).

A rule is registered when the last of its pieces runs: the binding, the
resource's declaration and the namespace's addition; its position among the
app's other rules follows from that.  A piece that cannot be read (a path
built at run time, a Resource class from outside the project) makes that
part of the rule unknown, never guessed.

These rules are shown by ``flasklint routes`` only: they are not in
``FlaskModel.url_map`` and take no part in the FL2xx route rules (see
docs/design/rest-routes.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

from astroid import nodes

from flasklint.model.facts import App, FlatRoute, Route
from flasklint.resolve.values import UNKNOWN, ClassRef, Const, ExtCall, ExtName, Instance, Seq, const_str, is_none
from flasklint.source.walk import nodes_of

_FIRST_CAP = re.compile("(.)([A-Z][a-z]+)")  # (flask_restx.utils.camel_to_dash)
_ALL_CAP = re.compile("([a-z0-9])([A-Z])")


def default_endpoint(class_name: str, case: str) -> str:
    """The endpoint a framework derives from a Resource class's name."""
    if case == "snake":
        return _ALL_CAP.sub(r"\1_\2", _FIRST_CAP.sub(r"\1_\2", class_name)).lower()
    return class_name.lower()


@dataclass
class _Decl:
    """One ``add_resource`` / decorator: a Resource and its URLs."""

    node: object  # the call (the decorator call for @api.route)
    record: object  # the Extension
    cls: object  # ClassDef, or None when not a project class
    urls: Optional[List[Optional[str]]]  # None: unknown (``*urls``)
    endpoint: Optional[str]
    endpoint_given: bool


@dataclass
class _Namespace:
    node: object  # Namespace(...) / api.namespace(...) call
    name: Optional[str]
    path: Optional[str]  # its own path, as the framework strips it; None: unknown
    record: object = None  # the Extension
    decls: List[_Decl] = field(default_factory=list)


@dataclass
class _NsAdd:
    """A namespace added to an Api (``add_namespace`` or ``api.namespace``)."""

    node: object
    ns: _Namespace
    path: Optional[str]  # the path override ("" : none); None: unknown


class RestRouteModel:
    """The rules of REST framework resources, per app (``model.rest_routes``)."""

    def __init__(self, model):
        self.model = model
        self.resolver = model.resolver
        self._owned: Optional[Dict[int, List[Route]]] = None  # id(app or blueprint) -> rules on it
        self._namespaces: Dict[int, _Namespace] = {}

    # -- public -----------------------------------------------------------------------
    def flat_routes(self, app: App) -> List[FlatRoute]:
        """The framework rules of ``app``, in registration order, blueprint
        prefixes and names applied."""
        owned = self._collect()
        out = [FlatRoute(app, r, r.rule, r.endpoint, (), (r.order,)) for r in owned.get(id(app), [])]
        self._expand(app, app, (), (), owned, out, set())
        out.sort(key=lambda fr: fr.order)
        return out

    def _expand(self, app, parent, chain, order, owned, out, seen):
        for reg in parent.registrations:
            bp = reg.blueprint
            if id(bp) in seen:
                continue
            here = chain + (reg,)
            for r in owned.get(id(bp), []):
                rule = None
                if len(here) == 1 and r.rule is not None:
                    # BlueprintSetupState.url_prefix: the registration's, else the blueprint's
                    p = reg.url_prefix
                    prefix = "" if p is None or is_none(p) else const_str(p)
                    rule = prefix + r.rule if prefix is not None else None
                name = bp.name  # (the blueprint's own name, not the registration's)
                endpoint = f"{name}.{r.endpoint}" if name and r.endpoint else None
                out.append(FlatRoute(app, r, rule, endpoint, here, order + (reg.order, r.order)))
            self._expand(app, bp, here, order + (reg.order,), owned, out, seen | {id(bp)})

    # -- collecting ---------------------------------------------------------------------
    def _collect(self) -> Dict[int, List[Route]]:
        if self._owned is not None:
            return self._owned
        self._owned = {}
        bindings = [b for b in self.model.responses.api_frameworks() if b.record.rest_resources is not None and b.ctor is not None]
        if not bindings:
            return self._owned
        apis = {id(b.ctor) for b in bindings}
        direct: Dict[int, List[_Decl]] = {}
        added: Dict[int, List[_NsAdd]] = {}
        for call in self._calls(bindings):
            try:
                self._call(call, apis, direct, added)
            except RecursionError:
                continue
        for b in bindings:
            self._bind(b, direct.get(id(b.ctor), []), added.get(id(b.ctor), []))
        return self._owned

    def _calls(self, bindings):
        project = self.model.project
        records = {b.record.name: b.record.rest_resources for b in bindings}
        names = {n for spec in records.values() for n in (spec.add_method, spec.namespace_factory, spec.namespace_adder) + spec.decorators if n}
        calling = {id(m) for n in names for m in project.modules_calling(n)}
        for mod in project.candidate_modules():
            if id(mod) not in calling:
                continue
            tree = project.tree(mod)
            if tree is not None:
                yield from (c for c in nodes_of(tree, nodes.Call) if isinstance(c.func, nodes.Attribute) and c.func.attrname in names)

    def _call(self, call, apis, direct, added):
        attr = call.func.attrname
        for v in self.resolver.values(call.func.expr):
            api = self._api_of(v, apis)
            if api is not None:
                ctor, record = api
                spec = record.rest_resources
                if attr == spec.add_method or attr in spec.decorators:
                    decl = self._decl(call, record, attr == spec.add_method)
                    if decl is not None:
                        direct.setdefault(id(ctor), []).append(decl)
                elif attr == spec.namespace_factory:
                    ns = self._namespace(call, record)
                    added.setdefault(id(ctor), []).append(_NsAdd(call, ns, ""))
                elif attr == spec.namespace_adder and call.args:
                    path = ""
                    p = call.args[1] if len(call.args) > 1 else next((k.value for k in call.keywords or () if k.arg == spec.namespace_path_arg), None)
                    if p is not None:
                        pv = self.resolver.value(p)
                        path = "" if is_none(pv) else const_str(pv)
                    for nv in self.resolver.values(call.args[0]):
                        ns = self._namespace_of(nv, apis)
                        if ns is not None:
                            added.setdefault(id(ctor), []).append(_NsAdd(call, ns, path))
                continue
            ns = self._namespace_of(v, apis)
            if ns is not None:
                record = ns.record
                spec = record.rest_resources
                if attr == spec.add_method or attr in spec.decorators:
                    decl = self._decl(call, record, attr == spec.add_method)
                    if decl is not None and not any(d.node is call for d in ns.decls):
                        ns.decls.append(decl)

    def _api_of(self, v, apis) -> Optional[Tuple[object, object]]:
        """(the Api(...) call, its record) when ``v`` is a bound Api."""
        ctor = v.origin if isinstance(v, ExtCall) else v.call if isinstance(v, Instance) else None
        if ctor is None or id(ctor) not in apis:
            return None
        b = next(b for b in self.model.responses.api_frameworks() if b.ctor is ctor)
        return ctor, b.record

    def _namespace_of(self, v, apis) -> Optional[_Namespace]:
        """The namespace ``v`` is: ``Namespace(...)`` or ``api.namespace(...)``."""
        # (``api.namespace(...)`` is not modelled by the resolver: its value
        # is Unknown, but keeps the call it came from)
        call = v.origin
        if not isinstance(call, nodes.Call):
            return None
        if id(call) in self._namespaces:
            return self._namespaces[id(call)]
        q = v.qualname if isinstance(v, ExtCall) else None
        for b in self.model.responses.api_frameworks():
            spec = b.record.rest_resources
            if spec is None:
                continue
            if q in spec.namespace_classes:
                return self._namespace(call, b.record)
            f = call.func
            if spec.namespace_factory and isinstance(f, nodes.Attribute) and f.attrname == spec.namespace_factory:
                if any(self._api_of(fv, apis) for fv in self.resolver.values(f.expr)):
                    return self._namespace(call, b.record)
        return None

    def _namespace(self, call, record) -> _Namespace:
        if id(call) in self._namespaces:
            return self._namespaces[id(call)]
        spec = record.rest_resources
        name_node = call.args[0] if call.args else next((k.value for k in call.keywords or () if k.arg == "name"), None)
        name = const_str(self.resolver.value(name_node)) if name_node is not None else None
        pos = spec.namespace_path_position
        p = call.args[pos] if len(call.args) > pos else next((k.value for k in call.keywords or () if k.arg == spec.namespace_path_arg), None)
        pv = self.resolver.value(p) if p is not None else None
        if any(k.arg is None for k in call.keywords or ()) or any(isinstance(a, nodes.Starred) for a in call.args):
            path = None
        elif pv is not None and not is_none(pv) and const_str(pv) != "":
            path = const_str(pv)
        else:
            path = spec.namespace_default_path.format(name=name) if name is not None else None
        ns = _Namespace(call, name, path.rstrip("/") if path is not None else None, record)
        self._namespaces[id(call)] = ns
        return ns

    def _decl(self, call, record, is_add) -> Optional[_Decl]:
        """The Resource and URLs of ``add_resource(R, *urls)`` or of a
        decorator call on a class; None when it is neither."""
        args = list(call.args)
        if is_add:
            if not args:
                return None
            cls_vals = self.resolver.values(args[0])
            args = args[1:]
        elif isinstance(call.parent, nodes.Decorators) and isinstance(call.parent.parent, nodes.ClassDef):
            cls_vals = [ClassRef(call.parent.parent)]
        else:
            return None
        cls = next((v.node for v in cls_vals if isinstance(v, ClassRef)), None)
        urls: Optional[List[Optional[str]]] = None
        if not any(isinstance(a, nodes.Starred) for a in args):
            urls = [const_str(self.resolver.value(a)) for a in args]
        ep_node = next((k.value for k in call.keywords or () if k.arg == "endpoint"), None)
        given = ep_node is not None or any(k.arg is None for k in call.keywords or ())
        endpoint = const_str(self.resolver.value(ep_node)) if ep_node is not None else None
        return _Decl(call, record, cls, urls, endpoint, given)

    # -- rules of one binding -------------------------------------------------------------
    def _bind(self, b, decls, adds):
        spec = b.record.rest_resources
        owner = b.target
        prefix = self._prefix(b)
        pending = [(d, None, None) for d in decls]
        for a in adds:
            pending += [(d, a.ns, a) for d in a.ns.decls]
        items = []
        for d, ns, a in pending:
            pieces = [b.node, d.node] + ([a.node] if a is not None else [])
            items.append((max(self.model.position(n, owner) for n in pieces), d, ns, a))
        items.sort(key=lambda t: t[0])
        taken = set(spec.reserved_endpoints)
        sure = True  # every endpoint so far known (dedupe needs them all)
        for order, d, ns, a in items:
            endpoint = self._endpoint(d, ns, spec, taken, sure)
            if endpoint is None:
                sure = False
            else:
                taken.add(endpoint)
            methods = self._methods(d.cls, spec)
            ns_path = ""
            if ns is not None:
                ns_path = a.path if a.path else ns.path if a.path is not None else None
            for url in d.urls if d.urls is not None else [None]:
                rule = prefix + ns_path + url if None not in (prefix, ns_path, url) else None
                route = Route(owner, d.node, rule, methods, endpoint, view=d.cls, kind="rest")
                if methods is None:
                    route.kwargs["methods"] = UNKNOWN
                route.installed_by = b.record.name
                route.view_name = d.cls.name if d.cls is not None else None
                route.order = order
                self._owned.setdefault(id(owner), []).append(route)

    def _prefix(self, b) -> Optional[str]:
        spec = b.record.rest_resources
        calls = [c for c in (b.ctor, b.node) if isinstance(c, nodes.Call)]
        if any(k.arg is None for c in calls for k in c.keywords or ()) or any(a in b.kwargs for a in spec.unknown_args):
            return None
        v = b.kwargs.get(spec.prefix_arg)
        if v is None or is_none(v):
            return ""
        return const_str(v)

    def _endpoint(self, d, ns, spec, taken, sure) -> Optional[str]:
        if d.endpoint_given:
            return d.endpoint or None
        if d.cls is None:
            return None
        endpoint = default_endpoint(d.cls.name, spec.endpoint_case)
        if ns is not None and spec.namespace_classes:
            if ns.name is None:
                return None
            endpoint = spec.namespace_endpoint.format(namespace=ns.name, endpoint=endpoint)
        if spec.dedupe_endpoints:
            if not sure:
                return None
            base, n = endpoint, 2
            while endpoint in taken:
                endpoint, n = f"{base}_{n}", n + 1
        return endpoint

    def _methods(self, cls, spec) -> Optional[Tuple[str, ...]]:
        """The HTTP methods Flask's MethodView derives for a Resource class:
        its ``methods`` attribute, else the method functions it defines (GET
        when none); None when a base class is neither the framework's
        Resource nor a project class."""
        if cls is None:
            return None
        found = set()
        for c in self.resolver.mro(cls):
            for base in self.resolver.bases(c):
                if not isinstance(base, ClassRef) and not (isinstance(base, ExtName) and base.qualname in spec.resource_classes):
                    return None
            if "methods" in c.locals:  # (MethodView: a class's own list wins; a base's joins)
                vals = self.resolver.class_attr(c, "methods") or []
                items = vals[0].items if len(vals) == 1 and isinstance(vals[0], Seq) else None
                if items is None or not all(isinstance(i, Const) and isinstance(i.value, str) for i in items):
                    return None
                if c is cls:
                    return tuple(sorted({i.value.upper() for i in items}))
                found |= {i.value.upper() for i in items}
            found |= {m.upper() for m in spec.http_methods if m in c.locals}
        return tuple(sorted(found)) if found else ("GET",)
