"""Suppression comments.

On the line a finding is reported on (or the last line of its span)::

    app.run(debug=True)  # noqa: FL101           ruff/flake8 style, ids comma/space separated
    app.run(debug=True)  # noqa                  blanket: every flasklint finding on the line
    app.run(debug=True)  # flasklint: ignore[FL101]
    app.run(debug=True)  # flasklint: ignore     blanket
    app.run(debug=True)  # nosec FL101           Bandit style (also "# nosec: FL101")
    app.run(debug=True)  # nosec                 blanket, as in Bandit

Ids may also be rule names (``# flasklint: ignore[debug-run]``).  A
``# noqa``/``# nosec`` naming only other tools' codes (``# noqa: E501``,
``# nosec B201``) does not suppress flasklint findings.  Several directives
may share one comment (``# noqa: E501  # nosec FL101``).

In Python files comments are found with :mod:`tokenize`, so text inside
strings never counts.  In other files (``.flaskenv``, ``.env``, INI) a
``#`` (or ``;`` at the start of a line) outside quotes starts a comment; and
because an INI value cannot always carry a trailing comment (configparser
would make it part of the value), a line holding *only* a suppression comment
also applies to the line below it in those files.
"""

from __future__ import annotations

import io
import re
import tokenize
from typing import Dict, FrozenSet, Optional

from flasklint import registry

ALL = "*"

# One directive, with its optional id list.
_DIRECTIVE = re.compile(
    r"""
    \#\s*(?:
    (?P<noqa>\bnoqa\b(?:\s*:\s*(?P<noqa_ids>[\w\-]+(?:[\s,]+[\w\-]+)*))?)
  | (?P<nosec>\bnosec\b(?:\s*:?\s*(?P<nosec_ids>[\w\-]+(?:[\s,]+[\w\-]+)*))?)
  | (?P<fl>\bflasklint\s*:\s*ignore\b(?:\s*\[(?P<fl_ids>[^\]]*)\])?)
    )""",
    re.I | re.X,
)

_CODE = re.compile(r"^[A-Za-z]+[0-9]+$")
_FL_ID = re.compile(r"^FL[0-9]{3}$", re.I)

Suppressions = Dict[int, FrozenSet[str]]  # line -> rule ids, or {ALL}


def parse_comment(comment: str, nosec: bool = True) -> Optional[FrozenSet[str]]:
    """The rule ids a comment suppresses: a set of ids, ``{ALL}`` for a
    blanket directive, or None when it holds no directive.  ``nosec=False``
    leaves ``# nosec`` to Bandit (the Bandit plugin: Bandit applies it)."""
    text = comment.strip()
    if text.startswith(";"):
        text = "#" + text[1:]
    found = None
    for m in _DIRECTIVE.finditer(text):
        if m.group("noqa"):
            raw = m.group("noqa_ids")
        elif m.group("nosec"):
            if not nosec:
                continue
            raw = m.group("nosec_ids")
        else:
            raw = m.group("fl_ids")
        codes = []
        for token in re.split(r"[\s,]+", (raw or "").strip()):
            if _CODE.match(token) or (token and registry.get_rule(token) is not None):
                codes.append(token)
        if not codes:  # no ids (or only prose after nosec): a blanket directive
            return frozenset([ALL])
        ids = {c.upper() for c in codes if _FL_ID.match(c)}
        ids |= {rule.id for rule in map(registry.get_rule, codes) if rule is not None}
        found = (found or frozenset()) | frozenset(ids)
    return found


# Every directive holds one of these words: a file without any has none
# (tokenizing every file with findings was a fifth of a warm run).
_MARKER = re.compile(r"noqa|nosec|flasklint", re.I)


def python_suppressions(text: str, nosec: bool = True) -> Suppressions:
    """Suppressions in Python source, by line.  Tokenizes up to the first
    error (a file with a syntax error keeps the comments before it)."""
    out: Dict[int, FrozenSet[str]] = {}
    if not _MARKER.search(text):
        return out
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type == tokenize.COMMENT:
                ids = parse_comment(tok.string, nosec)
                if ids is not None:
                    line = tok.start[0]
                    out[line] = out.get(line, frozenset()) | ids
    except (tokenize.TokenError, SyntaxError, ValueError):
        pass
    return out


def _comment_start(line: str) -> int:
    """Index of the comment in a non-Python line, -1 when none: ``#``
    outside quotes (at the start or after whitespace), or ``;`` at the start."""
    stripped = line.lstrip()
    if stripped.startswith((";", "#")):
        return len(line) - len(stripped)
    quote = None
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch == "#" and i > 0 and line[i - 1] in " \t":
            return i
    return -1


def text_suppressions(text: str) -> Suppressions:
    """Suppressions in a non-Python file (dotenv, INI), by line."""
    out: Dict[int, FrozenSet[str]] = {}
    lines = text.splitlines()
    for n, line in enumerate(lines, 1):
        start = _comment_start(line)
        if start < 0:
            continue
        ids = parse_comment(line[start:])
        if ids is None:
            continue
        out[n] = out.get(n, frozenset()) | ids
        if not line[:start].strip():  # a comment-only line covers the next one
            out[n + 1] = out.get(n + 1, frozenset()) | ids
    return out


def suppressed(sup: Suppressions, rule: str, line: int, end_line: Optional[int] = None) -> bool:
    for ln in {line, end_line or line}:
        ids = sup.get(ln)
        if ids and (ALL in ids or rule in ids):
            return True
    return False
