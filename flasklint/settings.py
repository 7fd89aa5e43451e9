"""Configuration: ``.flasklint.toml`` or ``flasklint.toml`` (keys at the top
level), ``[tool.flasklint]`` in ``pyproject.toml``, ``[flasklint]`` in
``setup.cfg`` or ``tox.ini``.

Each linted path gets the first file holding a flasklint section walking up
from it (see :func:`find_config`; the CLI groups the paths by the file they
get, as ruff does); in one directory the files are looked at in the order
of :data:`CONFIG_FILES`.  ``--config FILE`` overrides the search and
``--no-config`` disables it.  A ``pyproject.toml`` without a
``[tool.flasklint]`` table, a ``setup.cfg`` or ``tox.ini`` without
``[flasklint]``, does not stop the search; a ``flasklint.toml`` always does
(even empty).  A file found by the search is read only if it is a regular
file whose real path is inside the directory it was found in (a link out of
it is a :class:`ConfigError`: a repository must not make flasklint read, and
print parts of, a file elsewhere); ``--config`` reads what the user names.

Keys (kebab-case; ``snake_case`` is accepted too)::

    select, ignore, extend-select      rule ids, prefixes, names or ALL
    per-file-ignores                   glob -> rule ids
    exclude, extend-exclude            files and directories not linted
    respect-gitignore                  skip what .gitignore files ignore (default true)
    severity, confidence               minimum level reported (LOW/MEDIUM/HIGH)
    format                             text, json, sarif or github
    target-version                     the Python the project targets: py38 .. py314
    app-factories                      functions outside the linted tree that return a Flask app
    app-classes, blueprint-classes     Flask / Blueprint subclasses outside the linted tree

An unknown key, an unknown rule id or a value of the wrong type is a
:class:`ConfigError` (the CLI exits 2 naming the key and the file).

Glob patterns in ``exclude``/``extend-exclude``/``per-file-ignores`` are
relative to the directory of the configuration file:

* a pattern without ``/`` matches a file or directory *name* anywhere
  (``migrations``, ``*_test.py``);
* a pattern with ``/`` matches the path relative to that directory
  (``tests/fixtures``, ``src/*/legacy.py``, ``tests/**``); ``*`` may cross
  ``/`` (as in :mod:`fnmatch`), and a directory pattern covers everything
  below it.
"""

from __future__ import annotations

import configparser
import fnmatch
import os
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from flasklint import registry
from flasklint.report import FORMATS as RENDERERS
from flasklint.source.files import DEFAULT_EXCLUDE, ReadError, read_bytes
from flasklint.source.newsyntax import parse_target

try:  # Python 3.11+
    import tomllib as _toml
except ImportError:  # pragma: no cover - Python < 3.11
    import tomli as _toml  # type: ignore[no-redef]

FORMATS = tuple(RENDERERS)  # (the reporters registry: one list of formats)
LEVELS = ("LOW", "MEDIUM", "HIGH")

# In one directory, the first of these holding a flasklint section wins
# (flasklint's own files first, as ruff prefers ruff.toml).
CONFIG_FILES = (".flasklint.toml", "flasklint.toml", "pyproject.toml", "setup.cfg", "tox.ini")

KEYS = (
    "select",
    "ignore",
    "extend-select",
    "per-file-ignores",
    "exclude",
    "extend-exclude",
    "respect-gitignore",
    "severity",
    "confidence",
    "format",
    "target-version",
    "app-factories",
    "app-classes",
    "blueprint-classes",
)

# Keys declaring helpers of the project that live outside the linted tree.
DECLARATION_KEYS = ("app-factories", "app-classes", "blueprint-classes")
_DOTTED = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$")


class ConfigError(Exception):
    """A configuration problem; the message names the file and the key."""


@dataclass
class Settings:
    """Effective settings: the configuration file's, then the command
    line's on top (see :func:`merge_cli`)."""

    path: Optional[str] = None  # the configuration file, if any
    base: str = field(default_factory=os.getcwd)  # directory patterns are relative to
    select: Optional[List[str]] = None
    ignore: List[str] = field(default_factory=list)
    extend_select: List[str] = field(default_factory=list)
    per_file_ignores: List[Tuple[str, List[str]]] = field(default_factory=list)
    exclude: Optional[List[str]] = None  # None: the defaults
    extend_exclude: List[str] = field(default_factory=list)
    respect_gitignore: bool = True
    severity: str = "LOW"
    confidence: str = "LOW"
    format: Optional[str] = None
    target_version: Optional[Tuple[int, int]] = None  # (3, 12) for py312
    # helpers declared by the project (qualified names): functions returning
    # a Flask app, Flask subclasses, Blueprint subclasses
    app_factories: List[str] = field(default_factory=list)
    app_classes: List[str] = field(default_factory=list)
    blueprint_classes: List[str] = field(default_factory=list)

    def knowledge(self):
        """What flasklint knows of extensions, with these declarations."""
        from flasklint.knowledge.extensions import declared

        return declared(self.app_factories, self.app_classes, self.blueprint_classes)

    @property
    def section(self) -> str:
        if self.path and os.path.basename(self.path).endswith(".toml"):
            return "[tool.flasklint]" if os.path.basename(self.path) == "pyproject.toml" else "(top level)"
        return "[flasklint]"

    def exclude_patterns(self) -> Tuple[Any, ...]:
        """Patterns for :func:`flasklint.source.files.discover`: name globs as
        strings, path globs as predicates on a path."""
        pats = list(DEFAULT_EXCLUDE if self.exclude is None else self.exclude) + list(self.extend_exclude)
        out: List[Any] = []
        for p in pats:
            if "/" in p.strip("/"):
                out.append(_PathGlob(self.base, p))
            else:
                out.append(p.strip("/"))
        return tuple(out)

    def per_file_matchers(self) -> List[Tuple[Callable[[str], bool], frozenset]]:
        out = []
        for pattern, ids in self.per_file_ignores:
            rules = set()
            for sel in ids:
                rules.update(registry.expand_selector(sel))
            out.append((_PathGlob(self.base, pattern), frozenset(rules)))
        return out


class _PathGlob:
    """Matches absolute paths against a glob relative to ``base`` (see the
    module docstring)."""

    def __init__(self, base: str, pattern: str):
        self.base = os.path.abspath(base)
        self.pattern = pattern.strip().replace(os.sep, "/")
        if self.pattern.startswith("./"):
            self.pattern = self.pattern[2:]
        self.by_name = "/" not in self.pattern.rstrip("/")
        self.pattern = self.pattern.rstrip("/") or "*"

    def __call__(self, path: str) -> bool:
        rel = os.path.relpath(os.path.abspath(path), self.base).replace(os.sep, "/")
        if rel.startswith("../") or rel == "..":
            return False
        parts = rel.split("/")
        if self.by_name:
            return any(fnmatch.fnmatchcase(p, self.pattern) for p in parts)
        pat = self.pattern
        # The path itself, or any directory above it, matching the pattern.
        for i in range(len(parts), 0, -1):
            prefix = "/".join(parts[:i])
            if fnmatch.fnmatchcase(prefix, pat):
                return True
            if pat.endswith("/**") and fnmatch.fnmatchcase(prefix, pat[:-3]):
                return True
        return False

    def __repr__(self):
        return f"_PathGlob({self.base!r}, {self.pattern!r})"


# -- finding and reading ----------------------------------------------------


def find_config(start: Optional[str] = None) -> Optional[str]:
    """The first configuration file with a flasklint section, walking up
    from ``start`` (default: the working directory; a file: from its
    directory)."""
    directory = os.path.abspath(start or os.getcwd())
    if not os.path.isdir(directory) and os.path.lexists(directory):
        directory = os.path.dirname(directory)
    while True:
        for name in CONFIG_FILES:
            path = os.path.join(directory, name)
            if os.path.lexists(path) and _found(path) and _has_section(path):
                return path
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent


def _found(path: str) -> bool:
    """Whether a file found by the search may be read: a regular file
    (never a FIFO, which would block) whose real path is inside the
    directory it was found in; ConfigError for a link leading out of it."""
    if not os.path.isfile(path):
        return False
    directory = os.path.realpath(os.path.dirname(path))
    real = os.path.realpath(path)
    if not real.startswith(directory.rstrip(os.sep) + os.sep):
        raise ConfigError(
            f"{_display(path)}: symbolic link out of its directory; not read (name it with --config to use it)"
        )
    return True


def _has_section(path: str) -> bool:
    return _read_section(path) is not None


def _display(path: str) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return path if rel.startswith("..") else rel


def _read_section(path: str) -> Optional[Dict[str, Any]]:
    """The flasklint section of ``path`` as a dict of raw values, or None
    when the file has none."""
    name = os.path.basename(path)
    try:
        data = read_bytes(path)  # (a regular file within the size limit)
    except ReadError as exc:
        raise ConfigError(f"{_display(path)}: cannot read configuration: {exc}") from None
    if name.endswith(".toml"):
        try:
            doc = _toml.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, _toml.TOMLDecodeError) as exc:
            raise ConfigError(f"{_display(path)}: invalid TOML: {exc}") from None
        except RecursionError:
            raise ConfigError(f"{_display(path)}: invalid TOML: values nested too deeply to read") from None
        if name == "pyproject.toml":
            tool = doc.get("tool")
            section = tool.get("flasklint") if isinstance(tool, dict) else None
            if section is None:
                return None
            if not isinstance(section, dict):
                raise ConfigError(f"{_display(path)}: [tool.flasklint] must be a table")
            return section
        return doc  # a dedicated flasklint.toml: keys at the top level
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(data.decode("utf-8"), source=path)
    except (UnicodeDecodeError, configparser.Error) as exc:
        raise ConfigError(f"{_display(path)}: invalid INI file: {exc}") from None
    if not parser.has_section("flasklint"):
        return None
    return {k: v for k, v in parser.items("flasklint")}


def load(path: Optional[str] = None, start: Optional[str] = None, explicit: bool = False) -> Settings:
    """Settings from ``path`` (``--config``), or from the first configuration
    file found walking up from ``start``; defaults when none is found."""
    if path is None:
        path = find_config(start)
        if path is None:
            return Settings(base=os.path.abspath(start or os.getcwd()))
    path = os.path.abspath(path)
    if not os.path.isfile(path):
        raise ConfigError(f"{_display(path)}: configuration file not found")
    raw = _read_section(path)
    if raw is None:
        if explicit:
            raise ConfigError(
                f"{_display(path)}: no {'[tool.flasklint]' if path.endswith('pyproject.toml') else '[flasklint]'} section"
            )
        raw = {}
    return parse(raw, path)


def parse(raw: Dict[str, Any], path: str) -> Settings:
    settings = Settings(path=path, base=os.path.dirname(os.path.abspath(path)))
    toml = path.endswith(".toml")
    where = f"{_display(path)}: {settings.section}"
    for key, value in raw.items():
        norm = key.replace("_", "-").lower()
        if norm not in KEYS:
            raise ConfigError(f"{where}: unknown key {key!r} (known keys: {', '.join(KEYS)})")
        ctx = f"{where} {key}"
        if norm in ("select", "ignore", "extend-select"):
            ids = _str_list(value, ctx, toml)
            _check_ids(ids, ctx)
            if norm == "select":
                settings.select = ids
            elif norm == "ignore":
                settings.ignore = ids
            else:
                settings.extend_select = ids
        elif norm in ("exclude", "extend-exclude"):
            pats = _str_list(value, ctx, toml)
            if norm == "exclude":
                settings.exclude = pats
            else:
                settings.extend_exclude = pats
        elif norm == "respect-gitignore":
            settings.respect_gitignore = _bool(value, ctx)
        elif norm == "per-file-ignores":
            settings.per_file_ignores = _per_file(value, ctx, toml)
        elif norm in ("severity", "confidence"):
            setattr(settings, norm, _level(value, ctx))
        elif norm in DECLARATION_KEYS:
            names = _str_list(value, ctx, toml)
            bad = [n for n in names if not _DOTTED.match(n)]
            if bad:
                raise ConfigError(f"{ctx}: {bad[0]!r} is not a qualified name such as 'mycompany.web.make_app'")
            setattr(settings, norm.replace("-", "_"), names)
        elif norm == "target-version":
            try:
                settings.target_version = parse_target(value)
            except ValueError as exc:
                raise ConfigError(f"{ctx}: {exc}") from None
        elif norm == "format":
            if not isinstance(value, str) or value.strip().lower() not in FORMATS:
                raise ConfigError(f"{ctx}: must be one of {', '.join(FORMATS)}, not {value!r}")
            settings.format = value.strip().lower()
    return settings


def _str_list(value: Any, ctx: str, toml: bool) -> List[str]:
    if isinstance(value, str):
        if toml:
            raise ConfigError(f"{ctx}: must be a list of strings, not a string")
        return [p.strip() for p in value.replace("\n", ",").split(",") if p.strip()]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [v.strip() for v in value if v.strip()]
    raise ConfigError(f"{ctx}: must be a list of strings")


def _check_ids(ids: Sequence[str], ctx: str) -> None:
    for sel in ids:
        try:
            registry.expand_selector(sel)
        except ValueError as exc:
            raise ConfigError(f"{ctx}: {exc}") from None


def _per_file(value: Any, ctx: str, toml: bool) -> List[Tuple[str, List[str]]]:
    out: List[Tuple[str, List[str]]] = []
    if isinstance(value, dict):
        items = list(value.items())
    elif isinstance(value, str) and not toml:
        # flake8's format: one "glob: ids" per line.
        items = []
        for line in value.splitlines():
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            glob, sep, ids = line.rpartition(":")
            if not sep or not glob.strip():
                raise ConfigError(f"{ctx}: expected 'glob: ids' lines, got {line!r}")
            items.append((glob.strip(), ids))
    else:
        raise ConfigError(f"{ctx}: must be a table of glob = [rule ids]")
    for glob, ids in items:
        lst = _str_list(ids, f"{ctx} {glob!r}", toml)
        _check_ids(lst, f"{ctx} {glob!r}")
        out.append((glob, lst))
    return out


def _bool(value: Any, ctx: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false", "yes", "no", "on", "off", "1", "0"):
        return value.strip().lower() in ("true", "yes", "on", "1")
    raise ConfigError(f"{ctx}: must be true or false, not {value!r}")


def _level(value: Any, ctx: str) -> str:
    if not isinstance(value, str) or value.strip().upper() not in LEVELS:
        raise ConfigError(f"{ctx}: must be one of {', '.join(LEVELS)}, not {value!r}")
    return value.strip().upper()


def level_rank(level: str) -> int:
    return LEVELS.index(level.upper())


def find_project_root(paths: Sequence[str]) -> str:
    """The project root of the given files: walking up from their common
    directory, the first directory holding ``pyproject.toml``, ``setup.py``,
    ``setup.cfg`` or ``.git``; their common directory when none does."""
    from flasklint.source.files import find_root

    start = find_root(paths)
    directory = start
    while True:
        for marker in ("pyproject.toml", "setup.py", "setup.cfg", ".git"):
            if os.path.exists(os.path.join(directory, marker)):
                return directory
        parent = os.path.dirname(directory)
        if parent == directory:
            return start
        directory = parent
