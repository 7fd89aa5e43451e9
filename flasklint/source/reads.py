"""What the analysis read, step by step: the one interface between the
analysis and the incremental cache.

While a step of the model build runs (``step()``), every file whose content
the analysis reads is charged to it (``note``), and so is every text query
(``asked_text``: which files hold a word or a call pattern) and every
shared answer (``pseudo_bit``), each a pseudo-module past the files.  The
resolver pushes one set per memoised computation and merges it into its
caller's, so a cached answer still charges what it read.  Nothing is
charged while no step runs; only ``flasklint/incremental`` reads the log.
"""

from __future__ import annotations

import contextlib
from typing import Dict, List, Set


class ReadLog:
    def __init__(self, module_count: int):
        self.module_count = module_count
        # Bit sets (ints; bit i is project.modules[i]), one per step or
        # memoised computation under way, innermost last.
        self.sets: List[int] = []
        self.floor = 0  # index in ``sets`` of the set of the build step under way
        self.text_queries: Set[str] = set()  # every text query asked
        # Text queries and shared answers asked by steps: their bits, past
        # the modules' and ``objects_bit`` (the cache seeds the table).
        self.text_query_bits: Dict[str, int] = {}
        self.untracked_text_queries: Set[str] = set()  # asked outside any step (the prefilter)
        # a pseudo-module "read" by asking which apps/blueprints the model has
        self.objects_bit = 1 << module_count

    @contextlib.contextmanager
    def step(self):
        """Charge what is read meanwhile to a fresh bit set, found in the
        yielded list's only item afterwards (one step of the model build,
        or the checkers): a new floor for cycle accounting."""
        rs = self.sets
        rs.append(0)
        floor, self.floor = self.floor, len(rs) - 1
        box = [0]
        try:
            yield box
        finally:
            self.floor = floor
            box[0] = rs.pop()

    def note(self, module) -> None:
        """The analysis read ``module``'s content (its tree or its text)."""
        if self.sets and module.index is not None:
            self.sets[-1] |= 1 << module.index

    def asked_text(self, query: str) -> None:
        """The analysis asked which files hold ``query`` (a word, or a call
        or import pattern: see textscan.holds); charge the step under way."""
        self.text_queries.add(query)
        rs = self.sets
        if len(rs) < 2:  # (no step under way: only the cache's outermost set, if any)
            self.untracked_text_queries.add(query)
        else:
            rs[-1] |= 1 << self.pseudo_bit(query)

    def pseudo_bit(self, key: str) -> int:
        """The bit of a pseudo-module: a text query, or a shared answer of
        the model recorded with its value and what computing it read (see
        FlaskModel._shared_answer; never asked of files)."""
        bit = self.text_query_bits.get(key)
        if bit is None:
            bit = self.text_query_bits[key] = self.module_count + 1 + len(self.text_query_bits)
        return bit
