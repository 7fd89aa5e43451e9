"""FL202 endpoint collisions and FL207 duplicate blueprint names."""

from __future__ import annotations

from typing import Dict, List

from astroid import nodes

from flasklint.checks.registry import checker
from flasklint.checks.routes.common import all_apps, exclusive_entries, report_node, view_label, where_declared
from flasklint.model.syntax import expected_to_raise
from flasklint.model.urlrules import duplicate_names, rule_entries
from flasklint.source.walk import FUNC_TYPES

# ----------------------------------------------------------------------------
# FL202 endpoint-collision


@checker("FL202")
def endpoint_collision(ctx):
    seen = set()
    for app in all_apps(ctx):
        owners: Dict[str, List] = {}
        for e in rule_entries(ctx.model, app):
            fr = e.fr
            if fr.endpoint is None or "_endpoint_unknown" in fr.route.kwargs or fr.route.view_key is None:
                continue
            if fr.chain and any(r.name is None for r in fr.chain):
                continue
            owners.setdefault(fr.endpoint, []).append(e)
        for endpoint, group in owners.items():
            for i, later in enumerate(group):
                for first in group[:i]:
                    if not _different_functions(first.route, later.route) or exclusive_entries(first, later):
                        continue
                    node = report_node(later, first)
                    if expected_to_raise(node):
                        break  # (a test checking that Flask refuses it)
                    key = (id(node), endpoint)
                    if key in seen:
                        break
                    seen.add(key)
                    yield _collision_finding(ctx, endpoint, first, later, node)
                    break


def _different_functions(r1, r2) -> bool:
    if r1.view_key == r2.view_key:
        return False
    explicit = r1.endpoint is not None and r2.endpoint is not None
    if not explicit and not (r1.wrappers_known and r2.wrappers_known):
        return False  # an unknown decorator may rename a view
    same_def = r1.view is not None and r1.view is r2.view
    if same_def and not (r1.wrappers_known and r2.wrappers_known):
        return False
    return True


def _collision_finding(ctx, endpoint, first, later, node):
    why = ""
    r1, r2 = first.route, later.route
    if r1.view is r2.view and isinstance(r1.view, nodes.ClassDef):
        why = " (as_view() makes a new function each time it is called)"
    elif r1.view is r2.view:
        why = " (a decorator between the stacked route decorators makes a new function)"
    elif r2.endpoint is None and r2.view_name and isinstance(r2.view, FUNC_TYPES) and r2.view_name != r2.view.name:
        why = f" ({r2.view.name}() reaches Flask as {r2.view_name!r}: a decorator returns a wrapper without functools.wraps)"
    confidence = None
    version = ""
    bare = _bare_use(ctx, r2) if r2.endpoint is None else None
    if bare is not None:
        d, ext = bare.record, bare.extension
        short = d.qualname.rsplit(".", 1)[-1]
        why = f" (@{short} used without parentheses: {ext.name}'s decorator factory then returns its inner {d.endpoint!r} as the view)"
        if d.since and not bare.version_pinned:
            version = f" (with {ext.name} {d.since} or later; no pinned version was found)"
            confidence = "MEDIUM"
    msg = (
        f"endpoint {endpoint!r} is already owned by {view_label(r1)} at {where_declared(ctx, r1)}; "
        f"registering {view_label(r2)} for it{why} raises AssertionError when the app is set up{version}"
    )
    return ctx.finding("FL202", node, msg, [(r1.location, f"{endpoint!r} first registered here")], confidence=confidence)


def _bare_use(ctx, route):
    """The extension decorator used bare that renames ``route``'s view."""
    for deco in route.wrappers:
        bare = ctx.model.bare_extension_decorator(deco)
        if bare is not None and bare.record.endpoint == route.view_name:
            return bare
    return None




# ----------------------------------------------------------------------------
# FL207 duplicate-blueprint-name


@checker("FL207")
def duplicate_blueprint_name(ctx):
    for app in all_apps(ctx):
        for full, first, reg in duplicate_names(app):
            if expected_to_raise(reg.node):
                continue  # (a test checking that Flask refuses it)
            same = first.blueprint is reg.blueprint
            msg = (
                f"blueprint name {full!r} is already registered on {app.label} at {where_declared(ctx, first)} "
                f"({'the same blueprint' if same else 'by a different blueprint'}): Flask raises ValueError at start-up; "
                f"pass name= to register it under another name"
            )
            yield ctx.finding("FL207", reg.node, msg, [(first.node, f"{full!r} first registered here")])
