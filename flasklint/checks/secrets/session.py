"""FL403: sensitive data in Flask's client-side session."""

from __future__ import annotations

import re
from typing import Optional

from flasklint.checks.registry import checker
from flasklint.model.config_order import app_in_tests
from flasklint.model.queries import server_side_sessions
from flasklint.resolve.values import Const, RequestInput, leaves

_HIGH_SENSITIVE = re.compile(r"(pass(word|wd|phrase)?|pwd|credit_?card|card_?(number|num|no)|cc_?(num|number)|cvv|cvc|ssn|social_security|private_?key)$|^(pass|pw|pwd)$")
_MED_SENSITIVE = re.compile(r"(api_?key|apikey|secret|token|access_?key|secret_?key|auth_?key|bearer|credentials?)$")
_NOT_SENSITIVE = re.compile(r"^(reset|forgot|forgotten|lost)_?password$|^password_?(reset|forgot|forgotten)|(csrf|xsrf|state|nonce|_at|_time|_date|_expires?|_expiry|_exp|_ok|_set|_changed|_required|_reset|_sent|_count|_attempts|_valid|_type|_len|_length|_hint|_id|_url|_uri|_name)$|^(csrf|_csrf|xsrf|oauth_state|fresh_project|next)")


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


def harmless_value(value) -> bool:
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
