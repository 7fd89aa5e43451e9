"""flasklint's findings as Bandit tests: ``bandit -r myservice/``.

Bandit sees one file and one AST node at a time; flasklint needs the whole
project.  So the first time a flasklint test runs on a file, the project the
file belongs to is linted once (cached for the rest of the Bandit process),
and the file's findings are handed to Bandit by the tests registered for
their rules.

* **One Bandit test per rule** (``FL101``...``FL5xx``): Bandit's ``-t``/``-s``,
  ``.bandit`` and ``[tool.bandit]`` filter by the test function's id.  The
  functions are generated here from the rule registry, as module attributes
  named by rule id; setup.py generates the ``bandit.plugins`` entry points
  from the rule definitions.  FL0xx (files flasklint cannot read or parse,
  config files it cannot find) are diagnostics about flasklint's input, not
  findings about the code: Bandit reports unparseable files itself, and the
  flasklint CLI reports the rest.
* **Project root** of a scanned file: the nearest directory, going up from
  the file, holding one of :data:`ROOT_MARKERS`; without one, the directory
  above the topmost package (the directory ``python -m`` would run from).
  Its configuration is the one the CLI would use for that directory
  (flasklint.settings.find_config): each service of a monorepo gets its own.
* **Location and ``# nosec``**: an issue is reported on the finding's first
  line, with its columns (UTF-8 bytes, Bandit's unit); ``# nosec`` is read
  from that line only, whichever node Bandit is visiting when the test runs.
* Only findings in Python files can go through Bandit: findings in
  ``.flaskenv``, ``.env``, INI and ``from_pyfile`` files are reported by the
  flasklint CLI.
* A test never raises: an internal error is logged and yields no finding.
"""

from __future__ import annotations

import ast
import logging
import os
import re
import sys
from dataclasses import dataclass
from typing import Callable, Dict, FrozenSet, List, Optional, Tuple

from bandit.core import issue as b_issue
from bandit.core import test_properties as test

from flasklint import registry
from flasklint.source.files import ReadError, decode_python, read_bytes

LOG = logging.getLogger("flasklint.bandit")

ROOT_MARKERS = (".flasklint.toml", "flasklint.toml", "pyproject.toml", "setup.py", "setup.cfg", "tox.ini", "requirements.txt", ".git", ".hg")
PYTHON_SUFFIXES = (".py", ".pyw")


def bandit_rules() -> List[registry.Rule]:
    """The rules reported through Bandit: FL1xx-FL5xx (not FL0xx)."""
    return [r for r in registry.all_rules() if r.id[2] in "12345"]


def test_name(rule: registry.Rule) -> str:
    """The Bandit test (and entry point) name of a rule: ``debug_run``."""
    return rule.name.replace("-", "_")


# -- which nodes carry the findings -------------------------------------------
#
# Bandit runs every test registered for a node type on every node of that
# type, and each run costs ~1.5 microseconds of Bandit's own bookkeeping.
# Registered on every node type, each flasklint rule would add ~3% to a scan
# (40 rules: twice Bandit's time); so the tests are registered on the simple
# statements (a tenth of the nodes: every function and class body holds
# some) and on the once-per-file ``File`` check.  Any of these calls can report any finding of the file: the test
# sets the issue's line and columns, and the line range Bandit reads
# ``# nosec`` from, to the finding's own, so where Bandit is in its walk does
# not matter.  Each call reports the next pending finding of its rule; a file
# with more findings of one rule than simple statements is logged (the CLI
# still reports them).

CARRIER_TYPES: Tuple[str, ...] = tuple(
    name
    for name in (
        "Expr", "Assign", "AnnAssign", "AugAssign", "Return", "Raise", "Import", "ImportFrom",
        "Pass", "Delete", "Global", "Nonlocal", "Break", "Continue", "TypeAlias",
    )
    if isinstance(getattr(ast, name, None), type)
)

FILE = "File"  # Bandit's once-per-file check type, run after the walk


def _byte_col(line_text: str, column: int) -> int:
    """A 1-based character column as a 0-based UTF-8 byte offset (Bandit's
    and ast's unit)."""
    return len(line_text[: max(column - 1, 0)].encode("utf-8"))


@dataclass
class Placed:
    """A finding as Bandit reports it: on its first line, with 0-based
    UTF-8 byte columns."""

    finding: object
    lineno: int
    col_offset: int
    end_col_offset: int


def source_lines(source: str) -> List[str]:
    """Lines as Python numbers them (not str.splitlines: a form feed or
    U+2028 does not end a line)."""
    return re.split(r"\r\n|\r|\n", source)


def place(source, finding) -> Placed:
    """``source``: the file's text, or its :func:`source_lines`."""
    loc = finding.location
    lines = source_lines(source) if isinstance(source, str) else source
    text = lines[loc.line - 1] if 1 <= loc.line <= len(lines) else ""
    col = _byte_col(text, loc.column)
    if loc.end_line == loc.line and loc.end_column is not None:
        end = _byte_col(text, loc.end_column)
    else:  # a multi-line finding is shown on its first line
        end = len(text.rstrip().encode("utf-8"))
    return Placed(finding, loc.line, col, max(end, col))


# -- projects and their findings ------------------------------------------------


def project_root(path: str) -> str:
    """The project a scanned file belongs to (see the module docstring)."""
    start = os.path.dirname(os.path.realpath(path))
    cur = start
    while True:
        if any(os.path.exists(os.path.join(cur, m)) for m in ROOT_MARKERS):
            return cur
        parent = os.path.dirname(cur)
        if parent == cur:
            break
        cur = parent
    cur = start
    while os.path.isfile(os.path.join(cur, "__init__.py")):
        parent = os.path.dirname(cur)
        if parent == cur:
            break
        cur = parent
    return cur


@dataclass
class Linted:
    """One lint of a project: its findings by real path, and the real paths
    of the files it covered."""

    root: str
    findings: Dict[str, list]
    files: FrozenSet[str]


_PROJECTS: Dict[str, Linted] = {}  # by root: each project is linted once per Bandit process
LINT_LISTENERS: List[Callable[[str], None]] = []  # called with the root before each lint (tests, -v tooling)


def _settings(root: str):
    """The project's flasklint configuration (the same file the CLI would
    use), or the defaults when it has none or it cannot be read: Bandit
    must not fail on it."""
    from flasklint import settings as config

    try:
        settings = config.load(start=root)
        for sel in (settings.select or []) + settings.ignore + settings.extend_select:
            registry.expand_selector(sel)
        settings.per_file_matchers()
        settings.exclude_patterns()
        return settings
    except (config.ConfigError, ValueError) as exc:
        LOG.error("flasklint: %s", exc)
        return config.Settings(base=root)


def _cache_dir(root: str) -> Optional[str]:
    """The flasklint result cache the CLI uses for ``root``, when it exists
    already (``FLASKLINT_CACHE_DIR``, or ``.flasklint_cache`` at the root):
    a warm cache makes the lint a fraction of a second.  Bandit never
    creates one: running it must not write into the project."""
    from flasklint.incremental.store import default_dir

    path = os.environ.get("FLASKLINT_CACHE_DIR") or default_dir(root)
    return os.path.abspath(path) if os.path.isdir(path) else None


def lint_project(root: str) -> Linted:
    """flasklint's FL1xx-FL5xx findings in the Python files of the project
    at ``root``, by real path; computed once per process."""
    cached = _PROJECTS.get(root)
    if cached is not None:
        return cached
    linted = _PROJECTS[root] = Linted(root, {}, frozenset())
    for listener in LINT_LISTENERS:
        listener(root)
    from flasklint.linter import Filters, lint

    wanted = {r.id for r in bandit_rules()}
    # Paths relative to the working directory, like Bandit's (they appear in
    # the related locations of a message).
    cwd = os.getcwd()
    try:
        # flasklint's own suppressions (# noqa: FL101, # flasklint: ignore[...])
        # apply; # nosec is Bandit's to apply (-s, --ignore-nosec, its quirks).
        settings = _settings(root)
        # (the project's select/ignore/exclude/per-file-ignores and
        # respect-gitignore apply here as in the CLI -- the same options, so
        # the CLI's cache record serves both; severity and confidence filters
        # are Bandit's own -l/-i)
        exclude = tuple(settings.exclude_patterns())
        if settings.respect_gitignore:
            from flasklint.source.gitignore import GitIgnore

            exclude += (GitIgnore(root),)
        result = lint(
            [root],
            cwd=cwd,
            select=settings.select,
            ignore=settings.ignore,
            extend_select=settings.extend_select,
            exclude=exclude,
            filters=Filters(nosec=False, per_file_ignores=settings.per_file_matchers()),
            knowledge=settings.knowledge(),
            target_version=settings.target_version,
            cache_dir=_cache_dir(root),
        )
    except RecursionError:
        LOG.error("flasklint: internal error linting %s: recursion limit reached", root)
        return linted
    except Exception as exc:  # never take Bandit down
        LOG.error("flasklint: internal error linting %s: %s: %s", root, type(exc).__name__, exc)
        return linted
    for err in result.errors:
        LOG.error("flasklint: %s (project %s)", err, root)
    if result.project is not None:
        linted.files = frozenset(os.path.realpath(m.path) for m in result.project.modules)
    for f in result.findings:
        if f.rule not in wanted or not f.path.endswith(PYTHON_SUFFIXES):
            continue
        real = os.path.realpath(os.path.join(cwd, f.path))
        linted.findings.setdefault(real, []).append(f)
    return linted


def project_findings(root: str) -> Dict[str, list]:
    """:func:`lint_project`'s findings by real path."""
    return lint_project(root).findings


def _has_marker(directory: str) -> bool:
    return any(os.path.exists(os.path.join(directory, m)) for m in ROOT_MARKERS)


def findings_for(real: str) -> List:
    """The findings of the file at real path ``real``: from the lint of its
    project, done at most once.  A file whose project has no marker (its
    root is a guess) and that a project linted before already covered is
    not linted again: ``tests/unit/auth/`` without ``__init__.py`` is part of
    the project above it that Bandit met first."""
    root = project_root(real)
    if root not in _PROJECTS and not _has_marker(root):
        for linted in _PROJECTS.values():
            if real in linted.files:
                return linted.findings.get(real, [])
    return project_findings(root).get(real, [])


@dataclass
class _FileState:
    fname: str
    pending: Dict[str, List[Placed]]  # by rule id, in file order


_FILE: List[_FileState] = []  # the file being scanned (Bandit scans one after another)


def _file_state(fname) -> _FileState:
    if _FILE and _FILE[0].fname == fname:
        return _FILE[0]
    state = _FileState(fname, {})
    _FILE[:] = [state]
    if not fname or fname == "<stdin>" or not os.path.isfile(fname):
        return state
    real = os.path.realpath(fname)
    findings = findings_for(real)
    if not findings:
        return state
    try:
        source = decode_python(read_bytes(real))
    except ReadError as exc:
        LOG.warning("flasklint: %s: cannot place findings: %s", fname, exc)
        return state
    lines = source_lines(source)
    for f in sorted(findings, key=lambda f: f.sort_key()):
        state.pending.setdefault(f.rule, []).append(place(lines, f))
    for queue in state.pending.values():
        queue.reverse()  # pop() from the end: file order
    return state


FALLBACK_CWE = 710


def _issue(rule: registry.Rule, placed: Placed):
    f = placed.finding
    # Bandit's CSV formatter fails on an issue without a CWE; rules that have
    # none (correctness rules) go through Bandit as CWE-710, "Improper
    # Adherence to Coding Standards" (README).
    cwe = rule.cwe[0] if rule.cwe else FALLBACK_CWE
    text = f.message
    if f.related:
        text += " (" + "; ".join(f"{r.message}: {r.location.path}:{r.location.line}" for r in f.related) + ")"
    text += f" (docs: {rule.help_uri})"
    issue = b_issue.Issue(
        severity=f.severity,
        confidence=f.confidence,
        cwe=cwe,
        text=text,
        lineno=placed.lineno,
        test_id=rule.id,
        col_offset=placed.col_offset,
        end_col_offset=placed.end_col_offset,
    )
    issue.linerange = [placed.lineno]
    return issue


def report(rule: registry.Rule, context):
    """The body of every flasklint Bandit test: the next finding of ``rule``
    in the file being scanned, if any."""
    try:
        state = _file_state(context.filename)
        queue = state.pending.get(rule.id)
        if not queue:
            return None
        placed = queue.pop()
        raw = getattr(context, "_context", None)
        if isinstance(raw, dict):
            # Bandit's per-test copy of the node context: after the test it
            # reads `# nosec` from raw["linerange"] and overwrites the issue's
            # end column with raw["end_col_offset"].  Make both the finding's.
            raw["lineno"] = placed.lineno
            raw["linerange"] = [placed.lineno]
            raw["col_offset"] = placed.col_offset
            raw["end_col_offset"] = placed.end_col_offset
        if context.node is None and queue:  # the File check is the last call
            for rest in reversed(queue):
                LOG.warning(
                    "flasklint: %s:%d: %s: too many findings of this rule in the file to report through Bandit; "
                    "the flasklint CLI reports it",
                    context.filename,
                    rest.lineno,
                    rule.id,
                )
            queue.clear()
        return _issue(rule, placed)
    except RecursionError:
        LOG.error("flasklint: internal error in %s on %s: recursion limit reached", rule.id, context.filename)
    except Exception as exc:  # a Bandit test must never raise
        LOG.error("flasklint: internal error in %s on %s: %s: %s", rule.id, context.filename, type(exc).__name__, exc)
    return None


def _make_test(rule: registry.Rule):
    rule_id = rule.id

    def bandit_test(context):
        # Called for every simple statement of every file: when the file
        # being scanned is known and holds no pending finding of this rule
        # (nearly always), one comparison and one dict lookup.
        if _FILE and _FILE[0].fname == context.filename and not _FILE[0].pending.get(rule_id):
            return None
        return report(rule, context)

    bandit_test.__name__ = bandit_test.__qualname__ = test_name(rule)
    bandit_test.__doc__ = f"{rule.id} {rule.name}: {rule.summary}. {rule.help_uri}"
    test.checks(*CARRIER_TYPES, FILE)(bandit_test)
    test.test_id(rule.id)(bandit_test)
    return bandit_test


# One module attribute per rule, named by its id: the entry points in setup.py
# (``debug_run = flasklint.bandit_plugin:FL101``) load them.
for _rule in bandit_rules():
    setattr(sys.modules[__name__], _rule.id, _make_test(_rule))
del _rule
