"""Flask's API as the model builder reads it: route shortcuts, callback
registration methods, the HTTP errors Flask raises, the app attributes the
checks ask about."""

from __future__ import annotations

from typing import Optional

from flasklint.knowledge import extensions as X
from flasklint.knowledge import names as N

ROUTE_METHODS = {"get": "GET", "post": "POST", "put": "PUT", "patch": "PATCH", "delete": "DELETE"}


# Packages whose ``Ext(app)`` / ``ext.init_app(app)`` the model records:
# those with a binding in the extension records.  Others are not resolved
# at all: finding the app argument of every ``SomeClass(x)`` of a project
# costs more than the rest of the build.
EXTENSION_PACKAGES = X.BINDING_PACKAGES


# ``obj.<path> = value`` writes the model records (``attr_writes``): the
# ones Flask reads and a checker asks about.  Any other ``x.attr = v`` of a
# project (``self.error = error``...) is not resolved: finding what ``self``
# is, for every such statement, read the modules of its callers, and an
# edit to any of those made the incremental cache run the step again.
SUBDOMAIN_ATTRS = ("subdomain_matching", "url_map.default_subdomain", "url_map.host_matching")


SESSION_INTERFACE_ATTR = "session_interface"


RECORDED_ATTR_WRITES = frozenset(SUBDOMAIN_ATTRS + (SESSION_INTERFACE_ATTR,))


# Registration methods that record a callback and return it unchanged.
HOOK_METHODS = frozenset(
    {
        "before_request",
        "after_request",
        "teardown_request",
        "teardown_appcontext",
        "context_processor",
        "url_value_preprocessor",
        "url_defaults",
        "before_app_request",
        "after_app_request",
        "teardown_app_request",
        "app_context_processor",
        "app_url_value_preprocessor",
        "app_url_defaults",
        "template_filter",
        "template_global",
        "template_test",
        "app_template_filter",
        "app_template_global",
        "app_template_test",
        "endpoint",
        "shell_context_processor",
    }
)


DEFAULT_EXCEPTION_CODES = frozenset(
    [400, 401, 403, 404, 405, 406, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418, 421, 422, 423, 424, 428, 429, 431, 451, 500, 501, 502, 503, 504, 505]
)


# Attributes of flask.request holding client data (mappings or values).
REQUEST_DATA = frozenset(["args", "form", "values", "files", "cookies", "headers", "json", "view_args", "data"])


# Factory names the Flask CLI calls without arguments (flask.cli.find_best_app).
CLI_FACTORIES = ("create_app", "make_app")


FLASK_CLASS_KINDS = {
    N.FLASK: "app",
    N.BLUEPRINT: "blueprint",
    N.SOCKETIO: "socketio",
    N.METHOD_VIEW: "methodview",
    N.VIEW: "view",
}


def flask_class_kind(qualname: str, knowledge: X.Knowledge = X.KNOWN) -> Optional[str]:
    """"app" / "blueprint" / "socketio" / "methodview" / "view" for Flask's
    classes and the ones extensions provide in their place (APIFlask,
    flakon's JsonBlueprint, under any public module), else None."""
    kind = FLASK_CLASS_KINDS.get(qualname)
    if kind is None and qualname:
        if knowledge.app_class(qualname) is not None:
            return "app"
        if knowledge.blueprint_class(qualname) is not None:
            return "blueprint"
    return kind


def request_attr(qualname: str) -> Optional[str]:
    """``flask.request.form`` -> ``form``; None for other names."""
    if qualname.startswith("flask.request."):
        rest = qualname[len("flask.request.") :]
        if rest in REQUEST_DATA:
            return rest
    return None
