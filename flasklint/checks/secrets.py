"""FL4xx: secret keys, sessions and cookies.

Flask's session is a cookie the client holds: signed with ``SECRET_KEY``
(itsdangerous), never encrypted.  Without a key every session write raises
``RuntimeError`` on the request path; with a key from the repository anyone
can forge a session (CVE-2023-27524, Superset); whatever is written into it
is readable by the client.
"""

from __future__ import annotations

import os
import re
from typing import Dict, List, Optional, Tuple

from astroid import nodes

from flasklint.knowledge.flask_api import SESSION_INTERFACE_ATTR
from flasklint.model.facts import App
from flasklint.registry import Rule, checker, define
from flasklint.resolve.values import Choice, Const, EnvVar, ExtCall, Fallback, RequestInput, Seq, Value, leaves
from flasklint.source.walk import nodes_of

define(
    Rule(
        id="FL401",
        name="hardcoded-secret-key",
        severity="HIGH",
        confidence="HIGH",
        cwe=(798, 321),
        summary="A literal secret key reaches the app's configuration",
        what="""
        Reports a literal ``SECRET_KEY`` (and ``SECRET_KEY_FALLBACKS``,
        ``WTF_CSRF_SECRET_KEY``, ``JWT_SECRET_KEY``) that reaches an app's
        configuration by any route: ``app.secret_key``, ``config[...]``,
        ``update``/``from_mapping``, config classes and modules loaded with
        ``from_object`` (inherited attributes included), ``from_pyfile`` and
        INI files, a class attribute of a ``Flask`` subclass, and
        ``FLASK_SECRET_KEY`` in ``.flaskenv``/``.env`` when the app calls
        ``from_prefixed_env()``.  Literal **fallbacks** count:
        ``os.environ.get("SECRET_KEY", "dev")`` and
        ``os.getenv("SECRET_KEY") or "changeme"`` sign sessions with the
        literal whenever the deployment forgets the variable.

        Severity is HIGH when the value is weak or well known ('dev',
        'secret', 'changeme', 'development key', phrases such as
        'hard to guess string', keys shorter than 16 characters or with few
        distinct characters) and MEDIUM otherwise.  Confidence is MEDIUM when
        the literal is only a fallback or default that a later
        ``from_prefixed_env()``/``from_envvar()``/unreadable config file may
        override, or when the config holding it is one of several chosen at
        run time.
        """,
        why="""
        Whoever knows the key can forge a session cookie -- log in as any
        user, become admin.  A key committed to the repository is known to
        everyone with the source, and default keys get copied into
        production: Superset shipped one and thousands of public servers kept
        it (CVE-2023-27524).
        """,
        example="""
        import os

        from flask import Flask

        app = Flask(__name__)
        app.config["SECRET_KEY"] = os.environ.get("SECRET_KEY", "dev")
        """,
        use_instead="""
        import os

        from flask import Flask

        app = Flask(__name__)
        app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
        """,
        notes="""
        Silent for testing configurations: a config class or module with
        ``TESTING = True`` (or named like ``TestingConfig``), a mapping that
        sets ``TESTING: True`` next to the key
        (``create_app({"TESTING": True, "SECRET_KEY": "test"})``), and
        anything under ``tests/``, ``test_*.py`` or ``conftest.py``.  Also
        silent: ``None`` and empty placeholders (that is FL402's business),
        keys read from the environment, a file or a vault call.

        A placeholder the application **refuses to start with** -- a start-up
        check comparing the key with the literal that raises or exits, as
        Superset does with ``CHANGE_ME_SECRET_KEY`` -- is reported LOW: the
        literal cannot sign production sessions unless the check is bypassed
        (Superset only logs in debug mode), but it is still a known key
        wherever that check does not run.  In ``.env`` (usually a local,
        uncommitted file) only weak or well-known values are reported;
        ``.flaskenv`` is meant to be committed and is always checked.
        """,
    ),
    Rule(
        id="FL402",
        name="missing-secret-key",
        severity="MEDIUM",
        confidence="HIGH",
        summary="The app writes the session but no secret key is configured",
        what="""
        Reports an app that writes its session (``session[k] = v``, ``del``,
        ``pop``, ``clear``, ``update``, ``setdefault``,
        ``session.permanent = ...``, ``flash()``) or binds an extension that
        needs the key (Flask-Login's ``LoginManager``, Flask-WTF's
        ``CSRFProtect``), when no route the model can see configures a secret
        key for that app.  A session write belongs to the app whose view (or
        request hook) runs it, through blueprints and their registrations, or
        through helper functions called from a view.

        The following count as configured: any non-empty ``SECRET_KEY``
        value (even one read from the environment), ``from_prefixed_env()``,
        ``from_envvar()``, a config object or file chosen by the environment,
        a config file or mapping flasklint cannot read, a ``secret_key``
        class attribute on a Flask subclass, and server-side sessions
        (Flask-Session, a custom ``session_interface``).  The finding is at
        the first write, with the app as related location.
        """,
        why="""
        Without a secret key Flask gives every request a ``NullSession``:
        reads work, but the first write raises ``RuntimeError: The session is
        unavailable because no secret key was set``.  Nothing fails at
        start-up; logins and flashed messages fail in production.
        """,
        example="""
        from flask import Flask, redirect, request, session

        app = Flask(__name__)


        @app.post("/login")
        def login():
            session["user"] = request.form["username"]
            return redirect("/")
        """,
        use_instead="""
        from flask import Flask, redirect, request, session

        app = Flask(__name__)
        app.config.from_prefixed_env()  # FLASK_SECRET_KEY


        @app.post("/login")
        def login():
            session["user"] = request.form["username"]
            return redirect("/")
        """,
        notes="""
        Session *reads* without a key work (an empty session) and are not
        reported; neither is ``session.modified = True`` (a plain attribute).
        A write flasklint cannot attribute to any app is attributed to the
        project's only app, at medium confidence.  Apps created in test files
        are ignored.  An app whose only need is CSRF protection is fine with
        ``WTF_CSRF_SECRET_KEY`` alone.  ``FlaskForm`` without
        ``CSRFProtect`` is not considered.
        """,
    ),
    Rule(
        id="FL403",
        name="sensitive-session-data",
        severity="MEDIUM",
        confidence="HIGH",
        cwe=(315, 539),
        summary="Passwords, tokens or card numbers written into the client-side session",
        what="""
        Reports a session write whose key names a secret (``password``,
        ``pwd``, ``token``, ``api_key``, ``secret``, ``card_number``,
        ``cvv``, ``ssn``...) or whose value is read from a request field
        with such a name (``session["pw"] = request.form["password"]``).
        Passwords, card data and private keys are HIGH; tokens and API keys
        MEDIUM.  Empty or boolean values (``session["token"] = ""``,
        ``session["password_set"] = True``), CSRF tokens, OAuth ``state`` and
        nonces are not reported.
        """,
        why="""
        Flask's default session is a cookie: signed, **not encrypted**.
        Anyone holding it -- the user, a shared computer, a proxy log, a
        script that reads cookies -- can base64-decode it and read the
        password or token.
        """,
        example="""
        from flask import Flask, request, session

        app = Flask(__name__)
        app.config.from_prefixed_env()


        @app.post("/login")
        def login():
            session["user"] = request.form["username"]
            session["password"] = request.form["password"]
            return "ok"
        """,
        use_instead="""
        from flask import Flask, request, session

        app = Flask(__name__)
        app.config.from_prefixed_env()


        @app.post("/login")
        def login():
            session["user"] = request.form["username"]
            return "ok"
        """,
    ),
    Rule(
        id="FL404",
        name="unsigned-cookie-session",
        severity="HIGH",
        confidence="HIGH",
        cwe=(565, 639),
        summary="Identity or authorization kept in a raw, forgeable cookie",
        what="""
        Reports a cookie that carries identity or authorization (``user``,
        ``username``, ``user_id``, ``uid``, ``role``, ``is_admin``,
        ``logged_in``...): the ``request.cookies`` read whose value decides
        something (an ``if``, a comparison, a user lookup, ``g.user = ...``)
        and the ``set_cookie`` that writes it with a raw value.  A write is
        reported only when the server also reads that cookie; values signed
        with itsdangerous, JWT or an ``encrypt``/``sign`` helper are not
        reported.  Preference cookies (``theme``, ``lang``) never are.
        """,
        why="""
        A cookie is whatever the client sends.  ``user_id=1`` can be edited
        in the browser to ``user_id=2`` and the server believes it.  Flask's
        session is signed for exactly this reason.
        """,
        example="""
        from flask import Flask, abort, make_response, request

        app = Flask(__name__)


        @app.post("/login")
        def login():
            resp = make_response("ok")
            resp.set_cookie("user_id", request.form["user_id"], secure=True, httponly=True)
            return resp


        @app.get("/admin")
        def admin():
            if request.cookies.get("user_id") != "1":
                abort(403)
            return "welcome"
        """,
        use_instead="""
        from flask import Flask, abort, request, session

        app = Flask(__name__)
        app.config.from_prefixed_env()


        @app.post("/login")
        def login():
            session["user_id"] = request.form["user_id"]
            return "ok"


        @app.get("/admin")
        def admin():
            if session.get("user_id") != "1":
                abort(403)
            return "welcome"
        """,
    ),
    Rule(
        id="FL405",
        name="insecure-session-cookie",
        severity="MEDIUM",
        confidence="HIGH",
        cwe=(614, 1004, 1275),
        summary="Session or credential cookie sent without Secure/HttpOnly",
        what="""
        Reports ``SESSION_COOKIE_SECURE = False``,
        ``SESSION_COOKIE_HTTPONLY = False`` and ``SESSION_COOKIE_SAMESITE =
        None`` (and Flask-Login's ``REMEMBER_COOKIE_SECURE``/``HTTPONLY``)
        set explicitly in a configuration that is deployed -- not a testing
        or development config (by ``TESTING``/``DEBUG``, its name, or an
        ``if`` on debug/testing around the write).  Also reports
        ``set_cookie`` of a cookie that carries credentials (a token, a
        session id, an identity) with ``httponly`` not true or without
        ``secure=True``.  Other cookies (preferences) are never reported, and
        a cookie already reported by FL404 is not reported again.
        ``SameSite=None`` is LOW.
        """,
        why="""
        Without ``Secure`` the browser sends the cookie over plain HTTP,
        where anyone on the network can read it; without ``HttpOnly`` any
        injected script can steal it.  A stolen session cookie is a stolen
        login.
        """,
        example="""
        from flask import Flask

        app = Flask(__name__)
        app.config.from_prefixed_env()
        app.config.update(SESSION_COOKIE_SECURE=False)
        """,
        use_instead="""
        from flask import Flask

        app = Flask(__name__)
        app.config.from_prefixed_env()
        app.config.update(SESSION_COOKIE_SECURE=True)
        """,
        notes="""
        Flask's defaults are ``HTTPONLY`` on, ``SECURE`` off, ``SAMESITE``
        unset; only explicit settings are reported, since the default cannot
        be told apart from a service behind plain HTTP by design.  Semgrep's
        rule fires on every ``set_cookie`` and is commonly disabled; this one
        only looks at cookies that carry credentials.
        """,
    ),
    Rule(
        id="FL406",
        name="ephemeral-secret-key",
        severity="LOW",
        confidence="HIGH",
        cwe=(),
        summary="Secret key generated at start-up",
        what="""
        Reports ``SECRET_KEY = os.urandom(...)``, ``secrets.token_hex()``,
        ``uuid.uuid4()`` (also hex/str/base64-encoded, and as an environment
        fallback) reaching an app's configuration.  A key that may be
        stored and reused is not reported: one returned by a project
        function (which may write it to a file on first start), or one the
        function writing the config also hands to another call
        (``settings.set("secretKey", key)``).
        """,
        why="""
        A key generated when the process starts changes at every restart --
        every user is logged out, every signed link dies -- and each worker
        process (gunicorn, uWSGI) signs with its own key, so a session
        written by one worker is rejected by the next.
        """,
        example="""
        import os

        from flask import Flask

        app = Flask(__name__)
        app.secret_key = os.urandom(24)
        """,
        use_instead="""
        import os

        from flask import Flask

        app = Flask(__name__)
        app.secret_key = os.environ["SECRET_KEY"]
        """,
    ),
)

SIGNING_KEYS = ("SECRET_KEY", "SECRET_KEY_FALLBACKS", "WTF_CSRF_SECRET_KEY", "JWT_SECRET_KEY")

WELL_KNOWN = {
    "dev", "development", "developmentkey", "devkey", "secret", "secretkey", "mysecret", "mysecretkey",
    "supersecret", "supersecretkey", "changeme", "changethis", "changeit", "test", "testing", "testkey",
    "password", "default", "defaultkey", "key", "yoursecretkey", "hardtoguessstring", "youwillneverguess",
    "notsecret", "notsosecret", "insecure", "example", "placeholder", "flask", "flasksecret", "admin",
    "thisisasecret", "thisisnotasecret", "s3cr3t", "replaceme", "abc123", "123456", "qwerty",
}
_WEAK_WORDS = ("changeme", "changethis", "secret", "password", "devkey", "default", "example", "placeholder",
               "replace", "guess", "insecure", "notsecure", "dontuse", "donotuse", "todo", "fixme")

RANDOM_SOURCES = (
    "os.urandom", "secrets.token_hex", "secrets.token_bytes", "secrets.token_urlsafe", "uuid.uuid4",
    "uuid.uuid1", "random.getrandbits", "random.randbytes", "cryptography.fernet.Fernet.generate_key",
)

KEY_EXTENSIONS = {
    # qualname suffix -> what needs the key
    "LoginManager": "Flask-Login",
    "CSRFProtect": "Flask-WTF CSRF protection",
    "CsrfProtect": "Flask-WTF CSRF protection",
}


# -- helpers ---------------------------------------------------------------------


def weakness(secret) -> Optional[str]:
    """Why a literal key is weak, or None."""
    s = secret.decode("latin-1") if isinstance(secret, bytes) else str(secret)
    norm = re.sub(r"[^a-z0-9]", "", s.lower())
    if norm in WELL_KNOWN or any(w in norm for w in _WEAK_WORDS):
        return "a well-known placeholder"
    if len(s) < 16:
        return f"only {len(s)} characters"
    if len(set(s)) < 8:
        return "low in entropy"
    if re.fullmatch(r"[A-Za-z]+(?:[ _\-.,'][A-Za-z]+)+[!.?]*", s):
        return "a phrase of words"
    return None


def literal_secrets(value: Optional[Value], how: str = "literal") -> List[Tuple[object, str, object]]:
    """(literal, how, node) for each literal a key value can end up as:
    how is literal | fallback (environment default / ``or`` fallback) |
    conditional (one branch of a run-time choice)."""
    out: List[Tuple[object, str, object]] = []
    if value is None:
        return out
    if isinstance(value, Const):
        if isinstance(value.value, (str, bytes)) and value.value.strip():
            out.append((value.value, how, value.origin))
    elif isinstance(value, EnvVar):
        if not value.required and value.default is not None:
            out += literal_secrets(value.default, "fallback")
    elif isinstance(value, Fallback):
        out += literal_secrets(value.fallback, "fallback")
    elif isinstance(value, Choice):
        every = all(isinstance(o, Const) and isinstance(o.value, (str, bytes)) and o.value for o in value.options)
        for o in value.options:
            out += literal_secrets(o, how if every else ("fallback" if how == "fallback" else "conditional"))
    elif isinstance(value, Seq):
        for item in value.items:
            out += literal_secrets(item, how)
    return out


def random_sources(value: Optional[Value]) -> List[Tuple[str, bool]]:
    """(qualname, only_as_fallback) for generated-at-start-up key values."""
    out = []
    if value is None:
        return out
    if isinstance(value, ExtCall) and not isinstance(value, RequestInput) and value.qualname in RANDOM_SOURCES:
        out.append((value.qualname, False))
    elif isinstance(value, EnvVar) and value.default is not None and not value.required:
        out += [(q, True) for q, _ in random_sources(value.default)]
    elif isinstance(value, Fallback):
        out += [(q, True) for q, _ in random_sources(value.fallback)]
    elif isinstance(value, Choice):
        for o in value.options:
            out += random_sources(o)
    return out


def random_sources_with_origin(value):
    out = []
    for q, fb in random_sources(value):
        origin = None
        for leaf in leaves(value) if value is not None else []:
            if isinstance(leaf, EnvVar) and leaf.default is not None:
                leaf = leaf.default
            if isinstance(leaf, ExtCall) and leaf.qualname == q:
                origin = leaf.origin
        out.append((q, fb, origin))
    return out


def _direct(sources, w):
    """Keep generated values computed where the config is written (or as a
    module/class constant): a project function returning ``os.urandom()``
    may persist it (CTFd writes the key to a file on first start), and so
    may the function writing the config when it hands the value to another
    call too (OctoPrint: ``settings.set(["server", "secretKey"], key)``)."""
    for q, fb, origin in sources:
        if origin is not None:
            frame = origin.frame() if hasattr(origin, "frame") else None
            if isinstance(frame, (nodes.FunctionDef, nodes.AsyncFunctionDef, nodes.Lambda)):
                if not _inside(w.node, frame) or _handed_on(origin, frame, w.node):
                    continue
        yield q, fb


def _inside(node, scope) -> bool:
    while node is not None:
        if node is scope:
            return True
        node = node.parent
    return False


def _handed_on(origin, frame, write) -> bool:
    """The generated value is bound to a name that its function also passes
    to a call other than the config write: it may be stored (written to a
    file, saved in settings) and reused on the next start."""
    assign = origin.parent
    if not (isinstance(assign, (nodes.Assign, nodes.AnnAssign)) and assign.value is origin):
        return False
    targets = assign.targets if isinstance(assign, nodes.Assign) else [assign.target]
    names = {t.name for t in targets if isinstance(t, nodes.AssignName)}
    if not names:
        return False
    for call in nodes_of(frame, nodes.Call):
        if call is origin or _inside(call, write):
            continue
        args = list(call.args) + [k.value for k in call.keywords or ()]
        if any(isinstance(a, nodes.Name) and a.name in names for a in args):
            return True
    return False


def _mapping_sets_testing(node) -> bool:
    """``{"TESTING": True, "SECRET_KEY": "x"}`` / ``from_mapping(TESTING=True, ...)``
    around a value node."""
    n = node
    for _ in range(3):
        if n is None:
            return False
        p = n.parent
        if isinstance(p, nodes.Dict):
            for k, v in p.items:
                if isinstance(k, nodes.Const) and k.value == "TESTING" and isinstance(v, nodes.Const) and v.value:
                    return True
            return False
        if isinstance(p, nodes.Keyword) and isinstance(p.parent, nodes.Call):
            return any(kw.arg == "TESTING" and isinstance(kw.value, nodes.Const) and kw.value.value for kw in p.parent.keywords or ())
        n = p
    return False


def config_kind(model, w) -> str:
    """testing | development | deployed, for a config write."""
    if w.location is not None and model.project.in_tests(w.location.path):
        return "testing"
    r = model.resolver
    container = w.container or ""
    low = container.lower()
    if isinstance(w.container_node, nodes.ClassDef):
        for key, kind in (("TESTING", "testing"), ("DEBUG", "development")):
            got = r.class_attr(w.container_node, key)
            if got and all(isinstance(g, Const) and g.value is True for g in got):
                return kind
    elif isinstance(w.container_node, nodes.Module):
        for key, kind in (("TESTING", "testing"), ("DEBUG", "development")):
            defs = w.container_node.locals.get(key)
            if defs:
                mod = model.project.module_of(w.container_node)
                got = r.module_attr(mod, key) if mod else []
                if got and all(isinstance(g, Const) and g.value is True for g in got):
                    return kind
    base = os.path.basename(container).lower()
    if "test" in low:
        return "testing"
    if re.search(r"(^|[^a-z])(dev|development|local|debug)|develop|^dev", base) or base.startswith("dev") or "development" in low or "local" in base:
        return "development"
    origin = w.value.origin if w.value is not None else None
    if origin is not None and _mapping_sets_testing(origin):
        return "testing"
    stmt = w.node
    if stmt is not None and w.source == "code":
        p = stmt.parent if hasattr(stmt, "parent") else None
        while p is not None and not isinstance(p, (nodes.FunctionDef, nodes.AsyncFunctionDef, nodes.Module, nodes.ClassDef)):
            if isinstance(p, nodes.If):
                text = p.test.as_string().lower()
                if "test" in text:
                    return "testing"
                if "debug" in text or "dev" in text or "local" in text:
                    return "development"
            p = p.parent
    return "deployed"


def _position(model, app, node):
    try:
        return model.position(node, app)
    except Exception:
        return None


def _order_node(w):
    return w.load.node if w.load is not None else w.node


def later_override(model, app: App, w) -> Optional[str]:
    """How a later load may replace ``w``'s value, or None."""
    pw = _position(model, app, _order_node(w))
    if pw is None or pw[0] != 0:
        return None
    for load in app.loads:
        if load is w.load:
            continue
        if not (load.from_environment or not load.resolved):
            continue
        pl = _position(model, app, load.node)
        if pl is None or pl[0] != 0 or pl <= pw:
            continue
        if load.method == "from_prefixed_env":
            return "from_prefixed_env() may override it"
        if load.method == "from_envvar":
            return "from_envvar() may override it"
        if load.method in ("update", "setitem"):
            return "a later config update flasklint cannot read may override it"
        return f"a later {load.method}() flasklint cannot read may override it"
    return None


def definitely_overridden(model, app: App, w) -> bool:
    """A later write of the same key from a required environment variable."""
    pw = _position(model, app, _order_node(w))
    if pw is None or pw[0] != 0:
        return False
    for other in app.config:
        if other is w or other.key != w.key:
            continue
        v = other.value
        if isinstance(v, EnvVar) and v.required:
            po = _position(model, app, _order_node(other))
            if po is not None and po[0] == 0 and po > pw:
                return True
    return False


def refused_values(model, key: str) -> Dict[object, object]:
    out = {}
    for g in model.config_guards():
        if g.key == key and g.refuses:
            for v in g.values:
                out[v] = g
    return out


def _app_in_tests(app) -> bool:
    loc = app.location
    return loc is not None and app.model.project.in_tests(loc.path)


# -- FL401 / FL406 ----------------------------------------------------------------


@checker("FL401", "FL406")
def hardcoded_secret_key(ctx):
    model = ctx.model
    seen = set()
    refused = {k: refused_values(model, k) for k in ("SECRET_KEY",)}
    for app in model.apps:
        if _app_in_tests(app):
            continue
        for w in app.config:
            if w.key not in SIGNING_KEYS:
                continue
            kind = config_kind(model, w)
            if kind == "testing":
                continue
            lits = literal_secrets(w.value)
            if lits and not definitely_overridden(model, app, w):
                key = (w.location.path, w.location.line, "FL401")
                if key not in seen:
                    seen.add(key)
                    yield _fl401(ctx, model, app, w, lits, kind, refused.get(w.key, {}))
            for q, as_fallback in _direct(random_sources_with_origin(w.value), w):
                key = (w.location.path, w.location.line, "FL406")
                if key in seen or w.key == "SECRET_KEY_FALLBACKS":
                    continue
                seen.add(key)
                when = f" when {_env_name(w.value)} is not set" if as_fallback else ""
                yield ctx.finding(
                    "FL406",
                    w.location,
                    f"{w.key} for {app.label} is generated at start-up by {q}(){when}: every restart logs everyone out and each worker process signs with its own key",
                )
    # FLASK_SECRET_KEY in .flaskenv / .env, read by from_prefixed_env()
    prefixed = [l for l in model.loads if l.method == "from_prefixed_env" and not _app_in_tests(l.app)]
    for load in prefixed:
        prefix = (load.targets[0][:-2] if load.targets else "FLASK") + "_"
        for e in model.env_entries:
            if not e.key.startswith(prefix) or e.key[len(prefix):] not in SIGNING_KEYS:
                continue
            if model.project.in_tests(e.location.path) or not e.value.strip():
                continue
            dotenv = os.path.basename(e.path) != ".flaskenv"
            weak = weakness(e.value)
            if dotenv and weak is None:
                continue
            key = (e.location.path, e.location.line, "FL401")
            if key in seen:
                continue
            seen.add(key)
            name = os.path.basename(e.path)
            msg = f"{e.key} in {name} is a literal secret key, loaded by {load.app.label} via from_prefixed_env()"
            msg += f": it is {weak}, anyone can forge sessions with it" if weak else ": anyone with the repository can forge sessions"
            yield ctx.finding("FL401", e.location, msg, [(load.node, "loaded here")], severity="HIGH" if weak else "MEDIUM")


def _env_name(value) -> str:
    for leaf in [value] + leaves(value):
        if isinstance(leaf, EnvVar) and leaf.name:
            return leaf.name
    return "the environment variable"


def _in_branch(stmt) -> bool:
    """The write sits in an ``if``/``try`` branch of its frame."""
    n = getattr(stmt, "parent", None)
    while n is not None and not isinstance(n, (nodes.FunctionDef, nodes.AsyncFunctionDef, nodes.ClassDef, nodes.Module)):
        if isinstance(n, (nodes.If, getattr(nodes, "Try", nodes.If))):
            return True
        n = n.parent
    return False


_FORGES = {
    "SECRET_KEY": "{app}'s sessions",
    "SECRET_KEY_FALLBACKS": "{app}'s sessions",
    "WTF_CSRF_SECRET_KEY": "{app}'s CSRF tokens",
    "JWT_SECRET_KEY": "{app}'s JWTs",
}


def _fl401(ctx, model, app, w, lits, kind, refused):
    literal, how, node = lits[0]
    weak = None
    for lit, _, _ in lits:
        weak = weak or weakness(lit)
    severity = "HIGH" if weak else "MEDIUM"
    confidence = "HIGH"
    related = []
    shown = literal if len(str(literal)) <= 40 else str(literal)[:37] + "..."
    if how == "literal" and _in_branch(w.node):
        how = "conditional"
    if how == "fallback":
        what = f"{w.key} falls back to the literal {shown!r} when {_env_name(w.value)} is not set"
    elif how == "conditional":
        what = f"{w.key} is the literal {shown!r} in one branch"
        confidence = "MEDIUM"
        if _in_branch(w.node):
            what = f"{w.key} is set to the literal {shown!r} in one branch"
    else:
        what = f"{w.key} is the literal {shown!r}"
    where = f" ({w.via})" if w.source != "code" else ""
    msg = f"{what}{where}"
    forged = _FORGES.get(w.key, "{app}'s sessions").format(app=app.label)
    tail = f": it is {weak}, anyone can forge {forged}" if weak else f": anyone with the source can forge {forged}"
    override = later_override(model, app, w)
    if override:
        tail += f" ({override})"
        confidence = "MEDIUM"
    if w.load is not None and not w.load.certain:
        tail += " (this config is one of several chosen at run time)"
        confidence = "MEDIUM"
    if kind == "development":
        tail += " (a development config)"
        confidence = "MEDIUM"
    guard = next((refused[l] for l, _, _ in lits if l in refused), None)
    if guard is not None:
        severity = "LOW"
        tail = f": a known placeholder, but the app refuses to start with it (check at {guard.location.path}:{guard.location.line}) -- set a real key in every deployment"
        related.append((guard.location, "start-up check refusing this key"))
    if w.load is not None and w.location.path != ctx.location(w.load.node).path:
        related.append((w.load.node, "loaded here"))
    return ctx.finding("FL401", w.location, msg + tail, related, severity=severity, confidence=confidence)


# -- FL402 ------------------------------------------------------------------------

NEEDS_KEY = ("write", "delete", "flash", "permanent")


def key_configured(model, app: App) -> Optional[str]:
    """Why ``app`` has (or may have) a secret key / does not need one, or
    None when no route the model sees configures one."""
    for w in app.config:
        if w.key != "SECRET_KEY":
            continue
        opts = leaves(w.value) if w.value is not None else []
        if all(isinstance(o, Const) and (o.value is None or o.value in ("", b"")) for o in opts) and opts:
            continue
        return "key set"
    for load in app.loads:
        if load.from_environment:
            return f"{load.method}()"
        if not load.resolved:
            return f"unreadable {load.method}()"
    return server_side_sessions(app)


def server_side_sessions(app: App) -> Optional[str]:
    """Why ``app``'s session data stays on the server (Flask-Session, a
    custom ``session_interface``), or None for Flask's cookie session."""
    for ext in app.extensions:
        if ext.qualname.split(".", 1)[0] == "flask_session":
            return "server-side sessions"
    if SESSION_INTERFACE_ATTR in app.attr_writes:
        return "custom session interface"
    return None


def _extension_need(ext) -> Optional[str]:
    short = ext.qualname.rsplit(".", 1)[-1]
    if short in KEY_EXTENSIONS and ext.qualname.split(".", 1)[0] in ("flask_login", "flask_wtf"):
        return KEY_EXTENSIONS[short]
    return None


@checker("FL402")
def missing_secret_key(ctx):
    model = ctx.model
    apps = [a for a in model.apps if not _app_in_tests(a)]
    if not apps:
        return
    if all(key_configured(model, a) is not None for a in apps):
        return  # (before attributing each session use to its apps: the costly part)
    needs: Dict[int, List[Tuple[object, str, str]]] = {id(a): [] for a in apps}
    for use in model.session_uses:
        if use.kind not in NEEDS_KEY or use.method == "modified":
            continue
        if use.location is None or model.project.in_tests(use.location.path):
            continue
        owners = [a for a in model.apps_for(use.node) if id(a) in needs]
        conf = "HIGH"
        if not owners and len(apps) == 1 and len(model.apps) == 1:
            owners = apps
            conf = "MEDIUM"
        what = "flash() writes the session" if use.kind == "flash" else _use_desc(use)
        for a in owners:
            needs[id(a)].append((use.location, what, conf))
    for ext in model.extensions:
        need = _extension_need(ext)
        if need and id(ext.app) in needs:
            needs[id(ext.app)].append((ext.location, f"{need} ({ext.qualname.rsplit('.', 1)[-1]}) needs the secret key", "HIGH"))
    for app in apps:
        items = needs[id(app)]
        if not items or key_configured(model, app) is not None:
            continue
        if all("CSRF" in what for _, what, _ in items) and any(
            w.key == "WTF_CSRF_SECRET_KEY" and not _harmless_value(w.value) for w in app.config
        ):
            continue  # Flask-WTF signs its tokens with WTF_CSRF_SECRET_KEY
        items.sort(key=lambda t: (t[0].path, t[0].line, t[0].column))
        loc, what, conf = items[0]
        more = f" (and {len(items) - 1} more place{'s' if len(items) > 2 else ''})" if len(items) > 1 else ""
        msg = f"{what}, but no secret key is configured for {app.label}: session writes raise RuntimeError at request time, never at start-up{more}"
        yield ctx.finding("FL402", loc, msg, [(app.location, f"{app.label} created here without a secret key")], confidence=conf)


def _falsy_setting(v) -> bool:
    if v is False or (type(v) is int and v == 0):
        return True
    return isinstance(v, str) and v.strip().lower() in ("false", "0", "no", "off")


def _use_desc(use) -> str:
    k = use.key.value if isinstance(use.key, Const) else None
    if use.method == "setitem":
        return f"session[{k!r}] is written" if k is not None else "the session is written"
    if use.method == "del":
        return f"session[{k!r}] is deleted" if k is not None else "a session item is deleted"
    if use.method == "permanent":
        return "session.permanent is set"
    return f"session.{use.method}() writes the session"


# -- FL403 ------------------------------------------------------------------------

_HIGH_SENSITIVE = re.compile(r"(pass(word|wd|phrase)?|pwd|credit_?card|card_?(number|num|no)|cc_?(num|number)|cvv|cvc|ssn|social_security|private_?key)$|^(pass|pw|pwd)$")
_MED_SENSITIVE = re.compile(r"(api_?key|apikey|secret|token|access_?key|secret_?key|auth_?key|bearer|credentials?)$")
_NOT_SENSITIVE = re.compile(r"^(reset|forgot|forgotten|lost)_?password$|^password_?(reset|forgot|forgotten)|(csrf|xsrf|state|nonce|_at|_time|_date|_expires?|_expiry|_exp|_ok|_set|_changed|_required|_reset|_sent|_count|_attempts|_valid|_type|_len|_length|_hint|_id|_url|_uri|_name)$|^(csrf|_csrf|xsrf|oauth_state|_fresh|next)")


def sensitivity(name: Optional[str]) -> Optional[str]:
    """HIGH / MEDIUM for a key or field name that names a secret, else None."""
    if not name or not isinstance(name, str):
        return None
    n = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower().replace("-", "_").strip("_")
    if "csrf" in n or "xsrf" in n or _NOT_SENSITIVE.search(n):
        return None
    if _HIGH_SENSITIVE.search(n):
        return "HIGH"
    if _MED_SENSITIVE.search(n):
        return "MEDIUM"
    return None


def _harmless_value(value) -> bool:
    if value is None:
        return False
    opts = leaves(value)
    return bool(opts) and all(
        isinstance(o, Const) and (o.value is None or isinstance(o.value, (bool, int, float)) or o.value in ("", b"")) for o in opts
    )


@checker("FL403")
def sensitive_session_data(ctx):
    model = ctx.model
    for use in model.session_uses:
        if use.kind != "write" or use.method in ("modified", "permanent"):
            continue
        if use.location is None or model.project.in_tests(use.location.path):
            continue
        if _harmless_value(use.value):
            continue
        key = use.key.value if isinstance(use.key, Const) and isinstance(use.key.value, str) else None
        sev = sensitivity(key)
        source = None
        for leaf in leaves(use.value) if use.value is not None else []:
            if isinstance(leaf, RequestInput) and leaf.source in ("form", "args", "values", "json", "headers", "cookies"):
                s = sensitivity(leaf.key)
                if s and (sev is None or s == "HIGH"):
                    sev, source = s, leaf
        if sev is None:
            continue
        # Data of a server-side session (Flask-Session, a custom
        # session_interface) never reaches the client.  (Asked last: which
        # apps run this code is found through call sites, files the check
        # -- and the incremental cache -- need not read for other writes.)
        apps = model.apps_for(use.node) or model.apps
        if apps and all(server_side_sessions(a) for a in apps):
            continue
        if source is not None:
            what = f"request.{source.source}[{source.key!r}]"
            msg = f"{what} is written into the session" + (f" as {key!r}" if key else "")
        else:
            msg = f"session[{key!r}] holds a secret"
        msg += ": Flask's session is a signed, not encrypted, cookie -- anyone holding it can read the value"
        yield ctx.finding("FL403", use.location, msg, severity=sev)


# -- FL404 / FL405 ------------------------------------------------------------------

_IDENTITY = re.compile(
    r"^(user|username|user_?name|userid|user_?id|uid|login|login_?name|role|roles|user_?role|is_?admin|admin|is_?staff|is_?superuser|superuser|"
    r"logged_?in|is_?logged_?in|authenticated|is_?authenticated|auth_?user|current_?user|email|user_?email|account|account_?id|"
    r"group|groups|permission|permissions|privilege|privileges|access_?level|user_?level|is_?auth|authorized|is_?authorized)$"
)
_SIGNED = re.compile(r"(itsdangerous|jwt|sign|encrypt|fernet|hmac|dumps|serializ|create_access_token|create_refresh_token)", re.I)


def identity_cookie(name: Optional[str]) -> bool:
    if not name:
        return False
    n = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower().replace("-", "_")
    return bool(_IDENTITY.match(n))


_CREDENTIAL_WORDS = {
    "token", "jwt", "session", "sess", "sid", "sessionid", "auth", "authorization", "remember", "apikey",
    "bearer", "credential", "credentials", "access", "refresh", "login",
}


def credential_cookie(name: Optional[str]) -> bool:
    """A cookie that carries a credential: an identity, or a name made of a
    credential word (``auth_token``, ``sessionid``, ``remember_me``)."""
    if not name:
        return False
    n = name.lower()
    if "csrf" in n or "xsrf" in n:
        return False
    words = re.split(r"[^a-z0-9]+", re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower())
    joined = "".join(words)
    return identity_cookie(name) or any(w in _CREDENTIAL_WORDS for w in words) or joined in ("apikey", "sessionid", "authtoken", "accesstoken")


def _deletes(model, c) -> bool:
    """``set_cookie(name, "", expires=0)`` / ``max_age=0``: a deletion."""
    for k in ("expires", "max_age"):
        v = c.kwargs.get(k)
        if isinstance(v, Const) and v.value in (0, "0", "Thu, 01 Jan 1970 00:00:00 GMT"):
            return True
    return _literal(model, c) in ("", b"")


def _literal(model, c):
    """The cookie's literal value, or None."""
    if c.value_node is None:
        return None
    v = model.resolver.value(c.value_node)
    if isinstance(v, Const) and isinstance(v.value, (str, bytes)):
        return v.value
    return None


def signed_value(model, node) -> bool:
    if node is None:
        return False
    for v in model.resolver.values(node):
        for leaf in leaves(v):
            if isinstance(leaf, ExtCall) and _SIGNED.search(leaf.qualname):
                return True
    n = node
    if isinstance(n, nodes.Name):
        try:
            _, assigns = n.lookup(n.name)
        except Exception:
            assigns = []
        for a in assigns:
            if isinstance(a, nodes.AssignName) and isinstance(a.parent, nodes.Assign):
                n = a.parent.value
                break
    for call in ([n] if isinstance(n, nodes.Call) else []) + list(nodes_of(n, nodes.Call)):
        f = call.func
        name = f.attrname if isinstance(f, nodes.Attribute) else getattr(f, "name", "")
        if _SIGNED.search(name or ""):
            return True
    return False


@checker("FL404", "FL405")
def cookies(ctx):
    model = ctx.model
    reads: Dict[str, list] = {}
    sets: Dict[str, list] = {}
    for c in model.cookies:
        if c.location is None or model.project.in_tests(c.location.path):
            continue
        (reads if c.kind == "read" else sets).setdefault(c.name, []).append(c)
    fl404_sets = set()
    # trusting reads
    for name, rs in reads.items():
        if not identity_cookie(name):
            continue
        for r in rs:
            decision = model.decision_use(r.node)
            if decision is None:
                continue
            related = [(s.location, "set here") for s in sets.get(name, []) if not signed_value(model, s.value_node)]
            yield ctx.finding(
                "FL404",
                r.location,
                f"cookie {name!r} is read from the request and trusted ({decision}): the client can send any value it likes; keep identity in the signed session",
                related,
            )
    for name, ss in sets.items():
        for s in ss:
            if identity_cookie(name) and name in reads and not signed_value(model, s.value_node) and not _deletes(model, s):
                fl404_sets.add(id(s))
                yield ctx.finding(
                    "FL404",
                    s.location,
                    f"cookie {name!r} stores an identity as a raw value that the server reads back: anyone can forge it; use the signed session or itsdangerous",
                    [(r.location, "read here") for r in reads[name]],
                )
    # FL405: set_cookie of credential cookies
    for name, ss in sets.items():
        if not credential_cookie(name):
            continue
        for s in ss:
            if id(s) in fl404_sets or _deletes(model, s):
                continue
            if _literal(model, s) is not None and not identity_cookie(name):
                continue  # a literal is not a credential
            missing = []
            sec = s.kwargs.get("secure")
            if sec is None or (isinstance(sec, Const) and not sec.value):
                missing.append("secure=True")
            ho = s.kwargs.get("httponly")
            if ho is None or (isinstance(ho, Const) and not ho.value):
                missing.append("httponly=True")
            if "**" in s.kwargs or not missing:
                continue
            yield ctx.finding(
                "FL405",
                s.location,
                f"cookie {name!r} carries credentials but is set without {' and '.join(missing)}: "
                + ("it travels over plain HTTP" if "secure=True" in missing else "")
                + (" and " if len(missing) == 2 else "")
                + ("scripts on the page can read it" if "httponly=True" in missing else ""),
            )
    # FL405: config
    bad = {
        "SESSION_COOKIE_SECURE": (False, "the session cookie is sent over plain HTTP"),
        "SESSION_COOKIE_HTTPONLY": (False, "scripts on the page can read the session cookie"),
        "REMEMBER_COOKIE_SECURE": (False, "Flask-Login's remember-me cookie is sent over plain HTTP"),
        "REMEMBER_COOKIE_HTTPONLY": (False, "scripts on the page can read Flask-Login's remember-me cookie"),
        "SESSION_COOKIE_SAMESITE": (None, "the session cookie is sent on cross-site requests"),
    }
    seen = set()
    for app in model.apps:
        if _app_in_tests(app):
            continue
        for w in app.config:
            if w.key not in bad or not isinstance(w.value, Const):
                continue
            expected, why = bad[w.key]
            v = w.value.value
            if w.key == "SESSION_COOKIE_SAMESITE":
                if not (v is None or (isinstance(v, str) and v.lower() == "none")):
                    continue
            elif not _falsy_setting(v):
                continue
            if config_kind(model, w) != "deployed":
                continue
            k = (w.location.path, w.location.line)
            if k in seen:
                continue
            seen.add(k)
            where = f" ({w.via})" if w.source != "code" else ""
            yield ctx.finding(
                "FL405",
                w.location,
                f"{w.key} = {v!r}{where} for {app.label}: {why}",
                severity="LOW" if w.key == "SESSION_COOKIE_SAMESITE" else None,
            )
