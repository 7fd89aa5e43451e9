"""Configuration writes, session, cookie and request use (mixed into FlaskModel)."""

from __future__ import annotations

from typing import Optional, Tuple

from astroid import nodes

from flasklint.knowledge import names as N
from flasklint.knowledge.flask_api import RECORDED_ATTR_WRITES, REQUEST_DATA
from flasklint.model.facts import CookieUse, RequestUse, SessionUse
from flasklint.model.step_tracking import (
    KIND_QUESTION,
    QUALNAME_QUESTION,
    first_kind,
    imported_from,
    answer_class_kind,
    answer_qualname,
)
from flasklint.model.syntax import BUILTIN_NAMES, aliases_session, enclosing_function, kw_node, module_binding_key
from flasklint.resolve.values import Const, Mapping, const_str
from flasklint.source.walk import nodes_of


class SessionBuilding:
    """Records configuration writes from code, and session, cookie and request use."""

    # -- configuration ---------------------------------------------------------------------
    def _config_call(self, app, attr, call):
        if not self._first_time(id(call)):
            return
        from flasklint.model import config as C

        C.config_call(self, app, attr, call)

    def _visit_assign(self, node):
        from flasklint.model import config as C

        targets = node.targets if isinstance(node, nodes.Assign) else [node.target]
        if node.value is None:
            return
        for t in targets:
            C.assign_target(self, t, node.value, node)
            if isinstance(t, nodes.AssignAttr):
                self._attr_write(t, node.value)

    def _attr_write(self, target, value_node):
        """Record ``app.subdomain_matching = True``,
        ``app.url_map.host_matching = True`` and the like (the paths in
        RECORDED_ATTR_WRITES) on the model object the receiver resolves to."""
        base = target.expr
        key = target.attrname
        if isinstance(base, nodes.Attribute) and f"{base.attrname}.{key}" in RECORDED_ATTR_WRITES:
            key = f"{base.attrname}.{key}"
            base = base.expr
        if key not in RECORDED_ATTR_WRITES or not isinstance(base, (nodes.Name, nodes.Attribute, nodes.Call)):
            return
        with self.resolver.bounded_query() as probe:
            objs = self.objects(base)
        if not objs or probe.gave_up:
            return
        value = self.resolver.value(value_node)
        for obj in objs:
            writes = obj.attr_writes.setdefault(key, [])
            if self._first_time(("attr", id(obj), key, id(target))):
                writes.append((value, target))
                self.version += 1

    def _visit_augassign(self, node):
        from flasklint.model import config as C

        if node.op == "|=":
            C.augassign(self, node)

    def _visit_delete(self, node):
        for t in node.targets:
            if isinstance(t, nodes.Subscript) and self._is_session(t.value):
                self._session_use(t, "delete", self.resolver.value(t.slice), None, "del")

    # -- sessions and cookies ------------------------------------------------------------
    def _is_session(self, node) -> bool:
        if isinstance(node, nodes.Name):
            name = node.name
            imported = self._cur_import_names  # the file being visited (pass 2), else looked up
            if imported is None:
                imported = self.project.index(node.root()).import_from_names
            if name != "session" and name not in imported and name not in BUILTIN_NAMES:
                return False  # (only a name some ``from ... import`` binds can alias it)
            # A name no enclosing function or class binds means the same
            # module-level binding everywhere in the module: decided once.
            key = module_binding_key(node)
            entry = self._session_names.get(key) if key is not None else None
            rs = self.project.reads.sets
            if entry is not None:
                got, deps = entry
                if rs:
                    rs[-1] |= deps  # (what deciding it read: charged on every use, as the resolver's memos)
                return got
            if key is not None:
                decided = self._imported_qualname(node)
                if decided is not None:
                    # ``from pkg.mod import name`` of a project module: one
                    # answer for every module importing it (see _shared_answer)
                    q, charge = decided
                    got = q == N.SESSION
                    if rs:
                        rs[-1] |= charge
                    self._session_names[key] = (got, charge)
                    return got
            if rs:
                rs.append(0)
            try:
                got = (name == "session" or aliases_session(node)) and self.resolver.qualname(node) == N.SESSION
            finally:
                deps = 0
                if rs:
                    deps = rs.pop()
                    rs[-1] |= deps
            if key is not None:
                self._session_names[key] = (got, deps)
            return got
        if isinstance(node, nodes.Attribute) and node.attrname == "session":
            return self.resolver.qualname(node) == N.SESSION
        return False

    def _imported_qualname(self, node) -> Optional[Tuple[Optional[str], int]]:
        """For a name whose one binding is ``from pkg.mod import name [as
        ...]`` of a project module's attribute: (its qualified name, as
        Resolver.qualname answers, or None; what to charge the step with),
        decided once for every module importing it (see _shared_answer).  None for
        any other node."""
        if not isinstance(node, nodes.Name) or node.name.startswith("__"):
            return None
        source = imported_from(self.resolver, node)
        if source is None or source[0].index is None:
            return None
        mod, orig = source
        return self._shared_answer(f"{QUALNAME_QUESTION}{mod.index}\0{orig}", lambda: answer_qualname(self.resolver, mod, orig))

    def _class_kind(self, cls) -> Optional[str]:
        """``Resolver.class_kind(cls)`` for pass 0, base by base: a base
        imported from a project module (``class NotFound(CommandError)``,
        the project's exception and model bases) is one shared answer
        (see _shared_answer), so that the pass-0 steps of every module subclassing
        it are not charged with its module."""
        rs = self.project.reads.sets
        for b in cls.bases:
            source = imported_from(self.resolver, b) if isinstance(b, nodes.Name) and not b.name.startswith("__") else None
            if source is not None and source[0].index is not None:
                mod, orig = source
                kind, charge = self._shared_answer(f"{KIND_QUESTION}{mod.index}\0{orig}", lambda mod=mod, orig=orig: answer_class_kind(self.resolver, mod, orig))
                if rs:
                    rs[-1] |= charge
            else:
                kind = first_kind(self.resolver, self.resolver.values(b))
            if kind:
                return kind
        return None

    def qualname(self, node) -> Optional[str]:
        """``Resolver.qualname(node)``, through the shared answers for
        names imported from project modules (see _imported_qualname)."""
        decided = self._imported_qualname(node)
        if decided is None:
            return self.resolver.qualname(node)
        q, charge = decided
        rs = self.project.reads.sets
        if rs:
            rs[-1] |= charge
        return q

    def _visit_reference(self, node):
        # session[...] = v / session.pop(...) / session.permanent = True
        if not self._is_session(node):
            if isinstance(node, nodes.Attribute) and node.attrname in REQUEST_DATA:
                if self.qualname(node.expr) == N.REQUEST:
                    if node.attrname == "cookies":
                        self._cookie_read(node)
                    self._request_use(node)
            return
        parent = node.parent
        if isinstance(parent, nodes.Subscript) and parent.value is node:
            gp = parent.parent
            key = self.resolver.value(parent.slice)
            if isinstance(gp, (nodes.Assign, nodes.AugAssign)) and parent in (getattr(gp, "targets", None) or [getattr(gp, "target", None)]):
                self._session_use(parent, "write", key, self.resolver.value(gp.value), "setitem")
            elif isinstance(gp, nodes.Delete):
                pass  # handled in _visit_delete
            else:
                self._session_use(parent, "read", key, None, "getitem")
        elif isinstance(parent, nodes.Attribute) and parent.expr is node:
            meth = parent.attrname
            gp = parent.parent
            if isinstance(gp, nodes.Call) and gp.func is parent:
                key = self.resolver.value(gp.args[0]) if gp.args else None
                if meth in ("pop", "clear", "popitem"):
                    self._session_use(gp, "delete", key, None, meth)
                elif meth in ("update", "setdefault"):
                    value = self.resolver.value(gp.args[1]) if meth == "setdefault" and len(gp.args) > 1 else None
                    self._session_use(gp, "write", key, value, meth)
                    if meth == "update":
                        self._session_update_items(gp)
                elif meth == "get":
                    self._session_use(gp, "read", key, None, meth)
            elif meth in ("permanent", "modified") and isinstance(gp, nodes.Assign):
                self._session_use(parent, "permanent" if meth == "permanent" else "write", Const(meth), self.resolver.value(gp.value), meth)

    def _session_update_items(self, call):
        for kw in call.keywords or ():
            if kw.arg:
                self._session_use(kw, "write", Const(kw.arg), self.resolver.value(kw.value), "update")
        if call.args:
            v = self.resolver.value(call.args[0])
            if isinstance(v, Mapping):
                for k, val in v.items:
                    self._session_use(val.origin or call, "write", k, val, "update")

    def _session_use(self, node, kind, key, value, method):
        mod = self.project.module_of(node)
        self.session_uses.append(
            SessionUse(node, kind, key, value, enclosing_function(node), mod, self.project.location(node, mod), method)
        )

    def _cookie_set(self, call):
        self.cookies.append(self._cookie_set_use(call))

    def _cookie_set_use(self, call) -> CookieUse:
        name = None
        if call.args:
            name = const_str(self.resolver.value(call.args[0]))
        elif kw_node(call, "key") is not None:
            name = const_str(self.resolver.value(kw_node(call, "key")))
        kwargs = self._kwargs(call)
        value_node = call.args[1] if len(call.args) > 1 else kw_node(call, "value")
        return CookieUse(call, "set", name, self.project.location(call), enclosing_function(call), kwargs, value_node)

    def helper_cookie_sets(self) -> list:
        """``response.set_cookie(...)`` in modules the model does not visit:
        helpers that import nothing of Flask and are handed the response by
        a view (``set_login_cookie(response, user)``); memoised."""
        got = self.__dict__.get("_helper_cookie_sets")
        if got is not None:
            return got
        got = []
        visited = {id(m) for m in self.project.candidate_modules()}
        for mod in self.project.modules_calling("set_cookie"):
            if id(mod) in visited or mod.is_test:
                continue
            tree = self.project.tree(mod)
            if tree is None:
                continue
            with self.resolver.analysing(mod):
                for call in nodes_of(tree, nodes.Call):
                    if isinstance(call.func, nodes.Attribute) and call.func.attrname == "set_cookie":
                        got.append(self._cookie_set_use(call))
        self.__dict__["_helper_cookie_sets"] = got
        return got

    def _request_use(self, node):
        parent = node.parent
        how, key, method, target = "read", None, "", node
        if isinstance(parent, nodes.Call) and parent.func is node:
            how, target = "call", parent
            key = const_str(self.resolver.value(parent.args[0])) if parent.args else None
        elif isinstance(parent, nodes.Subscript) and parent.value is node:
            how, target = "subscript", parent
            key = const_str(self.resolver.value(parent.slice))
        elif isinstance(parent, nodes.Attribute) and parent.expr is node:
            how, method = "method", parent.attrname
            if isinstance(parent.parent, nodes.Call) and parent.parent.func is parent:
                target = parent.parent
                key = const_str(self.resolver.value(target.args[0])) if target.args else None
        self.request_uses.append(
            RequestUse(target, node.attrname, how, key, self.project.location(target), enclosing_function(node), method)
        )

    def _cookie_read(self, node):
        parent = node.parent
        name = None
        target = node
        if isinstance(parent, nodes.Subscript) and parent.value is node:
            name = const_str(self.resolver.value(parent.slice))
            target = parent
        elif isinstance(parent, nodes.Attribute) and isinstance(parent.parent, nodes.Call) and parent.parent.args:
            name = const_str(self.resolver.value(parent.parent.args[0]))
            target = parent.parent
        self.cookies.append(CookieUse(target, "read", name, self.project.location(target), enclosing_function(node)))
