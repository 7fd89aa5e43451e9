"""Unified diffs of fixed files, in the form ``patch -p0`` applies from the
directory flasklint ran in (``--- path`` / ``+++ path``, paths relative)."""

from __future__ import annotations

import difflib
import re

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def _lines(text: str):
    return [m.group() for m in _LINE.finditer(text)]


def unified_diff(path: str, old: str, new: str, context: int = 3) -> str:
    """The diff turning ``old`` into ``new`` for ``path`` ('' when equal).
    Line ends are kept as they are; a last line without one is marked
    ``\\ No newline at end of file``, as diff(1) does."""
    if old == new:
        return ""
    path = path.replace("\\", "/")
    out = []
    for line in difflib.unified_diff(_lines(old), _lines(new), fromfile=path, tofile=path, n=context):
        if line.startswith(("---", "+++")):
            out.append(line.rstrip("\n") + "\n")
            continue
        if line.startswith("@@"):
            out.append(line if line.endswith("\n") else line + "\n")
            continue
        if not line.endswith(("\n", "\r")):
            out.append(line + "\n\\ No newline at end of file\n")
        else:
            out.append(line)
    return "".join(out)
