"""Each app's URL map as Flask builds it (mixed into FlaskModel): blueprint
prefixes, names and nesting composed, the static route added."""

from __future__ import annotations

import os
from typing import List, Optional

from flasklint.model.facts import App, FlatRoute, Route
from flasklint.model.syntax import join_prefix
from flasklint.resolve.values import const_str, is_none


class UrlMaps:
    # -- URL maps -----------------------------------------------------------------------------
    def url_map(self, app: App) -> List[FlatRoute]:
        """The app's rules in registration order, blueprint prefixes and
        endpoint names composed as Flask composes them."""
        key = id(app)
        if key in self._url_maps:
            return self._url_maps[key]
        out: List[FlatRoute] = []
        events = []
        for r in app.routes:
            events.append((r.order, "route", r))
        for reg in app.registrations:
            events.append((reg.order, "bp", reg))
        events.sort(key=lambda e: e[0])
        for order, kind, item in events:
            if kind == "route":
                out.append(FlatRoute(app, item, item.rule, item.effective_endpoint, (), (order,)))
            else:
                self._expand(app, item, (item,), "", None, (order,), out)
        self._url_maps[key] = out
        return out

    def static_route(self, app: App) -> Optional[FlatRoute]:
        """The ``/static/<path:filename>`` rule Flask adds in ``Flask()``,
        before any user rule (None with ``static_folder=None``).  Its
        ``route.kind`` is ``"static"``, its node the ``Flask(...)`` call;
        ``rule`` is None when the path cannot be resolved."""
        key = ("static", id(app))
        if key in self._url_maps:
            return self._url_maps[key]
        folder = app.arg("static_folder", 2)
        url_path = app.arg("static_url_path", 1)
        fr = None
        if folder is None or not is_none(folder):
            rule = None
            if url_path is not None and not is_none(url_path):
                p = const_str(url_path)
                rule = p.rstrip("/") + "/<path:filename>" if p is not None else None
            else:
                f = "static" if folder is None else const_str(folder)
                if f is not None:
                    # Flask: f"/{os.path.basename(static_folder)}".rstrip("/"),
                    # the folder stripped of trailing slashes when set
                    rule = ("/" + os.path.basename(f.rstrip("/\\"))).rstrip("/") + "/<path:filename>"
            route = Route(app, app.node, rule, ("GET",), "static", kind="static", view_key=("static",))
            route.view_name = "static"
            fr = FlatRoute(app, route, rule, "static", (), (-1,))
        self._url_maps[key] = fr
        return fr

    def _expand(self, app, reg, chain, outer_prefix, outer_name, order, out):
        bp = reg.blueprint
        prefix_v = reg.url_prefix
        prefix = ""
        known = True
        if prefix_v is not None and not is_none(prefix_v):
            p = const_str(prefix_v)
            if p is None:
                known = False
            else:
                prefix = p
        full_prefix = join_prefix(outer_prefix, prefix) if prefix else outer_prefix
        name = reg.name or "?"
        dotted = f"{outer_name}.{name}" if outer_name else name
        events = [(r.order, "route", r) for r in bp.routes] + [(r.order, "bp", r) for r in bp.registrations]
        events.sort(key=lambda e: e[0])
        for sub_order, kind, item in events:
            if kind == "route":
                rule = None
                if item.rule is not None and known:
                    rule = join_prefix(full_prefix, item.rule) if full_prefix else item.rule
                ep = item.effective_endpoint
                endpoint = f"{dotted}.{ep}" if ep is not None else None
                out.append(FlatRoute(app, item, rule, endpoint, chain, order + (sub_order,)))
            elif item.blueprint not in [c.blueprint for c in chain]:
                self._expand(app, item, chain + (item,), full_prefix if known else None, dotted, order + (sub_order,), out)
