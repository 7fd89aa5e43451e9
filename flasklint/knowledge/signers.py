"""Library calls that sign, verify or encrypt with a secret key: whoever
knows the key they are given can forge (or read) what they protect.

Each entry: qualified name -> (position of the key argument, its keyword,
what the key protects, for messages).  Names are matched by their qualified
import (``from jwt import encode``, ``import jwt``), never by spelling.
"""

from __future__ import annotations

from typing import Dict, Tuple

Signer = Tuple[int, str, str]

_ITSDANGEROUS = ("signed tokens", "secret_key")

SIGNERS: Dict[str, Signer] = {
    # PyJWT and python-jose: HS256 & co. sign with the key itself
    "jwt.encode": (1, "key", "JWTs"),
    "jwt.decode": (1, "key", "JWTs"),
    "jwt.api_jwt.encode": (1, "key", "JWTs"),
    "jwt.api_jwt.decode": (1, "key", "JWTs"),
    "jose.jwt.encode": (1, "key", "JWTs"),
    "jose.jwt.decode": (1, "key", "JWTs"),
    # the standard library's HMAC
    "hmac.new": (0, "key", "HMAC signatures"),
    "hmac.digest": (0, "key", "HMAC signatures"),
    # itsdangerous, which Flask's own session uses
    "itsdangerous.Signer": (0, "secret_key", "signed tokens"),
    "itsdangerous.TimestampSigner": (0, "secret_key", "signed tokens"),
    "itsdangerous.Serializer": (0, "secret_key", "signed tokens"),
    "itsdangerous.URLSafeSerializer": (0, "secret_key", "signed tokens"),
    "itsdangerous.TimedSerializer": (0, "secret_key", "signed tokens"),
    "itsdangerous.URLSafeTimedSerializer": (0, "secret_key", "signed tokens"),
    "itsdangerous.JSONWebSignatureSerializer": (0, "secret_key", "signed tokens"),
    "itsdangerous.TimedJSONWebSignatureSerializer": (0, "secret_key", "signed tokens"),
    # symmetric encryption: the key also reads what it protects
    "cryptography.fernet.Fernet": (0, "key", "encrypted tokens"),
}

# Text that marks a literal as a public key or certificate, not a secret.
PUBLIC_MARKERS = ("PUBLIC KEY", "CERTIFICATE", "ssh-rsa ", "ssh-ed25519 ")
