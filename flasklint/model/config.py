"""Configuration writes: every route to ``app.config``.

Called by the model builder for ``app.config[...] =``, ``app.debug =``,
``app.secret_key =``, ``config.update/from_mapping/from_object/from_pyfile/
from_file/from_envvar/from_prefixed_env``, ``config |= {...}``, INI files
loaded with konfig or configparser, and ``os.environ[...] =`` writes.
"""

from __future__ import annotations

import os
from typing import List, Optional

from astroid import nodes

from flasklint.model import config_detached, configfiles
from flasklint.model.facts import ConfigLoad, ConfigWrite, EnvWrite
from flasklint.resolve.scopes import lookup
from flasklint.resolve.values import (
    UNKNOWN,
    Choice,
    ClassRef,
    ConfigRef,
    Const,
    EnvVar,
    Fallback,
    Instance,
    Mapping,
    ModuleRef,
    Value,
    const_str,
    leaves,
)
from flasklint.source.files import inside_root
from flasklint.source.walk import nodes_of

# app attributes that are config keys
APP_ATTR_KEYS = {
    "debug": "DEBUG",
    "secret_key": "SECRET_KEY",
    "testing": "TESTING",
    "permanent_session_lifetime": "PERMANENT_SESSION_LIFETIME",
    "session_cookie_name": "SESSION_COOKIE_NAME",
}


# app attributes that are objects Flask uses (not config keys)
APP_OBJECT_ATTRS = ("session_interface",)


def _write(model, app, key, value, node, via, source="code", load=None, container=None, container_node=None, location=None):

    loc = location or model.project.location(value.origin if (value is not None and value.origin is not None and _same_file(value.origin, node)) else node)
    w = ConfigWrite(app, key, value, loc, via, source, load, container, container_node, node)
    model.config.append(w)
    if app is not None:
        app.config.append(w)
    return w


def _same_file(a, b) -> bool:
    return a.root() is b.root()


def _apps(model, node) -> list:
    """Apps whose config ``node`` (``app.config`` or an alias) is."""
    out = []
    for v in model.resolver.values(node):
        for leaf in leaves(v):
            if isinstance(leaf, ConfigRef) and leaf.app not in out:
                out.append(leaf.app)
    return out


def never_a_setting(key_node) -> bool:
    """A subscript key that no rule can care about whatever is written: a
    literal that is not an all-uppercase string (``row["name"]``,
    ``df["x"]``, ``items[0]``).  Flask and its extensions read only
    uppercase configuration keys (``app.config["debug"]`` does not turn the
    debugger on; ``from_object``/``from_mapping`` drop lowercase names), the
    environment variables the rules read (``FLASK_DEBUG``, ``FLASK_*``) are
    uppercase, and every rule compares keys with uppercase names.  Such a
    ``d[key] = v`` is not probed: asking what ``d`` is followed its
    parameters to every caller, and made the incremental cache's replays
    read many files."""
    if not isinstance(key_node, nodes.Const):
        return False
    k = key_node.value
    return not isinstance(k, str) or k != k.upper()


def assign_target(model, target, value_node, stmt):
    if isinstance(target, nodes.Subscript):
        if never_a_setting(target.slice):
            return
        # which object is written comes first: resolving the key of every
        # ``d[k] = v`` in a project would be wasted work (and a key can be
        # the result of a deeply recursive call).
        with model.resolver.bounded_query() as probe:
            apps = _apps(model, target.value)
            environ = not apps and model.resolver.qualname(target.value) == "os.environ"
        if probe.gave_up or (not apps and not environ):
            return
        key = const_str(model.resolver.value(target.slice))
        if apps and key is not None:
            value = model.resolver.value(value_node)
            for app in apps:
                _write(model, app, key, value, stmt, f"{app.label}.config[{key!r}]")
            return
        if apps:
            # app.config[name] = value with a key flasklint cannot read
            for app in apps:
                _opaque(model, app, "setitem", stmt)
            return
        # os.environ['FLASK_DEBUG'] = '1'
        if key is not None:

            value = model.resolver.value(value_node)
            model.env_writes.append(EnvWrite(key, value, stmt, model.project.location(stmt)))
    elif isinstance(target, nodes.AssignAttr):
        key = APP_ATTR_KEYS.get(target.attrname)
        if key is None:
            if target.attrname in APP_OBJECT_ATTRS:
                for app in model.objects(target.expr, "app"):
                    model.app_attr_write(app, target.attrname, model.resolver.value(value_node), stmt)
            return
        objs = model.objects(target.expr, "app")
        if objs:
            value = model.resolver.value(value_node)
            for app in objs:
                _write(model, app, key, value, stmt, f"{app.label}.{target.attrname}")


def env_call(model, call, method):
    """``os.environ.setdefault(k, v)``, ``os.environ.update({k: v}, k=v)``,
    ``os.putenv(k, v)``: recorded as EnvWrites (``via`` = the method)."""

    r = model.resolver
    if method in ("setdefault", "putenv"):
        if len(call.args) < 2:
            return
        key = const_str(r.value(call.args[0]))
        if key is not None:
            model.env_writes.append(EnvWrite(key, r.value(call.args[1]), call, model.project.location(call), method))
        return
    for a in call.args:
        v = r.value(a)
        if isinstance(v, Mapping):
            for k, val in v.items:
                key = const_str(k)
                if key is not None:
                    node = val.origin if val.origin is not None else call
                    model.env_writes.append(EnvWrite(key, val, node, model.project.location(node), method))
    for kw in call.keywords or ():
        if kw.arg:
            model.env_writes.append(EnvWrite(kw.arg, r.value(kw.value), kw, model.project.location(kw), method))


def augassign(model, node):
    target = node.target
    if isinstance(target, nodes.AssignAttr) and target.attrname == "config":
        apps = model.objects(target.expr, "app")
    else:
        apps = _apps(model, target) if isinstance(target, nodes.Name) else []
    if not apps:
        return
    value = model.resolver.value(node.value)
    for app in apps:
        _write_mapping(model, app, value, node, f"{app.label}.config |= {{...}}", uppercase_only=False)


def _opaque(model, app, method, node):
    """A write whose keys flasklint cannot see (``config.update(settings)``
    with an unknown mapping, ``config[k] = v``): recorded as an unresolved
    load so that rules asking "is KEY configured?" stay silent."""

    load = ConfigLoad(app, method, node, [], True, resolved=False)
    app.loads.append(load)
    model.loads.append(load)


def _write_mapping(model, app, value, node, via, uppercase_only, source="code", load=None):
    if isinstance(value, Choice):
        # chosen at run time (a factory's test_config=None default): each
        # mapping candidate is written; anything else is opaque
        for opt in leaves(value):
            if isinstance(opt, Mapping):
                _write_mapping(model, app, opt, node, via, uppercase_only, source, load)
            elif not (isinstance(opt, Const) and opt.value is None):
                _opaque(model, app, "update", node)
        return
    if not isinstance(value, Mapping):
        if not (isinstance(value, Const) and value.value is None):
            _opaque(model, app, "update", node)
        return
    if not value.complete:
        _opaque(model, app, "update", node)
    for k, v in value.items:
        key = const_str(k)
        if key is None or (uppercase_only and not key.isupper()):
            continue
        _write(model, app, key, v, v.origin if v.origin is not None else node, via, source, load)


def config_call(model, app, attr, call):

    r = model.resolver
    label = app.label
    if attr in ("update", "from_mapping"):
        upper = attr == "from_mapping"
        for a in call.args:
            ini = _ini_source(model, a)
            if ini is not None:
                _load_ini(model, app, call, *ini)
                continue
            ops = config_detached.operations(model, a)
            if ops is not None:
                _apply_detached(model, app, ops)
                continue
            _write_mapping(model, app, r.value(a), call, f"{label}.config.{attr}(...)", upper)
        for kw in call.keywords or ():
            if kw.arg is None:
                _write_mapping(model, app, r.value(kw.value), call, f"{label}.config.{attr}(...)", upper)
            elif not upper or kw.arg.isupper():
                _write(model, app, kw.arg, r.value(kw.value), kw, f"{label}.config.{attr}({kw.arg}=...)")
        return
    if attr == "from_object" and call.args:
        _from_object(model, app, call)
        return
    if attr == "from_pyfile" and call.args:
        _from_pyfile(model, app, call)
        return
    if attr == "from_file" and call.args:
        _from_file(model, app, call)
        return
    if attr in ("from_envvar", "from_prefixed_env"):
        load = ConfigLoad(app, attr, call, [], True, from_environment=True)
        if attr == "from_envvar" and call.args:
            var = const_str(r.value(call.args[0]))
            load.targets = [f"${var}" if var else "$?"]
        if attr == "from_prefixed_env":
            prefix = const_str(r.value(call.args[0])) if call.args else None
            if prefix is None:
                for kw in call.keywords or ():
                    if kw.arg == "prefix":
                        prefix = const_str(r.value(kw.value))
            load.targets = [(prefix or "FLASK") + "_*"]
        app.loads.append(load)
        model.loads.append(load)


def _apply_detached(model, app, ops):
    """Replay on ``app`` what a helper did to a standalone flask.Config it
    returned (see config_detached)."""
    r = model.resolver
    for op in ops:
        if op[0] == "load":
            _, attr, call = op
            config_call(model, app, attr, call)
            continue
        _, key_node, value_node, stmt = op
        key = const_str(r.value(key_node))
        if key is None:
            _opaque(model, app, "setitem", stmt)
        elif key.isupper():
            _write(model, app, key, r.value(value_node), stmt, f"config[{key!r}], merged into {app.label}.config")


def _from_object(model, app, call):

    r = model.resolver
    arg = call.args[0]
    top = r.values(arg)
    options = []
    for v in top:
        for leaf in _candidates(v):
            if leaf not in options:
                options.append(leaf)
    certain = len(options) == 1
    load = ConfigLoad(app, "from_object", call, [], certain)
    outside = _options_outside_tests(model, call, arg)
    load.certain_outside_tests = certain if outside is None else len(outside) == 1
    app.loads.append(load)
    model.loads.append(load)
    near = model.project.module_of(call)
    if not certain:
        target, env = _default_choice(model, call, arg)
        if isinstance(target, Const) and isinstance(target.value, str):
            target = import_string(model, target.value, near)
        if isinstance(target, ClassRef):
            load.default_target, load.default_env = target.node.name, env
    for opt in options:
        target = opt
        if isinstance(opt, Const) and isinstance(opt.value, str):
            target = import_string(model, opt.value, near)
        if isinstance(target, Instance):
            target = ClassRef(target.cls_node)
        if isinstance(target, ClassRef):
            load.targets.append(target.node.name)
            _load_class(model, app, target.node, load)
        elif isinstance(target, ModuleRef):
            mod = model.project.find_module(target.modname, near)
            if mod is not None:
                load.targets.append(mod.name)
                _load_module(model, app, mod, load, "module")
        elif isinstance(target, EnvVar):
            load.from_environment = True
        else:
            load.resolved = False


def _candidates(v: Value) -> List[Value]:
    """What ``from_object(v)`` can load: the leaves of ``v``, leaving out
    the falsy primaries of ``x or default`` (``config or "pkg.Config"``
    loads the default when ``config`` is None)."""
    if isinstance(v, Fallback):
        primary = [leaf for leaf in _candidates(v.primary) if leaf.truth() is not False]
        return primary + _candidates(v.fallback)
    if isinstance(v, Choice):
        out = []
        for o in v.options:
            out.extend(_candidates(o))
        return out
    if isinstance(v, EnvVar) and v.default is not None:
        # os.environ.get("APP_SETTINGS", default): the variable's file, or
        # the default when the deployment does not set it
        return [EnvVar(v.name)] + _candidates(v.default)
    return [v]


def _when_unset(v: Value):
    """The value ``v`` takes when the environment sets nothing, and the
    variable's name: ``os.getenv("X") or "dev"`` and ``os.getenv("X",
    "dev")`` give ("dev", "X"); (None, None) otherwise."""
    if isinstance(v, EnvVar) and not v.required and isinstance(v.default, Const):
        return v.default, v.name
    if isinstance(v, Fallback) and isinstance(v.primary, EnvVar) and isinstance(v.fallback, Const):
        if v.primary.default is None and not v.primary.required:
            return v.fallback, v.primary.name
    return None, None


def _default_choice(model, call, arg):
    """For ``from_object(configs[key])`` whose key comes from one
    environment variable with a literal default -- in every call of the
    factory outside test code (``create_app(os.getenv("APP_ENV") or
    "dev")``) -- the config loaded when the deployment sets nothing, and
    the variable's name."""
    from flasklint.resolve.context import Ctx

    if not isinstance(arg, nodes.Subscript):
        return None, None
    r = model.resolver
    func = call.scope()
    keys: List[Value] = []
    sites = r.call_sites(func) if isinstance(func, (nodes.FunctionDef, nodes.AsyncFunctionDef)) else []
    kept = [(site, selfv) for site, selfv in sites if not _in_test_code(model, site)]
    if kept:
        for site, selfv in kept:
            keys.extend(r.values(arg.slice, Ctx(func, site, None, self_value=selfv)))
    else:
        keys = r.values(arg.slice)
    found = {_when_unset(k) for k in keys}
    if len(found) != 1:
        return None, None
    (default, env), = found
    if default is None:
        return None, None
    for mapping in r.values(arg.value):
        if isinstance(mapping, Mapping):
            got = mapping.get(default.value)
            if got is not None:
                return got, env
    return None, None


def _options_outside_tests(model, call, arg) -> Optional[List[Value]]:
    """When ``arg`` depends on a parameter of the factory holding ``call``
    and some of the factory's call sites are in test code
    (``create_app(TestConfig)`` in ``tests/conftest.py``): the candidates
    reached from the other call sites.  None when tests do not call it."""
    from flasklint.resolve.context import Ctx

    r = model.resolver
    func = call.scope()
    if not isinstance(func, (nodes.FunctionDef, nodes.AsyncFunctionDef)):
        return None
    sites = r.call_sites(func)
    kept = [(site, selfv) for site, selfv in sites if not _in_test_code(model, site)]
    if len(kept) == len(sites) or not kept:
        return None
    out: List[Value] = []
    for site, selfv in kept:
        for v in r.values(arg, Ctx(func, site, None, self_value=selfv)):
            for leaf in _candidates(v):
                if leaf not in out:
                    out.append(leaf)
    return out


def _in_test_code(model, node) -> bool:
    mod = model.project.module_of(node)
    return mod is not None and model.project.in_tests(mod.path)


def import_string(model, dotted: str, near=None) -> Value:
    """Resolve ``'pkg.config.ProductionConfig'`` without importing it."""
    parts = dotted.replace(":", ".").split(".")
    for i in range(len(parts), 0, -1):
        mod = model.project.find_module(".".join(parts[:i]), near)
        if mod is None:
            continue
        value: Value = ModuleRef(mod.name)
        for attr in parts[i:]:
            got = model.resolver.attribute(value, attr)
            value = got[0] if len(got) == 1 else UNKNOWN
        return value
    return UNKNOWN


def _load_class(model, app, cls, load):
    r = model.resolver
    seen = set()
    for c in r.mro(cls):
        for name in c.locals:
            if not name.isupper() or name in seen:
                continue
            seen.add(name)
            _, chosen = r.class_attr_defs(cls, name)
            for d in chosen:
                if isinstance(d, nodes.AssignName):
                    value = r._infer_assignname(d, None)
                    value = value[0] if len(value) == 1 else Choice(tuple(value))
                    owner_name = getattr(d.scope(), "name", c.name)
                    via = f"{owner_name}, loaded by {app.label} via from_object"
                    if owner_name != cls.name:
                        via = f"{owner_name} (inherited by {cls.name}), loaded by {app.label} via from_object"
                    stmt = d.statement()
                    _write(model, app, name, value, stmt, via, "object", load, cls.name, cls)


def _load_module(model, app, mod, load, source, via_method="from_object"):
    r = model.resolver
    tree = model.project.tree(mod)
    if tree is None:
        return
    for name in list(tree.locals):
        if not name.isupper():
            continue
        vals = r.module_attr(mod, name)
        defs = tree.locals[name]
        stmt = defs[-1].statement() if defs else tree
        value = vals[0] if len(vals) == 1 else Choice(tuple(vals))
        via = f"{mod.display}, loaded by {app.label} via {via_method}"
        _write(model, app, name, value, stmt, via, source, load, mod.display, tree)


def _config_path(model, app, call, path_node, path: Optional[str] = None, report: bool = True) -> Optional[str]:
    """The file a from_pyfile/from_file call reads (``path`` when given,
    else the value of ``path_node``), or None (reported unless ``report``
    is false: a default the environment may replace)."""

    if path is None:
        path = const_str(model.resolver.value(path_node))
    if path is None:
        return None
    if not _nameable(path):
        if report:
            model.unresolved.append((model.project.location(call), f"configuration file {path!r} cannot name a file; not read"))
        return None
    if os.path.isabs(path) and inside_root(path, model.project.root):
        return os.path.normpath(path)  # built from __file__
    if os.path.isabs(path):
        if report:
            model.unresolved.append((model.project.location(call), f"configuration file {path!r} is outside the project; not read"))
        return None
    relative_to_instance = const_truth(app.option("instance_relative_config"))
    base = app.instance_path if relative_to_instance else app.root_path
    full = os.path.normpath(os.path.join(base, path))
    if not inside_root(full, model.project.root):
        if report:
            model.unresolved.append((model.project.location(call), f"configuration file {path!r} resolves outside the project; not read"))
        return None
    return full


def _nameable(path: str) -> bool:
    """A string the file system can take as a name: no NUL byte, no lone
    surrogate (``"a\x00.cfg"`` makes every os call raise ValueError)."""
    if "\x00" in path:
        return False
    try:
        os.fsencode(path)
    except UnicodeError:
        return False
    return True


def const_truth(v) -> bool:
    return bool(v is not None and isinstance(v, Const) and v.value)


def _silent(model, call, position: int = 1) -> bool:
    """``silent=`` of from_pyfile (2nd argument) or from_file (3rd)."""
    for kw in call.keywords or ():
        if kw.arg == "silent":
            return const_truth(model.resolver.value(kw.value))
    if len(call.args) > position:
        return const_truth(model.resolver.value(call.args[position]))
    return False


def _from_pyfile(model, app, call):

    # The files it may read: a literal, a factory parameter's default or
    # its callers' arguments, an environment variable's default.
    options: List[Value] = []
    for v in model.resolver.values(call.args[0]):
        for leaf in _candidates(v):
            if leaf not in options:
                options.append(leaf)
    paths = [const_str(o) for o in options if const_str(o) is not None]
    load = ConfigLoad(app, "from_pyfile", call, [], len(options) == 1)
    load.certain_outside_tests = load.certain
    app.loads.append(load)
    model.loads.append(load)
    load.from_environment = any(isinstance(o, EnvVar) for o in options)
    if len(paths) < len(options) and not load.from_environment:
        load.resolved = False  # (a file flasklint cannot name)
    if not paths:
        load.resolved = False
        return
    for path in paths:
        _pyfile(model, app, call, load, path, report=load.certain and not load.from_environment)  # (one of several: a guess, not reported)


def _pyfile(model, app, call, load, path, report=True):
    full = _config_path(model, app, call, call.args[0], path, report)
    if full is None:
        load.resolved = False
        return
    load.targets.append(model.project.display_path(full))
    if not model.project.isfile(full):
        load.resolved = False
        if report and not _silent(model, call):
            model.unresolved.append((model.project.location(call), f"configuration file {model.project.display_path(full)!r} does not exist"))
        return
    mod = model.project.module_at(full) or model.project.extra_module(full)
    if mod is None:
        load.resolved = False
        return
    tree = model.project.tree(mod)
    if tree is None:  # (a syntax error: FL001 reports the file)
        load.resolved = False
        return
    # from_pyfile executes the file: one that parses but reads names nothing
    # defines -- an INI file given to the wrong loader ("[flask]", "true") --
    # stops the app at start-up, silent or not.
    undefined = first_undefined_name(tree)
    if undefined is not None:
        load.resolved = False
        model.unresolved.append(
            (
                model.project.location(call),
                f"configuration file {model.project.display_path(full)!r} cannot be loaded by from_pyfile(), which executes it: "
                f"line {undefined[1]} uses {undefined[0]!r}, which nothing defines (an INI section or value?), so the app fails "
                f"at start-up with NameError; read an INI file with configparser",
            )
        )
        return
    _load_module(model, app, mod, load, "pyfile", "from_pyfile")


def first_undefined_name(tree):
    """(name, line) of the first name a module's top-level code reads
    before anything binds it (and that is no builtin): executing the module
    raises NameError there.  Only statements that run unconditionally, in
    order, are followed; None when nothing is certain."""
    import builtins

    bound = set(dir(builtins)) | {"__file__", "__name__", "__doc__", "__builtins__", "__spec__", "__loader__", "__package__"}
    for stmt in tree.body:
        if isinstance(stmt, (nodes.Import, nodes.ImportFrom)):
            if any(n == "*" for n, _ in stmt.names):
                return None
            bound.update((alias or n).split(".")[0] for n, alias in stmt.names)
            continue
        if isinstance(stmt, (nodes.FunctionDef, nodes.AsyncFunctionDef, nodes.ClassDef)):
            bound.add(stmt.name)
            continue
        if not isinstance(stmt, (nodes.Expr, nodes.Assign, nodes.AnnAssign, nodes.AugAssign)):
            return None  # (branches, loops, try: what runs is not certain)
        value = stmt.value
        if value is None:
            continue
        for name in nodes_of(value, nodes.Name, (nodes.Lambda, nodes.ListComp, nodes.SetComp, nodes.DictComp, nodes.GeneratorExp)):
            if name.name not in bound:
                return name.name, name.lineno
        for target in getattr(stmt, "targets", None) or [getattr(stmt, "target", None)]:
            for t in nodes_of(target, nodes.AssignName) if target is not None else ():
                bound.add(t.name)
    return None


def _from_file(model, app, call):

    load = ConfigLoad(app, "from_file", call, [], True)
    app.loads.append(load)
    model.loads.append(load)
    full = _config_path(model, app, call, call.args[0])
    if full is None:
        load.resolved = False
        return
    loader = call.args[1] if len(call.args) > 1 else next((k.value for k in call.keywords or () if k.arg == "load"), None)
    q = (model.resolver.qualname(loader) if loader is not None else None) or ""
    if "toml" in q.split(".")[0]:  # tomllib.load, tomli.load, toml.load
        parse = configfiles.parse_toml_config
    elif q in ("json.load", "json.loads") or q.startswith(("simplejson.", "ujson.", "orjson.")):
        parse = configfiles.parse_json_config
    else:  # YAML, a project's own loader...: a format flasklint does not read
        load.resolved = False
        return
    load.targets.append(model.project.display_path(full))
    if not model.project.isfile(full):
        load.resolved = False
        if not _silent(model, call, 2):
            model.unresolved.append((model.project.location(call), f"configuration file {model.project.display_path(full)!r} does not exist"))
        return
    text = model.project.read_config_file(full)
    if text is None:
        load.resolved = False
        return
    items = parse(text)
    if items is None:
        model.unresolved.append((model.project.file_location(full, 1), "configuration file cannot be parsed"))
        load.resolved = False
        return
    for key, value, line in items:
        if key.isupper():
            _write(model, app, key, Const(value), call, f"{model.project.display_path(full)}, loaded by {app.label} via from_file", "file", load, location=model.project.file_location(full, line))


# -- INI files -------------------------------------------------------------------


def _ini_source(model, node):
    """(path, section, lowercase_keys) for ``Config('x.ini').get_map('s')``
    (konfig) or ``parser['s']`` / ``parser.items('s')`` (configparser)."""
    r = model.resolver
    inner = node
    if isinstance(inner, nodes.Call) and r.qualname(inner.func) == "builtins.dict" and inner.args:
        inner = inner.args[0]
    # konfig: Config(path).get_map(section)
    if isinstance(inner, nodes.Call) and isinstance(inner.func, nodes.Attribute) and inner.func.attrname in ("get_map", "items"):
        ctor = _constructor_call(inner.func.expr)
        section = const_str(r.value(inner.args[0])) if inner.args else None
        if ctor is not None and section is not None:
            q = r.qualname(ctor.func) or ""
            if q.endswith("konfig.Config") and ctor.args:
                path = const_str(r.value(ctor.args[0]))
                return (path, section, False, node) if path else None
            if q.startswith("configparser."):
                path = _configparser_path(model, inner.func.expr)
                return (path, section, True, node) if path else None
    if isinstance(inner, nodes.Subscript):
        ctor = _constructor_call(inner.value)
        section = const_str(r.value(inner.slice))
        if ctor is not None and section is not None and (r.qualname(ctor.func) or "").startswith("configparser."):
            path = _configparser_path(model, inner.value)
            return (path, section, True, node) if path else None
    return None


def _constructor_call(node):
    if isinstance(node, nodes.Call):
        return node
    if isinstance(node, nodes.Name):
        _, assigns = lookup(node, node.name)
        for a in assigns:
            if isinstance(a, nodes.AssignName) and isinstance(a.parent, nodes.Assign) and isinstance(a.parent.value, nodes.Call):
                return a.parent.value
    return None


def _configparser_path(model, parser_node) -> Optional[str]:
    if not isinstance(parser_node, nodes.Name):
        return None
    scope = parser_node.scope()
    for call in nodes_of(scope, nodes.Call):
        f = call.func
        if isinstance(f, nodes.Attribute) and f.attrname == "read" and isinstance(f.expr, nodes.Name) and f.expr.name == parser_node.name and call.args:
            return const_str(model.resolver.value(call.args[0]))
    return None


def load_ini_file(model, app, call, path, section, loader):
    """Load ``[section]`` of the INI file ``path`` (relative to the calling
    module or the project root) into ``app``'s configuration, keys as
    written (an extension's settings file; ``loader`` names it in messages)."""
    _load_ini(model, app, call, path, section, False, call, loader)


def unreadable_load(model, app, method, node):
    """Configuration loaded from something flasklint cannot read."""
    _opaque(model, app, method, node)


def _load_ini(model, app, call, path, section, lowercase, node, loader=None):

    load = ConfigLoad(app, "ini", call, [], True)
    app.loads.append(load)
    model.loads.append(load)
    mod = model.project.module_of(call)
    cands = [os.path.join(mod.directory, path), os.path.join(model.project.root, path)] if mod else [os.path.join(model.project.root, path)]
    existing = [os.path.normpath(c) for c in cands if model.project.isfile(c)]
    full = next((c for c in existing if inside_root(c, model.project.root)), None)
    if full is None:
        load.resolved = False
        if existing:  # found, but outside the project (or a link leading out of it)
            model.unresolved.append((model.project.location(call), f"configuration file {path!r} resolves outside the project; not read"))
        return
    text = model.project.read_config_file(full)
    if text is None:
        load.resolved = False
        return
    disp = model.project.display_path(full)
    load.targets.append(f"{disp} [{section}]")
    for key, raw, line in configfiles.parse_ini(text).get(section, []):
        if lowercase:
            key = key.lower()  # configparser's default optionxform
        value = Const(configfiles.ini_value(raw)) if not lowercase else Const(raw)
        _write(model, app, key, value, call, f"{disp} [{section}], loaded by {loader or app.label}", "ini", load, location=model.project.file_location(full, line))
