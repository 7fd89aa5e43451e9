"""What a secret value is made of: literals and how weak they are, random
sources that change on every start, the keys that sign something."""

from __future__ import annotations

import re
from typing import List, Optional, Tuple

from astroid import nodes

from flasklint.resolve.values import Choice, Const, EnvVar, ExtCall, Fallback, RequestInput, Seq, Value, leaves
from flasklint.source.walk import nodes_of

SIGNING_KEYS = ("SECRET_KEY", "SECRET_KEY_FALLBACKS", "WTF_CSRF_SECRET_KEY", "JWT_SECRET_KEY")

WELL_KNOWN = {
    "dev", "development", "developmentkey", "devkey", "secret", "secretkey", "mysecret", "mysecretkey",
    "supersecret", "supersecretkey", "changeme", "changethis", "changeit", "test", "testing", "testkey",
    "password", "default", "defaultkey", "key", "yoursecretkey", "hardtoguessstring", "youwillneverguess",
    "notsecret", "notsosecret", "insecure", "example", "placeholder", "flask", "flasksecret", "admin",
    "thisisasecret", "thisisnotasecret", "s3cr3t", "replaceme", "abc123", "123456", "qwerty",
}
_WEAK_WORDS = ("changeme", "changethis", "secret", "password", "devkey", "default", "example", "placeholder",
               "replace", "guess", "insecure", "notsecure", "dontuse", "donotuse", "todo", "fixme")

RANDOM_SOURCES = (
    "os.urandom", "secrets.token_hex", "secrets.token_bytes", "secrets.token_urlsafe", "uuid.uuid4",
    "uuid.uuid1", "random.getrandbits", "random.randbytes", "cryptography.fernet.Fernet.generate_key",
)

# Draws of random characters a helper builds a key from
# (``"".join(secrets.choice(alphabet) for _ in range(n))``).
RANDOM_DRAWS = RANDOM_SOURCES + (
    "secrets.choice", "random.choice", "random.choices", "random.sample", "random.randint",
    "random.SystemRandom.choice", "random.SystemRandom.choices",
)
# What such a helper may call besides: building the string, logging.
_HELPER_HARMLESS = ("builtins.range", "builtins.len", "builtins.str", "builtins.list", "builtins.bytes")

KEY_EXTENSIONS = {
    # qualname suffix -> what needs the key
    "LoginManager": "Flask-Login",
    "CSRFProtect": "Flask-WTF CSRF protection",
    "CsrfProtect": "Flask-WTF CSRF protection",
}


# -- helpers ---------------------------------------------------------------------


def weakness(secret) -> Optional[str]:
    """Why a literal key is weak, or None."""
    s = secret.decode("latin-1") if isinstance(secret, bytes) else str(secret)
    norm = re.sub(r"[^a-z0-9]", "", s.lower())
    if norm in WELL_KNOWN or any(w in norm for w in _WEAK_WORDS):
        return "a well-known placeholder"
    if len(s) < 16:
        return f"only {len(s)} characters"
    if len(set(s)) < 8:
        return "low in entropy"
    if re.fullmatch(r"[A-Za-z]+(?:[ _\-.,'][A-Za-z]+)+[!.?]*", s):
        return "a phrase of words"
    return None


def literal_secrets(value: Optional[Value], how: str = "literal") -> List[Tuple[object, str, object]]:
    """(literal, how, node) for each literal a key value can end up as:
    how is literal | fallback (environment default / ``or`` fallback) |
    conditional (one branch of a run-time choice)."""
    out: List[Tuple[object, str, object]] = []
    if value is None:
        return out
    if isinstance(value, Const):
        if isinstance(value.value, (str, bytes)) and value.value.strip():
            out.append((value.value, how, value.origin))
    elif isinstance(value, EnvVar):
        if not value.required and value.default is not None:
            out += literal_secrets(value.default, "fallback")
    elif isinstance(value, Fallback):
        out += literal_secrets(value.fallback, "fallback")
    elif isinstance(value, Choice):
        every = all(isinstance(o, Const) and isinstance(o.value, (str, bytes)) and o.value for o in value.options)
        for o in value.options:
            out += literal_secrets(o, how if every else ("fallback" if how == "fallback" else "conditional"))
    elif isinstance(value, Seq):
        for item in value.items:
            out += literal_secrets(item, how)
    return out


def random_sources(value: Optional[Value]) -> List[Tuple[str, bool]]:
    """(qualname, only_as_fallback) for generated-at-start-up key values."""
    out = []
    if value is None:
        return out
    if isinstance(value, ExtCall) and not isinstance(value, RequestInput) and value.qualname in RANDOM_SOURCES:
        out.append((value.qualname, False))
    elif isinstance(value, EnvVar) and value.default is not None and not value.required:
        out += [(q, True) for q, _ in random_sources(value.default)]
    elif isinstance(value, Fallback):
        out += [(q, True) for q, _ in random_sources(value.fallback)]
    elif isinstance(value, Choice):
        for o in value.options:
            out += random_sources(o)
    return out


def random_sources_with_origin(value):
    out = []
    for q, fb in random_sources(value):
        origin = None
        for leaf in leaves(value) if value is not None else []:
            if isinstance(leaf, EnvVar) and leaf.default is not None:
                leaf = leaf.default
            if isinstance(leaf, ExtCall) and leaf.qualname == q:
                origin = leaf.origin
        out.append((q, fb, origin))
    return out


def generated_where_written(sources, w):
    """Keep generated values computed where the config is written (or as a
    module/class constant): a project function returning ``os.urandom()``
    may persist it (write the key to a file on first start), and so may
    the function writing the config when it hands the value to another call
    too (``settings.set(["server", "secretKey"], key)``)."""
    for q, fb, origin in sources:
        if origin is not None:
            frame = origin.frame() if hasattr(origin, "frame") else None
            if isinstance(frame, (nodes.FunctionDef, nodes.AsyncFunctionDef, nodes.Lambda)):
                if not _inside(w.node, frame) or _handed_on(origin, frame, w.node):
                    continue
        yield q, fb


def _inside(node, scope) -> bool:
    while node is not None:
        if node is scope:
            return True
        node = node.parent
    return False


def _handed_on(origin, frame, write) -> bool:
    """The generated value is bound to a name that its function also passes
    to a call other than the config write: it may be stored (written to a
    file, saved in settings) and reused on the next start."""
    assign = origin.parent
    if not (isinstance(assign, (nodes.Assign, nodes.AnnAssign)) and assign.value is origin):
        return False
    targets = assign.targets if isinstance(assign, nodes.Assign) else [assign.target]
    names = {t.name for t in targets if isinstance(t, nodes.AssignName)}
    if not names:
        return False
    for call in nodes_of(frame, nodes.Call):
        if call is origin or _inside(call, write):
            continue
        args = list(call.args) + [k.value for k in call.keywords or ()]
        if any(isinstance(a, nodes.Name) and a.name in names for a in args):
            return True
    return False


def generated_by_helper(model, value) -> List[Tuple[str, bool]]:
    """(helper name, only_as_fallback) when ``value`` is what a project
    function returns after drawing random characters
    (``os.environ.get("SECRET_KEY") or random_password(24)``) -- a helper
    that calls nothing else (no file, no store: it cannot persist the key)."""
    out: List[Tuple[str, bool]] = []
    for leaf, fallback in _leaves_with_fallback(value, False):
        origin = leaf.origin
        frame = origin.frame() if origin is not None and hasattr(origin, "frame") else None
        if not isinstance(frame, (nodes.FunctionDef, nodes.AsyncFunctionDef)):
            continue
        if _draws_random_only(model, frame):
            out.append((frame.name, fallback))
    return out


def _leaves_with_fallback(value, fallback):
    if isinstance(value, Fallback):
        yield from _leaves_with_fallback(value.primary, fallback)
        yield from _leaves_with_fallback(value.fallback, True)
    elif isinstance(value, EnvVar):
        if value.default is not None and not value.required:
            yield from _leaves_with_fallback(value.default, True)
    elif isinstance(value, Choice):
        for o in value.options:
            yield from _leaves_with_fallback(o, fallback)
    elif value is not None and not isinstance(value, (Const, EnvVar)):
        yield value, fallback


def _draws_random_only(model, func) -> bool:
    r = model.resolver
    mod = model.project.module_of(func)
    if mod is None:
        return False
    drew = False
    with r.analysing(mod):
        for call in nodes_of(func, nodes.Call):
            q = r.qualname(call.func) or ""
            if q in RANDOM_DRAWS:
                drew = True
            elif q in _HELPER_HARMLESS or (isinstance(call.func, nodes.Attribute) and call.func.attrname in ("join", "encode", "decode", "info", "debug", "warning")):
                continue
            else:
                return False
    return drew
