"""Metadata and docs of the route rules (FL201-FL207)."""

from __future__ import annotations

from flasklint.checks.registry import Rule, define

define(
    Rule(
        id="FL201",
        name="duplicate-route",
        severity="HIGH",
        confidence="HIGH",
        cwe=(561,),
        summary="Two rules match the same URLs and methods; the later one never runs",
        what="""
        Reports a URL rule that has the same parts as a rule registered
        before it on the same app (variable names do not count:
        ``/i/<int:a>`` and ``/i/<int:b>`` are one rule) and shares at least
        one method with it (HEAD and OPTIONS aside).  Blueprint prefixes
        (constructor and ``register_blueprint``), nested blueprints,
        ``add_url_rule``, ``MethodView`` and Flask's own
        ``/static/<path:filename>`` are composed first.  The finding is on
        the rule that loses (registered later), with the winner as a
        related location; registration order is source order, blueprint
        rules counting where the blueprint is registered.  A rule added
        without a view (``app.add_url_rule("/", endpoint="index")``, the
        Flask tutorial's name for url_for() of a blueprint's index) runs
        nothing, so it is not reported as the loser (FL203 alike).  Rules on
        different hosts (``host=`` with host matching) are different rules.
        A losing rule that runs the same code as the winner -- the same view
        function with the same ``defaults`` (one helper registering a view
        on two blueprints with one prefix, a second endpoint name for
        url_for()), or a copy with the same signature and body -- is
        reported LOW: requests get the same answer, only the endpoint differs.
        So is a broader rule registered after a specific one for the same
        URL (``DELETE`` first, then ``GET, POST, DELETE`` for everything
        else): only the methods the specific rule takes are lost, the usual
        shape of a deliberate fallback.
        """,
        why="""
        Flask and Werkzeug 3.1 accept a duplicate rule silently: the first
        one registered answers every request, and the second view is dead
        code that looks alive -- edits to it change nothing, tests that call
        the function directly pass.  Werkzeug 3.2 turns this into a
        ``DuplicateRuleError`` at start-up.
        """,
        example="""
        from flask import Flask

        app = Flask(__name__)


        @app.get("/orders")
        def list_orders():
            return []


        @app.get("/orders")
        def all_orders():
            return {}
        """,
        use_instead="""
        from flask import Flask

        app = Flask(__name__)


        @app.get("/orders")
        def list_orders():
            return []


        @app.post("/orders")
        def create_order():
            return {}, 201
        """,
        notes="""
        A rule kept only so that ``url_for`` can build it should say so
        with ``build_only=True`` (Werkzeug never matches it; flasklint
        skips it).  Rules with disjoint methods (``@bp.get("/")`` and
        ``@bp.post("/")``),
        ``/x`` and ``/x/``, the same view stacked under several rules, and
        rules of different apps are not duplicates.  A blueprint registered
        twice under different ``name=`` only duplicates its rules when both
        registrations use the same prefix.
        """,
    ),
    Rule(
        id="FL202",
        name="endpoint-collision",
        severity="HIGH",
        confidence="HIGH",
        cwe=(694,),
        summary="Two different view functions for one endpoint: Flask raises AssertionError at import",
        what="""
        Reports a rule whose endpoint name (dotted with its blueprint) is
        already owned by a *different* function object on the same app: two
        view functions with the same name on one app or blueprint, a reused
        ``endpoint=``, ``View.as_view("name")`` called twice, or views whose
        decorators return a wrapper without ``functools.wraps`` (every such
        view is called ``wrapper``; the decorator factories of extensions
        used without ``()`` do the same: ``@jwt_required`` from
        flask-jwt-extended 4, Flask-Security's ``@auth_required``,
        Flask-Caching's ``@cache.cached`` -- MEDIUM confidence when the
        project pins no version of the extension).  The same function registered
        under several rules (stacked ``@route``) is fine and not reported,
        and so is a registration inside ``with pytest.raises(...)`` or
        ``self.assertRaises(...)``: a test checking that Flask refuses it.
        """,
        why="""
        ``add_url_rule`` raises ``AssertionError: View function mapping is
        overwriting an existing endpoint function`` when the app (or the
        blueprint's registration) is set up: the service does not start.
        With a decorator that drops ``__name__``, the error appears only
        once a second view uses the decorator.
        """,
        example="""
        from flask import Flask

        app = Flask(__name__)


        def login_required(view):
            def wrapper(*args, **kwargs):
                return view(*args, **kwargs)

            return wrapper


        @app.route("/orders")
        @login_required
        def orders():
            return []


        @app.route("/invoices")
        @login_required
        def invoices():
            return []
        """,
        use_instead="""
        import functools

        from flask import Flask

        app = Flask(__name__)


        def login_required(view):
            @functools.wraps(view)
            def wrapper(*args, **kwargs):
                return view(*args, **kwargs)

            return wrapper


        @app.route("/orders")
        @login_required
        def orders():
            return []


        @app.route("/invoices")
        @login_required
        def invoices():
            return []
        """,
        notes="""
        A decorator flasklint cannot see into (from an installed library)
        is assumed to keep ``__name__`` and is never the reason for a
        finding.
        """,
    ),
    Rule(
        id="FL203",
        name="shadowed-route",
        severity="HIGH",
        confidence="HIGH",
        cwe=(561,),
        summary="A rule that can never be reached: an earlier or stronger rule takes every URL it accepts",
        what="""
        Reports a rule that is textually different from another rule of the
        same app, but never receives a request for some method: every URL it
        accepts is also accepted by the other rule, and Werkzeug's matcher
        always prefers the other one (a static segment beats a converter; a
        converter of lower weight -- ``int``/``float`` 50, ``string``/
        ``any``/``uuid`` 100, ``path`` 200 -- is tried first; equal weights go
        to the rule registered first).  Examples: ``/c/<any(a,b):k>``
        registered after ``/c/<s>``; ``/o/<uuid:u>`` after ``/o/<s>``.
        ``/i/<int(max=10):v>`` and ``/i/<int:n>`` count as duplicates
        (FL201): their parts are the same.  Shadowing is *proved* on the
        converters' languages, segment by segment, and confirmed with the
        installed Werkzeug router; it is not guessed from samples.
        """,
        why="""
        The shadowed view is dead code that looks alive: a request meant for
        it is answered by another view, often with a 404 or a wrong
        response.  Converter validation (``int(max=10)``) does not help: a
        value that fails validation is a 404, with no fallback to the next
        rule.
        """,
        example="""
        from flask import Flask

        app = Flask(__name__)


        @app.route("/pages/<name>")
        def page(name):
            return name


        @app.route("/pages/<any(about, help):name>")
        def static_page(name):
            return name
        """,
        use_instead="""
        from flask import Flask

        app = Flask(__name__)


        @app.route("/pages/<any(about, help):name>")
        def static_page(name):
            return name


        @app.route("/pages/<name>")
        def page(name):
            return name
        """,
    ),
    Rule(
        id="FL204",
        name="ambiguous-route",
        severity="MEDIUM",
        confidence="HIGH",
        cwe=(670,),
        summary="Two converter rules accept a common URL; converter weights decide which view runs",
        what="""
        Reports two rules of one app that accept some common URL for a
        common method, where both differ first at a *converter* segment
        (``/keys/<uuid:k>`` vs ``/keys/<name>``, ``/files/<path:p>`` vs
        ``/files/<name>``): which view runs is decided by Werkzeug's
        converter weights or by registration order.  Not reported: a number
        converter next to a text one (``/user/<int:id>`` and
        ``/user/<name>``: digits go to the int rule in either order, the
        documented idiom).  A ``<path:...>`` rule losing URLs to more
        specific rules is LOW confidence: most often a deliberate fallback.  The message gives a
        witness URL and the view that wins it, replayed through the
        installed Werkzeug router on the app's full map.  Reported on the
        rule that loses the witness, once: a catch-all that several more
        specific rules take URLs from is one finding, with a note per rule
        that wins.  Rules stacked on one view (the same function or view
        class, the same ``defaults``) are not compared, here or in FL203:
        whichever wins, the same view runs.
        """,
        why="""
        Readers (and API clients) expect ``/user/42`` to reach the view they
        are looking at; whether it does depends on converter weights few
        people remember.  Renaming a segment or adding a converter silently
        moves traffic from one view to another.
        """,
        example="""
        from flask import Flask

        app = Flask(__name__)


        @app.route("/key/<uuid:key>")
        def key_by_uuid(key):
            return str(key)


        @app.route("/key/<name>")
        def key_by_name(name):
            return name
        """,
        use_instead="""
        from flask import Flask

        app = Flask(__name__)


        @app.route("/key/<uuid:key>")
        def key_by_uuid(key):
            return str(key)


        @app.route("/key/name/<name>")
        def key_by_name(name):
            return name
        """,
        notes="""
        A static segment beside a converter (``/users/me`` and
        ``/users/<name>``, ``/items/new`` and ``/items/<int:id>``) is the
        documented static-first idiom -- the static rule always wins, in any
        order -- and is not reported; nor is a segment with more static
        text (``/f/<name>.json`` before ``/f/<name>``, ``/p/<path:p>/raw``
        before ``/p/<path:p>``), nor an ``any(...)`` rule registered
        before a general one (``/pages/<any(about, help):p>`` then
        ``/pages/<p>``), the same idiom for several values.  Nor is Flask's own static route, nor
        ``/n/<float:f>`` vs ``/n/<int:i>`` (no URL matches both).
        """,
    ),
    Rule(
        id="FL205",
        name="view-args-mismatch",
        severity="HIGH",
        confidence="HIGH",
        cwe=(628,),
        summary="The view's signature does not match the rule's URL variables",
        what="""
        Reports a rule whose view does not accept one of the rule's URL
        variables (blueprint prefix variables, ``defaults=`` keys and the
        variables of ``subdomain=`` -- the rule's or a blueprint's -- and
        ``host=`` included), or requires a parameter that none of them
        supplies.  Flask calls views with URL variables as
        keyword arguments.  Understands defaults, keyword-only parameters,
        ``**kwargs``, ``MethodView`` handlers (``get``, ``post``... per
        method the rule allows) and ``View.dispatch_request``, and project
        decorators that pass ``*args, **kwargs`` through (with or without
        ``functools.wraps``).
        """,
        why="""
        Nothing is checked when the rule is registered: every request to
        the rule fails with ``TypeError: view() got an unexpected keyword
        argument`` or ``missing 1 required positional argument`` -- a 500
        in production.
        """,
        example="""
        from flask import Flask

        app = Flask(__name__)


        @app.get("/orders/<int:order_id>")
        def get_order(id):
            return {"id": id}
        """,
        use_instead="""
        from flask import Flask

        app = Flask(__name__)


        @app.get("/orders/<int:order_id>")
        def get_order(order_id):
            return {"id": order_id}
        """,
        notes="""
        Silent when a decorator flasklint cannot see into wraps the view
        (it may inject or consume arguments: webargs, flask-smorest...), when
        the app or a blueprint on the way has a ``url_value_preprocessor``
        (it may pop variables), and when a view class defines
        ``decorators`` or overrides ``dispatch_request``.
        """,
        fix="""
        unsafe -- a plain function view of one rule that does not accept a URL
        variable gets it as a parameter (``def user():`` becomes
        ``def user(user_id):``); signatures with defaults, ``*`` or ``/`` get no fix.
        """,
    ),
    Rule(
        id="FL206",
        name="unreachable-subdomain-route",
        severity="HIGH",
        confidence="HIGH",
        cwe=(561,),
        summary="A subdomain= rule on an app without subdomain_matching=True never matches",
        what="""
        Reports rules with a ``subdomain=`` -- given to the route, to the
        ``Blueprint`` or to ``register_blueprint`` -- on an app created
        without ``subdomain_matching=True``.  Flask then binds every request
        to the subdomain ``""`` (``app.url_map.default_subdomain``), so a
        rule for any other subdomain never matches.  Silent when the project
        sets ``app.subdomain_matching`` or ``app.url_map.default_subdomain``
        itself, and for ``host_matching`` apps.
        """,
        why="""
        Every request for the subdomain answers 404, while the code reads as
        if ``api.example.com/...`` were served.  Flask does not warn.
        """,
        example="""
        from flask import Blueprint, Flask

        app = Flask(__name__)
        app.config["SERVER_NAME"] = "example.com"
        api = Blueprint("api", __name__, subdomain="api")


        @api.get("/status")
        def status():
            return {"ok": True}


        app.register_blueprint(api)
        """,
        use_instead="""
        from flask import Blueprint, Flask

        app = Flask(__name__, subdomain_matching=True)
        app.config["SERVER_NAME"] = "example.com"
        api = Blueprint("api", __name__, subdomain="api")


        @api.get("/status")
        def status():
            return {"ok": True}


        app.register_blueprint(api)
        """,
    ),
    Rule(
        id="FL207",
        name="duplicate-blueprint-name",
        severity="HIGH",
        confidence="HIGH",
        cwe=(694,),
        summary="A blueprint name registered twice on one app: Flask raises ValueError at start-up",
        what="""
        Reports a ``register_blueprint`` call that registers a blueprint
        under a name (``name=`` or the blueprint's own, dotted with its
        parents when nested) already registered on the same app -- the same
        blueprint registered twice without ``name=``, or two blueprints
        created with the same name.  Loops over blueprint lists are
        expanded.  A registration inside ``with pytest.raises(...)`` (a test
        checking that Flask refuses it) is not reported.
        """,
        why="""
        Since Flask 2.1 this raises ``ValueError: The name 'api' is already
        registered for this blueprint. Use 'name=' to provide a unique
        name.`` when the app is created: the service does not start.  Older
        Flask silently merged both, which is why the pattern is still found
        in code written for Flask 1.x and 2.0.
        """,
        example="""
        from flask import Blueprint, Flask

        app = Flask(__name__)
        api = Blueprint("api", __name__)

        app.register_blueprint(api, url_prefix="/v1")
        app.register_blueprint(api, url_prefix="/v2")
        """,
        use_instead="""
        from flask import Blueprint, Flask

        app = Flask(__name__)
        api = Blueprint("api", __name__)

        app.register_blueprint(api, url_prefix="/v1")
        app.register_blueprint(api, url_prefix="/v2", name="api_v2")
        """,
    ),
)
