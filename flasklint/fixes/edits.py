"""Building a fix's edits from the spans checkers know (``ctx.location(node)``).

The types themselves (:class:`~flasklint.finding.Edit`,
:class:`~flasklint.finding.Fix`) live with the finding that carries them.
"""

from __future__ import annotations

from flasklint.finding import SAFE, UNSAFE, Edit, Fix

__all__ = ["SAFE", "UNSAFE", "Edit", "Fix", "replace", "insert_at", "insert_after", "delete"]


def replace(loc, content: str) -> Edit:
    """Replace the span of a :class:`~flasklint.finding.Location` (a node's
    ``ctx.location(node)``) with ``content``."""
    return Edit(loc.line, loc.column, loc.end_line, loc.end_column, content)


def insert_at(line: int, column: int, content: str) -> Edit:
    return Edit(line, column, line, column, content)


def insert_after(loc, content: str) -> Edit:
    """Insert ``content`` right after the span of ``loc``."""
    return insert_at(loc.end_line, loc.end_column, content)


def delete(line: int, column: int, end_line: int, end_column: int) -> Edit:
    return Edit(line, column, end_line, end_column, "")


def span_text(project, loc_path: str, line: int, column: int, end_line: int, end_column: int):
    """The source text between two positions of a file (None when a line
    cannot be read): what an edit would delete."""
    parts = []
    for n in range(line, end_line + 1):
        text = project.source_line(loc_path, n)
        if text is None:
            return None
        start = column - 1 if n == line else 0
        end = end_column - 1 if n == end_line else len(text)
        parts.append(text[start:end])
    return "\n".join(parts)
