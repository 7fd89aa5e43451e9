"""The pipeline: discover -> parse -> model -> checkers -> findings."""

from __future__ import annotations

import functools
import os
import time
from dataclasses import dataclass, field
from typing import Iterable, List, Optional, Sequence

from flasklint import registry, stack
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


def _relative_stack(fn):
    """Run ``fn`` with a recursion limit relative to the caller's stack, so
    that results do not depend on how deep the caller is (see stack.py)."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with stack.frames(stack.ANALYSIS_FRAMES):
            return fn(*args, **kwargs)

    return wrapper


@_relative_stack
def lint(
    paths: Sequence[str],
    select: Optional[Iterable[str]] = None,
    ignore: Optional[Iterable[str]] = None,
    cwd: Optional[str] = None,
    exclude: Sequence[str] = DEFAULT_EXCLUDE,
) -> Result:
    start = time.monotonic()
    enabled = registry.resolve_selection(select, ignore)
    errors: List[str] = []
    try:
        project, model = build(paths, cwd=cwd, exclude=exclude)
    except RecursionError:  # per-file guards should make this unreachable
        return Result([], ["internal error while building the project model: recursion limit reached"], 0, time.monotonic() - start)
    except Exception as exc:
        return Result([], [f"internal error while building the project model: {type(exc).__name__}: {exc}"], 0, time.monotonic() - start)
    ctx = Context(project, model)
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
    errors = project.errors + errors  # caught while building the model or parsing
    unique = {}
    for f in found:
        unique.setdefault((f.rule, f.location, f.message), f)
    findings = sorted(unique.values(), key=Finding.sort_key)
    return Result(findings, errors, len(project.modules), time.monotonic() - start, project, model)
