"""Byte-level scans of source files: which files hold a word, may call a
name, import Flask or an extension -- answered without parsing."""

from __future__ import annotations

import re
from typing import Set, Tuple

from flasklint.knowledge.extensions import PACKAGES as EXTENSION_PACKAGES
from flasklint.knowledge.names import TRIGGER_PACKAGES

WORD_RE = re.compile(rb"[A-Za-z0-9_]+")


RUN_RE = re.compile(rb"[A-Za-z0-9_]+")


# Word scans searched file by file before the project's identifier runs are
# indexed (building the index costs about 60 direct scans: a replay of the
# incremental cache asks a few words, a full run thousands).
DIRECT_SCANS = 60


# What may stand between a callee's last name and the call's parenthesis:
# whitespace and newlines (inside brackets), comments, backslash
# continuations, and the closing parentheses of a parenthesised callee
# (``(f)(x)`` calls the name ``f``).  (A comment runs to its line's end: no
# backtracking through comments full of ``#``.)
_CALL_GAP = re.compile(rb"(?:[\s)]|\\\r?\n|#[^\r\n]*(?![^\r\n]))*\(")


_IDENT_BYTES = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")


def _defined_at(data: bytes, start: int) -> bool:
    """The identifier starting at ``start`` is the name of a ``def`` or
    ``class`` statement (``def f(``, ``class C(Base)``: no call), written
    with spaces or tabs between (any other layout counts as a call)."""
    j = start
    while j > 0 and data[j - 1] in b" \t":
        j -= 1
    if j == start:
        return False
    for kw in (b"def", b"class"):
        k = j - len(kw)
        if k >= 0 and data[k:j] == kw and (k == 0 or data[k - 1] not in _IDENT_BYTES):
            return True
    return False


def may_call(name: bytes, data: bytes, inside: bool = False) -> bool:
    """Whether an identifier that is ``name`` (or, ``inside``, holds it)
    is followed by what can end a callee and open its call
    (``_CALL_GAP``), other than as the name of a def or class."""
    i = data.find(name)
    n = len(name)
    size = len(data)
    while i != -1:
        s, e = i, i + n
        if inside:
            while s > 0 and data[s - 1] in _IDENT_BYTES:
                s -= 1
            while e < size and data[e] in _IDENT_BYTES:
                e += 1
        if (s == 0 or data[s - 1] not in _IDENT_BYTES) and _CALL_GAP.match(data, e) and not _defined_at(data, s):
            return True
        i = data.find(name, i + 1)
    return False


def holds(probe: str, data: bytes) -> bool:
    """A file's answer to a recorded probe of its bytes: ``word`` -- the
    word occurs; ``name(`` -- a call whose callee is ``name`` or
    ``x.name`` may occur; ``~part(`` -- a call whose callee's name holds
    ``part`` may occur (when these say no, no parse of the file can find
    one: the patterns only ever over-approximate)."""
    if probe.endswith("("):
        if probe.startswith("~"):
            return may_call(probe[1:-1].encode("utf-8", "surrogatepass"), data, inside=True)
        return may_call(probe[:-1].encode("utf-8", "surrogatepass"), data)
    return probe.encode("utf-8", "surrogatepass") in data


_IMPORT_RE = re.compile(rb"^[ \t]*(?:from[ \t]+([\w.]+)[ \t]+import|import[ \t]+([\w.]+(?:[ \t]*,[ \t]*[\w.]+)*))", re.M)


TRIGGERS = tuple(p.decode() for p in TRIGGER_PACKAGES) + EXTENSION_PACKAGES


def imports_trigger(names: Set[str], packages: Tuple[str, ...] = ()) -> bool:
    """Whether a file imports flask, quart or werkzeug, or an extension of
    theirs (``flask_login``...).  A file that only names them in a comment
    or a string (``# from werkzeug, with permission``, a lexer's
    ``'quart'``) holds nothing the model looks for, and counting such files
    made whole vendored libraries candidates through their importers."""
    for n in names:
        top = n.partition(".")[0]
        if top in TRIGGERS or top in packages or top.startswith(_EXT_PREFIXES):
            return True
    return False


_EXT_PREFIXES = tuple(p.decode() + "_" for p in TRIGGER_PACKAGES)


def imported_names(data: bytes) -> Set[str]:
    """Absolute module names a file imports (a cheap textual scan)."""
    out: Set[str] = set()
    for m in _IMPORT_RE.finditer(data):
        if m.group(1):
            out.add(m.group(1).decode("ascii", "ignore"))
        else:
            for part in m.group(2).split(b","):
                out.add(part.strip().decode("ascii", "ignore"))
    return out
