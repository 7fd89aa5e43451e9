"""Qualified names of the Flask, Quart and Werkzeug API that flasklint knows.

Names are recognised by their qualified import (``from flask import Flask as
F``, ``import flask; flask.Flask``) so that results do not depend on Flask
being installed where flasklint runs.  Every alias a public module re-exports
is normalised to one canonical name by :func:`canonical`.
"""

from __future__ import annotations

# Canonical name -> aliases that mean the same object.
_ALIASES = {
    "flask.Flask": ("flask.app.Flask", "quart.Quart", "quart.app.Quart", "flask.sansio.app.App"),
    "flask.Blueprint": (
        "flask.blueprints.Blueprint",
        "flask.sansio.blueprints.Blueprint",
        "quart.Blueprint",
        "quart.blueprints.Blueprint",
    ),
    "flask.request": ("flask.globals.request", "quart.request", "quart.globals.request"),
    "flask.session": ("flask.globals.session", "quart.session", "quart.globals.session"),
    "flask.g": ("flask.globals.g", "quart.g"),
    "flask.current_app": ("flask.globals.current_app", "quart.current_app"),
    "flask.jsonify": ("flask.json.jsonify", "quart.jsonify", "quart.json.jsonify"),
    "flask.make_response": ("flask.helpers.make_response", "quart.make_response"),
    "flask.render_template": ("flask.templating.render_template", "quart.render_template"),
    "flask.render_template_string": (
        "flask.templating.render_template_string",
        "quart.render_template_string",
    ),
    "flask.abort": ("flask.helpers.abort", "werkzeug.exceptions.abort", "quart.abort"),
    "flask.flash": ("flask.helpers.flash", "quart.flash"),
    "flask.redirect": ("flask.helpers.redirect", "werkzeug.utils.redirect", "quart.redirect"),
    "flask.Response": ("flask.wrappers.Response", "quart.Response", "quart.wrappers.Response"),
    "flask.views.MethodView": ("quart.views.MethodView",),
    "flask.views.View": ("quart.views.View",),
    "flask.Config": ("flask.config.Config", "quart.Config", "quart.config.Config"),
    "werkzeug.serving.run_simple": ("werkzeug.run_simple",),
    "werkzeug.debug.DebuggedApplication": ("werkzeug.debug.tbtools.DebuggedApplication",),
    "werkzeug.exceptions.HTTPException": ("flask.HTTPException",),
    "werkzeug.exceptions.default_exceptions": (),
    "flask_socketio.SocketIO": (),
}

_CANON = {}
for _canon, _aliases in _ALIASES.items():
    _CANON[_canon] = _canon
    for _a in _aliases:
        _CANON[_a] = _canon

FLASK = "flask.Flask"
BLUEPRINT = "flask.Blueprint"
REQUEST = "flask.request"
SESSION = "flask.session"
JSONIFY = "flask.jsonify"
MAKE_RESPONSE = "flask.make_response"
RENDER_TEMPLATE = "flask.render_template"
ABORT = "flask.abort"
FLASH = "flask.flash"
RESPONSE = "flask.Response"
METHOD_VIEW = "flask.views.MethodView"
VIEW = "flask.views.View"
RUN_SIMPLE = "werkzeug.serving.run_simple"
DEBUGGED_APPLICATION = "werkzeug.debug.DebuggedApplication"
HTTP_EXCEPTION = "werkzeug.exceptions.HTTPException"
DEFAULT_EXCEPTIONS = "werkzeug.exceptions.default_exceptions"
SOCKETIO = "flask_socketio.SocketIO"

# Top-level packages whose mention makes a file worth a full parse.
TRIGGER_PACKAGES = (b"flask", b"quart", b"werkzeug")

# werkzeug.exceptions classes -> HTTP status code (Werkzeug 3.1).
HTTP_EXCEPTION_CODES = {
    "BadRequest": 400,
    "Unauthorized": 401,
    "Forbidden": 403,
    "NotFound": 404,
    "MethodNotAllowed": 405,
    "NotAcceptable": 406,
    "RequestTimeout": 408,
    "Conflict": 409,
    "Gone": 410,
    "LengthRequired": 411,
    "PreconditionFailed": 412,
    "RequestEntityTooLarge": 413,
    "RequestURITooLarge": 414,
    "UnsupportedMediaType": 415,
    "RequestedRangeNotSatisfiable": 416,
    "ExpectationFailed": 417,
    "ImATeapot": 418,
    "MisdirectedRequest": 421,
    "UnprocessableEntity": 422,
    "Locked": 423,
    "FailedDependency": 424,
    "PreconditionRequired": 428,
    "TooManyRequests": 429,
    "RequestHeaderFieldsTooLarge": 431,
    "UnavailableForLegalReasons": 451,
    "InternalServerError": 500,
    "NotImplemented": 501,
    "BadGateway": 502,
    "ServiceUnavailable": 503,
    "GatewayTimeout": 504,
    "HTTPVersionNotSupported": 505,
}


def canonical(qualname: str) -> str:
    """Normalise a qualified name (``quart.Quart`` -> ``flask.Flask``)."""
    if qualname in _CANON:
        return _CANON[qualname]
    if qualname.startswith("werkzeug.exceptions.") or qualname.startswith("flask.exceptions."):
        return "werkzeug.exceptions." + qualname.rsplit(".", 1)[1]
    return qualname


def is_quart(qualname: str) -> bool:
    return qualname.split(".", 1)[0] == "quart"
