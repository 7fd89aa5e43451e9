"""FL404 unsigned identity cookies, FL405 insecure cookie flags."""

from __future__ import annotations

import re
from typing import Dict, Optional

from astroid import nodes

from flasklint.checks.registry import checker
from flasklint.checks.secrets.keys import falsy_setting
from flasklint.fixes.calls import add_keywords
from flasklint.fixes.edits import UNSAFE, Fix, replace
from flasklint.model.config_order import app_in_tests, config_kind
from flasklint.model.syntax import kw_node
from flasklint.resolve.values import Const, ExtCall, leaves
from flasklint.source.walk import nodes_of

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
    for c in list(model.cookies) + model.helper_cookie_sets():
        if c.location is None or model.project.in_tests(c.location.path):
            continue
        (reads if c.kind == "read" else sets).setdefault(c.name, []).append(c)
    fl404_sets = set()
    # trusting reads
    for name, rs in reads.items():
        if not identity_cookie(name):
            continue
        for r in rs:
            decision = model.branch_use(r.node)
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
                fix=_cookie_flags_fix(ctx, s.node),
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
        if app_in_tests(app):
            continue
        for w in app.config:
            if w.key not in bad or not isinstance(w.value, Const):
                continue
            expected, why = bad[w.key]
            v = w.value.value
            if w.key == "SESSION_COOKIE_SAMESITE":
                if not (v is None or (isinstance(v, str) and v.lower() == "none")):
                    continue
            elif not falsy_setting(v):
                continue
            if config_kind(model, w) != "deployed":
                continue
            if w.key == "SESSION_COOKIE_SECURE" and forcing_secure_cookie(app):
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
    yield from _extension_cookies(ctx, model)


_FLAGS = (("secure", "True"), ("httponly", "True"), ("samesite", '"Lax"'))


def _cookie_flags_fix(ctx, call):
    """``resp.set_cookie("token", t)`` -> ``resp.set_cookie("token", t,
    secure=True, httponly=True, samesite="Lax")``: the flags it lacks are
    added, a literal false one (``secure=False``) is turned on.  Unsafe: the
    cookie no longer travels over plain HTTP nor reaches scripts.  Not for
    calls passing flags by position or through ``*``/``**``."""
    if not isinstance(call, nodes.Call) or len(call.args or []) > 2 or any(isinstance(a, nodes.Starred) for a in call.args or []):
        return None
    given = {kw.arg: kw for kw in call.keywords or []}
    if None in given:
        return None
    edits, add = [], []
    for name, value in _FLAGS:
        kw = given.get(name)
        if kw is None:
            add.append(f"{name}={value}")
        elif name != "samesite" and isinstance(kw.value, nodes.Const) and not kw.value.value:
            edits.append(replace(ctx.location(kw.value), value))
    if add:
        more = add_keywords(ctx, call, ", ".join(add))
        if more is None:
            return None
        edits.extend(more)
    if not edits:
        return None
    return Fix(UNSAFE, "Set the cookie's flags: " + ", ".join(f"{n}={v}" for n, v in _FLAGS), tuple(edits))


def forcing_secure_cookie(app):
    """The extension bound to ``app`` that sets SESSION_COOKIE_SECURE=True
    itself (Flask-Talisman, outside debug mode), unless told not to."""
    for ext in app.extensions:
        rec = ext.record
        if rec is None or not rec.secure_session_cookie_off_switch:
            continue
        off = kw_node(ext.node, rec.secure_session_cookie_off_switch) if isinstance(ext.node, nodes.Call) else None
        if off is None and not any(kw.arg is None for kw in getattr(ext.node, "keywords", None) or ()):
            return rec
        if off is not None and isinstance(off, nodes.Const) and off.value is True:
            return rec
    return None


def _extension_cookies(ctx, model):
    """Cookies an extension sets without Secure by default (Flask-Login's
    remember-me cookie, flask-jwt-extended's token cookies), where the
    project turns them on and leaves the Secure setting unset."""
    for ext in model.extensions:
        rec, app = ext.record, ext.app
        if rec is None or not rec.insecure_cookies or app_in_tests(app):
            continue
        for cookie in rec.insecure_cookies:
            if any(w.key == cookie.secure_setting for w in app.config) or any(not l.resolved or l.from_environment for l in app.loads):
                continue  # (set, or possibly set where flasklint cannot read)
            where = _cookie_turned_on(model, app, cookie)
            if where is None:
                continue
            node, how = where
            yield ctx.finding(
                "FL405",
                node,
                f"{how} makes {rec.name} set its {cookie.cookie!r} cookie, but {cookie.secure_setting} is not set for {app.label} "
                f"and defaults to False: the credential travels over plain HTTP; set {cookie.secure_setting} = True",
                [(ext.location, f"{rec.name} bound here")],
            )


def _cookie_turned_on(model, app, cookie):
    if cookie.set_by_call:
        func, _, flag = cookie.set_by_call.partition(":")
        calls = [c for c in model.calls_with_flag(func, flag) if not model.project.in_tests(model.project.location(c).path)]
        if calls:
            return calls[0], f"{func.rsplit('.', 1)[-1]}(..., {flag}=True)"
    if cookie.set_by_setting:
        key, _, wanted = cookie.set_by_setting.partition(":")
        for w in app.config:
            if w.key == key and any(isinstance(v, Const) and isinstance(v.value, str) and v.value == wanted for v in leaves(w.value) + _items(w.value)):
                return w.location, f"{key} including {wanted!r}"
    return None


def _items(value):
    return [i for i in getattr(value, "items", ()) or () if isinstance(i, Const)]
