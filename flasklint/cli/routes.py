"""``flasklint routes``: each app's URL map, like ``flask routes``, plus where
each rule is defined -- computed from the model, without running the app.

Rules are listed in registration order (the order Werkzeug tries rules with
equal parts), Flask's own ``static`` rule first (defined where the app is
created); HEAD and OPTIONS are left out, as ``flask routes`` does.  A ``?``
marks what cannot be known without running the code.

Rules a REST framework adds for its Resource classes (flask-restful,
flask-restx: :mod:`flasklint.model.rest_routes`) are listed among the
others, in registration order, marked with the framework: a ``Via`` column
(shown when an app has such rules), a ``via`` field in JSON (only on those
rows), ``via <framework>`` in the pictures.

``--format json`` gives the rows; ``mermaid`` and ``dot`` draw them
(flasklint.report.routes_graph)."""

from __future__ import annotations

from typing import List, Sequence

from flasklint import stack
from flasklint.linter import build
from flasklint.safe_json import dumps
from flasklint.report import routes_graph
from flasklint.report.text import escape

_AUTO = {"HEAD", "OPTIONS"}
FORMATS = ("text", "json", "mermaid", "dot")


def route_rows(model) -> List[dict]:
    rows = []
    for app in model.apps:
        static = model.static_route(app)
        for fr in ([static] if static is not None else []) + _merged(model.url_map(app), model.rest_routes(app)):
            r = fr.route
            methods = sorted(set(r.methods) - _AUTO) if r.methods is not None else ["GET"] if "methods" not in r.kwargs else ["?"]
            loc = r.location
            row = {
                "app": app.label,
                "app_location": f"{app.location.path}:{app.location.line}",
                "endpoint": fr.endpoint or "?",
                "methods": methods,
                "rule": fr.rule if fr.rule is not None else "?",
                "location": f"{loc.path}:{loc.line}",
                "blueprints": [reg.name or "?" for reg in fr.chain],
            }
            if r.installed_by:
                row["via"] = r.installed_by
            rows.append(row)
    return rows


def _merged(url_map, rest) -> list:
    """The app's own rules and a framework's, in registration order (a
    framework rule after an app rule registered at the same point)."""
    if not rest:
        return list(url_map)
    try:
        return sorted(list(url_map) + list(rest), key=lambda fr: fr.order)  # (stable: ties keep url_map first)
    except TypeError:  # (orders not comparable: keep the app's own first)
        return list(url_map) + list(rest)


def render_routes(paths: Sequence[str], fmt: str = "text", knowledge=None) -> str:
    with stack.frames(stack.ANALYSIS_FRAMES):
        project, model = build(paths, knowledge=knowledge)
    rows = route_rows(model)
    if fmt == "json":  # (the documented shape: without the blueprint chain the graphs use)
        return dumps([{k: v for k, v in r.items() if k != "blueprints"} for r in rows]) + "\n"
    apps = [(app.label, f"{app.location.path}:{app.location.line}") for app in model.apps]
    if fmt == "mermaid":
        return routes_graph.mermaid(apps, rows)
    if fmt == "dot":
        return routes_graph.dot(apps, rows)
    out = []
    for app in model.apps:
        mine = [r for r in rows if r["app"] == app.label and r["app_location"] == f"{app.location.path}:{app.location.line}"]
        out.append(escape(f"App {app.label} ({app.location.path}:{app.location.line})"))
        if not mine:
            out.append("  (no routes)")
            out.append("")
            continue
        headers = ("Endpoint", "Methods", "Rule", "Defined at")
        table = [tuple(escape(c) for c in (r["endpoint"], ", ".join(r["methods"]), r["rule"], r["location"])) for r in mine]
        if any("via" in r for r in mine):
            headers += ("Via",)
            table = [t + (escape(r.get("via", "")),) for t, r in zip(table, mine)]
        widths = [max(len(h), *(len(t[i]) for t in table)) for i, h in enumerate(headers)]
        out.append("  " + "  ".join(h.ljust(w) for h, w in zip(headers, widths)).rstrip())
        out.append("  " + "  ".join("-" * w for w in widths))
        for t in table:
            out.append("  " + "  ".join(c.ljust(w) for c, w in zip(t, widths)).rstrip())
        out.append("")
    if not model.apps:
        out.append("No Flask apps found.")
    return "\n".join(out) + "\n"
