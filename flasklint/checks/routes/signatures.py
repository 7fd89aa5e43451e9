"""FL205: view signatures that do not match their URL variables."""

from __future__ import annotations

import re
from typing import Tuple

from astroid import nodes

from flasklint import routing as R
from flasklint.checks.registry import checker
from flasklint.checks.routes.common import all_apps
from flasklint.fixes.edits import UNSAFE, Fix, insert_after, insert_at
from flasklint.model.urlrules import rule_entries
from flasklint.resolve.values import Const, Mapping, const_str
from flasklint.source.walk import FUNC_TYPES, nodes_of

# ----------------------------------------------------------------------------
# FL205 view-args-mismatch


@checker("FL205")
def view_args_mismatch(ctx):
    seen = set()
    for app in all_apps(ctx):
        app_pre = _has_preprocessor(app)
        for fr in [e.fr for e in rule_entries(ctx.model, app) if not e.is_static]:
            route = fr.route
            key = (id(route.node), fr.rule)
            if key in seen or fr.rule is None or app_pre:
                continue
            if any(_has_preprocessor(reg.blueprint) for reg in fr.chain):
                continue
            names = R.variables(fr.rule)
            if names is None:
                continue
            extra, extra_known = _default_keys(fr)
            domain, domain_known = _domain_variables(fr)
            if not domain_known:
                continue  # (a subdomain or host flasklint cannot read may supply any name)
            problems = _view_problems(ctx, fr, set(names) | extra | domain, extra_known)
            if problems:
                seen.add(key)
                yield _mismatch_finding(ctx, fr, names, problems)


def _has_preprocessor(obj) -> bool:
    hooks = obj.hooks
    if "url_value_preprocessor" in hooks:
        return True
    if obj.kind == "app":
        # bp.app_url_value_preprocessor registers app-wide
        return any("app_url_value_preprocessor" in reg.blueprint.hooks for reg in obj.blueprints())
    return False


def _domain_variables(fr) -> Tuple[set, bool]:
    """The variables of the rule's ``subdomain=`` (the route's, its
    blueprints' registration or constructor) and ``host=``: Werkzeug passes
    them to the view like the path's (``subdomain="<tenant>"`` ->
    ``view(tenant)``).  (names, whether every such value was read)."""
    values = [fr.route.kwargs.get("subdomain"), fr.route.kwargs.get("host")]
    for reg in fr.chain:
        values += [reg.kwargs.get("subdomain"), reg.blueprint.kwargs.get("subdomain")]
    names: set = set()
    for v in values:
        if v is None or (isinstance(v, Const) and v.value is None):
            continue
        s = const_str(v)
        got = R.variables(s) if s is not None else None
        if got is None:
            return names, False
        names.update(got)
    return names, True


def _default_keys(fr) -> Tuple[set, bool]:
    keys, known = set(), True
    sources = [fr.route.kwargs.get("defaults")]
    for reg in fr.chain:
        sources += [reg.kwargs.get("url_defaults"), reg.blueprint.kwargs.get("url_defaults")]
    for v in sources:
        if v is None or (isinstance(v, Const) and v.value is None):
            continue
        if isinstance(v, Mapping) and v.complete:
            for k, _ in v.items:
                s = const_str(k)
                if s is None:
                    known = False
                else:
                    keys.add(s)
        else:
            known = False
    return keys, known


def _view_problems(ctx, fr, names: set, complete: bool):
    """[(function, unexpected names, missing names)] for what Flask calls."""
    route = fr.route
    view = route.view
    model = ctx.model
    if isinstance(view, FUNC_TYPES):
        if isinstance(view.parent, nodes.ClassDef) or not route.wrappers_known:
            return []
        for deco in route.wrappers:
            if not _transparent(model, deco):
                return []
        return _sig_problems(view, names, complete, skip_self=False)
    if isinstance(view, nodes.ClassDef):
        res = model.resolver
        kind = res.class_kind(view)
        if kind not in ("methodview", "view"):
            return []
        mro = res.mro(view)
        if res.class_attr(view, "decorators") is not None:
            return []
        if not _project_knows_mro(res, mro):
            return []
        dispatch = _lookup(mro, "dispatch_request")
        if kind == "view":
            return _sig_problems(dispatch, names, complete, skip_self=True) if dispatch is not None else []
        if dispatch is not None or route.methods is None:
            return []
        out = []
        done = set()
        for m in route.methods:
            handler = _lookup(mro, m.lower())
            if handler is None and m.upper() == "HEAD":
                handler = _lookup(mro, "get")
            if handler is None or id(handler) in done:
                continue
            done.add(id(handler))
            if handler.decorators and not all(_transparent(model, d) for d in handler.decorators.nodes):
                continue  # (a decorator on the method may supply arguments: @app.input, webargs)
            out += _sig_problems(handler, names, complete, skip_self=True)
        return out
    return []


def _project_knows_mro(res, mro) -> bool:
    """Every base outside the project is Flask's View/MethodView (a library
    base class could define handlers flasklint does not see)."""
    from flasklint.resolve.values import ClassRef, ExtName

    for cls in mro:
        for b in res.bases(cls):
            if isinstance(b, ClassRef):
                continue
            if isinstance(b, ExtName) and b.qualname in ("flask.views.MethodView", "flask.views.View", "builtins.object", "object"):
                continue
            return False
    return True


def _lookup(mro, name):
    for cls in mro:
        defs = cls.locals.get(name)
        if defs:
            d = defs[-1]
            return d if isinstance(d, FUNC_TYPES) else None
    return None


def _transparent(model, deco) -> bool:
    """A project decorator whose wrapper passes ``*args, **kwargs`` to the
    view unchanged (and takes nothing else)."""
    inner = model.project_wrapper(deco)
    if inner is None:
        return False
    outer = inner.parent
    while outer is not None and not isinstance(outer, FUNC_TYPES):
        outer = outer.parent
    if outer is None or not outer.args.args:
        return False
    wrapped = outer.args.args[0].name
    a = inner.args
    if a.vararg is None or a.kwarg is None or a.args or a.kwonlyargs or getattr(a, "posonlyargs", None):
        return False
    calls = [c for c in nodes_of(inner, nodes.Call) if isinstance(c.func, nodes.Name) and c.func.name == wrapped]
    if not calls:
        return False
    for c in calls:
        if len(c.args) != 1 or not isinstance(c.args[0], nodes.Starred) or getattr(c.args[0].value, "name", None) != a.vararg:
            return False
        if len(c.keywords or ()) != 1 or c.keywords[0].arg is not None or getattr(c.keywords[0].value, "name", None) != a.kwarg:
            return False
    return True


def _sig_problems(func, names: set, complete: bool, skip_self: bool):
    a = func.args
    if a is None or a.args is None:
        return []
    posonly = [x.name for x in (getattr(a, "posonlyargs", None) or [])]
    pk = [x.name for x in a.args]
    positional = posonly + pk
    defaults = len(a.defaults or [])
    required = positional[: len(positional) - defaults] if defaults else list(positional)
    if skip_self:
        if not positional:
            return []  # (*args, **kwargs) method: accepts anything
        first = positional[0]
        if first in posonly:
            posonly = posonly[1:]
        else:
            pk = pk[1:]
        required = [r for r in required if r != first]
    kwonly = [x.name for x in a.kwonlyargs]
    kw_required = [x.name for x, d in zip(a.kwonlyargs, a.kw_defaults or [None] * len(a.kwonlyargs)) if d is None]
    unexpected = []
    if a.kwarg is None:
        unexpected = sorted(n for n in names if n not in pk and n not in kwonly)
    missing = []
    if complete:
        missing = [p for p in required + kw_required if p not in names or p in posonly]
    if unexpected or missing:
        return [(func, unexpected, missing)]
    return []


def _def_location(ctx, func):
    """The ``def`` line of a function (astroid's lineno is its first
    decorator's)."""
    from flasklint.finding import Location

    loc = ctx.location(func)
    pos = getattr(func, "position", None)
    if pos is not None and pos.lineno:
        return Location(loc.path, pos.lineno, 1, pos.lineno, None)
    return loc


def _mismatch_finding(ctx, fr, names, problems):
    parts = []
    related = []
    for func, unexpected, missing in problems:
        label = f"{func.parent.name}.{func.name}()" if isinstance(func.parent, nodes.ClassDef) else f"{func.name}()"
        bits = []
        if unexpected:
            bits.append(f"does not accept URL variable{'s' if len(unexpected) > 1 else ''} {', '.join(repr(n) for n in unexpected)}")
        if missing:
            bits.append(f"requires {', '.join(repr(n) for n in missing)}, which no URL variable or defaults= supplies")
        parts.append(f"{label} {' and '.join(bits)}")
        related.append((_def_location(ctx, func), f"{label} defined here"))
    msg = f"{'; '.join(parts)} (rule {fr.rule}): every request to it fails with TypeError"
    return ctx.finding("FL205", fr.route.node, msg, related, fix=_add_parameters_fix(ctx, fr, names, problems))


def _add_parameters_fix(ctx, fr, names, problems):
    """``def user():`` for ``/users/<int:user_id>`` -> ``def user(user_id):``.
    Unsafe: the new parameter is unused until the view reads it.  Only for a
    plain function view of one rule that lacks URL variables (none it
    requires is missing) and whose signature has no defaults, ``*``,
    ``/`` or keyword-only parameters to insert among."""
    if len(problems) != 1:
        return None
    func, unexpected, missing = problems[0]
    a = func.args
    if missing or not unexpected or not isinstance(func, FUNC_TYPES) or isinstance(func.parent, nodes.ClassDef):
        return None
    if a.defaults or a.vararg or a.kwarg or a.kwonlyargs or getattr(a, "posonlyargs", None):
        return None
    if sum(1 for r in ctx.model.routes if r.view is func) != 1:
        return None  # (another rule of the same view may not supply it)
    ordered = [n for n in names if n in unexpected] + sorted(n for n in unexpected if n not in names)
    text = ", ".join(ordered)
    if a.args:
        last = a.annotations[-1] if a.annotations and a.annotations[-1] is not None else a.args[-1]
        return Fix(UNSAFE, f"Add the parameter{'s' if len(ordered) > 1 else ''} {text}", (insert_after(ctx.location(last), f", {text}"),))
    loc = ctx.location(func)
    pattern = re.compile(rf"(\s*(?:async\s+)?def\s+{re.escape(func.name)}\s*\()\s*\)")
    for n in range(loc.line, (func.body[0].lineno if func.body else loc.line) + 1):
        m = pattern.match(ctx.project.source_line(loc.path, n) or "")
        if m is not None:  # (the def line, below the decorators: "def name()")
            return Fix(UNSAFE, f"Add the parameter{'s' if len(ordered) > 1 else ''} {text}", (insert_at(n, len(m.group(1)) + 1, text),))
    return None
