"""Several projects in one run: ``flasklint svc_a svc_b`` with a
configuration in each lints each service with its own settings (see
:func:`flasklint.cli.options.resolve_groups`), one lint per configuration,
and reports the findings as one result."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, List, Optional, Sequence


@dataclass
class Run:
    """One lint of a run: the paths one configuration applies to."""

    settings: Any  # flasklint.settings.Settings, with the command line on top
    build_paths: List[str]  # the paths the model is built from
    root: Optional[str]  # the project root (file mode) or None
    only: Optional[List[str]]  # paths findings are limited to (file mode) or None
    exclude: tuple
    per_file: list
    speed: dict  # cache_dir, jobs


class Projects:
    """The projects of several lints, as the reports use a project: their
    common working directory and the source lines of their files."""

    def __init__(self, projects: Sequence[Any]):
        self.projects = [p for p in projects if p is not None]
        self.cwd = self.projects[0].cwd if self.projects else os.getcwd()

    def source_line(self, display_path: str, line: int) -> Optional[str]:
        for p in self.projects:
            src = p.source_line(display_path, line)
            if src is not None:
                return src
        return None

    def __getattr__(self, name):  # (anything else: the first project's)
        if name == "projects" or not self.projects:
            raise AttributeError(name)
        return getattr(self.projects[0], name)


def merge(results: Sequence[Any]) -> Any:
    """One result (flasklint.linter.Result) of several lints, each on its
    own files."""
    from flasklint.finding import unique_sorted
    from flasklint.linter import Result

    if len(results) == 1:
        return results[0]
    merged = Result(unique_sorted([f for r in results for f in r.findings]))
    for r in results:
        merged.errors.extend(e for e in r.errors if e not in merged.errors)
        merged.files += r.files
        merged.seconds += r.seconds
        merged.suppressed += r.suppressed
        merged.baselined += r.baselined
        merged.filtered += r.filtered
        merged.fixed += r.fixed
    merged.project = Projects([r.project for r in results])
    merged.model = results[0].model
    return merged
