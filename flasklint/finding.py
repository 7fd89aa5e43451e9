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


# -- fixes: text edits in the original source, with an applicability ----------
#
# Positions are 1-based lines and 1-based character columns (code points, as
# in Location); ``end`` is exclusive (the column after the last replaced
# character).  An insertion has start == end.  Building and applying them:
# flasklint.fixes.

SAFE = "safe"
UNSAFE = "unsafe"
APPLICABILITIES = (SAFE, UNSAFE)


@dataclass(frozen=True)
class Edit:
    line: int
    column: int
    end_line: int
    end_column: int
    content: str

    def __post_init__(self):
        assert (self.line, self.column) <= (self.end_line, self.end_column), self

    @property
    def start(self) -> Tuple[int, int]:
        return (self.line, self.column)

    @property
    def end(self) -> Tuple[int, int]:
        return (self.end_line, self.end_column)

    def to_row(self) -> list:
        return [self.line, self.column, self.end_line, self.end_column, self.content]

    @classmethod
    def from_row(cls, row) -> "Edit":
        line, column, end_line, end_column, content = row
        return cls(int(line), int(column), int(end_line), int(end_column), str(content))


@dataclass(frozen=True)
class Fix:
    """Edits applied together or not at all; ``message`` says what the fix
    does (``Call request.args.get(...)``)."""

    applicability: str
    message: str
    edits: Tuple[Edit, ...]

    def __post_init__(self):
        assert self.applicability in APPLICABILITIES, self.applicability
        assert self.edits, "a fix has at least one edit"

    @property
    def safe(self) -> bool:
        return self.applicability == SAFE

    def to_row(self) -> list:
        return [self.applicability, self.message, [e.to_row() for e in self.edits]]

    @classmethod
    def from_row(cls, row) -> "Fix":
        applicability, message, edits = row
        return cls(str(applicability), str(message), tuple(Edit.from_row(e) for e in edits))


@dataclass(frozen=True)
class Finding:
    rule: str
    location: Location
    message: str
    severity: str
    confidence: str
    related: Tuple[Related, ...] = field(default=())
    fix: Optional[Fix] = None

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
