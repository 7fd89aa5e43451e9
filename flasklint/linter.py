"""The pipeline: discover -> parse -> model -> checkers -> findings."""

from __future__ import annotations

import contextlib
import gc
import os
import time
from dataclasses import dataclass, field
from typing import Callable, Iterable, List, Optional, Sequence

from flasklint import registry
from flasklint.checks.base import Context
from flasklint.files import DEFAULT_EXCLUDE, discover
from flasklint.finding import Finding
from flasklint.model import FlaskModel, Project


@dataclass
class Result:
    findings: List[Finding]
    errors: List[str] = field(default_factory=list)
    files: int = 0
    seconds: float = 0.0
    project: Optional[Project] = None
    model: Optional[FlaskModel] = None


def build(paths: Sequence[str], cwd: Optional[str] = None, exclude: Sequence[str] = DEFAULT_EXCLUDE, root: Optional[str] = None):
    discovered = discover(list(paths) or ["."], exclude=exclude, root=root)
    project = Project(discovered, cwd=cwd)
    model = FlaskModel(project)
    return project, model


def lint(
    paths: Sequence[str],
    select: Optional[Iterable[str]] = None,
    ignore: Optional[Iterable[str]] = None,
    cwd: Optional[str] = None,
    exclude: Sequence[str] = DEFAULT_EXCLUDE,
    cache_dir: Optional[str] = None,
    jobs: int = 1,
) -> Result:
    """Lint ``paths``.  ``cache_dir``: reuse and update the result cache there
    (None: no cache); ``jobs``: processes for per-file work (1: none)."""
    start = time.monotonic()
    enabled = registry.resolve_selection(select, ignore)
    with _fewer_collections():
        return _lint(paths, enabled, cwd, exclude, cache_dir, jobs, start)


def _lint(paths, enabled, cwd, exclude, cache_dir, jobs, start) -> Result:
    project = Project(discover(list(paths) or ["."], exclude=exclude), cwd=cwd)
    if cache_dir is not None or jobs > 1:
        from flasklint.cache import analyse_cached

        options = {"paths": [os.path.abspath(p) for p in (list(paths) or ["."])], "exclude": list(exclude), "cwd": project.cwd}
        findings, errors, model = analyse_cached(project, enabled, analyse, options, cache_dir=cache_dir, jobs=jobs)
    else:
        findings, errors, model = analyse(project, enabled)
    return Result(findings, errors, len(project.modules), time.monotonic() - start, project, model)


@contextlib.contextmanager
def _fewer_collections():
    """Building astroid trees allocates millions of long-lived objects; with
    the default thresholds the cyclic garbage collector re-traverses them
    again and again (~15% of a large run).  Collect less often meanwhile."""
    old = gc.get_threshold()
    gc.set_threshold(max(old[0], 100_000), max(old[1], 50), max(old[2], 1000))
    try:
        yield
    finally:
        gc.set_threshold(*old)


def analyse(project: Project, enabled, after_model: Optional[Callable[[], None]] = None):
    """Build the model and run the enabled checkers: (findings, errors, model)."""
    model = FlaskModel(project)
    if after_model is not None:
        after_model()
    ctx = Context(project, model)
    errors: List[str] = []
    found: List[Finding] = []
    for rule_ids, fn in registry.checkers():
        if not enabled.intersection(rule_ids):
            continue
        try:
            for f in fn(ctx):
                if f.rule in enabled:
                    found.append(f)
        except RecursionError:
            errors.append(f"internal error in checker {fn.__name__}: recursion limit reached")
        except Exception as exc:  # a checker bug must not take the run down
            errors.append(f"internal error in checker {fn.__name__}: {type(exc).__name__}: {exc}")
    return unique_sorted(found), errors, model


def unique_sorted(found: Iterable[Finding]) -> List[Finding]:
    unique = {}
    for f in found:
        unique.setdefault((f.rule, f.location, f.message), f)
    return sorted(unique.values(), key=Finding.sort_key)
