"""Suppression comments.

On the line a finding is reported on (or the last line of its span)::

    app.run(debug=True)  # noqa: FL101           ruff/flake8 style, ids comma/space separated
    app.run(debug=True)  # noqa                  blanket: every flasklint finding on the line
    app.run(debug=True)  # flasklint: ignore[FL101]
    app.run(debug=True)  # flasklint: ignore     blanket
    app.run(debug=True)  # nosec FL101           Bandit style (also "# nosec: FL101")
    app.run(debug=True)  # nosec                 blanket, as in Bandit

A comment on its own line anywhere in a file applies to the whole file (as
ruff's ``# ruff: noqa``)::

    # flasklint: noqa                            every flasklint finding in the file
    # flasklint: noqa: FL101,FL401               these rules in the file

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

from typing import Dict, FrozenSet, Optional

from flasklint import registry
from flasklint.source.directives import FL_ID, MARKER, comment_start, file_id_list, id_lists, normal, python_comments, rule_codes

ALL = "*"

Suppressions = Dict[int, FrozenSet[str]]  # line -> rule ids, or {ALL}; FILE -> the whole file's
FILE = 0  # (no finding is on line 0)


def _ids(raw: Optional[str]) -> FrozenSet[str]:
    """flasklint's rule ids in a directive's id list; ``{ALL}`` when there
    are none (no ids, or only prose after nosec: a blanket directive)."""
    codes = rule_codes(raw, registry.get_rule)
    if not codes:
        return frozenset([ALL])
    ids = {c.upper() for c in codes if FL_ID.match(c)}
    ids |= {rule.id for rule in map(registry.get_rule, codes) if rule is not None}
    return frozenset(ids)


def parse_comment(comment: str, nosec: bool = True) -> Optional[FrozenSet[str]]:
    """The rule ids a comment suppresses: a set of ids, ``{ALL}`` for a
    blanket directive, or None when it holds no directive.  ``nosec=False``
    leaves ``# nosec`` to Bandit (the Bandit plugin: Bandit applies it)."""
    found = None
    for raw in id_lists(normal(comment), nosec):
        ids = _ids(raw)
        if ALL in ids:
            return ids
        found = (found or frozenset()) | ids
    return found


def parse_file_comment(comment: str) -> Optional[FrozenSet[str]]:
    """The rule ids a comment standing on its own line suppresses in the
    whole file (``# flasklint: noqa[: ids]``), or None."""
    is_file, raw = file_id_list(normal(comment))
    return _ids(raw) if is_file else None


def python_suppressions(text: str, nosec: bool = True) -> Suppressions:
    """Suppressions in Python source, by line.  Tokenizes up to the first
    error (a file with a syntax error keeps the comments before it)."""
    out: Dict[int, FrozenSet[str]] = {}
    if not MARKER.search(text):
        return out
    for tok in python_comments(text):
        ids = parse_comment(tok.string, nosec)
        if ids is not None:
            line = tok.start[0]
            out[line] = out.get(line, frozenset()) | ids
        elif not tok.line[: tok.start[1]].strip():
            ids = parse_file_comment(tok.string)
            if ids is not None:
                out[FILE] = out.get(FILE, frozenset()) | ids
    return out


def text_suppressions(text: str) -> Suppressions:
    """Suppressions in a non-Python file (dotenv, INI), by line."""
    out: Dict[int, FrozenSet[str]] = {}
    lines = text.splitlines()
    for n, line in enumerate(lines, 1):
        start = comment_start(line)
        if start < 0:
            continue
        ids = parse_comment(line[start:])
        if ids is None:
            if not line[:start].strip():
                ids = parse_file_comment(line[start:])
                if ids is not None:
                    out[FILE] = out.get(FILE, frozenset()) | ids
            continue
        out[n] = out.get(n, frozenset()) | ids
        if not line[:start].strip():  # a comment-only line covers the next one
            out[n + 1] = out.get(n + 1, frozenset()) | ids
    return out


def suppressed(sup: Suppressions, rule: str, line: int, end_line: Optional[int] = None) -> bool:
    for ln in {FILE, line, end_line or line}:
        ids = sup.get(ln)
        if ids and (ALL in ids or rule in ids):
            return True
    return False
