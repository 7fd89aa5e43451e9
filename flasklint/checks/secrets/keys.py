"""FL401/FL406 hardcoded, weak or per-process keys; FL402 a missing key."""

from __future__ import annotations

import os
from typing import Dict, List, Optional, Tuple

from astroid import nodes

from flasklint.checks.registry import checker
from flasklint.checks.secrets.key_values import (
    generated_by_helper,
    generated_where_written,
    literal_secrets,
    random_sources_with_origin,
    weakness,
)
from flasklint.model.config_order import app_in_tests, config_kind, definitely_overridden, later_override, refused_values
from flasklint.model.facts import App
from flasklint.knowledge.extensions import secret_setting
from flasklint.knowledge.extension_schema import SecretSetting
from flasklint.model.queries import app_extensions, server_side_sessions, session_signer_setting
from flasklint.knowledge.signers import PUBLIC_MARKERS
from flasklint.model.signing import signing_config_keys, signing_uses
from flasklint.resolve.values import Const, EnvVar, leaves


@checker("FL401", "FL406")
def hardcoded_secret_key(ctx):
    model = ctx.model
    seen = set()
    refused = {k: refused_values(model, k) for k in ("SECRET_KEY",)}
    signed = signing_config_keys(model)
    for app in model.apps:
        if app_in_tests(app):
            continue
        bound = app_extensions(app)
        writes = []
        for w in app.config:
            setting = secret_setting(w.key, bound)
            if setting is None:
                setting = _signed_by_the_code(ctx, signed.get(w.key))
            if setting is not None:
                writes.append((w, setting, config_kind(model, w)))
        # a base class's key inherited by a deployed config and a development
        # one is judged as the deployed config's
        deployed = {(w.location.path, w.location.line) for w, _, kind in writes if kind == "deployed"}
        for w, setting, kind in writes:
            if kind == "testing":
                continue
            if kind == "development" and (w.location.path, w.location.line) in deployed:
                continue
            lits = literal_secrets(w.value)
            if lits and not definitely_overridden(model, app, w):
                key = (w.location.path, w.location.line, "FL401")
                if key not in seen:
                    seen.add(key)
                    yield _fl401(ctx, model, app, w, lits, kind, refused.get(w.key, {}), _protects(app, bound, *setting))
            generated = list(generated_where_written(random_sources_with_origin(w.value), w))
            generated += generated_by_helper(model, w.value)
            for q, as_fallback in generated:
                key = (w.location.path, w.location.line, "FL406")
                if key in seen or w.key == "SECRET_KEY_FALLBACKS":
                    continue
                seen.add(key)
                when = f" when {_env_name(w.value)} is not set" if as_fallback else ""
                effect = "every restart logs everyone out and each worker process signs with its own key"
                if w.key == "SECRET_KEY" and server_side_sessions(app) and session_signer_setting(app) is None:
                    effect = (
                        "sessions are kept on the server, but whatever signs with the key (CSRF tokens, remember-me "
                        "cookies) is invalidated by every restart and differs between worker processes"
                    )
                yield ctx.finding("FL406", w.location, f"{w.key} for {app.label} is generated at start-up by {q}(){when}: {effect}")
    # FLASK_SECRET_KEY in .flaskenv / .env, read by from_prefixed_env()
    prefixed = [l for l in model.loads if l.method == "from_prefixed_env" and not app_in_tests(l.app)]
    for load in prefixed:
        prefix = (load.targets[0][:-2] if load.targets else "FLASK") + "_"
        for e in model.env_entries:
            if not e.key.startswith(prefix) or secret_setting(e.key[len(prefix):]) is None:
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


class _CodeSigner:
    """Stands for the extension record of a key the project's own code
    signs with (see ``_signed_by_the_code``)."""

    name = "the project's code"
    secret_settings = ()
    signs_with_secret_key = ""


def _signed_by_the_code(ctx, use):
    """A setting record for a configuration key the project passes to a
    signer (``jwt.encode(claims, current_app.config["TOKEN_SECRET"])``)."""
    if use is None:
        return None
    loc = ctx.location(use.call)
    protects = f"{use.protects} (signed by {use.signer}() at {loc.path}:{loc.line})"
    return SecretSetting(use.config_key, protects), _CodeSigner()


def _protects(app, bound, setting, ext) -> Tuple[str, bool]:
    """What the holder of a key can do, for messages, and whether it
    protects anything flasklint knows of: the key's own record, what an
    extension bound to the app signs with it (Flask-Login's remember-me
    cookies with SECRET_KEY; flask-jwt-extended's JWTs when JWT_SECRET_KEY
    is unset), minus the sessions when they are kept on the server."""
    own = [setting.protects]
    if ext is None and server_side_sessions(app) and session_signer_setting(app) is None:
        own = []  # (Flask-Session: the session is on the server, its id unsigned)
    borrowers = []
    for other in bound:
        for s in other.secret_settings:
            if s.fallback == setting.key and not any(w.key == s.key for w in app.config):
                borrowers.append(f"{s.protects} ({other.name} signs with {setting.key} when {s.key} is unset)")
        if ext is None and setting.key == "SECRET_KEY" and other.signs_with_secret_key:
            borrowers.append(f"{other.signs_with_secret_key} ({other.name} signs with SECRET_KEY)")
    borrowers = list(dict.fromkeys(borrowers))
    if not own and not borrowers:
        return f"{app.label} keeps its sessions on the server ({server_side_sessions(app)}), so nothing flasklint knows of signs with it; it is still a known key to anything that does", False
    if not own:
        return f"{setting.attack} {app.label}'s " + " and its ".join(borrowers), True
    what = f"{setting.attack} {app.label}'s {setting.protects}"
    if ext is not None and ext in bound:
        what += f" (read by {ext.name})"
    if borrowers:
        what += " and its " + " and its ".join(borrowers)
    return what, True


def _fl401(ctx, model, app, w, lits, kind, refused, protects):
    forged, protecting = protects
    literal, how, node = lits[0]
    weak = None
    for lit, _, _ in lits:
        weak = weak or weakness(lit)
    severity = "HIGH" if weak else "MEDIUM"
    if not protecting:
        severity = "LOW"  # (nothing flasklint knows of signs with it)
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
    if not protecting:
        tail = f" ({weak}): {forged}" if weak else f": {forged}"
    else:
        tail = f": it is {weak}, anyone can {forged}" if weak else f": anyone with the source can {forged}"
    override = later_override(model, app, w)
    if override:
        tail += f" ({override})"
        confidence = "MEDIUM"
    if w.load is not None and not w.load.certain:
        tail += " (this config is one of several chosen at run time)"
        confidence = "MEDIUM"
    if kind == "development":
        confidence = "MEDIUM"
        load = w.load
        if load is not None and not load.certain and load.default_target is not None and load.default_target == w.container:
            tail = tail.replace(" (this config is one of several chosen at run time)", "")
            tail += f" (a development config, the one loaded when {load.default_env} is not set)"
        else:
            tail += " (a development config)"
            if load is not None and not (load.certain or load.certain_outside_tests):
                # one choice among several, made for development: what the
                # deployment chooses is not known (FL102 skips it likewise)
                severity = "LOW"
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
    if session_signer_setting(app):
        return None  # (the server-side session signs its id with the key)
    return server_side_sessions(app)


@checker("FL402")
def missing_secret_key(ctx):
    model = ctx.model
    apps = [a for a in model.apps if not app_in_tests(a)]
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
        need = ext.record.session_writer if ext.record is not None else ""
        if need and id(ext.app) in needs:
            needs[id(ext.app)].append((ext.location, f"{ext.record.name} is bound here and {need}", "HIGH"))
    for app in apps:
        items = needs[id(app)]
        if not items or key_configured(model, app) is not None:
            continue
        items.sort(key=lambda t: (t[0].path, t[0].line, t[0].column))
        loc, what, conf = items[0]
        more = f" (and {len(items) - 1} more place{'s' if len(items) > 2 else ''})" if len(items) > 1 else ""
        msg = f"{what}, but no secret key is configured for {app.label}: session writes raise RuntimeError at request time, never at start-up{more}"
        if server_side_sessions(app):
            msg += f" (the session is kept on the server, but {session_signer_setting(app)} signs its id with the key)"
        yield ctx.finding("FL402", loc, msg, [(app.location, f"{app.label} created here without a secret key")], confidence=conf)


def falsy_setting(v) -> bool:
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


# -- FL401: literal keys handed to signers in code ----------------------------------


@checker("FL401")
def literal_signing_key(ctx):
    """``jwt.encode(claims, "secret")``, ``Fernet(KEY)`` with ``KEY = "..."``:
    a key written in the source, given straight to a signer."""
    model = ctx.model
    # a key also written to a configuration is reported there
    seen = {(w.location.path, w.location.line) for app in model.apps for w in app.config}
    # (named after what signs with the key rather than what verifies)
    for use in sorted(signing_uses(model), key=lambda u: u.signer.endswith("decode")):
        if use.from_parameter:
            continue  # (the key of whoever calls: tests pass literals)
        for literal, how, origin in literal_secrets(use.value):
            node = origin if origin is not None else use.key_node
            text = literal.decode("latin-1") if isinstance(literal, bytes) else str(literal)
            if how == "conditional" or any(m in text for m in PUBLIC_MARKERS):
                continue  # (one of several values -- often callers' arguments, tests' among them)
            if origin is not None and _in_test_file(ctx, origin):
                continue
            loc = ctx.location(node)
            if (loc.path, loc.line) in seen:
                continue
            seen.add((loc.path, loc.line))
            weak = weakness(literal)
            shown = text if len(text) <= 40 else text[:37] + "..."
            call_loc = ctx.location(use.call)
            same_line = (call_loc.path, call_loc.line) == (loc.path, loc.line)
            signer = f"{use.signer}()" if same_line else f"{use.signer}() at {call_loc.path}:{call_loc.line}"
            what = f"{signer} is given the literal key {shown!r}"
            if how == "fallback":
                what = f"{signer} falls back to the literal key {shown!r} when {_env_name(use.value)} is not set"
            attack = "forge and read" if use.protects.startswith("encrypted") else "forge"
            tail = f": it is {weak}, anyone can {attack} its {use.protects}" if weak else f": anyone with the source can {attack} its {use.protects}"
            related = [] if same_line else [(use.call, "the key is used here")]
            yield ctx.finding(
                "FL401",
                node,
                what + tail,
                related,
                severity="HIGH" if weak else "MEDIUM",
                confidence="HIGH" if how == "literal" else "MEDIUM",
            )


def _in_test_file(ctx, node) -> bool:
    mod = ctx.project.module_of(node)
    return mod is not None and mod.is_test
