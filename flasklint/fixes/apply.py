"""Applying fixes to a file's text: positions to offsets, overlaps, order.

A fix is applied whole or not at all.  Fixes are taken in the order given
(the findings' order); one whose edits overlap an edit already taken -- or
insert at the very point another insertion does, whose order would be a
guess -- is left for the next pass, when the file has been linted again and
the finding, if it remains, carries edits computed on the new text.
"""

from __future__ import annotations

import re
from typing import List, Optional, Sequence, Tuple

from flasklint.finding import Edit, Fix

# Line ends as Python's tokenizer counts them (see source.files.split_lines).
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def line_starts(text: str) -> List[int]:
    """Offsets where each line starts (plus one past the end of the text,
    where a line after the last would start)."""
    starts = [m.start() for m in _LINE.finditer(text)]
    starts.append(len(text))
    return starts


def _offset(text: str, starts: List[int], line: int, column: int) -> Optional[int]:
    """The offset of a 1-based (line, column) position, or None when it lies
    outside the text or past the end of its line's content."""
    if line < 1 or column < 1 or line > len(starts):
        return None
    start = starts[line - 1]
    limit = starts[line] if line < len(starts) else len(text)
    content_end = limit
    while content_end > start and text[content_end - 1] in "\r\n":
        content_end -= 1
    off = start + column - 1
    if off > content_end:
        return None
    return off


def _spans(text: str, starts: List[int], fix: Fix) -> Optional[List[Tuple[int, int, str]]]:
    out = []
    for e in fix.edits:
        s = _offset(text, starts, e.line, e.column)
        t = _offset(text, starts, e.end_line, e.end_column)
        if s is None or t is None or s > t:
            return None
        out.append((s, t, e.content))
    out.sort()
    for (s1, t1, _), (s2, t2, _) in zip(out, out[1:]):
        if _clash(s1, t1, s2, t2):
            return None
    return out


def _clash(s1: int, t1: int, s2: int, t2: int) -> bool:
    if s1 == t1 and s2 == t2:
        return s1 == s2  # two insertions at one point
    if s1 == t1:
        return s2 < s1 < t2
    if s2 == t2:
        return s1 < s2 < t1
    return s1 < t2 and s2 < t1


def apply_fixes(text: str, fixes: Sequence[Fix]) -> Tuple[str, List[int]]:
    """(new text, indexes of the fixes applied)."""
    starts = line_starts(text)
    taken: List[Tuple[int, int, str]] = []
    applied: List[int] = []
    for i, fix in enumerate(fixes):
        spans = _spans(text, starts, fix)
        if spans is None:
            continue  # (positions outside the text: computed on another version of it)
        if any(_clash(s, t, s2, t2) for s, t, _ in spans for s2, t2, _ in taken):
            continue
        taken.extend(spans)
        applied.append(i)
    out = text
    for s, t, content in sorted(taken, key=lambda x: (x[0], x[1]), reverse=True):
        out = out[:s] + content + out[t:]
    return out, applied


def edit_offsets(text: str, edit: Edit) -> Optional[Tuple[int, int]]:
    starts = line_starts(text)
    s = _offset(text, starts, edit.line, edit.column)
    t = _offset(text, starts, edit.end_line, edit.end_column)
    return None if s is None or t is None else (s, t)
