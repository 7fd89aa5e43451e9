"""Metadata and docs of the secret, session and cookie rules (FL401-FL406)."""

from __future__ import annotations

from flasklint.checks.registry import Rule, define

define(
    Rule(
        id="FL401",
        name="hardcoded-secret-key",
        severity="HIGH",
        confidence="HIGH",
        cwe=(798, 321),
        summary="A literal secret key reaches the app's configuration or a signer",
        what="""
        Reports a literal ``SECRET_KEY`` (and the other keys something signs
        with: ``SECRET_KEY_FALLBACKS``, ``WTF_CSRF_SECRET_KEY``,
        ``JWT_SECRET_KEY``, ``SECURITY_PASSWORD_SALT``, ``OIDC_CLIENT_SECRET``,
        and ``<NAME>_CLIENT_SECRET`` on an app Authlib is bound to -- see
        docs/extensions.md) that reaches an app's
        configuration by any route: ``app.secret_key``, ``config[...]``,
        ``update``/``from_mapping``, config classes and modules loaded with
        ``from_object`` (inherited attributes included), ``from_pyfile`` and
        INI files, a class attribute of a ``Flask`` subclass, and
        ``FLASK_SECRET_KEY`` in ``.flaskenv``/``.env`` when the app calls
        ``from_prefixed_env()``.  Literal **fallbacks** count:
        ``os.environ.get("SECRET_KEY", "dev")`` and
        ``os.getenv("SECRET_KEY") or "changeme"`` sign sessions with the
        literal whenever the deployment forgets the variable.

        Keys the project's own code signs with count too: a literal (or
        literal fallback) handed to a signer -- PyJWT/python-jose
        ``jwt.encode``/``jwt.decode``, ``hmac.new``, itsdangerous
        serializers and signers, ``Fernet`` -- directly or through a
        variable, and any configuration key whose value the code hands to one
        (``jwt.encode(claims, current_app.config["INVITE_SECRET"])`` makes
        ``INVITE_SECRET = "change-me"`` in a config class a finding).  Public
        keys and certificates are not secrets and are not reported; test
        code is skipped.

        Severity is HIGH when the value is weak or well known ('dev',
        'secret', 'changeme', 'development key', phrases such as
        'hard to guess string', keys shorter than 16 characters or with few
        distinct characters) and MEDIUM otherwise.  Confidence is MEDIUM when
        the literal is only a fallback or default that a later
        ``from_prefixed_env()``/``from_envvar()``/unreadable config file may
        override, or when the config holding it is one of several chosen at
        run time.  A development config (``DevelopmentConfig``,
        ``config/dev.py``, ``DEBUG = True``) chosen among several at run time
        is LOW -- what the deployment chooses is not known -- unless it is
        the one loaded when no environment variable is set
        (``configs[os.getenv("APP_ENV") or "dev"]``).
        """,
        why="""
        Whoever knows the key can forge a session cookie -- log in as any
        user, become admin.  A key committed to the repository is known to
        everyone with the source, and default keys get copied into
        production: one widely deployed application shipped one and thousands of
        public servers kept it (CVE-2023-27524).
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
        check comparing the key with the literal that raises or exits, such as
        ``if SECRET_KEY == CHANGE_ME_SECRET_KEY: sys.exit(1)`` -- is reported LOW: the
        literal cannot sign production sessions unless the check is bypassed
        (some applications only log in debug mode), but it is still a known key
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
        writes it (Flask-Login, Flask-WTF's CSRF protection, Flask-Admin,
        Flask-Security, Authlib, flask-oidc, Flask-Principal,
        Flask-AppBuilder: docs/extensions.md), when no route the model can see configures a secret
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
        ``cvv``, ``ssn``...), whose value is read from a request field
        with such a name (``session["pw"] = request.form["password"]``), or
        whose value is itself named like a credential whatever the key: a
        variable or parameter (``session["auth"] = supplied_passphrase``), a
        generator's result (``generate_passphrase()``, ``make_token()``,
        also through a variable assigned once) or a credential object
        (``DicewarePassphrase(...)``) -- not a check's result
        (``check_password(...)``).
        Passwords, card data and private keys are HIGH; tokens and API keys
        MEDIUM.  Empty or boolean values (``session["token"] = ""``,
        ``session["password_set"] = True``), CSRF tokens, OAuth ``state``,
        nonces and OpenID Connect ``id_token`` (an identity assertion the
        app hands back to the browser as ``id_token_hint``, not a bearer
        credential) are not reported.  An extension that keeps credentials in the
        session itself is reported where it is bound (flask-oidc stores the
        OAuth tokens); nothing is reported for an app whose session is kept
        on the server (Flask-Session, a custom ``session_interface``).
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
        ``secure=True`` -- in views, and in helper modules the views hand
        their response to (which need not import Flask).  Other cookies (preferences) are never reported, and
        a cookie already reported by FL404 is not reported again.
        ``SameSite=None`` is LOW.

        Extensions count (docs/extensions.md): Flask-Talisman sets
        ``SESSION_COOKIE_SECURE = True`` itself outside debug mode, so an
        explicit ``False`` is not reported on an app it is bound to (unless
        bound with ``session_cookie_secure=False``); Flask-Login's remember-me
        cookie (``login_user(..., remember=True)``) and flask-jwt-extended's
        token cookies (``JWT_TOKEN_LOCATION`` with ``"cookies"``) are
        reported when ``REMEMBER_COOKIE_SECURE`` / ``JWT_COOKIE_SECURE`` is
        left unset, since both default to False.
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
        fix="""
        unsafe -- ``set_cookie(...)`` of a credential cookie gets the flags it lacks
        among ``secure=True, httponly=True, samesite="Lax"`` (a literal false flag
        is turned on); not for flags passed by position or through ``**``.
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
        fallback) reaching an app's configuration, and the result of a
        project helper that only draws random characters
        (``"".join(secrets.choice(alphabet) for _ in range(n))``).  A key
        that may be stored and reused is not reported: one returned by a
        project function that does anything else (which may write it to a
        file on first start), or one the function writing the config also
        hands to another call (``settings.set("secretKey", key)``).  With
        sessions kept on the server the message says what still breaks.
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
