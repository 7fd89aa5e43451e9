"""FL3xx: JSON services and their error handlers (and FL502, ``jsonify``'s
lost status argument).

Flask answers every error with an HTML page unless an error handler says
otherwise; blueprint handlers never see routing errors; a handler that
returns only a body answers 200.  These rules read the model's error handlers
(``FlaskModel.handlers``) and its response analysis
(``flasklint.model.responses``).

Test code (``tests/``, ``test_*.py``, ``conftest.py``) is not checked by
these rules: test apps are not services, and tests exercise odd handlers on
purpose.
"""

from __future__ import annotations

from flasklint.checks.registry import Rule, checker, define
from flasklint.model import responses as R

ROUTING_CODES = (404, 405)
SERVICE_CODES = (404, 405, 500)

define(
    Rule(
        id="FL301",
        name="missing-json-error-handler",
        severity="MEDIUM",
        confidence="HIGH",
        cwe=(755,),
        summary="JSON service whose 404/405/500 errors still answer HTML",
        what="""
        Reports an app that serves JSON -- its views return ``jsonify(...)``,
        dicts or lists, and none renders templates -- where some of 404, 405
        and 500 are answered with Flask's HTML error page because no
        app-level error handler covers them.  Covered means a handler for the
        code (or its werkzeug class), for ``HTTPException`` or for
        ``Exception``, registered on the app directly, in a wrapper or a
        helper function (in any module), by a loop over
        ``default_exceptions``, or with ``bp.app_errorhandler``.  Blueprint
        handlers (``bp.errorhandler``) never cover 404 and 405 (routing
        errors happen before any blueprint is known); they cover 500 when
        every view of the app lives in such a blueprint.  Reported once per
        app, at its creation, naming the codes left in HTML.
        """,
        why="""
        Clients of a JSON service parse every response as JSON.  Without
        handlers, an unknown URL, a wrong method or a crash answers
        ``text/html`` whatever the ``Accept`` header says, and clients fail
        with a decoding error instead of reading an error message.
        """,
        example="""
        from flask import Flask, jsonify

        app = Flask(__name__)


        @app.route("/api/items")
        def items():
            return jsonify([{"id": 1}])
        """,
        use_instead="""
        from flask import Flask, jsonify
        from werkzeug.exceptions import HTTPException

        app = Flask(__name__)


        @app.errorhandler(HTTPException)
        def http_error(e):
            return jsonify(error=e.name, description=e.description), e.code


        @app.route("/api/items")
        def items():
            return jsonify([{"id": 1}])
        """,
        notes="""
        Mixed apps -- some views render templates, others return JSON -- are
        not reported: which errors should be JSON there (an ``/api`` prefix,
        content negotiation) is a design choice flasklint cannot see.  HTML
        sites are not reported.  Apps whose REST framework answers errors
        itself (flask-restful, flask-restx, flask-smorest bound to the app
        or one of its blueprints) are left to FL307; apps built by
        frameworks flasklint does not model as Flask apps (connexion) are
        not seen at all.
        """,
    ),
    Rule(
        id="FL302",
        name="blueprint-routing-error-handler",
        severity="MEDIUM",
        confidence="HIGH",
        summary="Blueprint 404/405 handler that never sees routing errors",
        what="""
        Reports ``bp.errorhandler(404)`` / ``(405)`` (or
        ``register_error_handler``, a ``NotFound``/``MethodNotAllowed``
        class, or a loop over ``default_exceptions`` -- also inside a
        Blueprint subclass's ``__init__``) on a blueprint.  Not reported when
        every app the blueprint is registered on also handles that code at
        app level: the blueprint handler is then a deliberate refinement for
        ``abort()`` in its views.
        """,
        why="""
        Flask looks up blueprint handlers only for errors raised while one of
        the blueprint's views runs.  An unknown URL under the blueprint's
        prefix or a wrong method matches no rule, so no blueprint is known
        and the app's handlers (or the default HTML page) answer.  The
        handler only runs for ``abort(404)`` inside the blueprint's own views
        -- and a 405 handler practically never.
        """,
        example="""
        from flask import Blueprint, Flask, jsonify

        api = Blueprint("api", __name__)


        @api.errorhandler(404)
        def not_found(e):
            return jsonify(error="not found"), 404


        app = Flask(__name__)
        app.register_blueprint(api, url_prefix="/api")
        """,
        use_instead="""
        from flask import Blueprint, Flask, jsonify

        api = Blueprint("api", __name__)


        @api.app_errorhandler(404)
        def not_found(e):
            return jsonify(error="not found"), 404


        app = Flask(__name__)
        app.register_blueprint(api, url_prefix="/api")
        """,
    ),
    Rule(
        id="FL303",
        name="error-handler-status",
        severity="MEDIUM",
        confidence="HIGH",
        summary="Error handler whose response carries no error status (answers 200)",
        what="""
        Reports an error handler ``return`` whose response has no status, so
        the client gets **200**: a body alone (``jsonify(...)``, a dict, a
        string, ``render_template(...)``), ``make_response(body)`` or a
        ``Response`` never given a status, and ``jsonify(obj, 500)`` -- whose
        positional arguments become a JSON list ``[obj, 500]``.  A status set
        any of the ways Flask understands is accepted: ``(body, code)``
        tuples, ``make_response(body, code)``, ``resp.status_code = ...``,
        ``Response(..., status=...)``, ``e.code``, ``e.get_response()``,
        returning the HTTP exception itself, a redirect.  Helper functions
        the handler returns through are followed.  Files
        (``send_static_file``, single-page-app fallbacks) are not reported.
        ``jsonify(obj, <status>)`` outside error handlers is FL502.
        """,
        why="""
        A 404 page answering 200 tells clients, caches and crawlers that the
        URL exists; an API error answering 200 is read as success.  Flask
        uses the status of the handler's response, not the error's: a
        handler that returns only a body answers 200.
        """,
        example="""
        from flask import Flask, jsonify

        app = Flask(__name__)


        @app.errorhandler(500)
        def error_handling(error):
            return jsonify({"Error": "internal error"}, 500)
        """,
        use_instead="""
        from flask import Flask, jsonify

        app = Flask(__name__)


        @app.errorhandler(500)
        def error_handling(error):
            return jsonify({"Error": "internal error"}), 500
        """,
        notes="""
        Handlers of project exception classes (not HTTP errors) are reported
        at medium confidence: answering 200 for them is occasionally
        deliberate.
        """,
    ),
    Rule(
        id="FL304",
        name="html-error-handler",
        severity="MEDIUM",
        confidence="MEDIUM",
        summary="JSON service error handler that answers HTML or plain text",
        what="""
        In an app that serves JSON (see FL301), reports an error handler
        whose every answer is HTML or plain text: ``render_template(...)``,
        a string literal, ``Response(text)`` without a JSON mimetype.
        Handlers that answer JSON on some branch (they choose by URL,
        blueprint or ``Accept`` header) are not reported; when the choice is
        the ``Accept`` test that ``*/*`` defeats, FL306 reports it.
        """,
        why="""
        The service's clients expect a JSON error body they can parse; an
        HTML page or a bare string makes them fail with a decoding error
        and hides the error message.
        """,
        example="""
        from flask import Flask, jsonify

        app = Flask(__name__)


        @app.errorhandler(404)
        def not_found(e):
            return "Not found", 404


        @app.route("/api/items")
        def items():
            return jsonify([])
        """,
        use_instead="""
        from flask import Flask, jsonify

        app = Flask(__name__)


        @app.errorhandler(404)
        def not_found(e):
            return jsonify(error="not found"), 404


        @app.route("/api/items")
        def items():
            return jsonify([])
        """,
    ),
    Rule(
        id="FL305",
        name="error-detail-leak",
        severity="MEDIUM",
        confidence="HIGH",
        cwe=(209, 497),
        summary="Traceback or internal exception detail sent to the client",
        what="""
        Reports an error handler or view whose response carries a traceback
        (``traceback.format_exc()``, ``format_exception``, ``format_tb``,
        ``extract_tb``, ``sys.exc_info()``) or the unhandled exception behind
        a 500 (``e.original_exception``), directly or through a local
        variable.  ``str(e)``/``repr(e)``/``f"{e}"`` of an arbitrary
        exception -- the parameter of an ``Exception`` handler, or ``except
        Exception as e`` in a view -- is reported at LOW severity and medium
        confidence: the message of an exception is often harmless, and
        tools for trusted users (database admin UIs) show it by design;
        ``--severity medium`` leaves these out.
        Logging the traceback and answering a generic message is fine, and
        ``str(e)`` of an ``HTTPException`` (its description is public) is
        not reported.
        """,
        why="""
        Tracebacks and exception messages reveal file paths, library
        versions, SQL statements and data -- a map for an attacker
        (CWE-209; CodeQL's stack-trace-exposure).
        """,
        example="""
        import traceback

        from flask import Flask, jsonify

        app = Flask(__name__)


        @app.errorhandler(500)
        def server_error(e):
            return jsonify(error="internal error", trace=traceback.format_exc()), 500
        """,
        use_instead="""
        from flask import Flask, jsonify

        app = Flask(__name__)


        @app.errorhandler(500)
        def server_error(e):
            app.logger.exception("unhandled error")
            return jsonify(error="internal error"), 500
        """,
    ),
    Rule(
        id="FL306",
        name="accept-html-negotiation",
        severity="MEDIUM",
        confidence="HIGH",
        summary="Error handler picks HTML when the client accepts */*",
        what="""
        Reports, in an error handler that answers JSON on one branch and
        HTML on another, the test that decides with ``'text/html' in
        request.accept_mimetypes`` or ``request.accept_mimetypes.accept_html``.
        """,
        why="""
        Both are true for ``Accept: */*`` -- the default of curl, requests,
        httpx and most HTTP libraries -- so API clients get the HTML page.
        Test for JSON instead (``request.accept_mimetypes.best ==
        "application/json"``, ``best_match([...])`` with JSON first), or
        decide by URL (``request.path.startswith("/api/")``) or blueprint.
        """,
        example="""
        from flask import Flask, jsonify, render_template, request

        app = Flask(__name__)


        @app.errorhandler(404)
        def not_found(e):
            if request.accept_mimetypes.accept_html:
                return render_template("404.html"), 404
            return jsonify(error="not found"), 404
        """,
        use_instead="""
        from flask import Flask, jsonify, render_template, request

        app = Flask(__name__)


        @app.errorhandler(404)
        def not_found(e):
            if request.path.startswith("/api/"):
                return jsonify(error="not found"), 404
            return render_template("404.html"), 404
        """,
    ),
    Rule(
        id="FL307",
        name="api-catch-all-404s",
        severity="LOW",
        confidence="HIGH",
        summary="flask-restful/restx Api leaves unknown URLs answering HTML",
        what="""
        Reports ``Api(app)`` / ``Api(bp)`` / ``api.init_app(app)`` of
        flask-restful, flask-restx or flask-restplus without
        ``catch_all_404s=True`` when the app has no app-level handler for
        404 and no catch-all route (``/<path:p>``, as single-page apps
        have: unknown URLs then never 404).  flask-smorest handles every
        HTTP error itself and is not reported.
        """,
        why="""
        These frameworks answer errors in JSON only for their own resources:
        a request for an unknown URL matches no resource, and the framework
        hands it back to Flask, which answers its HTML 404 page.  API clients
        mistyping a URL get HTML.
        """,
        example="""
        from flask import Flask
        from flask_restful import Api, Resource

        app = Flask(__name__)
        api = Api(app)


        class Items(Resource):
            def get(self):
                return []


        api.add_resource(Items, "/items")
        """,
        use_instead="""
        from flask import Flask
        from flask_restful import Api, Resource

        app = Flask(__name__)
        api = Api(app, catch_all_404s=True)


        class Items(Resource):
            def get(self):
                return []


        api.add_resource(Items, "/items")
        """,
    ),
    Rule(
        id="FL502",
        name="jsonify-status-argument",
        severity="MEDIUM",
        confidence="HIGH",
        summary="jsonify(obj, status): the status becomes JSON data, the response is 200",
        what="""
        Reports ``jsonify(obj, <status>)`` outside error handlers (views and
        helpers): a second positional argument that is an HTTP status literal
        (100-599) or a status-named expression (``code``, ``status``,
        ``e.code``).  Inside error handlers the same mistake is FL303.
        """,
        why="""
        ``jsonify`` serialises several positional arguments as a JSON list:
        ``jsonify({"error": "x"}, 400)`` answers **200** with the body
        ``[{"error": "x"}, 400]``.  The client sees success and a body of
        the wrong shape.
        """,
        example="""
        from flask import Flask, jsonify, request

        app = Flask(__name__)


        @app.post("/orders")
        def create_order():
            if not request.is_json:
                return jsonify({"error": "expected JSON"}, 400)
            return jsonify(request.get_json()), 201
        """,
        use_instead="""
        from flask import Flask, jsonify, request

        app = Flask(__name__)


        @app.post("/orders")
        def create_order():
            if not request.is_json:
                return jsonify({"error": "expected JSON"}), 400
            return jsonify(request.get_json()), 201
        """,
    ),
)


# ----------------------------------------------------------------------------
# helpers


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
    return bool(h.codes) or h.exception in R.HTTP_EXCEPTION_BASES


def _handlers_by_func(ctx):
    """(func, [handlers]) for every handler function, in model order."""
    out = {}
    for h in ctx.model.handlers:
        if h.func is None or _in_tests(ctx, h.func):
            continue
        out.setdefault(id(h.func), (h.func, []))[1].append(h)
    return list(out.values())


def _covered(app, code, handlers=None) -> bool:
    handlers = R.app_wide_handlers(app) if handlers is None else handlers
    return any(R.handler_covers(h, code) for h in handlers)


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
        wide = R.app_wide_handlers(app)
        bp_handlers = R.blueprint_handlers(app)
        missing = []
        catch_all = R.has_catch_all_route(app)
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
        character = R.app_character(analyzer, app)
        if not character.serves_json or character.apis:
            continue
        related = []
        for h in bp_handlers:
            hit = [c for c in missing if R.handler_covers(h, c)]
            if hit:
                related.append((h.node, f"{h.owner.label} handles {_codes_text(hit)} only for errors raised in its own views"))
        verb = "answers" if len(missing) == 1 else "answer"
        msg = (
            f"{app.label} serves JSON ({_json_evidence(character)}) but {_codes_text(missing)} still {verb} "
            f"with Flask's HTML error page: no app-level error handler covers "
            f"{'it' if len(missing) == 1 else 'them'}; register @app.errorhandler(HTTPException) returning JSON"
        )
        yield ctx.finding("FL301", app.node, msg, related)


def _every_view_in_blueprint_handling(ctx, app, bp_handlers, code) -> bool:
    handling = {id(h.owner) for h in bp_handlers if R.handler_covers(h, code)}
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
        if _in_tests(ctx, h.node):
            continue
        codes = [c for c in ROUTING_CODES if c in h.codes]
        if not codes:
            continue
        apps = R.apps_of(h.owner)
        if apps and all(all(_covered(a, c) for c in codes) for a in apps):
            continue
        seen.add(id(h.node))
        what = _codes_text(codes)
        msg = (
            f"this handler for {what} on {h.owner.label} never runs for routing errors (unknown URLs, wrong methods): "
            f"Flask only looks up blueprint handlers for errors raised in the blueprint's own views; "
            f"use app_errorhandler({codes[0]}) or an app-level handler"
        )
        yield ctx.finding("FL302", h.node, msg)


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
                yield ctx.finding("FL303", ans.jsonify_call, msg, confidence=None if http else "MEDIUM")
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
            yield ctx.finding("FL303", ans.node, msg, related, confidence=None if http else "MEDIUM")


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
            got = json_apps[id(app)] = not _in_tests(ctx, app.node) and R.app_character(analyzer, app).serves_json
        return got

    reported = set()
    for func, handlers in _handlers_by_func(ctx):
        answers = analyzer.answers(func)
        bodies = {a.body for a in answers}
        negotiations = analyzer.html_negotiations(func)
        if negotiations and R.JSON in bodies and (bodies & {R.HTML, R.TEXT}):
            for node, text in negotiations:
                msg = (
                    f"{text} is true for 'Accept: */*' (curl, requests and most HTTP clients send it): "
                    f"API clients get the HTML error page; test for JSON (accept_mimetypes.best == 'application/json') "
                    f"or decide by URL or blueprint"
                )
                yield ctx.finding("FL306", node, msg)
            continue
        if not answers or not all(a.body in (R.HTML, R.TEXT) and a.how not in ("e.get_response()", "the exception itself", "abort()") for a in answers):
            continue
        apps = []
        for h in handlers:
            apps.extend(R.apps_of(h.owner))
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
        if leak.certain:
            msg = f"this {where} sends {leak.what} to the client: tracebacks and internal exception details reveal code, paths and data; log them and answer a generic message"
            yield ctx.finding("FL305", where_node, msg, related)
        else:
            msg = f"this {where} sends the message of an arbitrary exception to the client ({leak.what}): it can reveal SQL, paths or data; log it and answer a generic message"
            yield ctx.finding("FL305", where_node, msg, related, severity="LOW", confidence="MEDIUM")


# ----------------------------------------------------------------------------
# FL307


@checker("FL307")
def api_catch_all_404s(ctx):
    seen = set()
    for b in ctx.model.responses.api_frameworks():
        if b.framework == "flask-smorest" or id(b.node) in seen or _in_tests(ctx, b.node):
            continue
        v = b.kwargs.get("catch_all_404s")
        if v is not None and v.truth() is not False:
            continue  # True or unknown
        apps = R.apps_of(b.target)
        if not apps or any(_covered(a, 404) or R.has_catch_all_route(a) for a in apps):
            continue
        seen.add(id(b.node))
        call = b.node.as_string().split("(", 1)[0]
        msg = (
            f"{call}(...) without catch_all_404s=True: {b.framework} answers JSON only for its own resources; "
            f"unknown URLs get Flask's HTML 404 page ({apps[0].label} has no app-level 404 handler)"
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
        yield ctx.finding("FL502", call, msg)
