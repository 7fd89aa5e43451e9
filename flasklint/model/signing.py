"""Keys handed to signers: where the project's own code signs, verifies
or encrypts with a key (``jwt.encode(claims, key)``, ``hmac.new(key, ...)``,
``URLSafeTimedSerializer(key)``, ``Fernet(key)``), and what that key is --
a literal written in the source, or a configuration value read by name
(``current_app.config["TOKEN_SECRET"]``), whose literal value in a config
then signs those tokens."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Optional

from astroid import nodes

from flasklint.knowledge.signers import SIGNERS
from flasklint.model.syntax import call_name, kw_node
from flasklint.resolve.values import ConfigRef, ExtName, Value
from flasklint.source.walk import nodes_of

_CONFIG_NAMES = ("flask.current_app.config", "quart.current_app.config")
_NAMES = sorted({q.rsplit(".", 1)[-1] for q in SIGNERS})
_PACKAGES = sorted({q.split(".", 1)[0] for q in SIGNERS})


@dataclass
class SigningUse:
    call: object  # the signer call
    signer: str  # its qualified name, for messages: "jwt.encode"
    protects: str  # "JWTs"
    key_node: object  # the key argument
    value: Value  # what the resolver makes of it
    config_key: Optional[str] = None  # the configuration key it reads, if any
    from_parameter: bool = False  # it depends on a parameter: the callers' key


def signer_name(qualname: Optional[str]) -> Optional[str]:
    """The table's name for a call's qualified name; a class or function
    re-exported from a submodule (``itsdangerous.url_safe.X``, PyJWT's
    ``jwt.api_jwt._jwt_global_obj.encode``) counts as its package's."""
    if not qualname:
        return None
    if qualname in SIGNERS:
        return qualname
    parts = qualname.split(".")
    if len(parts) > 2 and f"{parts[0]}.{parts[-1]}" in SIGNERS:
        return f"{parts[0]}.{parts[-1]}"
    return None


def signing_uses(model) -> List[SigningUse]:
    """Every signer call of the project outside test code, memoised."""
    memo = model.__dict__.get("_signing_uses")
    if memo is not None:
        return memo
    out: List[SigningUse] = []
    r = model.resolver
    importing = set()
    for package in _PACKAGES:
        importing.update(id(m) for m in model.project.modules_mentioning(package))
    for name in _NAMES:
        for mod in model.project.modules_calling(name):
            if mod.is_test or id(mod) not in importing:
                continue
            tree = model.project.tree(mod)
            if tree is None:
                continue
            with r.analysing(mod):
                for call in nodes_of(tree, nodes.Call):
                    if call_name(call) != name:
                        continue
                    qualname = signer_name(r.qualname(call.func) or _through_class_attribute(r, call.func))
                    if qualname is None:
                        continue
                    pos, kw, protects = SIGNERS[qualname]
                    key = call.args[pos] if len(call.args) > pos else kw_node(call, kw)
                    if key is None or isinstance(key, nodes.Starred):
                        continue
                    key = _unwrap(key)
                    value = r.value(key)
                    out.append(
                        SigningUse(call, _display(qualname), protects, key, value, _config_key(r, key), _from_parameter(key))
                    )
    model.__dict__["_signing_uses"] = out
    return out


def signing_config_keys(model) -> Dict[str, SigningUse]:
    """Configuration key -> the first signer call given its value."""
    out: Dict[str, SigningUse] = {}
    # (named after what signs with it rather than what verifies)
    for use in sorted(signing_uses(model), key=lambda u: u.signer.endswith("decode")):
        if use.config_key and use.config_key not in out:
            out[use.config_key] = use
    return out


def _through_class_attribute(r, func) -> Optional[str]:
    """``self.jwt_codec.encode`` where the class body says ``jwt_codec =
    <imported signer object>``: the object's qualified name + the method."""
    if not (isinstance(func, nodes.Attribute) and isinstance(func.expr, nodes.Attribute)):
        return None
    holder = func.expr
    if not (isinstance(holder.expr, nodes.Name) and holder.expr.name == "self"):
        return None
    cls = holder.scope().parent
    while cls is not None and not isinstance(cls, nodes.ClassDef):
        cls = cls.parent
    if cls is None:
        return None
    defs = [d for d in cls.locals.get(holder.attrname, ()) if isinstance(d, nodes.AssignName) and isinstance(d.parent, nodes.Assign)]
    if len(defs) != 1:
        return None
    value = defs[0].parent.value
    base = r.qualname(value)
    if base is None and isinstance(value, nodes.Call):  # an instance: jwt.PyJWT()
        base = r.qualname(value.func)
    return f"{base}.{func.attrname}" if base else None


def _display(qualname: str) -> str:
    """``jwt.encode``, ``hmac.new``, ``Fernet``, ``URLSafeTimedSerializer``."""
    parts = qualname.split(".")
    return parts[-1] if parts[-1][:1].isupper() else ".".join(parts[-2:])


def _unwrap(node):
    """``key.encode()``, ``bytes(key, "utf-8")``, ``str(key)``: the key."""
    for _ in range(3):
        if isinstance(node, nodes.Call):
            f = node.func
            if isinstance(f, nodes.Attribute) and f.attrname == "encode" and not node.keywords:
                node = f.expr
                continue
            if isinstance(f, nodes.Name) and f.name in ("bytes", "str") and node.args:
                node = node.args[0]
                continue
        break
    return node


def _from_parameter(node, depth: int = 0) -> bool:
    """``node`` reads a parameter of its function, directly or through
    local names assigned in it."""
    for name in nodes_of(node, nodes.Name):
        try:
            _, defs = name.lookup(name.name)
        except Exception:
            continue
        for d in defs:
            if isinstance(d, nodes.AssignName) and isinstance(d.parent, nodes.Arguments):
                return True
            if depth < 3 and isinstance(d, nodes.AssignName) and isinstance(d.parent, nodes.Assign) and d.scope() is node.scope():
                if _from_parameter(d.parent.value, depth + 1):
                    return True
    return False


def _config_key(r, node, depth: int = 0) -> Optional[str]:
    """The key of ``<config>["KEY"]`` / ``<config>.get("KEY")``, following a
    local name assigned once."""
    if isinstance(node, nodes.Name) and depth < 2:
        scope = node.scope()
        assigns = [a for a in scope.nodes_of_class(nodes.AssignName) if a.name == node.name] if scope is not None else []
        if len(assigns) == 1 and isinstance(assigns[0].parent, nodes.Assign):
            return _config_key(r, assigns[0].parent.value, depth + 1)
        return None
    if isinstance(node, nodes.Subscript):
        holder, key = node.value, node.slice
    elif isinstance(node, nodes.Call) and isinstance(node.func, nodes.Attribute) and node.func.attrname == "get" and node.args:
        holder, key = node.func.expr, node.args[0]
    else:
        return None
    if not (isinstance(key, nodes.Const) and isinstance(key.value, str) and key.value.isupper()):
        return None
    for v in r.values(holder):
        if isinstance(v, ConfigRef) or (isinstance(v, ExtName) and v.qualname in _CONFIG_NAMES):
            return key.value
    return None
