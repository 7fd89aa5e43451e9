"""Attributes, classes and instances (mixed into the Resolver)."""

from __future__ import annotations

from flasklint.resolve.context import Ctx
from flasklint.source.walk import FUNC_TYPES, nodes_of

from typing import List, Optional

from astroid import nodes

from flasklint.knowledge import names as N
from flasklint.knowledge.flask_api import flask_class_kind
from flasklint.resolve import limits
from flasklint.resolve.known import ENCODER_METHODS
from flasklint.resolve.values import (
    UNKNOWN,
    BoundMethod,
    ClassRef,
    ConfigRef,
    Const,
    EnvVar,
    ExtCall,
    ExtName,
    FunctionRef,
    Instance,
    Mapping,
    ModuleRef,
    ObjectRef,
    RequestInput,
    Value,
    dedupe,
)


class ClassResolution:
    """Attributes (with inheritance), class kinds, subclasses and instances."""

    # -- attributes -----------------------------------------------------------
    def _infer_Attribute(self, node, ctx):
        out = []
        for base in self.values(node.expr, ctx):
            out.extend(self.attribute(base, node.attrname, node))
        return out

    def attribute(self, base: Value, attr: str, node=None) -> List[Value]:
        if isinstance(base, ModuleRef):
            mod = self.project.find_module(base.modname)
            return self.module_attr(mod, attr) if mod else [UNKNOWN]
        if isinstance(base, ExtName):
            return [ExtName(N.canonical(base.qualname + "." + attr))]
        if isinstance(base, ClassRef):
            got = self.class_attr(base.node, attr)
            return got if got is not None else [UNKNOWN]
        if isinstance(base, Instance):
            got = self.class_attr(base.cls_node, attr)
            if got and any(isinstance(g, FunctionRef) for g in got):
                return [BoundMethod(base, attr)]
            if got is None:
                got = self._init_attribute(base, attr)
            return got if got is not None else [BoundMethod(base, attr)]
        if isinstance(base, ObjectRef):
            if attr == "config" and base.obj.kind == "app":
                return [ConfigRef(base.obj)]
            if base.obj.kind == "app" and attr == self._wrapped_app_attribute(base.obj):
                return [base]  # (connexion's FlaskApp(...).app: the Flask app it wraps)
            return [BoundMethod(base, attr)]
        if isinstance(base, (ConfigRef, Mapping, EnvVar)):
            return [BoundMethod(base, attr)]
        if isinstance(base, Const) and isinstance(base.value, str):
            return [BoundMethod(base, attr)]
        if isinstance(base, ExtCall) and not isinstance(base, RequestInput):
            if attr in ENCODER_METHODS or (attr == "get" and base.qualname == "flask.request.get_json"):
                return [BoundMethod(base, attr)]
        return [UNKNOWN]

    def _wrapped_app_attribute(self, obj) -> str:
        ext = self.project.knowledge.app_class(obj.qualname) if obj.qualname else None
        return ext.wrapped_app_attribute if ext is not None else ""

    def _init_attribute(self, inst, attr: str) -> Optional[List[Value]]:
        """What ``self.<attr> = value`` in the ``__init__`` that built
        ``inst`` stored (a service object keeping the app it was given),
        with the parameters bound to the constructor call's arguments; None
        when that ``__init__`` does not set it."""
        if inst.call is None:
            return None
        for c in self.mro(inst.cls_node):
            init = c.locals.get("__init__")
            if not init or not isinstance(init[0], FUNC_TYPES):
                continue
            func = init[0]
            params = func.args.args or []
            if not params:
                return None
            this = params[0].name
            out: List[Value] = []
            for target in nodes_of(func, nodes.AssignAttr):
                stmt = target.parent
                if (
                    target.attrname == attr
                    and isinstance(target.expr, nodes.Name)
                    and target.expr.name == this
                    and isinstance(stmt, nodes.Assign)
                    and target in stmt.targets
                ):
                    out.extend(self.values(stmt.value, Ctx(func, inst.call, None, self_value=inst)))
            return out or None
        return None

    def class_attr(self, cls, attr: str) -> Optional[List[Value]]:
        for c in self.mro(cls):
            defs = c.locals.get(attr)
            if defs:
                return self._values_of_definitions(defs, attr)
        return None

    def class_attr_defs(self, cls, attr: str):
        """(defining class, assignment nodes) of a class attribute."""
        for c in self.mro(cls):
            defs = c.locals.get(attr)
            if defs:
                return c, self._final(defs)
        return None, []

    def bases(self, cls) -> List[Value]:
        out = []
        for b in cls.bases:
            out.extend(self.values(b))
        return out

    def mro(self, cls, _seen=None) -> List[nodes.ClassDef]:
        """Project classes in (simplified, depth-first) method resolution order."""
        seen = _seen if _seen is not None else set()
        if id(cls) in seen:
            return []
        seen.add(id(cls))
        out = [cls]
        for b in self.bases(cls):
            if isinstance(b, ClassRef):
                for c in self.mro(b.node, seen):
                    if c not in out:
                        out.append(c)
        return out

    def class_kind(self, cls) -> Optional[str]:
        """"app" / "blueprint" / "methodview" / "view" if the class derives
        from Flask / Blueprint / MethodView / View, else None."""
        return self._memo("kind", self._class_kind, id(cls), lambda key: self._class_kind_uncached(cls, key), guard=None)

    def _class_kind_uncached(self, cls, key) -> Optional[str]:
        taint = self._taint
        kind = None
        for b in self.bases(cls):
            if isinstance(b, ExtName):
                kind = flask_class_kind(b.qualname, self.project.knowledge)
            elif isinstance(b, ClassRef):
                kind = self.class_kind(b.node)
            if kind:
                break
        if self._taint == taint:
            self._class_kind[key] = kind
        else:
            del self._class_kind[key]
        return kind

    def subclasses(self, cls) -> list:
        return self._memo("subclasses", self._subclasses, id(cls), lambda key: self._subclasses_uncached(cls, key))

    def _subclasses_uncached(self, cls, key) -> Optional[list]:
        """The project's subclasses of ``cls``, or None when the hierarchy
        is too wide to follow: its classes are named in more than
        limits.MAX_SCAN_MODULES modules in all (summed over the classes, so the
        answer does not depend on what was asked before) -- unless ``cls``
        derives from Flask or Blueprint: those are always followed."""
        taint = self._taint
        out = []
        mods = self.project.modules_mentioning(cls.name)
        bounded = self.class_kind(cls) not in ("app", "blueprint")
        width = len(mods)
        if bounded and width > limits.MAX_SCAN_MODULES:
            self._subclasses[key] = None
            return None
        for mod in mods:
            tree = self.project.tree(mod)
            if tree is None:
                continue
            for c in self.project.index(tree).classdefs:
                if c is cls:
                    continue
                if any(isinstance(b, ClassRef) and b.node is cls for b in self.bases(c)):
                    below = self.subclasses(c)
                    if below is None and bounded:
                        out = None
                        break
                    for s in [c] + (below or []):
                        if s not in out:
                            out.append(s)
                            width += len(self.project.modules_mentioning(s.name))
                    if bounded and width > limits.MAX_SCAN_MODULES:
                        out = None
                        break
            if out is None:
                break
        if self._taint == taint:
            self._subclasses[key] = out
        else:
            del self._subclasses[key]
        return out

    def instances(self, cls) -> List[Value]:
        """Every instance of ``cls`` (or a subclass) created in the project."""
        return self._memo("instances", self._instances, id(cls), lambda key: self._instances_uncached(cls, key))

    def _instances_uncached(self, cls, key) -> List[Value]:
        taint = self._taint
        out = []
        subclasses = self.subclasses(cls)
        if subclasses is None:  # (too wide to follow)
            self._instances[key] = [UNKNOWN]
            return [UNKNOWN]
        for c in [cls] + subclasses:
            for mod in self.project.modules_calling(c.name):
                tree = self.project.tree(mod)
                if tree is None:
                    continue
                for call in self.project.index(tree).calls_by_name.get(c.name, ()):
                    f = call.func
                    for fv in self.values(f):
                        if isinstance(fv, ClassRef) and fv.node is c:
                            out.extend(self.call_result(fv, call, None))
        out = dedupe(out) if out else []
        if self._taint == taint:
            self._instances[key] = out
        else:
            del self._instances[key]
        return out
