"""The pipeline: discover -> parse -> model -> checkers -> findings."""

from __future__ import annotations

import contextlib
import functools
import gc
import os
import time
from dataclasses import dataclass, field
from typing import Callable, Dict, FrozenSet, Iterable, List, Optional, Sequence, Tuple

from flasklint import registry, stack, suppress
from flasklint.checks.base import Context
from flasklint.finding import Finding, unique_sorted
from flasklint.model import FlaskModel, Project
from flasklint.source.files import DEFAULT_EXCLUDE, ReadError, decode_text, discover, read_bytes


@dataclass
class Result:
    findings: List[Finding]
    errors: List[str] = field(default_factory=list)
    files: int = 0
    seconds: float = 0.0
    project: Optional[Project] = None
    model: Optional[FlaskModel] = None
    # Set by the post-processing layer (see Filters):
    suppressed: int = 0  # silenced by a suppression comment
    baselined: int = 0  # already in the baseline
    filtered: int = 0  # dropped by per-file-ignores, thresholds or the file limit
    fixed: int = 0  # fixes applied before this result was linted (--fix)


@dataclass
class Filters:
    """What happens to findings after the checkers ran: the post-processing
    layer, applied in this order.

    * ``only_paths``: absolute paths of files (or directories) findings are
      limited to (pre-commit mode: the model is built from the project root,
      findings are reported for the files passed);
    * ``per_file_ignores``: (path predicate, rule ids) pairs;
    * ``min_severity`` / ``min_confidence``: thresholds;
    * ``suppress``: honour ``# noqa`` & co. (flasklint.suppress);
    * ``baseline``: a flasklint.baseline.Baseline; findings in it are dropped.
    """

    only_paths: Optional[Sequence[str]] = None
    per_file_ignores: Sequence[Tuple[Callable[[str], bool], FrozenSet[str]]] = ()
    min_severity: str = "LOW"
    min_confidence: str = "LOW"
    suppress: bool = True
    nosec: bool = True  # False: leave ``# nosec`` to Bandit (the Bandit plugin)
    baseline: Optional[object] = None


def build(paths: Sequence[str], cwd: Optional[str] = None, exclude: Sequence[str] = DEFAULT_EXCLUDE, root: Optional[str] = None, knowledge=None, target_version=None):
    discovered = discover(list(paths) or ["."], exclude=exclude, root=root)
    project = Project(discovered, cwd=cwd, knowledge=knowledge, target_version=target_version)
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
    *,
    extend_select: Optional[Iterable[str]] = None,
    root: Optional[str] = None,
    filters: Optional[Filters] = None,
    progress: Optional[Callable[[str, int, int], None]] = None,
    cache_dir: Optional[str] = None,
    jobs: int = 1,
    knowledge=None,
    target_version: Optional[Tuple[int, int]] = None,
) -> Result:
    """Lint ``paths``.  ``root`` overrides the project root (default: the
    common directory of ``paths``); ``filters`` configures the
    post-processing layer (default: only suppression comments);
    ``progress(stage, done, total)`` is called as the run advances;
    ``cache_dir``: reuse and update the result cache there (None: no cache);
    ``jobs``: processes for per-file work (1: none); ``knowledge``: the
    extension records with the project's declared helpers
    (``Settings.knowledge()``; default: the built-in records);
    ``target_version``: the Python the project targets, e.g. (3, 12), which
    decides whether code that does not parse here is FL001 or FL006
    (flasklint.source.newsyntax).  The cache holds
    findings *before* post-processing, so filters, suppressions and the
    baseline never need to be part of its key."""
    start = time.monotonic()
    enabled = registry.resolve_selection(select, ignore, extend_select)
    try:
        with _fewer_collections():
            result = _lint(paths, enabled, cwd, exclude, root, cache_dir, jobs, progress, knowledge, target_version)
    except RecursionError:  # per-file guards should make this unreachable
        return Result([], ["internal error while building the project model: recursion limit reached"], 0, time.monotonic() - start)
    except Exception as exc:
        return Result([], [f"internal error while building the project model: {type(exc).__name__}: {exc}"], 0, time.monotonic() - start)
    postprocess(result, filters or Filters())
    result.seconds = time.monotonic() - start
    return result


def _lint(paths, enabled, cwd, exclude, root, cache_dir, jobs, progress, knowledge=None, target_version=None) -> Result:
    if progress:
        progress("discovering files", 0, 0)
    project = Project(discover(list(paths) or ["."], exclude=exclude, root=root), cwd=cwd, knowledge=knowledge, target_version=target_version)
    if cache_dir is not None or jobs > 1:
        from flasklint.incremental import analyse_cached

        options = {
            "paths": [os.path.abspath(p) for p in (list(paths) or ["."])],
            "exclude": [e if isinstance(e, str) else repr(e) for e in exclude],
            "cwd": project.cwd,
            "root": os.path.abspath(root) if root else None,
            "declared": [list(e.app_classes + e.blueprint_classes) + [f.qualname for f in e.app_factories] for e in project.knowledge.records if not e.package],
        }
        if target_version:  # (FL001 or FL006: the findings depend on it)
            options["target_version"] = list(target_version)
        if progress:
            progress(f"comparing {len(project.modules)} files with the cache", 0, 0)
        run = functools.partial(analyse, progress=progress) if progress else analyse
        findings, errors, model = analyse_cached(project, enabled, run, options, cache_dir=cache_dir, jobs=jobs)
    else:
        findings, errors, model = analyse(project, enabled, progress=progress)
    return Result(findings, errors, len(project.modules), 0.0, project, model)


@contextlib.contextmanager
def _fewer_collections():
    """Building astroid trees allocates millions of long-lived objects; with
    the default thresholds the cyclic garbage collector re-traverses all of
    them again and again (a third of the CPU time on large projects).
    Meanwhile young generations are collected less often and the oldest not
    at all: the trees live until the run ends, and the garbage cycles the
    young collections miss are few (peak memory unchanged)."""
    old = gc.get_threshold()
    gc.set_threshold(max(old[0], 100_000), max(old[1], 50), 2**30)
    try:
        yield
    finally:
        gc.set_threshold(*old)


def analyse(project: Project, enabled, after_model: Optional[Callable[[], None]] = None, progress=None, restricted=None):
    """Build the model and run the enabled checkers: (findings, errors, model).
    ``restricted``: a rebuild from the cache (see incremental/replay.rebuild_model)."""
    if progress:
        progress(f"building the project model of {len(project.modules)} files", 0, 0)
    model = FlaskModel(project, restricted=restricted)
    if after_model is not None:
        after_model()
    ctx = Context(project, model)
    errors: List[str] = []
    found: List[Finding] = []
    checkers = registry.checkers()
    track = bool(project.reads.sets)  # (the cache: what checkers read sees the whole model)
    with project.reads.step() if track else contextlib.nullcontext([0]) as box:
        for i, (rule_ids, fn) in enumerate(checkers):
            if progress:
                progress("checking", i, len(checkers))
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
    model.global_reads |= box[0]
    errors = project.errors + errors  # caught while building the model or parsing
    return unique_sorted(found), errors, model


# -- post-processing: filters, suppressions, baseline -------------------------

_LEVELS = ("LOW", "MEDIUM", "HIGH")


def _abs(project: Project, display_path: str) -> str:
    return os.path.normpath(os.path.join(project.cwd, display_path))


def _under(path: str, targets: Sequence[str]) -> bool:
    for t in targets:
        if path == t or path.startswith(t.rstrip(os.sep) + os.sep):
            return True
    return False


def postprocess(result: Result, filters: Filters) -> Result:
    """Drop findings the user asked not to see, in place; count them."""
    project = result.project
    kept: List[Finding] = []
    only = [os.path.normpath(os.path.abspath(p)) for p in filters.only_paths] if filters.only_paths is not None else None
    only_real = [os.path.realpath(p) for p in only] if only is not None else None
    min_sev = _LEVELS.index(filters.min_severity.upper())
    min_conf = _LEVELS.index(filters.min_confidence.upper())
    sup_cache: Dict[str, Dict[int, FrozenSet[str]]] = {}
    for f in result.findings:
        path = _abs(project, f.path) if project is not None else os.path.abspath(f.path)
        if only is not None and not (_under(path, only) or _under(os.path.realpath(path), only_real)):
            result.filtered += 1
            continue
        if any(f.rule in ids and match(path) for match, ids in filters.per_file_ignores):
            result.filtered += 1
            continue
        if _LEVELS.index(f.severity) < min_sev or _LEVELS.index(f.confidence) < min_conf:
            result.filtered += 1
            continue
        if filters.suppress and project is not None:
            sup = sup_cache.get(path)
            if sup is None:
                sup = sup_cache[path] = _suppressions(project, path, filters.nosec)
            loc = f.location
            if suppress.suppressed(sup, f.rule, loc.line, loc.end_line):
                result.suppressed += 1
                continue
        kept.append(f)
    if only is not None and project is not None:
        # Files reported on: the passed ones, not the whole project modelled.
        result.files = sum(1 for m in project.modules if _under(m.path, only) or _under(os.path.realpath(m.path), only_real))
    if filters.baseline is not None and project is not None:
        kept, known = filters.baseline.split(kept, project, project.cwd)
        result.baselined += len(known)
    result.findings = kept
    return result


def _suppressions(project: Project, path: str, nosec: bool = True) -> Dict[int, FrozenSet[str]]:
    mod = project.module_at(path)
    if mod is not None:
        text = mod.text
        return suppress.python_suppressions(text, nosec) if text else {}
    text = project.config_files.get(path)
    if text is None:
        if path in project.config_files or not os.path.isfile(path):
            return {}
        try:
            text = decode_text(read_bytes(path))
        except ReadError:
            return {}
    if path.endswith((".py", ".pyw")):
        return suppress.python_suppressions(text, nosec)
    return suppress.text_suppressions(text)
