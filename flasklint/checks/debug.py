"""FL1xx: debug mode and the Werkzeug debugger.

The debugger's console executes arbitrary Python; a service reachable with it
on is a remote shell (Patreon, 2015).  Every rule here reads the model:
server starts (``model.runs``), configuration writes (``model.config``),
environment files (``model.env_entries``) and environment writes in code
(``model.env_writes``).

Shared decisions (documented in each rule's notes):

* configuration in test code (``tests/``, ``test_*.py``, ``conftest.py``)
  is not reported (FL102, FL103); explicit server starts are (FL101, FL104);
* a setting under a condition about debugging or development
  (``if args.debug:``, ``if config_name == "development":``) or reading an
  environment variable (``if os.environ.get("ENABLE_CONSOLE"):``) follows
  the deployment's choice and is not reported; under any other undecidable
  condition (not ``if __name__ == "__main__":``) it is reported at medium
  confidence;
* the most specific rule reports a line once: ``app.run(debug=True,
  use_debugger=True)`` is FL101 only.
"""

from __future__ import annotations

import textwrap
from typing import Dict, List, Optional, Tuple

from astroid import nodes

from flasklint.checks.base import truthiness
from flasklint.checks.registry import Rule, checker, define
from flasklint.fixes.calls import remove_keyword
from flasklint.fixes.edits import UNSAFE, Fix
from flasklint.model import guards
from flasklint.model.configfiles import truthy_env
from flasklint.resolve.values import Const, EnvVar, Fallback, Value, const_str, leaves

# Hosts that listen on every interface.  ``app.run(host="")`` is not one:
# Flask replaces an empty host with 127.0.0.1 before calling run_simple (and
# Flask-SocketIO's threading mode calls app.run); run_simple binds "" as-is.
PUBLIC_HOSTS = ("0.0.0.0", "::", "[::]")
PUBLIC_HOSTS_RAW = PUBLIC_HOSTS + ("",)

# Words that mark code, configuration or conditions meant for development.
DEV_WORDS = frozenset(["debug", "debugger", "dev", "devel", "develop", "development", "local", "test", "tests", "testing"])

FLASK_ENV_REMOVED = "2.3"

_SCOPE_NOTES = """
Configuration in test code (files under ``tests/``/``test/``/``testing/``,
``test_*.py``, ``*_test.py``, ``conftest.py``) is not reported by FL102 and
FL103: tests turn debug mode on on purpose.  An explicit server start
(FL101, FL104) is reported wherever it is.  A setting under a
condition about debugging or development (``if args.debug:``,
``if env == "development":``) or one that reads an environment variable
(``if os.environ.get("ENABLE_CONSOLE"):``), or (for FL102) a write in a
function named for development (``def enable_local_debugging():``), is
the deployment's choice and is not reported; under any other condition that cannot be decided statically
(other than ``if __name__ == "__main__":``) it is reported at MEDIUM
confidence.  A string value is true when non-empty: ``DEBUG = "False"``
and ``os.environ.get("DEBUG", "False")`` turn debug mode on.
"""



def _with_scope(text: str) -> str:
    parts = [textwrap.dedent(text).strip(), textwrap.dedent(_SCOPE_NOTES).strip()]
    return "\n\n".join(p for p in parts if p)


define(
    Rule(
        id="FL101",
        name="debug-run",
        severity="HIGH",
        confidence="HIGH",
        cwe=(94, 489),
        summary="Flask app started with debug mode on",
        what="""
        Reports ``app.run(debug=...)`` and ``socketio.run(app, debug=...)``
        (Flask-SocketIO) where the value is truthy: a literal, a constant or
        module attribute defined elsewhere in the project, a
        ``**{"debug": True}`` mapping, or the third positional argument.  An
        environment lookup whose *default* is truthy
        (``os.environ.get("DEBUG", True)``) is reported at medium
        confidence.  Only calls on objects that are Flask or Quart apps (or a
        Flask-SocketIO server) are considered; ``asyncio.run(..., debug=True)``
        and other ``run`` methods are not.  The message says when the server
        listens on every interface (``host="0.0.0.0"``/``"::"``).  A Quart
        app has no debugger console: its debug page shows tracebacks with
        local variables, reported MEDIUM.
        """,
        why="""
        Debug mode turns on the Werkzeug debugger, whose in-browser console
        runs arbitrary Python code on the server.  Its PIN is derived from
        guessable machine facts.  With ``host="0.0.0.0"`` the console is
        reachable from the network; Patreon was breached this way in 2015.
        """,
        example="""
        from flask import Flask

        app = Flask(__name__)

        if __name__ == "__main__":
            app.run(host="0.0.0.0", debug=True)
        """,
        use_instead="""
        import os

        from flask import Flask

        app = Flask(__name__)

        if __name__ == "__main__":
            app.run(debug=os.environ.get("FLASK_DEBUG") == "1")
        """,
        notes=_with_scope(
            """
        ``app.run(debug=True, use_debugger=False)`` starts no debugger (only
        the reloader) and is not reported; with ``use_evalex=False`` the
        debugger shows tracebacks but has no console, reported at MEDIUM
        severity.  ``app.run(host="")`` listens on 127.0.0.1 (Flask's
        default), not on every interface.
        """
        ),
        fix="""unsafe -- a literal ``debug=True`` in the call is removed with its comma
        (run locally with ``flask run --debug`` instead); other values get no fix.""",
    ),
    Rule(
        id="FL102",
        name="debug-config",
        severity="HIGH",
        confidence="HIGH",
        cwe=(489,),
        summary="Debug mode turned on by the app's configuration",
        what="""
        Reports the line that makes ``DEBUG`` true for an app through its
        configuration: ``app.debug = True``, ``app.config["DEBUG"] = True``,
        ``app.config.update(DEBUG=True)``, ``from_mapping(DEBUG=True)``,
        ``app.config |= {"DEBUG": True}``, ``DEBUG = True`` in a config class
        (inherited attributes included) or module loaded with ``from_object``
        (an object or a dotted import string), in a ``from_pyfile``/
        ``from_file`` file, or in an INI section loaded into the config
        (konfig's ``Config("settings.ini").get_map("flask")``), and
        ``os.environ["FLASK_DEBUG"] = "1"`` (or ``setdefault``/``update``) in
        code.  Config files are reported at the file's own line.  The message
        names the app and the route to debug mode ("DEBUG = True in
        ProductionConfig, loaded by create_app() via from_object").
        """,
        why="""
        With ``DEBUG`` on, ``app.run()`` serves the Werkzeug debugger, whose
        console runs arbitrary code, and debug-only extensions (such as
        Flask-DebugToolbar) expose configuration, queries and source.  A
        value set in configuration is easy to forget when the service is
        deployed.
        """,
        example="""
        from flask import Flask


        class ProductionConfig:
            DEBUG = True


        def create_app():
            app = Flask(__name__)
            app.config.from_object(ProductionConfig)
            return app
        """,
        use_instead="""
        import os

        from flask import Flask


        class ProductionConfig:
            DEBUG = False


        def create_app():
            app = Flask(__name__)
            app.config.from_object(ProductionConfig)
            app.config["DEBUG"] = os.environ.get("FLASK_DEBUG") == "1"
            return app
        """,
        notes=_with_scope(
            """
        Which configurations count: a config class or module that no app
        loads is not reported (nothing reads it).  A configuration chosen at
        run time among several (``config_by_name[os.environ["APP_CONFIG"]]``)
        is reported at MEDIUM severity, unless it is a development or test
        configuration: named for development or tests (``DevelopmentConfig``,
        ``DevConfig``, ``LocalConfig``, ``config/development.py``,
        ``TestConfig``) or setting ``TESTING = True``; those are what such a
        choice is for, and are not reported -- except the one loaded when
        the deployment sets no variable
        (``config_by_name[os.getenv("APP_ENV") or "dev"]``): that is what
        runs unless someone remembers to choose.  A development
        configuration an app *always* loads
        (``from_object("config.DevelopmentConfig")``) or loads by default
        is reported at MEDIUM severity.  Test configurations are never
        reported.  Keys from ``configparser`` are lower-cased
        (``debug``), so Flask never sees them as ``DEBUG``: not reported.
        ``os.environ["FLASK_ENV"] = "development"`` is reported only when
        the project pins Flask below 2.3 (where it meant debug mode).
        Under ``flask run`` the ``FLASK_DEBUG`` variable (or ``--debug``)
        replaces ``DEBUG`` from configuration; under ``app.run()`` and WSGI
        servers the configured value stands.
        """
        ),
    ),
    Rule(
        id="FL103",
        name="debug-env-file",
        severity="MEDIUM",
        confidence="HIGH",
        cwe=(489,),
        summary="Debug mode turned on by .flaskenv or .env",
        example_file=".flaskenv",
        what="""
        Reports ``FLASK_DEBUG`` set to a true value in ``.flaskenv`` or
        ``.env`` (Flask's reading: on unless empty, ``0``, ``false`` or
        ``no``).  Reports ``FLASK_ENV=development`` as dead configuration
        (LOW): Flask 2.3 removed it, and it no longer turns debug mode on;
        when the project pins Flask below 2.3 (``requirements*.txt``,
        ``setup.py``, ``setup.cfg`` or ``pyproject.toml`` in the project
        root) it still does, and is reported at HIGH severity.
        """,
        why="""
        ``flask run`` loads both files, and so does ``app.run()`` when
        python-dotenv is installed: a committed ``FLASK_DEBUG=1`` starts the
        Werkzeug debugger, whose console runs arbitrary code, wherever the
        project is started that way.  A dead ``FLASK_ENV`` misleads readers
        into thinking the environment controls debug mode.
        """,
        example="""
        FLASK_APP=app.py
        FLASK_DEBUG=1
        """,
        use_instead="""
        FLASK_APP=app.py
        # FLASK_DEBUG=1  (set it in your shell for local development)
        """,
        notes="""
        ``FLASK_ENV=development`` is not reported as debug mode when the same
        file sets ``FLASK_DEBUG`` (which takes precedence on every Flask
        version).  Files under test directories are not reported.
        """,
    ),
    Rule(
        id="FL104",
        name="werkzeug-debugger",
        severity="HIGH",
        confidence="HIGH",
        cwe=(94, 489),
        summary="Werkzeug's interactive debugger enabled outside debug mode",
        what="""
        Reports the interactive debugger turned on without debug mode:
        ``app.run(use_debugger=True)``, ``werkzeug.serving.run_simple(...,
        use_debugger=True)`` (its ``use_evalex`` defaults to true), and
        ``DebuggedApplication(app, evalex=True)`` /
        ``DebuggedApplication(app.wsgi_app, True)``.  ``DebuggedApplication``
        without ``evalex`` (Werkzeug's default is false) and any form with
        ``use_evalex=False`` show tracebacks without a console and are not
        reported.  A call already reported by FL101 is not reported again.
        """,
        why="""
        The debugger's console executes arbitrary Python in the server
        process.  ``DebuggedApplication`` works under any WSGI server
        (gunicorn included), so the console ships to production with the
        middleware.
        """,
        example="""
        from flask import Flask
        from werkzeug.debug import DebuggedApplication

        app = Flask(__name__)
        app.wsgi_app = DebuggedApplication(app.wsgi_app, evalex=True)
        """,
        use_instead="""
        from flask import Flask
        from werkzeug.debug import DebuggedApplication

        app = Flask(__name__)
        if app.debug:
            app.wsgi_app = DebuggedApplication(app.wsgi_app, evalex=True)
        """,
        notes=_with_scope(""),
    ),
)


# -- shared helpers -------------------------------------------------------------------


def _is_test(ctx, node_or_loc) -> bool:
    loc = ctx.location(node_or_loc)
    return ctx.project.in_tests(loc.path)


def _gate(ctx, node, by_function_name: bool = False) -> Optional[str]:
    """How the conditions around ``node`` decide whether it runs:

    * ``"dev"``: a condition about debugging or development -> not reported;
    * ``"unknown"``: another condition flasklint cannot decide -> MEDIUM;
    * None: unconditional (or ``if __name__ == "__main__":``, or a condition
      known to hold).
    """
    if node is None:
        return None
    result = None
    for cond in guards.conditions(node):
        if cond.is_main_guard:
            continue
        if DEV_WORDS.intersection(cond.words()) or _reads_environment(ctx, cond.test):
            return "dev"
        t = ctx.model.resolver.value(cond.test).truth()
        if t is None or t == cond.negated:
            result = "unknown"
    func = _enclosing_function(node) if by_function_name else None
    if func is not None and DEV_WORDS.intersection(guards.split_words(func.name)):
        return "dev"
    return result


def _reads_environment(ctx, test) -> bool:
    """The condition reads an environment variable: a deployment choice."""
    for n in test.nodes_of_class((nodes.Call, nodes.Subscript)):
        for v in ctx.model.resolver.values(n):
            if any(isinstance(leaf, EnvVar) for leaf in leaves(v)):
                return True
    return False


def _enclosing_function(node):
    n = node.parent
    while n is not None:
        if isinstance(n, (nodes.FunctionDef, nodes.AsyncFunctionDef)):
            return n
        n = n.parent
    return None


def _param(run, name) -> Optional[Value]:
    got = run.params.get(name)
    return got[0] if got else None


def _falsy(value: Optional[Value]) -> bool:
    """Known to be false (an explicit ``False``/``0``/``None``)."""
    return value is not None and value.truth() is False


def _host(run) -> Optional[str]:
    host = run.params.get("host") or run.params.get("hostname")
    return const_str(host[0]) if host else None


def _public(run) -> bool:
    host = _host(run)
    if host is None:
        return False
    hosts = PUBLIC_HOSTS_RAW if run.kind == "run_simple" else PUBLIC_HOSTS
    return host in hosts


def _where(run) -> str:
    if not _public(run):
        return ""
    return f" and listens on {_host(run)!r}, reachable from the network"


def _show(value: Value) -> str:
    if isinstance(value, Const):
        return repr(value.value)
    if isinstance(value, EnvVar):
        d = f", {_show(value.default)}" if value.default is not None else ""
        return f"os.environ.get({value.name!r}{d})"
    if isinstance(value, Fallback):
        return f"{_show(value.primary)} or {_show(value.fallback)}"
    return "a true value"


def _default_of(value: Value) -> Optional[Value]:
    if isinstance(value, EnvVar):
        return value.default
    if isinstance(value, Fallback):
        return value.fallback
    return None


def _env_name(value: Value) -> str:
    env = value if isinstance(value, EnvVar) else getattr(value, "primary", None)
    return env.name if isinstance(env, EnvVar) and env.name else "the variable"


def _origin_related(value: Value, node) -> list:
    origin = value.origin if value is not None else None
    if origin is None or node is None:
        return []
    try:
        same = origin.root() is node.root() and origin.lineno == node.lineno
    except Exception:
        return []
    return [] if same else [(origin, "debug value set here")]


def _runner_label(run) -> str:
    if run.app is not None:
        return run.app.label
    sio = getattr(run, "socketio", None)
    if sio is not None:
        return sio.label
    return "the application" if run.kind != "run_simple" else "run_simple()"


# -- FL101 ------------------------------------------------------------------------------


def _fl101_applies(run) -> Optional[Tuple[str, Value, object]]:
    """(how, value, node) when ``run`` starts the app with debug mode on."""
    if run.kind not in ("app.run", "socketio.run"):
        return None
    param = run.params.get("debug")
    if param is None:
        return None
    value, node = param
    how = truthiness(value)
    if how is None:
        return None
    if _falsy(_param(run, "use_debugger")):
        return None  # debug mode without the debugger: only the reloader
    return how, value, node


@checker("FL101")
def debug_run(ctx):
    for run in ctx.model.runs:
        got = _fl101_applies(run)
        if got is None:
            continue
        how, value, node = got
        gate = _gate(ctx, run.node)
        if gate == "dev":
            continue
        label = _runner_label(run)
        where = _where(run)
        related = _origin_related(value, node)
        confidence = "MEDIUM" if (how == "default" or gate == "unknown") else None
        severity = None
        if run.kind == "app.run" and getattr(run.app, "is_quart", False):
            # Quart has no Werkzeug debugger: its debug page shows tracebacks
            severity = "MEDIUM"
            msg = (
                f"{label} runs with debug mode on{where}: Quart's debug page shows every unhandled error's "
                f"traceback, with local variables, to anyone who reaches it (Quart has no debugger console)"
            )
        elif _falsy(_param(run, "use_evalex")):
            severity = "MEDIUM"
            msg = f"{label} runs with debug mode on{where}: the Werkzeug debugger shows tracebacks and source to anyone who reaches it (its console is off: use_evalex=False)"
        elif how == "on":
            msg = f"{label} runs with debug mode on{where}: the Werkzeug debugger lets anyone who reaches it execute code"
        else:
            msg = _default_message(label, value, where)
        yield ctx.finding("FL101", node, msg, related, severity=severity, confidence=confidence, fix=_debug_fix(ctx, run, node))


def _debug_fix(ctx, run, node):
    """``app.run(debug=True)`` -> ``app.run()`` (a literal in the call itself)."""
    kw = node.parent
    if not (isinstance(node, nodes.Const) and node.value is True and isinstance(kw, nodes.Keyword) and kw.arg == "debug" and kw.parent is run.node):
        return None
    edits = remove_keyword(ctx, run.node, kw)
    return Fix(UNSAFE, "Remove debug=True", edits) if edits else None


def _env_truth(value) -> str:
    """Why an environment lookup with a truthy default is (nearly) always
    true: the environment holds strings."""
    name = _env_name(value)
    strings = "environment values are strings: even 'False' and '0' are true"
    if isinstance(value, Fallback):
        return f"true whatever {name} holds ({strings})"
    return f"true unless {name} is set to an empty string ({strings})"


def _default_message(label, value, where) -> str:
    return (
        f"{label} runs with debug mode on{where}: debug={_show(value)} is {_env_truth(value)}; "
        "the Werkzeug debugger lets anyone who reaches it execute code"
    )


# -- FL102 ------------------------------------------------------------------------------


def _dev_name(name: Optional[str], source: str = "object") -> bool:
    """A configuration named for development or tests: a class
    (``DevelopmentConfig``, ``LocalConfig``, ``TestConfig``) or a module or
    file (``config/development.py``, ``dev.cfg``; a package by its
    directory).  "local" counts for classes only: a ``local.cfg`` or
    ``local_settings.py`` is a per-machine file, production included."""
    if not name:
        return False
    if source == "object":
        return bool(DEV_WORDS.intersection(guards.split_words(name)))
    parts = [p for p in name.replace("\\", "/").split("/") if p]
    if not parts:
        return False
    base = parts[-1].rsplit(".", 1)[0] if "." in parts[-1] else parts[-1]
    if base == "__init__" and len(parts) > 1:
        base = parts[-2]
    return bool((DEV_WORDS - {"local"}).intersection(guards.split_words(base)))


def _testing_container(model, w) -> bool:
    """The class/module holding ``w`` also sets ``TESTING`` true."""
    for other in model.config:
        if other.key == "TESTING" and other.load is w.load and other.container == w.container and other.load is not None:
            if truthiness(other.value) == "on":
                return True
    return False


def _value_text(w) -> str:
    v = w.value
    if isinstance(v, Const):
        return repr(v.value)
    return _show(v)


def _describe(w) -> str:
    val = _value_text(w)
    note = ""
    if isinstance(w.value, Const) and isinstance(w.value.value, str):
        note = " (a string: any non-empty one is true"
        note += ", and konfig keeps everything but true/false and numbers as strings)" if w.source == "ini" else ")"
    if w.source == "code":
        expr = w.node.value.as_string() if isinstance(w.node, (nodes.Assign, nodes.AnnAssign)) and w.node.value is not None else None
        if expr is not None and expr != val and isinstance(w.value, Const):
            val = f"{expr} ({val})"
        if w.via.endswith("['DEBUG']") or w.via.endswith(".debug"):
            return f"{w.via} = {val}{note}"
        return f"DEBUG = {val} set by {w.via}{note}"
    return f"DEBUG = {val} in {w.via}{note}"


@checker("FL102")
def debug_config(ctx):
    model = ctx.model
    groups: Dict[Tuple[str, int], List] = {}
    order: List[Tuple[str, int]] = []
    for w in model.config:
        if w.key != "DEBUG" or w.app is None:
            continue
        how = truthiness(w.value)
        if how is None:
            continue
        key = (w.location.path, w.location.line)
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append((w, how))
    for key in order:
        verdicts = [v for v in (_judge_write(ctx, w, how) for w, how in groups[key]) if v is not None]
        if not verdicts:
            continue
        # the most severe reading of the line wins; other apps are named
        verdicts.sort(key=lambda v: (_SEV_RANK[v["severity"]], _SEV_RANK[v["confidence"]]), reverse=True)
        best = verdicts[0]
        apps = []
        for v in verdicts:
            if v["app"] not in apps:
                apps.append(v["app"])
        msg = best["message"]
        if len(apps) > 1:
            msg += f" (also loaded by {', '.join(a.label for a in apps[1:])})"
        yield ctx.finding("FL102", best["location"], msg, best["related"], severity=best["severity"], confidence=best["confidence"])
    yield from _env_writes(ctx)


_SEV_RANK = {"LOW": 0, "MEDIUM": 1, "HIGH": 2}


def _judge_write(ctx, w, how) -> Optional[dict]:
    model = ctx.model
    app = w.app
    if _is_test(ctx, w.location) or _is_test(ctx, app.node):
        return None
    trigger = w.load.node if w.load is not None else w.node
    if trigger is not None and _is_test(ctx, trigger):
        return None
    gate = _gate(ctx, trigger, by_function_name=w.source == "code") if trigger is not None else None
    if gate == "dev":
        return None
    severity, confidence = "HIGH", "HIGH"
    note = ""
    if w.load is not None and w.source != "code":
        if _testing_container(model, w) or _is_test_name(w.container):
            return None
        dev = _dev_name(w.container, w.source)
        if not (w.load.certain or w.load.certain_outside_tests):
            default = w.load.default_target is not None and w.load.default_target == w.container
            if dev and not default:
                return None
            severity = "MEDIUM"
            note = f" (one of the configurations {app.label} chooses at run time)"
            if default:
                note = f" (the configuration {app.label} loads when {w.load.default_env} is not set)"
        elif dev:
            severity = "MEDIUM"
            note = f" ({app.label} always loads this development configuration)"
    if how == "default" or gate == "unknown":
        confidence = "MEDIUM"
    if how == "default":
        desc = _default_desc(w)
    else:
        desc = _describe(w)
    run = _plain_run(app)
    tail = "; under app.run() it starts the Werkzeug debugger, which lets anyone who reaches it execute code"
    related = []
    origin = w.value.origin if w.value is not None else None
    if w.source == "code" and origin is not None:
        oloc = ctx.location(origin)
        if (oloc.path, oloc.line) != (w.location.path, w.location.line):
            related.append((oloc, "debug value set here"))
    if w.load is not None and w.source != "code":
        related.append((w.load.node, f"loaded by {app.label} here"))
    if run is not None:
        related.append((run.node, f"{app.label} started here without debug=..., so DEBUG decides"))
        if run.kind == "socketio.run":
            tail = "; socketio.run() then serves it with the Werkzeug debugger, which lets anyone who reaches it execute code"
    return {
        "app": app,
        "location": w.location,
        "message": f"debug mode turned on by configuration: {desc}{note}{tail}",
        "related": related,
        "severity": severity,
        "confidence": confidence,
    }


def _is_test_name(name: Optional[str]) -> bool:
    if not name:
        return False
    words = set()
    for part in name.replace("\\", "/").split("/"):
        words.update(guards.split_words(part))
    return bool(words & {"test", "tests", "testing"})


def _default_desc(w) -> str:
    where = "" if w.source == "code" else f" in {w.via}"
    return f"DEBUG = {_show(w.value)}{where} is {_env_truth(w.value)}"


def _plain_run(app):
    """An ``app.run()`` of ``app`` that leaves debug mode to DEBUG."""
    for run in app.runs:
        if run.kind in ("app.run", "socketio.run") and "debug" not in run.params and "**" not in run.params:
            return run
    return None


def _env_writes(ctx):
    model = ctx.model
    for e in model.env_writes:
        if e.key not in ("FLASK_DEBUG", "FLASK_ENV"):
            continue
        s = const_str(e.value)
        if s is None:
            continue
        if _is_test(ctx, e.location):
            continue
        gate = _gate(ctx, e.node)
        if gate == "dev":
            continue
        confidence = "MEDIUM" if (gate == "unknown" or e.via == "setdefault") else None
        unless = " unless the environment already sets it" if e.via == "setdefault" else ""
        code = _env_write_text(e, s)
        if e.key == "FLASK_DEBUG":
            if not truthy_env(s):
                continue
            msg = (
                f"{code} turns on debug mode for every Flask app created or run after it{unless}: "
                "the Werkzeug debugger lets anyone who reaches it execute code"
            )
            yield ctx.finding("FL102", e.location, msg, confidence=confidence)
        elif s == "development":
            old = _old_flask_pin(model)
            if old is None:
                continue
            msg = (
                f"{code} turns on debug mode on the Flask this project pins "
                f"({old.text}){unless}: the Werkzeug debugger lets anyone who reaches it execute code"
            )
            yield ctx.finding("FL102", e.location, msg, [(_req_location(ctx, old), "Flask pinned here")], confidence=confidence)


def _env_write_text(e, s) -> str:
    if e.via == "setitem":
        return f"os.environ[{e.key!r}] = {s!r}"
    if e.via == "update":
        return f"os.environ.update({e.key}={s!r})"
    if e.via == "putenv":
        return f"os.putenv({e.key!r}, {s!r})"
    return f"os.environ.setdefault({e.key!r}, {s!r})"


# -- FL103 ------------------------------------------------------------------------------


def _old_flask_pin(model):
    """A requirement that keeps Flask below 2.3, where FLASK_ENV still meant
    debug mode; None when Flask may be 2.3+ or nothing is declared."""
    for req in model.requirement("flask"):
        if req.allows_only_below(FLASK_ENV_REMOVED):
            return req
    return None


def _req_location(ctx, req):
    return ctx.project.file_location(req.path, req.line)


@checker("FL103")
def debug_env_file(ctx):
    model = ctx.model
    by_file: Dict[str, Dict[str, object]] = {}
    for e in model.env_entries:
        by_file.setdefault(e.path, {})[e.key] = e
    for e in model.env_entries:
        if ctx.project.in_tests(e.path):
            continue
        name = e.location.path.rsplit("/", 1)[-1]
        if e.key == "FLASK_DEBUG" and truthy_env(e.value):
            msg = (
                f"FLASK_DEBUG={e.value} in {name} turns on debug mode wherever the project is started with "
                "`flask run` or app.run() (both load this file): the Werkzeug debugger lets anyone who reaches it execute code"
            )
            yield ctx.finding("FL103", e.location, msg)
        elif e.key == "FLASK_ENV" and e.value.strip().lower() == "development":
            debug = by_file[e.path].get("FLASK_DEBUG")
            old = _old_flask_pin(model)
            if old is not None and (debug is None or not debug.value.strip()):
                msg = (
                    f"FLASK_ENV=development in {name} turns on debug mode on the Flask this project pins ({old.text}): "
                    "the Werkzeug debugger lets anyone who reaches it execute code"
                )
                yield ctx.finding("FL103", e.location, msg, [(_req_location(ctx, old), "Flask pinned here")], severity="HIGH")
            elif old is None:
                msg = (
                    f"FLASK_ENV=development in {name} is dead configuration: Flask 2.3 removed FLASK_ENV and ignores it; "
                    "use FLASK_DEBUG for debug mode (and keep it out of committed files)"
                )
                yield ctx.finding("FL103", e.location, msg, severity="LOW")


# -- FL104 ------------------------------------------------------------------------------


@checker("FL104")
def werkzeug_debugger(ctx):
    for run in ctx.model.runs:
        if run.kind in ("app.run", "socketio.run"):
            if _fl101_applies(run) is not None:
                continue  # FL101 reports the call
            value = _param(run, "use_debugger")
            evalex = _param(run, "use_evalex")
            what = "use_debugger"
        elif run.kind == "run_simple":
            value = _param(run, "use_debugger")
            evalex = _param(run, "use_evalex")
            what = "use_debugger"
        elif run.kind == "DebuggedApplication":
            value = _param(run, "evalex")
            evalex = None
            what = "evalex"
        else:
            continue
        how = truthiness(value)
        if how is None or _falsy(evalex):
            continue
        gate = _gate(ctx, run.node)
        if gate == "dev":
            continue
        confidence = "MEDIUM" if (how == "default" or gate == "unknown") else None
        label = _runner_label(run)
        where = _where(run)
        if run.kind == "DebuggedApplication":
            msg = (
                f"DebuggedApplication(..., evalex={_show(value)}) wraps {label} in the Werkzeug debugger with its console on, "
                "under any server: anyone who triggers an error can execute code"
            )
        elif run.kind == "run_simple":
            msg = f"run_simple(..., use_debugger={_show(value)}) serves {label} with the Werkzeug debugger and its console (use_evalex defaults to True){where}: anyone who reaches it can execute code"
        else:
            msg = f"{label} runs with the Werkzeug debugger ({what}={_show(value)}) even without debug mode{where}: its console lets anyone who reaches it execute code"
        node = run.params.get(what, (None, run.node))[1] if run.kind != "DebuggedApplication" else run.node
        yield ctx.finding("FL104", node, msg, _origin_related(value, node), confidence=confidence)
