"""Routes, views and blueprint registrations (mixed into FlaskModel)."""

from __future__ import annotations

from typing import Dict, Optional, Tuple

from astroid import nodes

from flasklint.knowledge.flask_api import HOOK_METHODS, ROUTE_METHODS
from flasklint.model.facts import BareDecoratorUse, FlaskObject, Registration, Route
from flasklint.model.syntax import as_view_call, decorators_below, exec_frame, kw_node, returned_inner, returned_wrapper_name
from flasklint.resolve.context import Ctx
from flasklint.resolve.values import (
    UNKNOWN,
    ClassRef,
    Const,
    ExtCall,
    FunctionRef,
    Mapping,
    ObjectRef,
    RequestInput,
    Seq,
    Value,
    const_str,
    is_none,
    leaves,
)
from flasklint.source.walk import FUNC_TYPES


class RouteBuilding:
    """Records routes (decorators, add_url_rule, as_view), their views and blueprint registrations."""

    # -- routes --------------------------------------------------------------------
    def _route_decorator(self, owner, attr, call):
        if not self._first_time(id(call)):
            return
        kwargs = self._kwargs(call)
        rule = const_str(self.resolver.value(call.args[0])) if call.args else const_str(kwargs.get("rule"))
        methods = self._methods(kwargs.get("methods"))
        if attr in ROUTE_METHODS:
            methods = (ROUTE_METHODS[attr],)
        endpoint_v = kwargs.get("endpoint")
        endpoint = const_str(endpoint_v) if endpoint_v is not None else None
        view = None
        if isinstance(call.parent, nodes.Decorators):
            view = call.parent.parent
        elif isinstance(call.parent, nodes.Call) and call.parent.func is call and call.parent.args:
            # app.route('/x')(view) -- used as a plain call
            vals = self.resolver.values(call.parent.args[0])
            view = next((v.node for v in vals if isinstance(v, (FunctionRef, ClassRef))), None)
        route = Route(owner, call, rule, methods, endpoint, view=view, kwargs=kwargs, kind="route")
        if endpoint_v is not None and endpoint is None:
            route.endpoint = None
            route.kwargs["_endpoint_unknown"] = UNKNOWN
        route.view_name = self._view_name(view, call)
        if isinstance(view, FUNC_TYPES):
            below = decorators_below(view, call)
            kinds = [self.decorator_kind(d) for d in below]
            route.wrappers = tuple(d for d, k in zip(below, kinds) if k != "same")
            route.wrappers_known = "unknown" not in kinds
            route.view_key = ("func", id(view), tuple(id(d) for d in route.wrappers))
        self._add_route(owner, route)

    def _add_url_rule_per_call_site(self, call) -> bool:
        """``add_url_rule`` inside a plain helper function called from the
        project (Flask's documented ``register_api(app, model, name)``
        pattern): one route per call site of the helper, its parameters
        bound to that site's arguments -- Flask runs it once per call.  False
        when the call is not in such a helper (it is then handled once,
        without context)."""
        helper = exec_frame(call)
        if not isinstance(helper, FUNC_TYPES) or isinstance(helper.parent, nodes.ClassDef) or helper.decorators:
            return False
        sites = [site for site, self_value in self.resolver.call_sites(helper) if self_value is None]
        if not sites:
            return False
        for base in self.resolver.values(call.func.expr):
            for leaf in leaves(base):
                if isinstance(leaf, ObjectRef) and leaf.obj.factory is helper:
                    # the helper makes the app it registers on (a factory
                    # called by the WSGI module, the CLI, the tests...):
                    # each call registers on its own app -- once, here
                    return False
        for site in sites:
            ctx = Ctx(helper, site, None)
            for base in self.resolver.values(call.func.expr, ctx):
                for leaf in leaves(base):
                    if isinstance(leaf, ObjectRef) and leaf.obj.kind in ("app", "blueprint"):
                        self._add_url_rule(leaf.obj, call, ctx, site)
        return True

    def _add_url_rule(self, owner, call, ctx=None, site=None):
        key = id(call) if site is None else ("site", id(call), id(site), id(owner))
        if not self._first_time(key):
            return
        kwargs = self._kwargs(call, ctx)
        pos = [a for a in call.args if not isinstance(a, nodes.Starred)]
        rule_v = self.resolver.value(pos[0], ctx) if pos else kwargs.get("rule")
        endpoint_v = self.resolver.value(pos[1], ctx) if len(pos) > 1 else kwargs.get("endpoint")
        view_node = pos[2] if len(pos) > 2 else kw_node(call, "view_func")
        view = None
        view_name = None
        view_methods = None
        if view_node is not None:
            view, view_name, view_methods = self._view_from_expr(view_node, ctx)
        endpoint = const_str(endpoint_v) if endpoint_v is not None and not is_none(endpoint_v) else None
        methods = self._methods(kwargs.get("methods"))
        if methods is None and "methods" not in kwargs:
            methods = view_methods
        route = Route(owner, call, const_str(rule_v), methods, endpoint, view=view, kwargs=kwargs, kind="add_url_rule")
        if endpoint_v is not None and not is_none(endpoint_v) and endpoint is None:
            route.kwargs["_endpoint_unknown"] = UNKNOWN
        route.view_name = view_name
        if view_node is not None:
            self._view_identity(route, view_node, view)
            if site is not None and route.view_key and route.view_key[0] == "as_view":
                route.view_key = route.view_key + (id(site),)  # a new view object per call
        self._add_route(owner, route)
        if site is not None:
            route.order = self.position(site, owner) + ((call.lineno or 0), (call.col_offset or 0))

    def _view_identity(self, route, expr, view):
        """``view_key`` / ``wrappers`` of an ``add_url_rule(view_func=...)``."""
        call = as_view_call(expr)
        if call is not None:
            route.view_key = ("as_view", id(call))
            return
        if isinstance(view, FUNC_TYPES) and isinstance(expr, (nodes.Name, nodes.Attribute)):
            decos = list(view.decorators.nodes) if view.decorators else []
            kinds = [self.decorator_kind(d) for d in decos]
            route.wrappers = tuple(d for d, k in zip(decos, kinds) if k != "same")
            route.wrappers_known = "unknown" not in kinds
            route.view_key = ("func", id(view), tuple(id(d) for d in route.wrappers))
            return
        route.view_key = ("expr", id(expr))
        route.wrappers_known = False

    def decorator_kind(self, deco) -> str:
        """What a decorator does to the function it decorates:

        * ``"same"``: returns it unchanged (Flask's route/hook/errorhandler
          registration decorators on a known app or blueprint);
        * ``"wraps"``: returns a new function flasklint understands (a
          project decorator or decorator factory returning an inner
          function; bare ``flask_jwt_extended.jwt_required``);
        * ``"unknown"``: anything else.
        """
        if isinstance(deco, nodes.Call) and isinstance(deco.func, nodes.Attribute):
            attr = deco.func.attrname
            if attr in ROUTE_METHODS or attr in ("route", "errorhandler", "app_errorhandler") or attr in HOOK_METHODS:
                if any(isinstance(o, FlaskObject) and o.kind in ("app", "blueprint") for o in self.objects(deco.func.expr)):
                    return "same"
        if self._project_wrapper(deco) is not None:
            return "wraps"
        if self.bare_extension_decorator(deco) is not None:
            return "wraps"
        return "unknown"

    def bare_extension_decorator(self, deco):
        """:class:`BareDecoratorUse` when ``deco`` is an extension's
        decorator factory used without ``()`` (``@jwt_required``,
        ``@cache.cached``) in a version where that replaces the view; None
        otherwise (a call, another decorator, an older version)."""
        if isinstance(deco, nodes.Call):
            return None
        q = self.resolver.qualname(deco)
        if q is None and isinstance(deco, nodes.Attribute):
            for v in self.resolver.values(deco.expr):
                if isinstance(v, ExtCall) and not isinstance(v, RequestInput):
                    q = f"{v.qualname}.{deco.attrname}"
                    break
        found = self.project.knowledge.bare_decorator(q)
        if found is None:
            return None
        ext, record = found
        version = self.extension_version(ext, record.since, record.older_names) if record.since else "affected"
        if version == "older":
            return None
        return BareDecoratorUse(ext, record, version == "affected")

    def _project_wrapper(self, deco):
        """The inner function a project decorator (or decorator factory)
        returns for the view, or None."""
        target = deco.func if isinstance(deco, nodes.Call) else deco
        for fv in self.resolver.values(target):
            if not isinstance(fv, FunctionRef):
                continue
            func = fv.node
            if isinstance(deco, nodes.Call):
                inner = [v.node for v in self.resolver.returns(func, Ctx(func, deco, None)) if isinstance(v, FunctionRef)]
                if not inner:
                    continue
                func = inner[0]
            wrapper = returned_inner(func)
            if wrapper is not None:
                return wrapper
        return None

    def project_wrapper(self, deco):
        """Public: (decorator function, inner function it returns) for a
        project decorator, else None."""
        return self._project_wrapper(deco)

    def _view_from_expr(self, expr, ctx=None):
        """(view node, __name__, methods) for a view_func expression."""
        as_view = as_view_call(expr)
        if as_view is not None:
            expr = as_view
            cls_vals = self.resolver.values(expr.func.expr, ctx)
            cls = next((v.node for v in cls_vals if isinstance(v, ClassRef)), None)
            name_v = self.resolver.value(expr.args[0], ctx) if expr.args else None
            name = const_str(name_v) if name_v is not None else None
            methods = self.view_class_methods(cls) if cls is not None else None
            return cls, name, methods
        vals = self.resolver.values(expr, ctx)
        for v in vals:
            if isinstance(v, FunctionRef):
                return v.node, v.node.name, None
        return None, None, None

    def view_class_methods(self, cls) -> Optional[Tuple[str, ...]]:
        """Methods of a View / MethodView class as Flask derives them."""
        v = self.resolver.class_attr(cls, "methods")
        if v:
            ms = self._methods(v[0])
            if ms is not None:
                return ms
        if self.resolver.class_kind(cls) == "methodview":
            found = []
            for c in self.resolver.mro(cls):
                for m in ("get", "post", "put", "patch", "delete", "head", "options", "trace", "search", "query"):
                    if m in c.locals and m.upper() not in found:
                        found.append(m.upper())
            return tuple(sorted(found)) if found else None
        return None

    def _view_name(self, view, call) -> Optional[str]:
        """The ``__name__`` of what the route decorator receives: the view,
        or the wrapper returned by decorators applied before it."""
        if view is None:
            return None
        if isinstance(view, nodes.ClassDef):
            return view.name
        name = view.name
        if not view.decorators:
            return name
        decos = list(view.decorators.nodes)
        try:
            idx = decos.index(call)
        except ValueError:
            return name
        # decorators below the route decorator are applied first (bottom-up)
        for deco in reversed(decos[idx + 1 :]):
            wrapped = self._wrapper_name(deco)
            if wrapped is not None:
                name = wrapped
        return name

    def _wrapper_name(self, deco) -> Optional[str]:
        """The __name__ of what ``deco`` returns for a view, when it is a
        project decorator that does not use functools.wraps; None when the
        name is preserved or unknown."""
        target = deco
        if isinstance(deco, nodes.Call):
            # decorator factory: @requires('admin')
            for fv in self.resolver.values(deco.func):
                if isinstance(fv, FunctionRef):
                    inner = [v for v in self.resolver.returns(fv.node, Ctx(fv.node, deco, None)) if isinstance(v, FunctionRef)]
                    if inner:
                        return returned_wrapper_name(inner[0].node)
            return None
        bare = self.bare_extension_decorator(target)
        if bare is not None:
            # the factory's inner decorator becomes the view
            return bare.record.endpoint
        for fv in self.resolver.values(target):
            if isinstance(fv, FunctionRef):
                return returned_wrapper_name(fv.node)
        return None

    def _add_route(self, owner, route):
        route.order = self.position(route.node, owner)
        owner.routes.append(route)
        self.routes.append(route)

    def _methods(self, value: Optional[Value]) -> Optional[Tuple[str, ...]]:
        if value is None or is_none(value):
            return None
        if isinstance(value, Seq):
            out = []
            for item in value.items:
                s = const_str(item)
                if s is None:
                    return None
                out.append(s.upper())
            return tuple(out)
        if isinstance(value, Const) and isinstance(value.value, str):
            return (value.value.upper(),)  # Flask iterates the string; odd but explicit
        return None

    def _kwargs(self, call, ctx=None) -> Dict[str, Value]:
        out = {}
        for kw in call.keywords or ():
            if kw.arg is None:
                v = self.resolver.value(kw.value, ctx)
                if isinstance(v, Mapping):
                    for k, val in v.items:
                        if isinstance(k, Const) and isinstance(k.value, str):
                            out[k.value] = val
                else:
                    out["**"] = v
            else:
                out[kw.arg] = self.resolver.value(kw.value, ctx)
        return out

    # -- blueprints ------------------------------------------------------------------
    def _register_blueprint(self, parent, call):
        if not self._first_time(id(call)):
            return
        if not call.args:
            return
        kwargs = self._kwargs(call)
        for bp in self.objects(call.args[0], "blueprint"):
            reg = Registration(parent, bp, call, kwargs)
            reg.order = self.position(call, parent)
            parent.registrations.append(reg)
            self.registrations.append(reg)
