"""Edits on call arguments, computed from astroid nodes and the source
text around them: remove one keyword argument with its comma, add keyword
arguments after the last one.  Each returns None when the text is not the
simple form (a comment in the way, an unexpected character) -- a finding
then keeps no fix rather than a guessed one."""

from __future__ import annotations

import re
from typing import List, Optional, Tuple

from astroid import nodes

from flasklint.finding import Edit
from flasklint.fixes.edits import insert_after, span_text


def _arguments(call) -> List[object]:
    """The call's arguments (positional, keyword, ``*``/``**``) in source order."""
    items = list(call.args or []) + list(call.keywords or [])
    if any(getattr(n, "lineno", None) is None for n in items):
        return []
    return sorted(items, key=lambda n: (n.lineno, n.col_offset))


def remove_keyword(ctx, call, keyword) -> Optional[Tuple[Edit, ...]]:
    """Delete ``keyword`` (``debug=True``) from ``call`` with the comma that
    separates it from its neighbour."""
    items = _arguments(call)
    if keyword not in items:
        return None
    i = items.index(keyword)
    loc = ctx.location(keyword)
    if loc.end_column is None:
        return None
    if i > 0:  # ", debug=True" after the previous argument
        prev = ctx.location(items[i - 1])
        start, end = (prev.end_line, prev.end_column), (loc.end_line, loc.end_column)
    elif len(items) > 1:  # "debug=True, " before the next one
        nxt = ctx.location(items[1])
        start, end = (loc.line, loc.column), (nxt.line, nxt.column)
    else:  # the only argument, and a trailing comma if there is one
        line = ctx.project.source_line(loc.path, loc.end_line)
        if line is None:
            return None
        after = re.match(r"\s*,?", line[loc.end_column - 1 :]).group()
        before = ctx.project.source_line(loc.path, loc.line)[: loc.column - 1]
        if loc.line == loc.end_line and not before.strip() and line[loc.end_column - 1 + len(after) :].strip() == "":
            return (Edit(loc.line, 1, loc.line + 1, 1, ""),)  # (alone on its line: the line goes)
        start, end = (loc.line, loc.column), (loc.end_line, loc.end_column + len(after))
    gap = span_text(ctx.project, loc.path, start[0], start[1], end[0], end[1])
    if gap is None or "#" in gap:
        return None
    return (Edit(start[0], start[1], end[0], end[1], ""),)


def add_keywords(ctx, call, text: str) -> Optional[Tuple[Edit, ...]]:
    """Insert ``, <text>`` after the call's last argument (``text``:
    ``secure=True, httponly=True``).  None for a call without arguments or
    whose last argument is ``*args``/``**kwargs``."""
    items = _arguments(call)
    if not items:
        return None
    last = items[-1]
    if isinstance(last, nodes.Starred) or (isinstance(last, nodes.Keyword) and last.arg is None):
        return None
    return (insert_after(ctx.location(last), f", {text}"),)
