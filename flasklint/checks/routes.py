"""FL2xx: the URL map -- duplicate, shadowed and ambiguous rules, endpoint
collisions, view signatures, unreachable subdomain rules, blueprint names.

Every verdict is computed on the app's URL map as Flask builds it
(``model.url_map(app)``: blueprint prefixes and endpoint names composed, in
registration order, after Flask's own ``/static/<path:filename>``) and
checked against the installed Werkzeug router (:mod:`flasklint.routing`).
"""

from __future__ import annotations

from typing import Dict, List, Optional, Tuple

from astroid import nodes

from flasklint import routing as R
from flasklint.knowledge.flask_api import SUBDOMAIN_ATTRS
from flasklint.registry import Rule, checker, define
from flasklint.resolve.values import Const, Mapping, const_str
from flasklint.source.walk import FUNC_TYPES, nodes_of

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
        nothing, so it is not reported as the loser (FL203 alike).
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
        view is called ``wrapper``; a bare ``@jwt_required`` from
        flask-jwt-extended 4 does the same).  The same function registered
        under several rules (stacked ``@route``) is fine and not reported.
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
        (``/user/<name>`` vs ``/user/<int:id>``, ``/files/<path:p>`` vs
        ``/files/<name>``): which view runs is decided by Werkzeug's
        converter weights or by registration order.  The message gives a
        witness URL and the view that wins it, replayed through the
        installed Werkzeug router on the app's full map.  Reported on the
        rule that loses the witness, once: a catch-all that several more
        specific rules take URLs from is one finding, with a note per rule
        that wins.
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


        @app.route("/user/<name>")
        def user_by_name(name):
            return name


        @app.route("/user/<int:user_id>")
        def user_by_id(user_id):
            return str(user_id)
        """,
        use_instead="""
        from flask import Flask

        app = Flask(__name__)


        @app.route("/user/<name>")
        def user_by_name(name):
            return name


        @app.route("/user/id/<int:user_id>")
        def user_by_id(user_id):
            return str(user_id)
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
        expanded.
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


# ----------------------------------------------------------------------------
# the app's rules, prepared once


class Entry:
    """One rule of an app's URL map, with what the route checks need."""

    def __init__(self, model, fr, index):
        self.fr = fr
        self.route = fr.route
        self.index = index
        self.id = f"r{index}"
        self.parsed = R.parse_rule(fr.rule) if fr.rule is not None else None
        self.methods = _methods(model, fr.route)
        self.domain = _domain(fr)
        kw = fr.route.kwargs
        # rules whose matching flasklint does not model exactly
        self.special = any(k in kw for k in ("strict_slashes", "redirect_to", "host", "**", "merge_slashes", "websocket"))
        self._parts = None

    @property
    def parts(self):
        if self._parts is None:
            self._parts = R.compiled_parts(self.fr.rule) if self.parsed is not None else ()
        return self._parts

    @property
    def comparable(self) -> bool:
        if "build_only" in self.route.kwargs:
            return False  # never matched, only used by url_for
        return self.parsed is not None and self.methods is not None and self.domain is not _UNKNOWN_DOMAIN and "**" not in self.route.kwargs

    def oracle_rule(self) -> R.OracleRule:
        return R.OracleRule(self.fr.rule, tuple(sorted(self.methods)), self.id)

    @property
    def is_static(self) -> bool:
        return self.route.kind == "static"


_UNKNOWN_DOMAIN = object()


def _methods(model, route) -> Optional[frozenset]:
    if route.methods is not None:
        return frozenset(m.upper() for m in route.methods)
    if "methods" in route.kwargs or "**" in route.kwargs:
        return None
    if isinstance(route.view, nodes.ClassDef):
        return None  # a view class whose methods could not be derived
    return frozenset({"GET"})


def _domain(fr):
    """The subdomain the rule is bound to (None: the default), or
    _UNKNOWN_DOMAIN."""
    v = fr.route.kwargs.get("subdomain")
    if v is not None:
        return _subdomain_value(v)
    parts = []
    for reg in reversed(fr.chain):
        sub = reg.kwargs.get("subdomain")
        if sub is None or (isinstance(sub, Const) and sub.value is None):
            sub = reg.blueprint.kwargs.get("subdomain")
        if sub is None or (isinstance(sub, Const) and sub.value is None):
            continue
        s = _subdomain_value(sub)
        if s is _UNKNOWN_DOMAIN:
            return s
        parts.append(s)
    return ".".join(p for p in parts if p) or None


def _subdomain_value(v):
    if isinstance(v, Const) and v.value is None:
        return None
    s = const_str(v)
    return _UNKNOWN_DOMAIN if s is None else s


def _entries(ctx, app) -> List[Entry]:
    """The app's rules, Flask's static route first, without the rules of
    registrations that fail (FL207: Flask raises before adding them)."""
    model = ctx.model
    frs = []
    static = model.static_route(app)
    if static is not None:
        frs.append(static)
    failed = {id(reg) for _, _, reg in duplicate_names(app)}
    frs += [fr for fr in model.url_map(app) if not any(id(r) in failed for r in fr.chain) and model.route_loaded(fr.route)]
    return [Entry(model, fr, i) for i, fr in enumerate(frs)]


def duplicate_names(app) -> List[tuple]:
    """(dotted name, first registration, failing registration) for every
    ``register_blueprint`` that reuses a registered name on ``app``."""
    names: Dict[str, object] = {}
    out = []

    def walk(owner, prefix, chain):
        for reg in owner.registrations:
            if reg.blueprint in chain:
                continue
            name = reg.name
            if name is None:
                continue
            full = f"{prefix}.{name}" if prefix else name
            first = names.get(full)
            if first is None:
                names[full] = reg
            elif not (first.node is reg.node and first.blueprint is reg.blueprint) and not exclusive(first.node, reg.node):
                out.append((full, first, reg))
                continue  # Flask raises: nothing below is registered
            walk(reg.blueprint, full, chain + (reg.blueprint,))

    walk(app, "", ())
    return out


def _view_label(route) -> str:
    if route.kind == "static":
        return "Flask's static files view"
    v = route.view
    if isinstance(v, nodes.ClassDef):
        return f"{v.name}.as_view()"
    if isinstance(v, FUNC_TYPES):
        return f"{v.name}()"
    return f"endpoint {route.effective_endpoint!r}" if route.effective_endpoint else "the view"


def _where(ctx, route) -> str:
    loc = ctx.location(route.location)
    return f"{loc.path}:{loc.line}"


def _branches(node):
    """(ancestor id, branch) pairs: which arm of each if/try a node is in."""
    out = {}
    child = node
    n = node.parent
    while n is not None:
        if isinstance(n, nodes.If):
            out[id(n)] = "body" if child in n.body else "orelse" if child in n.orelse else "test"
        elif isinstance(n, nodes.Try):
            if child in n.body:
                out[id(n)] = "body"
            elif child in n.handlers:
                out[id(n)] = f"handler{n.handlers.index(child)}"
            else:
                out[id(n)] = "other"
        elif isinstance(n, nodes.IfExp):
            out[id(n)] = "body" if child is n.body else "orelse" if child is n.orelse else "test"
        child = n
        n = n.parent
    return out


def exclusive(a, b) -> bool:
    """Nodes in different arms of one if/else (or try/except): at most one
    of them runs."""
    ba, bb = _branches(a), _branches(b)
    for k, arm in ba.items():
        other = bb.get(k)
        if other is not None and other != arm and "test" not in (arm, other) and "other" not in (arm, other):
            return True
    return False


def _setup_nodes(fr) -> list:
    return [fr.route.node] + [reg.node for reg in fr.chain]


def _exclusive_entries(a: Entry, b: Entry) -> bool:
    for x in _setup_nodes(a.fr):
        for y in _setup_nodes(b.fr):
            if x is not y and exclusive(x, y):
                return True
    return False


def _report_node(loser: Entry, winner: Entry):
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


def _apps(ctx):
    return list(ctx.model.apps)


# ----------------------------------------------------------------------------
# FL201 duplicate-route


@checker("FL201")
def duplicate_route(ctx):
    seen = set()
    for app in _apps(ctx):
        groups: Dict[tuple, List[Entry]] = {}
        for e in _entries(ctx, app):
            if not e.comparable or not e.parts:
                continue
            groups.setdefault((e.domain, e.parts), []).append(e)
        again: Dict[int, list] = {}  # a blueprint registered again: node -> [(loser, winner)]
        for group in groups.values():
            for i, loser in enumerate(group):
                if _url_alias(loser.route):
                    continue
                winners = [w for w in group[:i] if R.methods_overlap(loser.methods, w.methods) and not _exclusive_entries(loser, w)]
                if not winners:
                    continue
                same = [w for w in winners if w.route is loser.route]
                if same:
                    node = _report_node(loser, same[0])
                    again.setdefault(id(node), [node, []])[1].append((loser, same[0]))
                    continue
                lost = sorted(set().union(*(set(R.methods_overlap(loser.methods, w.methods)) for w in winners)))
                w = winners[0]
                node = loser.route.node
                key = (id(node), id(w.route.node))
                if key in seen:
                    continue
                seen.add(key)
                yield _duplicate_finding(ctx, loser, w, lost, node)
        for node, pairs in again.values():
            if id(node) in seen:
                continue
            seen.add(id(node))
            yield _registered_again_finding(ctx, node, pairs)


def _url_alias(route) -> bool:
    """``app.add_url_rule("/", endpoint="index")`` with no view: a rule for
    url_for() to build (the Flask tutorial names its blog's index so).  It
    runs nothing, so nothing of it "never runs" when another rule takes its
    URLs first.  (A view given to its endpoint some other way,
    ``app.view_functions[...]`` or ``@app.endpoint``, is not modelled: then
    such a finding is missed, never a false one.)"""
    if route.kind != "add_url_rule" or route.view is not None:
        return False
    call = route.node
    if not isinstance(call, nodes.Call) or len(call.args) >= 3:
        return False
    return not any(kw.arg in ("view_func", None) for kw in call.keywords or ())


def _duplicate_finding(ctx, loser, w, lost, node):
    rest = sorted(set(loser.methods) - set(lost) - R.AUTO_METHODS)
    ms = ", ".join(lost)
    if w.is_static:
        served = "is already served by Flask's static files route (static_folder), registered when the app is created"
    else:
        served = f"is already served by {_view_label(w.route)} at {_where(ctx, w.route)}, registered first"
    if rest:
        tail = f"{_view_label(loser.route)} only runs for {', '.join(rest)}"
    else:
        tail = f"{_view_label(loser.route)} never runs"
    msg = f"{ms} {loser.fr.rule} {served}; {tail}"
    if w.is_static:
        related = [(w.route.location, "the app (and its static route) is created here")]
    else:
        related = [(w.route.location, f"{ms} {w.fr.rule} registered first here")]
    return ctx.finding("FL201", node, msg, related)


def _registered_again_finding(ctx, node, pairs):
    loser, winner = pairs[0]
    first_reg = next((r for r in winner.fr.chain if r.blueprint is loser.fr.chain[-1].blueprint), None) if winner.fr.chain else None
    rules = []
    for lose, _ in pairs:
        ms = ", ".join(sorted(set(lose.methods) - R.AUTO_METHODS))
        rules.append(f"{ms} {lose.fr.rule}")
    shown = "; ".join(rules[:3]) + ("; ..." if len(rules) > 3 else "")
    n = len(pairs)
    bp = loser.fr.chain[-1].blueprint.label if loser.fr.chain else "the blueprint"
    msg = (
        f"{bp} is registered again with the same URL prefix: {'its rule is' if n == 1 else f'its {n} rules are'} already served "
        f"by the first registration, so {'it never runs' if n == 1 else 'none of them ever runs'} ({shown})"
    )
    related = [(first_reg.node if first_reg is not None else winner.route.node, "first registered here")]
    return ctx.finding("FL201", node, msg, related)


# ----------------------------------------------------------------------------
# FL203 shadowed-route / FL204 ambiguous-route


_CONVERTER_NAME = {"int": "int", "float": "float", "string": "string", "uuid": "uuid", "any": "any", "path": "path"}


def _reason(winner: Entry, loser: Entry, k: int) -> str:
    sw = winner.parsed.segments[k] if k < len(winner.parsed.segments) else None
    sl = loser.parsed.segments[k] if k < len(loser.parsed.segments) else None
    if sw is not None and sw.static:
        return "its static segment is tried before a converter"
    if sw is None or sl is None:
        return "it is tried first"
    lw, ll = sw.lang.kind, sl.lang.kind
    weights = {"int": 50, "float": 50, "string": 100, "any": 100, "uuid": 100, "path": 200}
    if lw in weights and ll in weights and sw.lang.kind != "opaque" and sl.lang.kind != "opaque":
        if weights[lw] < weights[ll]:
            return f"the {lw} converter (weight {weights[lw]}) is tried before {ll} ({weights[ll]})"
        if weights[lw] == weights[ll]:
            return f"{lw} and {ll} weigh the same, so the rule registered first wins"
    return "Werkzeug's converter weights rank it first"


class _AppMaps:
    """Oracle maps of one app: pairs and the full map (per domain)."""

    def __init__(self, entries: List[Entry]):
        self.oracle = R.Oracle()
        self.entries = entries
        self._full: Dict[object, list] = {}

    def full(self, domain):
        rules = self._full.get(domain)
        if rules is None:
            rules = [e.oracle_rule() for e in self.entries if e.comparable and e.domain == domain and not e.special]
            self._full[domain] = rules
        return rules


@checker("FL203", "FL204")
def shadowed_or_ambiguous(ctx):
    seen = set()
    for app in _apps(ctx):
        entries = [e for e in _entries(ctx, app) if e.comparable and not e.special]
        if len(entries) < 2:
            continue
        maps = _AppMaps(entries)
        lost: Dict[tuple, list] = {}  # the FL204 losers: (where, rule) -> [(loser, winner, url, k, method)]
        for a, b in _candidate_pairs(entries):
            if a.domain != b.domain or a.parts == b.parts:
                continue
            common = R.methods_overlap(a.methods, b.methods)
            if not common:
                continue
            if not R.maybe_overlap(a.parsed, b.parsed):
                continue
            k = R.first_difference(a.parsed, b.parsed)
            if k is None:
                continue
            f = _judge(ctx, maps, a, b, k, common)
            if isinstance(f, tuple):  # FL204: one finding per rule that loses, whoever wins
                lost.setdefault((id(_report_node(f[0], f[1])), f[0].id), []).append(f)
            elif f is not None:
                key = (f.rule, f.location, f.message)
                if key not in seen:
                    seen.add(key)
                    yield f
        for group in lost.values():
            f = _ambiguous_finding(ctx, group)
            key = (f.rule, f.location, f.message)
            if key not in seen:
                seen.add(key)
                yield f


def _candidate_pairs(entries):
    """Pairs (earlier, later) that may overlap, bucketed by first segment."""
    by_first: Dict[str, List[Entry]] = {}
    dynamic: List[Entry] = []
    for e in entries:
        s0 = e.parsed.segments[0]
        if s0.static:
            by_first.setdefault(s0.lang.text, []).append(e)
        else:
            dynamic.append(e)
    for group in by_first.values():
        for i in range(len(group)):
            for j in range(i + 1, len(group)):
                yield group[i], group[j]
    for i in range(len(dynamic)):
        for j in range(i + 1, len(dynamic)):
            yield dynamic[i], dynamic[j]
    for d in dynamic:
        for group in by_first.values():
            for e in group:
                yield (d, e) if d.index < e.index else (e, d)


def _judge(ctx, maps, a: Entry, b: Entry, k: int, common: List[str]):
    if _exclusive_entries(a, b):
        return None
    sa = a.parsed.segments[k] if k < len(a.parsed.segments) else None
    sb = b.parsed.segments[k] if k < len(b.parsed.segments) else None
    static_first = (sa is not None and sa.static) or (sb is not None and sb.static)
    oracle = maps.oracle
    pair = [a.oracle_rule(), b.oracle_rule()]
    method = common[0]
    # a URL both rules accept, and who wins it between the two
    witness = None
    winner_id = None
    for url in R.witnesses(a.parsed, b.parsed):
        if oracle.accepts(pair[0], url, method) and oracle.accepts(pair[1], url, method):
            w = oracle.winner(pair, url, method)
            if w is not None:
                witness, winner_id = url, w
                break
    if witness is None:
        return None
    winner, loser = (a, b) if winner_id == a.id else (b, a)
    if _url_alias(loser.route):
        return None
    if R.rule_subset(loser.parsed, winner.parsed):
        # proved; confirm on the loser's own samples with Werkzeug
        samples = [u for u in R.witnesses(loser.parsed, loser.parsed) if oracle.accepts(loser.oracle_rule(), u, method)]
        if samples and all(oracle.winner(pair, u, m) == winner.id for u in samples for m in common):
            if winner.is_static or loser.is_static:
                return None
            return _shadow_finding(ctx, loser, winner, k, common)
        return None
    if static_first or winner.is_static or loser.is_static:
        return None  # the documented static-first idiom
    wseg = winner.parsed.segments[k] if k < len(winner.parsed.segments) else None
    lseg = loser.parsed.segments[k] if k < len(loser.parsed.segments) else None
    if wseg is not None and wseg.lang.kind == "any":
        return None  # any(...) first, then the general rule: the same idiom
    if wseg is not None and lseg is not None and _static_chars(wseg) > _static_chars(lseg):
        return None  # static text decides (/f/<name>.json before /f/<name>): the same idiom
    # a third rule may take the witness: find one the pair really competes for
    full = maps.full(a.domain)
    for url in [witness] + R.witnesses(a.parsed, b.parsed):
        if not (oracle.accepts(pair[0], url, method) and oracle.accepts(pair[1], url, method)):
            continue
        if oracle.winner(full, url, method) == oracle.winner(pair, url, method):
            w_id = oracle.winner(pair, url, method)
            winner, loser = (a, b) if w_id == a.id else (b, a)
            return (loser, winner, url, k, method)  # (FL204: gathered per loser)
    return None


def _static_chars(seg) -> int:
    return sum(len(p[1]) for p in seg.pieces if p[0] == "static")


def _shadow_finding(ctx, loser, winner, k, common):
    ms = ", ".join(common)
    rest = sorted(set(loser.methods) - set(common) - R.AUTO_METHODS)
    tail = f"{_view_label(loser.route)} never runs" + (f" for {ms} (it still answers {', '.join(rest)})" if rest else "")
    msg = (
        f"{ms} {loser.fr.rule} can never be reached: every URL it accepts is taken by {winner.fr.rule} "
        f"({_view_label(winner.route)} at {_where(ctx, winner.route)}) because {_reason(winner, loser, k)}; {tail}"
    )
    return ctx.finding("FL203", _report_node(loser, winner), msg, [(winner.route.location, f"{winner.fr.rule} takes its URLs")])


def _ambiguous_finding(ctx, group):
    """One FL204 for a rule that loses URLs to one rule or more (a
    catch-all behind several specific rules is one finding, with a note per
    rule that wins)."""
    group = sorted(group, key=lambda g: g[1].index)
    loser, winner, url, k, method = group[0]
    related = [(w.route.location, f"{w.fr.rule} wins {u}") for _, w, u, _, _ in group]
    if len(group) == 1:
        msg = (
            f"{loser.fr.rule} and {winner.fr.rule} both accept {method} {url}: {_view_label(winner.route)} "
            f"at {_where(ctx, winner.route)} wins it because {_reason(winner, loser, k)}, "
            f"so {_view_label(loser.route)} only gets the URLs the other rule rejects"
        )
    else:
        msg = (
            f"{loser.fr.rule} and {len(group)} other rules accept some of the same URLs: {winner.fr.rule} "
            f"({_view_label(winner.route)} at {_where(ctx, winner.route)}) wins {method} {url} because "
            f"{_reason(winner, loser, k)}, and {len(group) - 1} more win others (see the notes), "
            f"so {_view_label(loser.route)} only gets the URLs all of them reject"
        )
    return ctx.finding("FL204", _report_node(loser, winner), msg, related)


# ----------------------------------------------------------------------------
# FL202 endpoint-collision


@checker("FL202")
def endpoint_collision(ctx):
    seen = set()
    for app in _apps(ctx):
        owners: Dict[str, List] = {}
        for e in _entries(ctx, app):
            fr = e.fr
            if fr.endpoint is None or "_endpoint_unknown" in fr.route.kwargs or fr.route.view_key is None:
                continue
            if fr.chain and any(r.name is None for r in fr.chain):
                continue
            owners.setdefault(fr.endpoint, []).append(e)
        for endpoint, group in owners.items():
            for i, later in enumerate(group):
                for first in group[:i]:
                    if not _different_functions(first.route, later.route) or _exclusive_entries(first, later):
                        continue
                    node = _report_node(later, first)
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
    msg = (
        f"endpoint {endpoint!r} is already owned by {_view_label(r1)} at {_where(ctx, r1)}; "
        f"registering {_view_label(r2)} for it{why} raises AssertionError when the app is set up"
    )
    return ctx.finding("FL202", node, msg, [(r1.location, f"{endpoint!r} first registered here")])


# ----------------------------------------------------------------------------
# FL205 view-args-mismatch


@checker("FL205")
def view_args_mismatch(ctx):
    seen = set()
    for app in _apps(ctx):
        app_pre = _has_preprocessor(app)
        for fr in [e.fr for e in _entries(ctx, app) if not e.is_static]:
            route = fr.route
            key = (id(route.node), fr.rule)
            if key in seen or fr.rule is None or app_pre:
                continue
            if any(_has_preprocessor(reg.blueprint) for reg in fr.chain):
                continue
            names = R.variables(fr.rule)
            if names is None:
                continue
            extra, extra_known = _default_keys(fr)
            domain, domain_known = _domain_variables(fr)
            if not domain_known:
                continue  # (a subdomain or host flasklint cannot read may supply any name)
            problems = _view_problems(ctx, fr, set(names) | extra | domain, extra_known)
            if problems:
                seen.add(key)
                yield _mismatch_finding(ctx, fr, names, problems)


def _has_preprocessor(obj) -> bool:
    hooks = obj.hooks
    if "url_value_preprocessor" in hooks:
        return True
    if obj.kind == "app":
        # bp.app_url_value_preprocessor registers app-wide
        return any("app_url_value_preprocessor" in reg.blueprint.hooks for reg in obj.blueprints())
    return False


def _domain_variables(fr) -> Tuple[set, bool]:
    """The variables of the rule's ``subdomain=`` (the route's, its
    blueprints' registration or constructor) and ``host=``: Werkzeug passes
    them to the view like the path's (``subdomain="<tenant>"`` ->
    ``view(tenant)``).  (names, whether every such value was read)."""
    values = [fr.route.kwargs.get("subdomain"), fr.route.kwargs.get("host")]
    for reg in fr.chain:
        values += [reg.kwargs.get("subdomain"), reg.blueprint.kwargs.get("subdomain")]
    names: set = set()
    for v in values:
        if v is None or (isinstance(v, Const) and v.value is None):
            continue
        s = const_str(v)
        got = R.variables(s) if s is not None else None
        if got is None:
            return names, False
        names.update(got)
    return names, True


def _default_keys(fr) -> Tuple[set, bool]:
    keys, known = set(), True
    sources = [fr.route.kwargs.get("defaults")]
    for reg in fr.chain:
        sources += [reg.kwargs.get("url_defaults"), reg.blueprint.kwargs.get("url_defaults")]
    for v in sources:
        if v is None or (isinstance(v, Const) and v.value is None):
            continue
        if isinstance(v, Mapping) and v.complete:
            for k, _ in v.items:
                s = const_str(k)
                if s is None:
                    known = False
                else:
                    keys.add(s)
        else:
            known = False
    return keys, known


def _view_problems(ctx, fr, names: set, complete: bool):
    """[(function, unexpected names, missing names)] for what Flask calls."""
    route = fr.route
    view = route.view
    model = ctx.model
    if isinstance(view, FUNC_TYPES):
        if isinstance(view.parent, nodes.ClassDef) or not route.wrappers_known:
            return []
        for deco in route.wrappers:
            if not _transparent(model, deco):
                return []
        return _sig_problems(view, names, complete, skip_self=False)
    if isinstance(view, nodes.ClassDef):
        res = model.resolver
        kind = res.class_kind(view)
        if kind not in ("methodview", "view"):
            return []
        mro = res.mro(view)
        if res.class_attr(view, "decorators") is not None:
            return []
        if not _project_knows_mro(res, mro):
            return []
        dispatch = _lookup(mro, "dispatch_request")
        if kind == "view":
            return _sig_problems(dispatch, names, complete, skip_self=True) if dispatch is not None else []
        if dispatch is not None or route.methods is None:
            return []
        out = []
        done = set()
        for m in route.methods:
            handler = _lookup(mro, m.lower())
            if handler is None and m.upper() == "HEAD":
                handler = _lookup(mro, "get")
            if handler is None or id(handler) in done:
                continue
            done.add(id(handler))
            out += _sig_problems(handler, names, complete, skip_self=True)
        return out
    return []


def _project_knows_mro(res, mro) -> bool:
    """Every base outside the project is Flask's View/MethodView (a library
    base class could define handlers flasklint does not see)."""
    from flasklint.resolve.values import ClassRef, ExtName

    for cls in mro:
        for b in res.bases(cls):
            if isinstance(b, ClassRef):
                continue
            if isinstance(b, ExtName) and b.qualname in ("flask.views.MethodView", "flask.views.View", "builtins.object", "object"):
                continue
            return False
    return True


def _lookup(mro, name):
    for cls in mro:
        defs = cls.locals.get(name)
        if defs:
            d = defs[-1]
            return d if isinstance(d, FUNC_TYPES) else None
    return None


def _transparent(model, deco) -> bool:
    """A project decorator whose wrapper passes ``*args, **kwargs`` to the
    view unchanged (and takes nothing else)."""
    inner = model.project_wrapper(deco)
    if inner is None:
        return False
    outer = inner.parent
    while outer is not None and not isinstance(outer, FUNC_TYPES):
        outer = outer.parent
    if outer is None or not outer.args.args:
        return False
    wrapped = outer.args.args[0].name
    a = inner.args
    if a.vararg is None or a.kwarg is None or a.args or a.kwonlyargs or getattr(a, "posonlyargs", None):
        return False
    calls = [c for c in nodes_of(inner, nodes.Call) if isinstance(c.func, nodes.Name) and c.func.name == wrapped]
    if not calls:
        return False
    for c in calls:
        if len(c.args) != 1 or not isinstance(c.args[0], nodes.Starred) or getattr(c.args[0].value, "name", None) != a.vararg:
            return False
        if len(c.keywords or ()) != 1 or c.keywords[0].arg is not None or getattr(c.keywords[0].value, "name", None) != a.kwarg:
            return False
    return True


def _sig_problems(func, names: set, complete: bool, skip_self: bool):
    a = func.args
    if a is None or a.args is None:
        return []
    posonly = [x.name for x in (getattr(a, "posonlyargs", None) or [])]
    pk = [x.name for x in a.args]
    positional = posonly + pk
    defaults = len(a.defaults or [])
    required = positional[: len(positional) - defaults] if defaults else list(positional)
    if skip_self:
        if not positional:
            return []  # (*args, **kwargs) method: accepts anything
        first = positional[0]
        if first in posonly:
            posonly = posonly[1:]
        else:
            pk = pk[1:]
        required = [r for r in required if r != first]
    kwonly = [x.name for x in a.kwonlyargs]
    kw_required = [x.name for x, d in zip(a.kwonlyargs, a.kw_defaults or [None] * len(a.kwonlyargs)) if d is None]
    unexpected = []
    if a.kwarg is None:
        unexpected = sorted(n for n in names if n not in pk and n not in kwonly)
    missing = []
    if complete:
        missing = [p for p in required + kw_required if p not in names or p in posonly]
    if unexpected or missing:
        return [(func, unexpected, missing)]
    return []


def _def_location(ctx, func):
    """The ``def`` line of a function (astroid's lineno is its first
    decorator's)."""
    from flasklint.finding import Location

    loc = ctx.location(func)
    pos = getattr(func, "position", None)
    if pos is not None and pos.lineno:
        return Location(loc.path, pos.lineno, 1, pos.lineno, None)
    return loc


def _mismatch_finding(ctx, fr, names, problems):
    parts = []
    related = []
    for func, unexpected, missing in problems:
        label = f"{func.parent.name}.{func.name}()" if isinstance(func.parent, nodes.ClassDef) else f"{func.name}()"
        bits = []
        if unexpected:
            bits.append(f"does not accept URL variable{'s' if len(unexpected) > 1 else ''} {', '.join(repr(n) for n in unexpected)}")
        if missing:
            bits.append(f"requires {', '.join(repr(n) for n in missing)}, which no URL variable or defaults= supplies")
        parts.append(f"{label} {' and '.join(bits)}")
        related.append((_def_location(ctx, func), f"{label} defined here"))
    msg = f"{'; '.join(parts)} (rule {fr.rule}): every request to it fails with TypeError"
    return ctx.finding("FL205", fr.route.node, msg, related)


# ----------------------------------------------------------------------------
# FL206 unreachable-subdomain-route


@checker("FL206")
def unreachable_subdomain(ctx):
    seen = set()
    for app in _apps(ctx):
        sm = app.kwargs.get("subdomain_matching")
        if sm is not None and not (isinstance(sm, Const) and not sm.value):
            continue  # True, or unknown
        if "**" in app.kwargs or "host_matching" in app.kwargs:
            continue
        if any(k in app.attr_writes for k in SUBDOMAIN_ATTRS):
            continue
        by_source: Dict[int, list] = {}
        for fr in [e.fr for e in _entries(ctx, app) if not e.is_static]:
            dom = _domain(fr)
            if dom is _UNKNOWN_DOMAIN or not dom:
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


# ----------------------------------------------------------------------------
# FL207 duplicate-blueprint-name


@checker("FL207")
def duplicate_blueprint_name(ctx):
    for app in _apps(ctx):
        for full, first, reg in duplicate_names(app):
            same = first.blueprint is reg.blueprint
            msg = (
                f"blueprint name {full!r} is already registered on {app.label} at {_where(ctx, first)} "
                f"({'the same blueprint' if same else 'by a different blueprint'}): Flask raises ValueError at start-up; "
                f"pass name= to register it under another name"
            )
            yield ctx.finding("FL207", reg.node, msg, [(first.node, f"{full!r} first registered here")])
