"""Which error handlers Flask consults for an app's errors (its lookup:
the code first, then the exception's MRO; blueprint handlers only for
errors raised while one of the blueprint's views runs), and whether an app
serves JSON."""

from __future__ import annotations

import re
from dataclasses import dataclass

from astroid import nodes

from flasklint.knowledge import names as N
from flasklint.model.responses import HTML, JSON, ResponseAnalyzer
from flasklint.source.walk import nodes_of

HTTP_EXCEPTION_BASES = {N.HTTP_EXCEPTION, "builtins.Exception", "builtins.BaseException"}


def handler_covers(handler, code: int) -> bool:
    """``handler`` is looked up for an HTTP error ``code``: registered for
    the code (or its werkzeug class), for ``HTTPException`` or for
    ``Exception``/``BaseException``."""
    return code in handler.codes or handler.exception in HTTP_EXCEPTION_BASES


def app_wide_handlers(app) -> list:
    """Handlers Flask consults for *any* request of ``app``, routing errors
    included: those registered on the app (directly, in a wrapper, in a
    helper) and ``bp.app_errorhandler`` of blueprints registered on it."""
    bps = {id(reg.blueprint) for reg in app.blueprints()}
    out = []
    for h in app.model.handlers:
        if h.owner is app or (h.app_wide and id(h.owner) in bps):
            out.append(h)
    return out


def blueprint_handlers(app) -> list:
    """Handlers of blueprints registered on ``app`` that only see errors
    raised inside that blueprint's views (``bp.errorhandler``)."""
    bps = {id(reg.blueprint) for reg in app.blueprints()}
    return [h for h in app.model.handlers if not h.app_wide and h.owner.kind == "blueprint" and id(h.owner) in bps]


def apps_of(obj) -> list:
    """The apps an App or Blueprint ends up in."""
    if obj.kind == "app":
        return [obj]
    return [a for a in obj.model.apps if any(reg.blueprint is obj for reg in a.blueprints())]


@dataclass
class AppCharacter:
    """Whether an app serves JSON: its routes answering JSON and HTML, and
    REST frameworks bound to it -- up to its first HTML route, which
    settles that it does not (no further view or binding is read)."""

    json_routes: list
    html_routes: list
    apis: list

    @property
    def serves_json(self) -> bool:
        """JSON views (or a REST framework) and no HTML views."""
        return bool(self.json_routes or self.apis) and not self.html_routes


def app_character(analyzer: ResponseAnalyzer, app) -> AppCharacter:
    json_routes = []
    for fr in analyzer.model.url_map(app):
        bodies = analyzer.view_bodies(fr.route.view)
        if HTML in bodies:
            return AppCharacter(json_routes, [fr], [])
        if JSON in bodies:
            json_routes.append(fr)
    bound = {id(app)} | {id(reg.blueprint) for reg in app.blueprints()}
    apis = [b for b in analyzer.api_frameworks() if id(b.target) in bound]
    return AppCharacter(json_routes, [], apis)


# ``/<path:p>``, also behind dynamic segments only (``/<org>/<path:p>``)
_CATCH_ALL = re.compile(r"^(/?<[^>/]+>)*/?<path:[A-Za-z_][A-Za-z0-9_]*>/?$")


def has_catch_all_route(app) -> bool:
    """The app has a root catch-all rule (``/<path:p>``, possibly behind
    dynamic segments such as ``/<org_slug>/<path:p>``; single-page apps):
    unknown URLs match it, so no routing 404 reaches error handlers.  A rule
    built by a call (``org_scoped_rule("/<path:path>")``) counts when its
    literal argument is such a rule."""
    for fr in app.model.url_map(app):
        if fr.rule is not None:
            if _CATCH_ALL.match(fr.rule) and not answers_404(app.model, fr.route.view):
                return True
            continue
        node = fr.route.node
        first = node.args[0] if getattr(node, "args", None) else None
        if first is None:
            continue
        for n in nodes_of(first, nodes.Const):
            if isinstance(n.value, str) and _CATCH_ALL.match(n.value) and not answers_404(app.model, fr.route.view):
                return True
    return False


def answers_404(model, view) -> bool:
    """A catch-all view that itself ends in a 404 for the paths it does
    not know (``abort(404)``, ``raise NotFound()``, ``return body, 404``):
    its unknown URLs still reach the 404 handlers."""
    if not isinstance(view, (nodes.FunctionDef, nodes.AsyncFunctionDef)):
        return False
    r = model.resolver
    mod = model.project.module_of(view)
    for call in nodes_of(view, nodes.Call):
        name = call.func.name if isinstance(call.func, nodes.Name) else getattr(call.func, "attrname", None)
        if name == "NotFound":
            return True
        if name == "abort" and call.args and isinstance(call.args[0], nodes.Const) and call.args[0].value == 404:
            if mod is None:
                return True
            with r.analysing(mod):
                if r.qualname(call.func) == N.ABORT:
                    return True
    return any(a.status == 404 for a in model.responses.answers(view))
