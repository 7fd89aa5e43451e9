"""Error handlers and server starts (mixed into FlaskModel)."""

from __future__ import annotations

from typing import Dict, Tuple

from astroid import nodes

from flasklint.knowledge import names as N
from flasklint.knowledge.flask_api import DEFAULT_EXCEPTION_CODES
from flasklint.model.facts import ErrorHandler, ServerRun
from flasklint.model.syntax import kw_node, strip_wsgi
from flasklint.resolve.scopes import lookup
from flasklint.resolve.values import (
    BoundMethod,
    ClassRef,
    Const,
    ExtName,
    FunctionRef,
    Instance,
    Mapping,
    ObjectRef,
    Value,
    leaves,
)


class HandlerBuilding:
    """Records error handlers and server starts (app.run, socketio.run, run_simple)."""

    # -- error handlers ------------------------------------------------------------------
    def _error_handler(self, owner, attr, call):
        if not self._first_time(id(call)):
            return
        key_node = call.args[0] if call.args else kw_node(call, "code_or_exception")
        if key_node is None:
            return
        func = fnode = None
        if attr == "register_error_handler":
            fnode = call.args[1] if len(call.args) > 1 else kw_node(call, "f")
            if fnode is not None:
                func = self._handler_function(fnode)
        elif isinstance(call.parent, nodes.Decorators):
            func = call.parent.parent
        keys = self._handler_keys(key_node)
        if func is not None and len(keys) > 1 and fnode is not None and len({id(getattr(v, "node", v)) for v in self.resolver.values(fnode)}) > 1:
            func = None  # (a loop over (key, handler) pairs: which handler goes with which key is not kept)
        for key, codes, exc in keys:
            h = ErrorHandler(owner, call, key, codes, exc, func=func, app_wide=(attr == "app_errorhandler"), via=attr)
            owner.handlers.append(h)
            self.handlers.append(h)

    def _handler_function(self, fnode):
        """The function a ``register_error_handler`` call registers: a
        function, a lambda, or a method bound to an instance or to a project
        subclass of Flask/Blueprint (``self.handle_error``)."""
        if isinstance(fnode, nodes.Lambda):
            return fnode
        for v in self.resolver.values(fnode):
            if isinstance(v, FunctionRef):
                return v.node
            if isinstance(v, BoundMethod):
                cls = None
                if isinstance(v.obj, ObjectRef):
                    cls = v.obj.obj.cls_node
                elif isinstance(v.obj, Instance):
                    cls = v.obj.cls_node
                if cls is not None:
                    got = self.resolver.class_attr(cls, v.name) or []
                    for g in got:
                        if isinstance(g, FunctionRef):
                            return g.node
        return None

    def _handler_keys(self, key_node):
        """(key value, codes, generic exception) for an errorhandler key,
        expanding loops over ``default_exceptions`` and lists."""
        # for code in default_exceptions: ...
        if isinstance(key_node, nodes.Name):
            _, assigns = lookup(key_node, key_node.name)
            for a in assigns:
                if isinstance(a, nodes.AssignName) and isinstance(a.parent, (nodes.For, nodes.Comprehension)):
                    it = a.parent.iter
                    base = it.func.expr if isinstance(it, nodes.Call) and isinstance(it.func, nodes.Attribute) else it
                    if self.resolver.qualname(base) == N.DEFAULT_EXCEPTIONS:
                        return [(ExtName(N.DEFAULT_EXCEPTIONS), DEFAULT_EXCEPTION_CODES, None)]
        out = []
        for v in self.resolver.values(key_node):
            for leaf in leaves(v):
                out.append(self._classify_key(leaf))
        return out

    def _classify_key(self, v: Value):
        if isinstance(v, Const) and isinstance(v.value, int):
            return (v, frozenset([v.value]), None)
        if isinstance(v, ExtName):
            q = v.qualname
            short = q.rsplit(".", 1)[-1]
            if q.startswith("werkzeug.exceptions.") and short in N.HTTP_EXCEPTION_CODES:
                return (v, frozenset([N.HTTP_EXCEPTION_CODES[short]]), None)
            return (v, frozenset(), q)
        if isinstance(v, ClassRef):
            # a project exception class: an HTTPException subclass with a code
            code = self.resolver.class_attr(v.node, "code")
            for b in self.resolver.mro(v.node):
                for base in self.resolver.bases(b):
                    if isinstance(base, ExtName) and base.qualname.startswith("werkzeug.exceptions."):
                        short = base.qualname.rsplit(".", 1)[-1]
                        if code and isinstance(code[0], Const) and isinstance(code[0].value, int):
                            return (v, frozenset([code[0].value]), None)
                        if short in N.HTTP_EXCEPTION_CODES:
                            return (v, frozenset([N.HTTP_EXCEPTION_CODES[short]]), None)
            return (v, frozenset(), "project." + v.node.name)
        return (v, frozenset(), None)

    # -- server starts -------------------------------------------------------------------
    _RUN_PARAMS = {
        "app.run": ("host", "port", "debug", "load_dotenv"),
        "socketio.run": ("app", "host", "port"),
        "run_simple": ("hostname", "port", "application", "use_reloader", "use_debugger", "use_evalex"),
        "DebuggedApplication": ("app", "evalex"),
    }

    def _server_run(self, app, call, kind, socketio=None):
        if not self._first_time(id(call)):
            return
        params: Dict[str, Tuple[Value, object]] = {}
        names = self._RUN_PARAMS[kind]
        pos = [a for a in call.args]
        for i, a in enumerate(pos):
            if isinstance(a, nodes.Starred):
                break
            if i < len(names):
                params[names[i]] = (self.resolver.value(a), a)
        for kw in call.keywords or ():
            if kw.arg is None:
                v = self.resolver.value(kw.value)
                if isinstance(v, Mapping):
                    for k, val in v.items:
                        if isinstance(k, Const) and isinstance(k.value, str):
                            params[k.value] = (val, kw.value)
                else:
                    params["**"] = (v, kw.value)
            else:
                params[kw.arg] = (self.resolver.value(kw.value), kw.value)
        if kind == "run_simple" and app is None and "application" in params:
            node = params["application"][1]
            objs = self.objects(node, "app") or self.objects(strip_wsgi(node), "app")
            app = objs[0] if objs else None
        run = ServerRun(app, call, kind, params)
        run.socketio = socketio
        self.runs.append(run)
        if app is not None:
            app.runs.append(run)
