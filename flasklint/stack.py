"""Stack limits that do not depend on the caller.

Python's recursion limit counts every frame on the stack, including those of
whoever called flasklint (a shell entry point, pytest, an editor plugin).  To
give the same result for the same input whatever the caller, the analysis
runs with a limit set *relative* to the depth at which it starts.
"""

from __future__ import annotations

import sys

# Frames available to the model build and the checkers, and to the parser
# (astroid's tree builder recurses once per nesting level).
ANALYSIS_FRAMES = 1000
PARSE_FRAMES = 4000


def _depth() -> int:
    f = sys._getframe(1)
    n = 0
    while f is not None:
        n += 1
        f = f.f_back
    return n


class frames:
    """Context manager: allow ``n`` more frames than are in use now."""

    def __init__(self, n: int):
        self.n = n

    def __enter__(self):
        self.old = sys.getrecursionlimit()
        sys.setrecursionlimit(_depth() + self.n)
        return self

    def __exit__(self, *exc):
        sys.setrecursionlimit(self.old)
        return False
