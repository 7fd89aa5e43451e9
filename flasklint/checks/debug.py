"""FL1xx: debug mode and the Werkzeug debugger.

The debugger's console executes arbitrary Python; a service reachable with it
on is a remote shell (Patreon, 2015).
"""

from flasklint.checks.base import truthiness
from flasklint.model.values import const_str
from flasklint.registry import Rule, checker, define

PUBLIC_HOSTS = ("0.0.0.0", "", "::", "[::]")

define(
    Rule(
        id="FL101",
        name="debug-run",
        severity="HIGH",
        confidence="HIGH",
        cwe=(94, 489),
        summary="Flask app started with debug mode on",
        what="""
        Reports ``app.run(debug=...)`` (and ``socketio.run(app, debug=...)``)
        where the value is truthy: a literal, a constant or module attribute
        defined elsewhere in the project, a ``**{"debug": True}`` mapping, or
        the third positional argument.  An environment lookup whose *default*
        is truthy (``os.environ.get("DEBUG", True)``) is reported at medium
        confidence.  Only calls on objects that are Flask or Quart apps (or a
        Flask-SocketIO server) are considered; ``asyncio.run(..., debug=True)``
        and other ``run`` methods are not.
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
    ),
)


def _host(run):
    host = run.params.get("host") or run.params.get("hostname")
    return const_str(host[0]) if host else None


def _public(run) -> bool:
    host = run.params.get("host") or run.params.get("hostname")
    if host is None:
        return False
    s = const_str(host[0])
    return s is not None and s in PUBLIC_HOSTS


@checker("FL101")
def debug_run(ctx):
    for run in ctx.model.runs:
        if run.kind not in ("app.run", "socketio.run") or run.app is None:
            continue
        param = run.params.get("debug")
        if param is None:
            continue
        value, node = param
        how = truthiness(value)
        if how is None:
            continue
        app = run.app
        where = f" and listens on {_host(run)!r}, reachable from the network" if _public(run) else ""
        related = []
        origin = value.origin
        if origin is not None and (origin.root() is not node.root() or origin.lineno != node.lineno):
            related.append((origin, "debug value set here"))
        if how == "on":
            msg = f"{app.label} runs with debug mode on{where}: the Werkzeug debugger lets anyone who reaches it execute code"
            yield ctx.finding("FL101", node, msg, related)
        else:
            msg = f"{app.label} runs with debug mode on unless the environment turns it off{where}: the debugger lets anyone who reaches it execute code"
            yield ctx.finding("FL101", node, msg, related, confidence="MEDIUM")
