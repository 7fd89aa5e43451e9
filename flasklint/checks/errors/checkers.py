"""The FL3xx checkers: missing and broken error handlers of JSON services."""

from __future__ import annotations

import re
from typing import Optional

from astroid import nodes

from flasklint.checks.errors.fixes import app_errorhandler_fix, handler_status_fix, jsonify_status_fix
from flasklint.checks.registry import checker
from flasklint.knowledge import names as N
from flasklint.model import error_coverage as C
from flasklint.model import responses as R
from flasklint.model.guards import Condition, conditions, split_words
from flasklint.model.queries import app_extensions
from flasklint.resolve.values import Const, FunctionRef, const_str
from flasklint.source.walk import nodes_of

ROUTING_CODES = (404, 405)
SERVICE_CODES = (404, 405, 500)

# ----------------------------------------------------------------------------
# helpers


def _no_context():
    import contextlib

    return contextlib.nullcontext()


def _resolvable(r, func) -> bool:
    """A module-level function: the JSON views' references to it were
    resolved to their definitions, so its name alone proves nothing."""
    return isinstance(func.parent, nodes.Module)


def _const_code(v):
    """A literal int or str of a Value, else None."""
    return v.value if isinstance(v, Const) and isinstance(v.value, (int, str)) and not isinstance(v.value, bool) else None


def _in_tests(ctx, node) -> bool:
    mod = ctx.project.module_of(node)
    return mod is not None and mod.is_test


def _codes_text(codes) -> str:
    codes = [str(c) for c in codes]
    if len(codes) == 1:
        return codes[0]
    return ", ".join(codes[:-1]) + " and " + codes[-1]


def _handler_label(h) -> str:
    if h.exception:
        return h.exception.rsplit(".", 1)[-1]
    if h.codes and len(h.codes) <= 3:
        return _codes_text(sorted(h.codes))
    if h.codes:
        return "every default HTTP error"
    return "an exception"


def _http_handler(h) -> bool:
    return bool(h.codes) or h.exception in C.HTTP_EXCEPTION_BASES


def _handlers_by_func(ctx):
    """(func, [handlers]) for every handler function, in model order."""
    out = {}
    for h in ctx.model.handlers:
        if h.func is None or _in_tests(ctx, h.func):
            continue
        out.setdefault(id(h.func), (h.func, []))[1].append(h)
    return list(out.values())


def _covered(app, code, handlers=None) -> bool:
    handlers = C.app_wide_handlers(app) if handlers is None else handlers
    return any(C.handler_covers(h, code) for h in handlers)


def _json_evidence(character) -> str:
    for fr in character.json_routes:
        name = fr.endpoint or (fr.route.view.name if fr.route.view is not None else None)
        if name:
            return f"its view {name!r} answers JSON"
    if character.apis:
        return f"it is a {character.apis[0].framework} API"
    return "its views answer JSON"


# ----------------------------------------------------------------------------
# FL301


@checker("FL301")
def missing_json_error_handler(ctx):
    analyzer = ctx.model.responses
    for app in ctx.model.apps:
        if _in_tests(ctx, app.node):
            continue
        if json_errors_everywhere(app):
            continue
        wide = C.app_wide_handlers(app)
        bp_handlers = C.blueprint_handlers(app)
        missing = []
        catch_all = C.has_catch_all_route(app)
        for code in SERVICE_CODES:
            if _covered(app, code, wide) or (code == 404 and catch_all):
                continue
            if code == 500 and _every_view_in_blueprint_handling(ctx, app, bp_handlers, 500):
                continue
            missing.append(code)
        if not missing:
            continue
        # (after the handlers: whether the app serves JSON is read from its
        # views' bodies -- files the check need not read, nor the
        # incremental cache count as read)
        character = C.app_character(analyzer, app)
        if character.html_routes:
            yield from _json_sections_of_a_site(ctx, app)
            continue
        if not character.serves_json or character.apis:
            continue
        related = []
        for h in bp_handlers:
            hit = [c for c in missing if C.handler_covers(h, c)]
            if hit:
                by = f" ({h.installed_by}'s blueprint class registers them)" if h.installed_by else ""
                related.append((h.node, f"{h.owner.label} handles {_codes_text(hit)} only for errors raised in its own views{by}"))
        verb = "answers" if len(missing) == 1 else "answer"
        msg = (
            f"{app.label} serves JSON ({_json_evidence(character)}) but {_codes_text(missing)} still {verb} "
            f"with Flask's HTML error page: no app-level error handler covers "
            f"{'it' if len(missing) == 1 else 'them'}; register @app.errorhandler(HTTPException) returning JSON"
        )
        yield ctx.finding("FL301", app.node, msg, related)


def _json_sections_of_a_site(ctx, app):
    """An app serving HTML pages and, under a blueprint's prefix, a JSON API
    (every view of the blueprint answers JSON): routing errors under the
    prefix (unknown URLs, wrong methods) and uncaught exceptions reach only
    app-level handlers, so without one that may answer JSON the API's
    clients get Flask's HTML error page."""
    analyzer = ctx.model.responses
    catch_all = C.has_catch_all_route(app)
    bound_apis = {id(b.target) for b in analyzer.api_frameworks()}
    sections = {}
    for fr in ctx.model.url_map(app):
        reg = fr.chain[-1] if fr.chain else None
        sections.setdefault(id(reg.blueprint) if reg else None, (reg, []))[1].append(fr)
    json_sections = []
    for reg, routes in sections.values():
        if reg is None:
            continue
        prefix = const_str(reg.url_prefix) if reg.url_prefix is not None else None
        if not prefix or prefix == "/" or len(routes) < 2 or id(reg.blueprint) in bound_apis:
            continue
        if all(analyzer.view_bodies(fr.route.view) == {R.JSON} for fr in routes):
            json_sections.append((reg, prefix))
    # A public API, not the site's own AJAX endpoints: named so, or most of
    # the app's sections.
    mostly_api = len(json_sections) * 2 > len(sections)
    found = []
    for reg, prefix in json_sections:
        bp = reg.blueprint
        named = "api" in split_words(prefix) or "api" in split_words(bp.name or "")
        if not (named or mostly_api):
            continue
        missing = []
        for code in SERVICE_CODES:
            if code == 404 and catch_all:
                continue
            if code == 500 and any(C.handler_covers(h, 500) for h in C.blueprint_handlers(app) if h.owner is bp):
                continue
            if not _answers_json(ctx, app, code):
                missing.append(code)
        if missing:
            found.append((reg, prefix, missing))
    if not found:
        return
    reg, prefix, missing = found[0]
    more = f" and {len(found) - 1} more JSON blueprint{'s' if len(found) > 2 else ''}" if len(found) > 1 else ""
    verb = "answers" if len(missing) == 1 else "answer"
    msg = (
        f"{app.label} serves a JSON API under {prefix} ({reg.blueprint.label}{more}: every view answers JSON) but "
        f"{_codes_text(missing)} there still {verb} with an HTML error page: no app-level error handler "
        f"that may answer JSON covers {'it' if len(missing) == 1 else 'them'}; register "
        f"@app.errorhandler(HTTPException) answering JSON for {prefix} URLs"
    )
    related = [(r.node, f"{r.blueprint.label} registered under {p} here") for r, p, _ in found[:3]]
    yield ctx.finding("FL301", app.node, msg, related, confidence="MEDIUM")


def json_errors_everywhere(app):
    """The extension that made ``app`` answers every HTTP error in JSON,
    routing errors included (APIFlask unless ``json_errors=False``)."""
    for ext in app_extensions(app):
        spec = ext.json_errors
        if spec is None or spec.routing != "always" or ext is not app.model.object_extension(app):
            continue
        off = app.option(spec.off_switch) if spec.off_switch else None
        if off is None or (isinstance(off, Const) and off.value is not False):
            return ext
    return None


def _every_view_in_blueprint_handling(ctx, app, bp_handlers, code) -> bool:
    handling = {id(h.owner) for h in bp_handlers if C.handler_covers(h, code)}
    if not handling:
        return False
    routes = ctx.model.url_map(app)
    if not routes:
        return False
    return all(any(id(reg.blueprint) in handling for reg in fr.chain) for fr in routes)


# ----------------------------------------------------------------------------
# FL302


@checker("FL302")
def blueprint_routing_error_handler(ctx):
    seen = set()
    for h in ctx.model.handlers:
        if h.owner.kind != "blueprint" or h.app_wide or id(h.node) in seen:
            continue
        if h.func is None and h.installed_by:
            continue  # (an extension's blueprint class installs it: FL301 names the gap it leaves)
        if _in_tests(ctx, h.node):
            continue
        # (by code, or through HTTPException / Exception, which catch both)
        codes = [c for c in ROUTING_CODES if C.handler_covers(h, c)]
        if codes == [404] and _has_catch_all(h.owner):
            continue  # (every URL under the blueprint reaches its views: their abort(404) reaches it)
        if not codes:
            continue
        apps = C.apps_of(h.owner)
        uncovered = [c for c in codes if not apps or not all(_covered(a, c) for a in apps)]
        if not uncovered:
            continue
        seen.add(id(h.node))
        if h.exception:
            what = f"{h.exception.rsplit('.', 1)[-1]} (here {_codes_text(uncovered)}, which no app-level handler covers)"
        else:
            what = _codes_text(codes)
        msg = (
            f"this handler for {what} on {h.owner.label} never runs for routing errors (unknown URLs, wrong methods): "
            f"Flask only looks up blueprint handlers for errors raised in the blueprint's own views; "
            f"use app_errorhandler({uncovered[0]}) or an app-level handler"
        )
        yield ctx.finding("FL302", h.node, msg, fix=app_errorhandler_fix(ctx, h))


def _has_catch_all(blueprint) -> bool:
    """The blueprint routes every path under its prefix to a view
    (``/<path:path>``): no routing 404 happens there."""
    return any(r.rule is not None and _CATCH_ALL.match(r.rule) for r in blueprint.routes)


_CATCH_ALL = re.compile(r"^/?<path:\w+>/?$")


# ----------------------------------------------------------------------------
# FL303


@checker("FL303")
def error_handler_status(ctx):
    analyzer = ctx.model.responses
    for func, handlers in _handlers_by_func(ctx):
        http = any(_http_handler(h) for h in handlers)
        label = _handler_label(handlers[0])
        for ans in analyzer.answers(func):
            if ans.lost_status is not None and ans.jsonify_call is not None and R.encloses(func, ans.jsonify_call):
                status = f", {ans.lost_status}" if ans.lost_status > 0 else f", {ans.jsonify_call.args[-1].as_string()}"
                msg = (
                    f"this {label} handler answers 200, not{' ' + str(ans.lost_status) if ans.lost_status > 0 else ' the error status'}: "
                    f"jsonify(obj{status}) serialises its positional arguments as a JSON list [obj{status}]; "
                    f"return jsonify(obj){status} instead"
                )
                yield ctx.finding("FL303", ans.jsonify_call, msg, confidence=None if http else "MEDIUM", fix=jsonify_status_fix(ctx, ans.jsonify_call))
                continue
            if not ans.answers_200 or ans.body == R.FILE:
                continue
            related = []
            if ans.via:
                related.append((ans.via[0], "the response is built by this call"))
            if ans.lost_status is not None and ans.jsonify_call is not None:
                related.append((ans.jsonify_call, "jsonify(obj, status) puts the status in the JSON list"))
            msg = (
                f"this {label} handler answers 200: its response ({_body_text(ans.body)}) carries no status; "
                f"return it with the error status, e.g. (body, {_example_code(handlers)})"
            )
            if _chosen_by_request(func, ans, analyzer.answers(func)):
                # A page served on purpose for some paths (a single-page app's
                # index for its client-side routes) while the others keep the
                # error status: intent the model cannot judge.
                msg += " (this branch is chosen by the request's path or Accept header, beside one that keeps the error status: if it is a deliberate fallback, ignore this)"
                yield ctx.finding("FL303", ans.node, msg, related, severity="LOW", confidence="LOW")
                continue
            fix = handler_status_fix(ctx, func, handlers, ans) if not ans.via and ans.lost_status is None else None
            yield ctx.finding("FL303", ans.node, msg, related, confidence=None if http else "MEDIUM", fix=fix)


_REQUEST_DISPATCH = frozenset({"path", "full_path", "url", "base_url", "accept_mimetypes", "is_json", "headers"})


def _chosen_by_request(func, ans, answers) -> bool:
    """``ans`` answers 200 inside a branch whose test reads the request's
    path or Accept header, and another return of the same handler sets an
    error status.  (Not the endpoint: a handler re-rendering the form a
    rate-limited view showed is the same page, without its status.)"""
    if not any(a.status_given and a.status is not None and a.status >= 400 for a in answers):
        return False
    for cond in conditions(ans.node):
        for attr in cond.test.nodes_of_class(nodes.Attribute):
            base = attr.expr
            while isinstance(base, nodes.Attribute):
                if base.attrname in _REQUEST_DISPATCH and isinstance(base.expr, nodes.Name) and base.expr.name == "request":
                    return True
                base = base.expr
            if attr.attrname in _REQUEST_DISPATCH and isinstance(base, nodes.Name) and base.name == "request":
                return True
    return False


def _body_text(body) -> str:
    return {
        R.JSON: "a JSON body",
        R.HTML: "an HTML body",
        R.TEXT: "a text body",
        R.REDIRECT: "a redirect",
    }.get(body, "a body")


def _example_code(handlers) -> str:
    for h in handlers:
        if len(h.codes) == 1:
            return str(next(iter(h.codes)))
    return "e.code" if any(h.exception == "werkzeug.exceptions.HTTPException" for h in handlers) else "500"


# ----------------------------------------------------------------------------
# FL304 / FL306


@checker("FL304", "FL306")
def html_error_handler(ctx):
    analyzer = ctx.model.responses
    json_apps = {}

    def serves_json(app) -> bool:
        # (asked only for the apps of a handler that answers HTML or text:
        # judging an app reads its views' bodies)
        got = json_apps.get(id(app))
        if got is None:
            got = json_apps[id(app)] = not _in_tests(ctx, app.node) and C.app_character(analyzer, app).serves_json
        return got

    reported = set()
    for func, handlers in _handlers_by_func(ctx):
        answers = analyzer.answers(func)
        bodies = {a.body for a in answers}
        negotiations = analyzer.html_negotiations(func)
        if negotiations and R.JSON in bodies and (bodies & {R.HTML, R.TEXT}):
            quiet = _raised_only_outside_json_views(ctx, handlers)
            for node, text in negotiations:
                msg = (
                    f"{text} is true for 'Accept: */*' (curl, requests and most HTTP clients send it): "
                    f"API clients get the HTML error page; test for JSON (accept_mimetypes.best == 'application/json') "
                    f"or decide by URL or blueprint"
                )
                if quiet:
                    msg += f" (no view answering JSON raises {quiet}: API clients may never reach this handler)"
                    yield ctx.finding("FL306", node, msg, severity="LOW", confidence="LOW")
                    continue
                yield ctx.finding("FL306", node, msg)
            continue
        if not answers or not all(a.body in (R.HTML, R.TEXT) and a.how not in ("e.get_response()", "the exception itself", R.ABORT_HOW) for a in answers):
            continue
        apps = []
        for h in handlers:
            apps.extend(C.apps_of(h.owner))
        json_app = next((a for a in apps if serves_json(a)), None)
        if json_app is None:
            continue
        for a in answers:
            if id(a.node) in reported:
                continue
            reported.add(id(a.node))
            kind = "HTML" if a.body == R.HTML else "plain text"
            msg = (
                f"{json_app.label} serves JSON but this {_handler_label(handlers[0])} handler answers {kind}; "
                f"clients expecting a JSON error body cannot parse it"
            )
            yield ctx.finding("FL304", a.node, msg)


def _raised_only_outside_json_views(ctx, handlers) -> Optional[int]:
    """The code of handlers registered for one error that neither routing
    nor a crash produces (403, 401, 429...), when every ``abort(code)`` /
    ``raise Forbidden()`` of the project sits outside the views answering
    JSON, their decorators and the functions they call; else None."""
    codes = set()
    for h in handlers:
        if h.exception or len(h.codes) != 1:
            return None
        codes |= h.codes
    if len(codes) != 1:
        return None
    (code,) = codes
    if code in SERVICE_CODES:
        return None
    model = ctx.model
    analyzer = model.responses
    apps = [a for h in handlers for a in C.apps_of(h.owner)]
    if not apps:
        return None
    json_views = []
    for app in apps:
        for fr in model.url_map(app):
            view = fr.route.view
            if view is not None and R.JSON in analyzer.view_bodies(view) and view not in json_views:
                json_views.append(view)
    if not json_views:
        return None
    names = {name for name, c in N.HTTP_EXCEPTION_CODES.items() if c == code}
    r = model.resolver
    # what the JSON views reach: the functions their decorators and calls
    # name (resolved; by name when the resolver cannot tell)
    reached = set()
    for view in json_views:
        reached.add(id(view))
        mod = model.project.module_of(view)
        for n in nodes_of(view, nodes.Call):
            with r.analysing(mod) if mod is not None else _no_context():
                funcs = [v.node for v in r.values(n.func) if isinstance(v, FunctionRef)]
            if funcs:
                reached.update(id(f) for f in funcs)
            else:
                reached.add(n.func.name if isinstance(n.func, nodes.Name) else getattr(n.func, "attrname", None))
        for d in view.decorators.nodes if getattr(view, "decorators", None) else ():
            target = d.func if isinstance(d, nodes.Call) else d
            with r.analysing(mod) if mod is not None else _no_context():
                funcs = [v.node for v in r.values(target) if isinstance(v, FunctionRef)]
            if funcs:
                reached.update(id(f) for f in funcs)
            else:
                reached.add(target.name if isinstance(target, nodes.Name) else getattr(target, "attrname", None))
    for word in ("abort",) + tuple(sorted(names)):
        for mod in model.project.modules_calling(word):
            tree = model.project.tree(mod)
            if tree is None:
                continue
            with r.analysing(mod):
                for call in nodes_of(tree, nodes.Call):
                    fname = call.func.name if isinstance(call.func, nodes.Name) else getattr(call.func, "attrname", None)
                    if fname != word:
                        continue
                    if word == "abort":
                        if r.qualname(call.func) != N.ABORT or not call.args or _const_code(r.value(call.args[0])) != code:
                            continue
                    func = call.scope()
                    while isinstance(func, (nodes.FunctionDef, nodes.AsyncFunctionDef, nodes.Lambda)):
                        if id(func) in reached or (getattr(func, "name", None) in reached and not _resolvable(r, func)):
                            return None
                        func = func.parent.scope() if func.parent is not None else None
                    if not isinstance(call.scope(), (nodes.FunctionDef, nodes.AsyncFunctionDef)):
                        return None
    return code


# ----------------------------------------------------------------------------
# FL305


@checker("FL305")
def error_detail_leak(ctx):
    analyzer = ctx.model.responses
    done = set()
    for func, handlers in _handlers_by_func(ctx):
        broad = any(h.exception in ("builtins.Exception", "builtins.BaseException") for h in handlers)
        done.add(id(func))
        yield from _leak_findings(ctx, analyzer.leaks(func, broad_param=broad), "error handler")
    for route in ctx.model.routes:
        for func in _view_functions(ctx, route.view):
            if id(func) in done or _in_tests(ctx, func):
                continue
            done.add(id(func))
            yield from _leak_findings(ctx, analyzer.leaks(func), "view")


def _view_functions(ctx, view):
    from astroid import nodes

    if isinstance(view, (nodes.FunctionDef, nodes.AsyncFunctionDef)):
        return [view]
    if isinstance(view, nodes.ClassDef):
        out = []
        for c in ctx.model.resolver.mro(view):
            for m in ("get", "post", "put", "patch", "delete", "dispatch_request"):
                d = c.locals.get(m)
                if d and isinstance(d[0], (nodes.FunctionDef, nodes.AsyncFunctionDef)):
                    out.append(d[0])
        return out
    return []


def _leak_findings(ctx, leaks, where):
    seen = set()
    for leak in leaks:
        # reported where it is sent (the return), with the source when elsewhere
        where_node = leak.ret if leak.ret is not None else leak.node
        key = (where_node.lineno, leak.what)
        if key in seen:
            continue
        seen.add(key)
        related = []
        if leak.node.lineno != where_node.lineno:
            related.append((leak.node, f"{leak.what} taken here"))
        guard = _detail_guard(leak.node, where_node)
        if guard is not None:
            if guard == "debug":
                tail = "when debug mode is on: keep it off in production, or log the details and answer a generic message"
            else:
                tail = "when the user is an administrator: meant for operators, it still reaches a browser; log it if it need not"
            msg = f"this {where} sends {leak.what} to the client only {tail}"
            yield ctx.finding("FL305", where_node, msg, related, severity="LOW", confidence="MEDIUM")
            continue
        if leak.certain:
            msg = f"this {where} sends {leak.what} to the client: tracebacks and internal exception details reveal code, paths and data; log them and answer a generic message"
            yield ctx.finding("FL305", where_node, msg, related)
        else:
            msg = f"this {where} sends the message of an arbitrary exception to the client ({leak.what}): it can reveal SQL, paths or data; log it and answer a generic message"
            yield ctx.finding("FL305", where_node, msg, related, severity="LOW", confidence="MEDIUM")


_ADMIN_WORDS = frozenset({"admin", "administrator", "superuser", "staff"})


def _detail_guard(*where) -> Optional[str]:
    """"debug" or "admin" when the detail is taken or sent only under
    ``if <debug>:`` or ``if <the user is an admin>:`` -- a test (or one of
    its ``and`` terms) that is itself such a check, not its negation --
    else None."""
    for node in where:
        for cond in conditions(node):
            if cond.negated:
                continue
            for term in _and_terms(cond.test):
                if not isinstance(term, (nodes.Name, nodes.Attribute, nodes.Subscript, nodes.Call)):
                    continue  # (``not x.debug``, comparisons: not a plain check)
                words = set(Condition(term, False).words())
                if "debug" in words:
                    return "debug"
                if words & _ADMIN_WORDS:
                    return "admin"
    return None


def _and_terms(test) -> list:
    if isinstance(test, nodes.BoolOp) and test.op == "and":
        return [t for v in test.values for t in _and_terms(v)]
    return [test]


# ----------------------------------------------------------------------------
# FL307


def _answers_json(ctx, app, code) -> bool:
    """An app-level handler covers ``code`` and may answer JSON (one that
    only renders an HTML page still leaves an API's clients with HTML)."""
    for h in C.app_wide_handlers(app):
        if not C.handler_covers(h, code):
            continue
        if h.func is None:
            return True  # (unknown: assume it does)
        bodies = {a.body for a in ctx.model.responses.answers(h.func)}
        if not bodies or not bodies <= {R.HTML}:
            return True
    return False


@checker("FL307")
def api_catch_all_404s(ctx):
    seen = set()
    for b in ctx.model.responses.api_frameworks():
        switch = b.record.json_errors.routing
        if switch in ("always", "never") or id(b.node) in seen or _in_tests(ctx, b.node):
            continue  # (routing errors answer JSON always, or a switch cannot change it)
        v = b.kwargs.get(switch)
        if v is not None and v.truth() is not False:
            continue  # True or unknown
        apps = C.apps_of(b.target)
        if not apps or any(_answers_json(ctx, a, 404) or C.has_catch_all_route(a) for a in apps):
            continue
        seen.add(id(b.node))
        call = b.node.as_string().split("(", 1)[0]
        if _covered(apps[0], 404):
            page = f"the HTML page of {apps[0].label}'s 404 handler"
        else:
            page = f"Flask's HTML 404 page ({apps[0].label} has no app-level 404 handler)"
        msg = (
            f"{call}(...) without {switch}=True: {b.framework} answers JSON only for its own resources; "
            f"unknown URLs get {page}"
        )
        yield ctx.finding("FL307", b.node, msg)


# ----------------------------------------------------------------------------
# FL502


@checker("FL502")
def jsonify_status_argument(ctx):
    analyzer = ctx.model.responses
    handler_funcs = [h.func for h in ctx.model.handlers if h.func is not None]
    for call in analyzer.jsonify_calls():
        if _in_tests(ctx, call):
            continue
        lost = R.jsonify_lost_status(analyzer, call)
        if lost is None:
            continue
        if any(R.encloses(f, call) for f in handler_funcs):
            continue  # FL303's
        status = str(lost) if lost > 0 else call.args[-1].as_string()
        msg = (
            f"jsonify(obj, {status}) answers 200 with the JSON list [obj, {status}]: positional arguments "
            f"are serialised as a list, not a status; return jsonify(obj), {status}"
        )
        yield ctx.finding("FL502", call, msg, fix=jsonify_status_fix(ctx, call))
