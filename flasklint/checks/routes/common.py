"""What the route checks share: labels and places of views, rules from
registrations that cannot both run."""

from __future__ import annotations

from astroid import nodes

from flasklint.model.urlrules import Entry, exclusive
from flasklint.source.walk import FUNC_TYPES

# ----------------------------------------------------------------------------
# the app's rules, prepared once


def view_label(route) -> str:
    if route.kind == "static":
        return "Flask's static files view"
    if route.kind == "extension":
        return f"{route.installed_by}'s {route.effective_endpoint!r} view"
    v = route.view
    if isinstance(v, nodes.ClassDef):
        return f"{v.name}.as_view()"
    if isinstance(v, FUNC_TYPES):
        return f"{v.name}()"
    return f"endpoint {route.effective_endpoint!r}" if route.effective_endpoint else "the view"


def where_declared(ctx, route) -> str:
    loc = ctx.location(route.location)
    return f"{loc.path}:{loc.line}"


def setup_nodes(fr) -> list:
    return [fr.route.node] + [reg.node for reg in fr.chain]


def exclusive_entries(a: Entry, b: Entry) -> bool:
    for x in setup_nodes(a.fr):
        for y in setup_nodes(b.fr):
            if x is not y and exclusive(x, y):
                return True
    return False


def report_node(loser: Entry, winner: Entry):
    """Where to report a loser: its route, or -- when both come from the
    same route (a blueprint registered twice) -- the registration that
    duplicates it."""
    if loser.route is not winner.route:
        return loser.route.node
    wchain = {id(r.node) for r in winner.fr.chain}
    for reg in reversed(loser.fr.chain):
        if id(reg.node) not in wchain:
            return reg.node
    return loser.route.node


def all_apps(ctx):
    return list(ctx.model.apps)
