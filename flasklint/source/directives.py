"""The syntax of suppression comments: where comments are and which id
lists their directives hold.  What the ids mean -- which rules they name,
what is suppressed -- is flasklint.suppress's (line and file directives)
and FL005's (ids naming no rule); the rule lookup is passed in, so that
both can use this module."""

from __future__ import annotations

import io
import re
import tokenize
from typing import Callable, List, Optional, Tuple

# One line directive, with its optional id list.
_DIRECTIVE = re.compile(
    r"""
    \#\s*(?:
    (?P<noqa>\bnoqa\b(?:\s*:\s*(?P<noqa_ids>[\w\-]+(?:[\s,]+[\w\-]+)*))?)
  | (?P<nosec>\bnosec\b(?:\s*:?\s*(?P<nosec_ids>[\w\-]+(?:[\s,]+[\w\-]+)*))?)
  | (?P<fl>\bflasklint\s*:\s*ignore\b(?:\s*\[(?P<fl_ids>[^\]]*)\])?)
    )""",
    re.I | re.X,
)

# A file-level directive: the whole comment, on a line of its own.
_FILE_DIRECTIVE = re.compile(
    r"^\#\s*flasklint\s*:\s*noqa\b(?:\s*:\s*(?P<ids>[\w\-]+(?:[\s,]+[\w\-]+)*))?",
    re.I,
)

_CODE = re.compile(r"^[A-Za-z]+[0-9]+$")
FL_ID = re.compile(r"^FL[0-9]{3}$", re.I)

# Every directive holds one of these words: a file without any has none
# (tokenizing every file with findings was a fifth of a warm run).
MARKER = re.compile(r"noqa|nosec|flasklint", re.I)

RuleLookup = Callable[[str], Optional[object]]


def normal(comment: str) -> str:
    """A comment stripped, ``;`` (INI) read as ``#``."""
    text = comment.strip()
    return "#" + text[1:] if text.startswith(";") else text


def rule_codes(raw: Optional[str], rule: RuleLookup) -> List[str]:
    """The rule codes (any tool's) and flasklint rule names in a
    directive's id list; prose dropped."""
    return [t for t in re.split(r"[\s,]+", (raw or "").strip()) if _CODE.match(t) or (t and rule(t) is not None)]


def id_lists(text: str, nosec: bool = True):
    """The raw id list (None: none) of every line directive in a normalised
    comment; ``nosec=False`` skips ``# nosec``."""
    for m in _DIRECTIVE.finditer(text):
        if m.group("noqa"):
            yield m.group("noqa_ids")
        elif m.group("nosec"):
            if nosec:
                yield m.group("nosec_ids")
        else:
            yield m.group("fl_ids")


def file_id_list(text: str) -> Tuple[bool, Optional[str]]:
    """(is a file-level directive, its raw id list) of a normalised comment."""
    m = _FILE_DIRECTIVE.match(text)
    return (m is not None, m.group("ids") if m is not None else None)


def unknown_ids(comment: str, rule: RuleLookup) -> List[Tuple[int, str]]:
    """(offset in ``comment``, id) of every flasklint-looking id (``FL`` and
    three digits) in its directives, line or file-level, that names no
    rule.  Other tools' codes (E501, B201) are never unknown."""
    text = normal(comment)
    lists = list(id_lists(text))
    is_file, raw = file_id_list(text)
    if is_file:
        lists.append(raw)
    out = set()
    lead = len(comment) - len(comment.lstrip())
    for raw in lists:
        for code in rule_codes(raw, rule):
            if FL_ID.match(code) and rule(code) is None:
                out.add((lead + text.find(code), code.upper()))
    return sorted(out)


def python_comments(text: str):
    """The COMMENT tokens of Python source, up to the first tokenize error
    (a file with a syntax error keeps the comments before it)."""
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type == tokenize.COMMENT:
                yield tok
    except (tokenize.TokenError, SyntaxError, ValueError):
        return


def comments(text: str, python: bool):
    """(line, column of the comment, comment) of every comment of a file
    holding a directive word: Python source (tokenized) or a dotenv/INI
    file."""
    if not MARKER.search(text):
        return
    if python:
        for tok in python_comments(text):
            yield tok.start[0], tok.start[1], tok.string
        return
    for n, line in enumerate(text.splitlines(), 1):
        start = comment_start(line)
        if start >= 0:
            yield n, start, line[start:]


def comment_start(line: str) -> int:
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
