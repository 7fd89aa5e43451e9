"""Findings: what a checker reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, List, Optional, Tuple


@dataclass(frozen=True)
class Location:
    """A span in a file.  Lines and columns are 1-based; columns count
    characters (not bytes).  ``path`` is the file's path as discovered."""

    path: str
    line: int
    column: int = 1
    end_line: Optional[int] = None
    end_column: Optional[int] = None

    def sort_key(self):
        return (self.path, self.line, self.column)


@dataclass(frozen=True)
class Related:
    location: Location
    message: str


@dataclass(frozen=True)
class Finding:
    rule: str
    location: Location
    message: str
    severity: str
    confidence: str
    related: Tuple[Related, ...] = field(default=())

    @property
    def path(self) -> str:
        return self.location.path

    @property
    def line(self) -> int:
        return self.location.line

    def sort_key(self):
        loc = self.location
        return (loc.path, loc.line, loc.column, self.rule, self.message)


def unique_sorted(found: Iterable[Finding]) -> List[Finding]:
    unique = {}
    for f in found:
        unique.setdefault((f.rule, f.location, f.message), f)
    return sorted(unique.values(), key=Finding.sort_key)
