"""Metadata and docs of the JSON error rules (FL301-FL307)."""

from __future__ import annotations

from flasklint.checks.registry import Rule, define

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
        every view of the app lives in such a blueprint.  A view that signals
        errors with ``abort(404)`` (or ``return abort(404)``) still serves
        JSON: abort raises, and the error page answers.  Reported once per
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
        not reported as a whole: which errors should be JSON there (an
        ``/api`` prefix, content negotiation) is a design choice flasklint
        cannot see.  A JSON API the app serves as a section of its own -- a
        blueprint registered under a prefix, with two views or more, every
        one answering JSON, named as an API (``api`` in its prefix or name)
        or most of the app's sections -- is reported (MEDIUM confidence) for
        the codes
        no app-level handler that may answer JSON covers: under its prefix a
        wrong method, an unknown URL or a crash gets the site's HTML page.
        A handler that answers JSON in any branch (by ``Accept`` header or
        path) counts as covering; one that only renders a page does not.  HTML
        sites are not reported.  Apps whose REST framework answers errors
        itself (flask-restful, flask-restx, flask-smorest bound to the app
        or one of its blueprints) are left to FL307, and so are apps whose
        class answers every error in JSON (``APIFlask``); apps built by
        frameworks flasklint does not model as Flask apps (connexion) are
        not seen at all.  Handlers an extension's blueprint class installs
        (flakon's ``JsonBlueprint``) count as that blueprint's.
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
        class, ``HTTPException`` or ``Exception``, which catch both, or a
        loop over ``default_exceptions`` -- also inside a Blueprint
        subclass's ``__init__``) on a blueprint.  Not reported when every app
        the blueprint is registered on also handles those codes at app level:
        the blueprint handler is then a deliberate refinement for ``abort()``
        in its views (for ``HTTPException``, the message names the codes no
        app-level handler covers).  Nor is a 404 handler of a blueprint with a
        catch-all rule (``/<path:path>``): every URL under its prefix reaches
        one of its views, whose ``abort(404)`` the handler does see.
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
        fix="""
        unsafe -- ``@bp.errorhandler(404)`` (or 405, by code) becomes
        ``@bp.app_errorhandler(404)``: the handler then answers that error for the
        whole app, not only the blueprint's views.
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
        A body answered only in a branch chosen by the request's path
        or ``Accept`` header, when another return of the same
        handler keeps the error status (``if not request.path.startswith(
        "/api/"): return index_page`` ... ``return jsonify(...), 404``), is
        reported LOW: most often a deliberate fallback.
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
        fix="""
        unsafe -- a handler registered for one status (``errorhandler(404)``, or an
        exception class whose code is known) whose single ``return`` has no status
        gets it: ``return body`` becomes ``return body, 404``.  Safe for
        ``return jsonify(obj, 500)``, which becomes ``return jsonify(obj), 500``.
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
        variable -- in what it returns, or in the description it gives
        ``abort(500, description=...)``, which the error page shows, or in
        what a generator defined in the view yields when the view returns it
        as a streamed body (``return Response(generate())``).  ``str(e)``/``repr(e)``/``f"{e}"`` of an arbitrary
        exception -- the parameter of an ``Exception`` handler, or ``except
        Exception as e`` in a view, also through a project helper given the
        exception that returns its text (``describe(e)``) -- is reported at
        LOW severity and medium
        confidence: the message of an exception is often harmless, and
        tools for trusted users (database admin UIs) show it by design;
        ``--severity medium`` leaves these out.
        Logging the traceback and answering a generic message is fine, and
        ``str(e)`` of an ``HTTPException`` (its description is public) is
        not reported.  Details taken or sent only under ``if <debug>:``
        (``app.debug``, ``config["DEBUG"]``) or ``if <the user is an
        admin>:`` are reported LOW: the intent is visible, whether it holds
        in production is not.
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
        A handler for an error that neither routing nor a crash produces
        (403, 401, 429...) is reported LOW when no view of the app that
        answers JSON -- nor a decorator or function it calls -- raises that
        error (``abort(403)``, ``raise Forbidden()``): API clients may never
        reach it.
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
        404 that may answer JSON (one that only renders an HTML page leaves
        the API's clients with HTML) and no catch-all route (``/<path:p>``,
        as single-page apps have: unknown URLs then never 404).  A catch-all
        view that itself ends in a 404 for paths it does not know
        (``abort(404)``, ``return body, 404``: a CMS serving stored pages)
        does not count: unknown URLs still reach the 404 handler (FL301
        alike).
        flask-smorest handles every HTTP error itself and is not reported.
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
        fix="""
        safe -- ``return jsonify(obj, 404)`` becomes ``return jsonify(obj), 404``
        when the status is a literal and the call is what ``return`` returns
        (elsewhere a tuple would change what a variable holds: no fix).
        """,
    ),
)
