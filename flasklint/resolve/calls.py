"""Calls, returns and parameters (mixed into the Resolver)."""

from __future__ import annotations

from typing import List, Optional

from astroid import nodes

from flasklint.knowledge.flask_api import CLI_FACTORIES, flask_class_kind, request_attr
from flasklint.resolve import limits
from flasklint.resolve.context import Ctx
from flasklint.resolve.known import ENCODER_METHODS, ENCODERS, MODULE_IMPORTERS, MODULE_LISTERS, PATH_FUNCS
from flasklint.resolve.values import (
    UNKNOWN,
    BoundMethod,
    Choice,
    ClassRef,
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
    Seq,
    Value,
    key_str,
    leaves,
)
from flasklint.source.walk import FUNC_TYPES, SCOPE_TYPES, nodes_of


class CallResolution:
    """What a call returns, what a parameter is bound to (through the function's call sites), modelled external calls."""

    # -- calls -----------------------------------------------------------------
    def _infer_Call(self, node, ctx):
        out = []
        for fv in self.values(node.func, ctx):
            out.extend(self.call_result(fv, node, ctx))
        return out

    def call_result(self, fv: Value, call, ctx) -> List[Value]:
        if isinstance(fv, ExtName):
            return self._ext_call(fv.qualname, call, ctx)
        if isinstance(fv, ClassRef):
            kind = self.class_kind(fv.node)
            if kind in ("app", "blueprint"):
                return [ObjectRef(self.factory(kind, call, fv))]
            return [Instance(fv.node, call)]
        if isinstance(fv, FunctionRef):
            return self.returns(fv.node, Ctx(fv.node, call, ctx))
        if isinstance(fv, BoundMethod):
            return self._method_call(fv, call, ctx)
        return [UNKNOWN]

    def returns(self, func, ctx: Ctx) -> List[Value]:
        got = self._returns.get(id(func))
        if got is None or got[0] is not func:
            got = self._returns[id(func)] = (func, list(nodes_of(func, nodes.Return, SCOPE_TYPES)))
        rets = got[1]
        if not rets:
            return [Const(None)]
        out = []
        for r in rets:
            out.extend(self.values(r.value, ctx) if r.value is not None else [Const(None)])
        return out

    def _ext_call(self, q, call, ctx) -> List[Value]:
        kind = flask_class_kind(q, self.project.knowledge)
        if kind is None and self.project.knowledge.app_factory(q) is not None:
            kind = "app"  # (an extension's function that makes the app: flakon.create_app)
        if kind in ("app", "blueprint", "socketio"):
            return [ObjectRef(self.factory(kind, call, ExtName(q)))]
        if q in ("os.environ.get", "os.getenv", "os.environ.setdefault"):
            name = self.value(call.args[0], ctx) if call.args else UNKNOWN
            default = None
            if len(call.args) > 1:
                default = self.value(call.args[1], ctx)
            for kw in call.keywords or ():
                if kw.arg in ("default", "value"):
                    default = self.value(kw.value, ctx)
            return [EnvVar(name.value if isinstance(name, Const) else None, default)]
        if q == "builtins.dict":
            items = []
            complete = True
            for a in call.args:
                v = self.value(a, ctx)
                if isinstance(v, Mapping):
                    items.extend(v.items)
                    complete = complete and v.complete
                else:
                    complete = False
            for kw in call.keywords or ():
                if kw.arg is None:
                    v = self.value(kw.value, ctx)
                    if isinstance(v, Mapping):
                        items.extend(v.items)
                    else:
                        complete = False
                else:
                    items.append((Const(kw.arg).with_origin(kw), self.value(kw.value, ctx)))
            return [Mapping(tuple(items), complete)]
        if q.startswith("flask.request.") and q.rsplit(".", 1)[-1] in ("get", "getlist"):
            owner = q.rsplit(".", 1)[0]
            src = request_attr(owner)
            if src:
                key = self.value(call.args[0], ctx) if call.args else UNKNOWN
                return [RequestInput(q, src, key_str(key))]
        if q in ENCODERS and call.args:
            v = self.value(call.args[0], ctx)
            if q in ("builtins.str", "builtins.bytes") and isinstance(v, Const) and isinstance(v.value, (str, bytes)):
                return [v]
            if isinstance(v, ExtCall) and not isinstance(v, RequestInput):
                return [v]
            if q in ("builtins.str", "builtins.bytes"):
                return [UNKNOWN]
        if q in ("builtins.list", "builtins.tuple") and call.args:
            vals = self.values(call.args[0], ctx)
            return [v for v in vals if isinstance(v, Seq)] or [UNKNOWN]
        if q in PATH_FUNCS:
            return [self._path_call(q, call, ctx)]
        if q in MODULE_IMPORTERS and call.args:
            # (one module per name the argument can be: a loop over find_modules)
            names = [leaf for v in self.values(call.args[0], ctx) for leaf in leaves(v)]
            return [self._import_by_name(n.value) if isinstance(n, Const) and isinstance(n.value, str) else UNKNOWN for n in names] or [UNKNOWN]
        if q in MODULE_LISTERS:
            return [self._module_call(q, call, ctx)]
        if q.startswith("builtins."):
            return [UNKNOWN]
        return [ExtCall(q)]

    def _import_by_name(self, name: str) -> Value:
        """The project module (or the object in it) a dotted name names."""
        parts = name.replace(":", ".").split(".")
        for i in range(len(parts), 0, -1):
            mod = self.project.find_module(".".join(parts[:i]))
            if mod is None:
                continue
            value: Value = ModuleRef(mod.name)
            for attr in parts[i:]:
                got = self.attribute(value, attr)
                value = got[0] if len(got) == 1 else UNKNOWN
            return value
        return UNKNOWN

    def _module_call(self, q, call, ctx) -> Value:
        """``werkzeug.utils.find_modules("pkg.views")``: the project's
        modules in that package, by name, sorted as it yields them;
        ``import_string(name)`` / ``importlib.import_module(name)``: that
        module (or the object a dotted name ends with).  Read from the
        files, never imported."""
        arg = self.value(call.args[0], ctx) if call.args else UNKNOWN
        name = arg.value if isinstance(arg, Const) and isinstance(arg.value, str) else None
        if name is None or self.project.find_module(name) is None:
            return UNKNOWN
        flags = {kw.arg: self.value(kw.value, ctx) for kw in call.keywords or () if kw.arg}
        for i, key in enumerate(("include_packages", "recursive"), 1):
            if len(call.args) > i:
                flags[key] = self.value(call.args[i], ctx)
        if any(not isinstance(v, Const) for v in flags.values()):
            return UNKNOWN
        packages, recursive = bool(flags.get("include_packages", Const(False)).value), bool(flags.get("recursive", Const(False)).value)
        prefix = name + "."
        found = set()
        for m in self.project.modules:
            rest = m.name[len(prefix):] if m.name and m.name.startswith(prefix) else None
            if not rest or ("." in rest and not recursive) or (m.is_pkg and not packages):
                continue
            found.add(m.name)
        return Seq(tuple(Const(n) for n in sorted(found)))

    def _path_call(self, q, call, ctx) -> Value:
        """``os.path.join/dirname/abspath/...`` of known strings (paths built
        from ``__file__``): computed as text, nothing touches the disk."""
        import posixpath

        args = []
        for a in call.args:
            v = self.value(a, ctx)
            if not (isinstance(v, Const) and isinstance(v.value, str)) or isinstance(a, nodes.Starred):
                return UNKNOWN
            args.append(v.value)
        if not args or call.keywords:
            return UNKNOWN
        if q == "os.path.join":
            return Const(posixpath.join(*args))
        if len(args) != 1:
            return UNKNOWN
        (p,) = args
        if q == "os.path.dirname":
            return Const(posixpath.dirname(p))
        if q == "os.path.basename":
            return Const(posixpath.basename(p))
        if q in ("os.path.abspath", "os.path.realpath", "os.path.normpath"):
            if q != "os.path.normpath" and not p.startswith("/"):
                return UNKNOWN  # relative to the working directory: unknown
            return Const(posixpath.normpath(p))
        return UNKNOWN

    def _method_call(self, bm: BoundMethod, call, ctx) -> List[Value]:
        base, name = bm.obj, bm.name
        if isinstance(base, Instance):
            got = self.class_attr(base.cls_node, name) or []
            out = []
            for g in got:
                if isinstance(g, FunctionRef):
                    out.extend(self.returns(g.node, Ctx(g.node, call, ctx, self_value=base)))
            return out or [UNKNOWN]
        if isinstance(base, Mapping):
            if name == "get" and call.args:
                key = self.value(call.args[0], ctx)
                default = self.value(call.args[1], ctx) if len(call.args) > 1 else Const(None)
                if isinstance(key, Const):
                    got = base.get(key.value)
                    if got is not None:
                        return [got]
                    return [default] if base.complete else [UNKNOWN]
                opts = tuple(v for _, v in base.items) + (default,)
                return [Choice(opts)]
            if name == "copy":
                return [base]
        if isinstance(base, Const) and isinstance(base.value, str):
            if name in ("lower", "upper", "strip", "lstrip", "rstrip", "title", "casefold") and not call.args:
                return [Const(getattr(base.value, name)())]
            if name == "encode":
                return [Const(base.value.encode())]
        if isinstance(base, EnvVar) and name in ("lower", "upper", "strip", "casefold"):
            return [UNKNOWN]
        if isinstance(base, ExtCall):
            if name in ENCODER_METHODS:
                return [base]
            if name == "get" and base.qualname == "flask.request.get_json":
                key = self.value(call.args[0], ctx) if call.args else UNKNOWN
                return [RequestInput(base.qualname + ".get", "json", key_str(key))]
        return [UNKNOWN]

    # -- parameters -------------------------------------------------------------
    def _infer_param(self, a: nodes.AssignName, ctx) -> List[Value]:
        args: nodes.Arguments = a.parent
        func = args.parent
        if not isinstance(func, FUNC_TYPES):
            return [UNKNOWN]
        positional = list(args.posonlyargs or []) + list(args.args or [])
        is_method = isinstance(func.parent, nodes.ClassDef) and not _is_staticmethod(func)
        if is_method and positional and positional[0] is a:
            if ctx is not None and ctx.func is func and ctx.self_value is not None:
                return [ctx.self_value]
            if _is_classmethod(func) or func.name == "__new__":
                return [ClassRef(func.parent)]  # (__new__ receives the class, like a classmethod)
            return self.instances(func.parent) or [UNKNOWN]
        if ctx is not None and ctx.func is func:
            return self._bind(a, func, ctx)
        if len(self.project.modules_calling(func.name)) > limits.MAX_SCAN_MODULES:
            return self._annotated_objects(a, args) or [UNKNOWN]
        sites = self.call_sites(func)
        if not sites:
            # Called from outside the project (a plugin hook, a CLI): an
            # annotation naming Flask/Blueprint still says what it receives.
            typed = self._annotated_objects(a, args)
            if typed is not None:
                return typed
            if _called_by_framework(func):
                # @click.option, @app.route, @pytest.fixture...: the
                # decorator's caller passes the arguments; the Python
                # default says nothing about them
                return [UNKNOWN]
            default = _param_default(a, args)
            return self.values(default, None) if default is not None else [UNKNOWN]
        out = []
        for call, site_ctx_self in sites:
            out.extend(self._bind(a, func, Ctx(func, call, None, self_value=site_ctx_self)))
        if func.name in CLI_FACTORIES and isinstance(func.parent, nodes.Module):
            # `flask --app pkg run` calls create_app() with no arguments too
            default = _param_default(a, args)
            if default is not None:
                out.extend(self.values(default, None))
        return out

    def _annotated_objects(self, a, args) -> Optional[List[Value]]:
        ann = _param_annotation(a, args)
        if ann is None or self.known_objects is None:
            return None
        for v in self.values(ann):
            kind = flask_class_kind(v.qualname, self.project.knowledge) if isinstance(v, ExtName) else None
            if kind in ("app", "blueprint"):
                objs = self.known_objects(kind)
                if len(objs) == 1:
                    return [ObjectRef(objs[0])]
                return None
        return None

    def _bind(self, a, func, ctx: Ctx) -> List[Value]:
        args = func.args
        call = ctx.call
        positional = list(args.posonlyargs or []) + list(args.args or [])
        is_method = isinstance(func.parent, nodes.ClassDef) and not _is_staticmethod(func)
        if is_method and positional:
            positional = positional[1:]
        # keyword first
        if a in positional or a in (args.kwonlyargs or []):
            for kw in call.keywords or ():
                if kw.arg == a.name:
                    return self.values(kw.value, ctx.parent)
            if any(kw.arg is None for kw in call.keywords or ()):
                return [UNKNOWN]
        if a in positional:
            idx = positional.index(a)
            plain = []
            for arg in call.args:
                if isinstance(arg, nodes.Starred):
                    return [UNKNOWN]
                plain.append(arg)
            if idx < len(plain):
                return self.values(plain[idx], ctx.parent)
        default = _param_default(a, args)
        if default is not None:
            return self.values(default, None)
        return [UNKNOWN]

    def call_sites(self, func) -> list:
        """Calls in the project that reach ``func``: (call, self value)."""
        return self._memo("sites", self._call_sites, id(func), lambda key: self._call_sites_uncached(func, key))

    def _call_sites_uncached(self, func, key) -> list:
        taint = self._taint
        name = func.name
        sites = []
        is_method = isinstance(func.parent, nodes.ClassDef)
        for mod in self.project.modules_calling(name):
            if len(sites) >= limits.MAX_CALL_SITES:
                break
            tree = self.project.tree(mod)
            if tree is None:
                continue
            for call in self.project.index(tree).calls_by_name.get(name, ()):
                f = call.func
                for fv in self.values(f):
                    if isinstance(fv, FunctionRef) and fv.node is func:
                        sites.append((call, None))
                    elif is_method and isinstance(fv, BoundMethod):
                        if isinstance(fv.obj, Instance):
                            got = self.class_attr(fv.obj.cls_node, name) or []
                            if any(isinstance(g, FunctionRef) and g.node is func for g in got):
                                sites.append((call, fv.obj))
                        elif isinstance(fv.obj, ObjectRef) and fv.obj.obj.cls_node is not None:
                            got = self.class_attr(fv.obj.obj.cls_node, name) or []
                            if any(isinstance(g, FunctionRef) and g.node is func for g in got):
                                sites.append((call, fv.obj))
        if self._taint == taint:
            self._call_sites[key] = sites
        else:  # cut short: compute again when asked again
            del self._call_sites[key]
        return sites


def _param_default(a, args: nodes.Arguments):
    positional = list(args.posonlyargs or []) + list(args.args or [])
    if a in positional:
        idx = positional.index(a)
        offset = len(positional) - len(args.defaults or [])
        if idx >= offset:
            return args.defaults[idx - offset]
        return None
    kwonly = list(args.kwonlyargs or [])
    if a in kwonly:
        d = (args.kw_defaults or [None] * len(kwonly))[kwonly.index(a)]
        return d
    return None


def _param_annotation(a, args: nodes.Arguments):
    positional = list(args.posonlyargs or [])
    if a in positional:
        return (args.posonlyargs_annotations or [None] * len(positional))[positional.index(a)]
    if a in (args.args or []):
        return (args.annotations or [None] * len(args.args))[args.args.index(a)]
    if a in (args.kwonlyargs or []):
        return (args.kwonlyargs_annotations or [None] * len(args.kwonlyargs))[args.kwonlyargs.index(a)]
    return None


def _decorator_names(func) -> List[str]:
    out = []
    if func.decorators:
        for d in func.decorators.nodes:
            if isinstance(d, nodes.Name):
                out.append(d.name)
            elif isinstance(d, nodes.Attribute):
                out.append(d.attrname)
    return out


_PLAIN_DECORATORS = frozenset(["staticmethod", "classmethod", "wraps", "lru_cache", "cache", "cached_property", "property"])


def _called_by_framework(func) -> bool:
    """The function has a decorator that may call it with its own
    arguments (anything but the plain wrappers of the standard library)."""
    if not func.decorators:
        return False
    for d in func.decorators.nodes:
        target = d.func if isinstance(d, nodes.Call) else d
        name = target.attrname if isinstance(target, nodes.Attribute) else getattr(target, "name", None)
        if name not in _PLAIN_DECORATORS:
            return True
    return False


def _is_staticmethod(func) -> bool:
    return "staticmethod" in _decorator_names(func)


def _is_classmethod(func) -> bool:
    return "classmethod" in _decorator_names(func)
