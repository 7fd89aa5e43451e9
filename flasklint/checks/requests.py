"""FL5xx: request-handling mistakes that fail on every request.

(FL502 ``jsonify-status-argument`` lives with the error-handling family, so
that one line is never reported twice.)
"""

from __future__ import annotations

from astroid import nodes

from flasklint.checks.registry import Rule, checker, define
from flasklint.fixes.edits import SAFE, Fix, insert_after

define(
    Rule(
        id="FL501",
        name="request-data-called",
        severity="HIGH",
        confidence="HIGH",
        summary="request.args / form / headers called like a function",
        what="""
        Reports a call of one of the request's data attributes:
        ``request.args("page", type=int)``, ``request.form("name")``,
        ``request.headers("X-Token")``, and likewise ``values``, ``files``,
        ``cookies``, ``json``, ``data`` and ``view_args``.  ``request`` is
        recognised by its import (``from flask import request``, Quart's
        too), not by its name.
        """,
        why="""
        These attributes are mappings (``MultiDict``, ``Headers``), a dict or
        bytes -- not functions.  Calling one raises ``TypeError: 'ImmutableMultiDict'
        object is not callable`` on every request that reaches the line: the
        view is a guaranteed 500.
        """,
        example="""
        from flask import Flask, jsonify, request

        app = Flask(__name__)


        @app.get("/orders")
        def list_orders():
            page = request.args("page", type=int)
            return jsonify(page=page)
        """,
        use_instead="""
        from flask import Flask, jsonify, request

        app = Flask(__name__)


        @app.get("/orders")
        def list_orders():
            page = request.args.get("page", 1, type=int)
            return jsonify(page=page)
        """,
        fix="""
        safe -- ``request.args("page", type=int)`` becomes
        ``request.args.get("page", type=int)`` (also ``form``, ``values``,
        ``headers``, ``cookies``, ``files``) when the call passes what ``get``
        takes: a key, a default, ``type=``.
        """,
    ),
)


@checker("FL501")
def request_data_called(ctx):
    for use in ctx.model.request_uses:
        if use.how != "call":
            continue
        arg = f"{use.key!r}" if use.key is not None else "..."
        if use.attr in ("args", "form", "values", "files", "cookies", "headers"):
            fix = f"request.{use.attr}.get({arg}{', type=...' if use.attr in ('args', 'form', 'values') else ''})"
        elif use.attr == "json":
            fix = f"request.get_json()[{arg}]" if use.key is not None else "request.get_json()"
        else:
            fix = f"request.{use.attr}"
        kind = "bytes" if use.attr == "data" else "a dict" if use.attr in ("json", "view_args") else "a mapping"
        yield ctx.finding(
            "FL501",
            use.node,
            f"request.{use.attr} is {kind}, not a function: calling it raises TypeError on every request; use {fix}",
            fix=_get_fix(ctx, use),
        )


_GET_ATTRS = ("args", "form", "values", "files", "cookies", "headers")


def _get_fix(ctx, use):
    """``request.args(k, ...)`` -> ``request.args.get(k, ...)``: what the call
    meant, when its arguments are what ``get`` takes (a key, a default,
    ``type=``)."""
    call = use.node
    if use.attr not in _GET_ATTRS or not isinstance(call, nodes.Call) or not isinstance(call.func, nodes.Attribute):
        return None
    args, keywords = call.args or [], call.keywords or []
    if not 1 <= len(args) <= 2 or any(isinstance(a, nodes.Starred) for a in args):
        return None
    if any(kw.arg not in ("default", "type") for kw in keywords) or (len(args) == 2 and any(kw.arg == "default" for kw in keywords)):
        return None
    return Fix(SAFE, f"Call request.{use.attr}.get(...)", (insert_after(ctx.location(call.func), ".get"),))
