"""FL403: sensitive data in Flask's client-side session."""

from __future__ import annotations

import re
from typing import Optional, Tuple

from astroid import nodes

from flasklint.checks.registry import checker
from flasklint.model.config_order import app_in_tests
from flasklint.model.queries import server_side_sessions
from flasklint.resolve.values import Const, RequestInput, leaves

_HIGH_SENSITIVE = re.compile(r"(pass(word|wd|phrase)?|pwd|credit_?card|card_?(number|num|no)|cc_?(num|number)|cvv|cvc|ssn|social_security|private_?key)$|^(pass|pw|pwd)$")
_MED_SENSITIVE = re.compile(r"(api_?key|apikey|secret|token|access_?key|secret_?key|auth_?key|bearer|credentials?)$")
_NOT_SENSITIVE = re.compile(r"^(reset|forgot|forgotten|lost)_?password$|^password_?(reset|forgot|forgotten)|(csrf|xsrf|state|nonce|_at|_time|_date|_expires?|_expiry|_exp|_ok|_set|_changed|_required|_reset|_sent|_count|_attempts|_valid|_type|_len|_length|_hint|_id|_url|_uri|_name)$|^(csrf|_csrf|xsrf|oauth_state|fresh_project|next)|(^|_)id_?token$")


def _normal(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower().replace("-", "_").strip("_")


def harmless_name(name: Optional[str]) -> bool:
    """A key named like what is known not to be a secret (CSRF tokens,
    OAuth state, a flow name such as ``reset_password``, an id, a time)."""
    if not name or not isinstance(name, str):
        return False
    n = _normal(name)
    return "csrf" in n or "xsrf" in n or bool(_NOT_SENSITIVE.search(n))


def sensitivity(name: Optional[str]) -> Optional[str]:
    """HIGH / MEDIUM for a key or field name that names a secret, else None."""
    if not name or not isinstance(name, str) or harmless_name(name):
        return None
    n = _normal(name)
    if _HIGH_SENSITIVE.search(n):
        return "HIGH"
    if _MED_SENSITIVE.search(n):
        return "MEDIUM"
    return None


def harmless_value(value) -> bool:
    if value is None:
        return False
    opts = leaves(value)
    return bool(opts) and all(
        isinstance(o, Const) and (o.value is None or isinstance(o.value, (bool, int, float)) or o.value in ("", b"")) for o in opts
    )


_GENERATOR_VERBS = ("generate", "gen", "make", "create", "new", "random", "issue")


def secret_source(use) -> Optional[Tuple[str, str]]:
    """(name, description) when the value a session write stores is named
    like a credential whatever its key: a variable or parameter
    (``supplied_passphrase``), a credential generator's result
    (``generate_passphrase()``, also through a variable the function
    assigned once), or a credential object (``DicewarePassphrase(...)``)."""
    stmt = use.node.parent if use.method == "setitem" else None
    expr = getattr(stmt, "value", None)
    if isinstance(expr, nodes.Name):
        if sensitivity(expr.name):
            return expr.name, f"{expr.name!r}"
        _, assigns = expr.lookup(expr.name)
        if len(assigns) == 1 and isinstance(assigns[0].parent, nodes.Assign) and isinstance(assigns[0].parent.value, nodes.Call):
            expr = assigns[0].parent.value
    if isinstance(expr, nodes.Call):
        f = expr.func
        name = f.attrname if isinstance(f, nodes.Attribute) else f.name if isinstance(f, nodes.Name) else None
        if name is None or not sensitivity(name):
            return None
        words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower().split("_")
        if name[:1].isupper() or words[0] in _GENERATOR_VERBS:
            return name, f"the result of {name}()"
    return None


@checker("FL403")
def sensitive_session_data(ctx):
    model = ctx.model
    for use in model.session_uses:
        if use.kind != "write" or use.method in ("modified", "permanent"):
            continue
        if use.location is None or model.project.in_tests(use.location.path):
            continue
        if harmless_value(use.value):
            continue
        key = use.key.value if isinstance(use.key, Const) and isinstance(use.key.value, str) else None
        sev = sensitivity(key)
        source = None
        for leaf in leaves(use.value) if use.value is not None else []:
            if isinstance(leaf, RequestInput) and leaf.source in ("form", "args", "values", "json", "headers", "cookies"):
                s = sensitivity(leaf.key)
                if s and (sev is None or s == "HIGH"):
                    sev, source = s, leaf
        named = None
        if sev is None and not harmless_name(key):  # (the key says what it is: trusted)
            named = secret_source(use)
            if named is not None:
                sev = sensitivity(named[0])
        if sev is None:
            continue
        # Data of a server-side session (Flask-Session, a custom
        # session_interface) never reaches the client.  (Asked last: which
        # apps run this code is found through call sites, files the check
        # -- and the incremental cache -- need not read for other writes.)
        apps = model.apps_for(use.node) or model.serving_apps() or model.apps
        if apps and all(server_side_sessions(a) for a in apps):
            continue
        if source is not None:
            what = f"request.{source.source}[{source.key!r}]"
            msg = f"{what} is written into the session" + (f" as {key!r}" if key else "")
        elif named is not None:
            msg = f"{named[1]} is written into the session" + (f" as {key!r}" if key else "")
        else:
            msg = f"session[{key!r}] holds a secret"
        msg += ": Flask's session is a signed, not encrypted, cookie -- anyone holding it can read the value"
        yield ctx.finding("FL403", use.location, msg, severity=sev)


# -- FL404 / FL405 ------------------------------------------------------------------
    # extensions that keep credentials in the session themselves (flask-oidc's tokens)
    for ext in model.extensions:
        rec = ext.record
        if rec is None or not rec.session_secrets or app_in_tests(ext.app) or server_side_sessions(ext.app):
            continue
        msg = (
            f"{rec.name} stores {rec.session_secrets} in the session of {ext.app.label}: Flask's session is a signed, "
            f"not encrypted, cookie -- anyone holding it can read them; keep the session on the server (Flask-Session)"
        )
        yield ctx.finding("FL403", ext.location, msg, severity="MEDIUM")
