"""FL206: subdomain rules no request can reach."""

from __future__ import annotations

from typing import Dict

from flasklint.checks.registry import checker
from flasklint.checks.routes.common import all_apps
from flasklint.knowledge.flask_api import SUBDOMAIN_ATTRS
from flasklint.model.urlrules import UNKNOWN_DOMAIN, rule_domain, rule_entries
from flasklint.resolve.values import Const

# ----------------------------------------------------------------------------
# FL206 unreachable-subdomain-route


@checker("FL206")
def unreachable_subdomain(ctx):
    seen = set()
    for app in all_apps(ctx):
        sm = app.kwargs.get("subdomain_matching")
        if sm is not None and not (isinstance(sm, Const) and not sm.value):
            continue  # True, or unknown
        if "**" in app.kwargs or "host_matching" in app.kwargs:
            continue
        if any(k in app.attr_writes for k in SUBDOMAIN_ATTRS):
            continue
        by_source: Dict[int, list] = {}
        for fr in [e.fr for e in rule_entries(ctx.model, app) if not e.is_static]:
            dom = rule_domain(fr)
            if dom is UNKNOWN_DOMAIN or not dom:
                continue
            src, what = _subdomain_source(fr)
            by_source.setdefault(id(src), [src, what, dom, []])[3].append(fr)
        for src, what, dom, frs in by_source.values():
            key = (id(src), id(app))
            if key in seen:
                continue
            seen.add(key)
            n = len(frs)
            rules = ", ".join(fr.rule or "?" for fr in frs[:3]) + (", ..." if n > 3 else "")
            msg = (
                f"{what} subdomain={dom!r} on {app.label}, created without subdomain_matching=True: Flask matches every "
                f"request against subdomain '' so {'this rule' if n == 1 else f'these {n} rules'} ({rules}) never {'matches' if n == 1 else 'match'}"
            )
            yield ctx.finding("FL206", src, msg, [(app.node, f"{app.label} created here")])


def _subdomain_source(fr):
    if "subdomain" in fr.route.kwargs:
        return fr.route.node, "rule with"
    for reg in reversed(fr.chain):
        v = reg.kwargs.get("subdomain")
        if v is not None and not (isinstance(v, Const) and v.value is None):
            return reg.node, "blueprint registered with"
        v = reg.blueprint.kwargs.get("subdomain")
        if v is not None and not (isinstance(v, Const) and v.value is None):
            return reg.blueprint.node, f"{reg.blueprint.label} created with"
    return fr.route.node, "rule with"
