"""Discovery and reading of the files flasklint looks at.

Nothing here imports or executes project code: files are read as bytes and
decoded following PEP 263.  Symlinks are followed only while they stay inside
the project root, and loops are detected.
"""

from __future__ import annotations

import contextlib
import errno
import fnmatch
import io
import os
import re
import stat
import tokenize
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Set, Tuple

DEFAULT_EXCLUDE = (
    ".git",
    ".hg",
    ".svn",
    ".tox",
    ".nox",
    ".venv",
    "venv",
    "env",
    "build",
    "dist",
    "node_modules",
    "__pycache__",
    "site-packages",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    ".flasklint_cache",
    "*.egg-info",
)

ENV_FILES = (".flaskenv", ".env")

# Files whose content changes the findings of a whole project: flasklint's
# configuration (flasklint.settings.CONFIG_FILES) and the packaging files
# the model reads at the project root (flasklint.model.requirements).
PROJECT_FILES = (
    ".flasklint.toml",
    "flasklint.toml",
    "pyproject.toml",
    "setup.cfg",
    "tox.ini",
    "setup.py",
    "Pipfile",
    "Pipfile.lock",
    "poetry.lock",
    "uv.lock",
)


def is_project_file(name: str) -> bool:
    """Whether a file of this name, at a project's root, changes the
    findings of the whole project (see :data:`PROJECT_FILES`)."""
    return name in PROJECT_FILES or fnmatch.fnmatchcase(name, "requirements*.txt")

# Files larger than this are not parsed (reported as FL002).
MAX_FILE_BYTES = 1024 * 1024
TOO_LARGE = "file is too large to lint"  # (how the FL002 message starts)


@dataclass
class Diagnostic:
    """A problem with an input file (FL0xx)."""

    rule: str
    path: str
    message: str
    line: int = 1
    column: int = 1


@dataclass
class Discovered:
    root: str
    python_files: List[str] = field(default_factory=list)
    env_files: List[str] = field(default_factory=list)
    other_files: List[str] = field(default_factory=list)  # everything else found (the cache watches them)
    diagnostics: List[Diagnostic] = field(default_factory=list)


def _compile_exclusions(patterns: Sequence):
    """Whether a directory entry is excluded, as one function for a whole
    walk: ``excluded(name, path)``.  A pattern is a glob on the entry's
    name (plain names by set lookup, globs as one regular expression) or a
    predicate taking its path (path globs from the configuration, see
    flasklint.settings)."""
    plain = {p for p in patterns if isinstance(p, str) and not any(c in p for c in "*?[")}
    globs = [p for p in patterns if isinstance(p, str) and p not in plain]
    preds = [p for p in patterns if callable(p) and not getattr(p, "takes_is_dir", False)]
    # (predicates told whether the entry is a directory: .gitignore, see gitignore.py)
    dir_preds = [p for p in patterns if callable(p) and getattr(p, "takes_is_dir", False)]
    rx = re.compile("|".join(f"(?:{fnmatch.translate(g)})" for g in globs)).match if globs else None

    def excluded(name: str, path: Optional[str] = None, is_dir: Optional[bool] = None) -> bool:
        if name in plain or (rx is not None and rx(name)):
            return True
        if path is None:
            return False
        return any(p(path) for p in preds) or any(p(path, is_dir) for p in dir_preds)

    return excluded


def find_root(paths: Sequence[str]) -> str:
    """The project root: the common directory of the given paths."""
    absd = []
    for p in paths:
        ap = os.path.abspath(p)
        absd.append(ap if os.path.isdir(ap) else os.path.dirname(ap))
    if not absd:
        return os.getcwd()
    try:
        return os.path.commonpath(absd)
    except ValueError:  # different drives
        return absd[0]


def discover(
    paths: Sequence[str],
    exclude: Sequence[str] = DEFAULT_EXCLUDE,
    root: Optional[str] = None,
) -> Discovered:
    root = os.path.abspath(root or find_root(paths))
    real_root = os.path.realpath(root)
    out = Discovered(root=root)
    seen_real: Set[str] = set()
    seen_files: Dict[str, str] = {}  # real path -> the path it is linted under
    excluded = _compile_exclusions(exclude)

    def canonical(path: str) -> bool:  # reached without going through a link
        return os.path.relpath(os.path.realpath(path), real_root) == os.path.relpath(os.path.abspath(path), root)

    def add_file(path: str, explicit: bool = False, real: Optional[str] = None) -> None:
        # ``real``: the real path when the caller knows it (a plain file in a
        # directory whose real path is known: no realpath() per file)
        name = os.path.basename(path)
        if not explicit and not (name.endswith(".py") or name in ENV_FILES):
            # Not a file flasklint lints (a LICENSE linked from a monorepo
            # root): no diagnostic, but the cache watches it (settings.cfg,
            # an INI file a config loader reads).
            if _inside(real or os.path.realpath(path), real_root):
                out.other_files.append(path)
            return
        real = real or os.path.realpath(path)
        target = out.python_files if name.endswith(".py") else out.env_files
        if real in seen_files:
            # Reached twice (a link inside the project): lint it once, under
            # its real path when that is one of the two -- its module name.
            prev = seen_files[real]
            if not canonical(prev) and canonical(path):
                for lst in (out.python_files, out.env_files):
                    if prev in lst:
                        lst.remove(prev)
                target.append(path)
                seen_files[real] = path
            return
        if not _inside(real, real_root):
            out.diagnostics.append(
                Diagnostic("FL002", path, "symbolic link points outside the project; not followed")
            )
            return
        seen_files[real] = path
        target.append(path)

    def walk(directory: str, depth: int, ancestors: frozenset = frozenset(), real: Optional[str] = None) -> None:
        # ``real``: its real path when the caller knows it (a directory that
        # is not a link, in a directory whose real path is known)
        real = real or os.path.realpath(directory)
        if real in ancestors:  # a link back up the tree (``up -> ..``)
            out.diagnostics.append(
                Diagnostic("FL002", directory, "symbolic link loop; directory not entered")
            )
            return
        if real in seen_real:  # reached again through another link: linted once
            return
        if not _inside(real, real_root):
            out.diagnostics.append(
                Diagnostic("FL002", directory, "symbolic link points outside the project; not followed")
            )
            return
        if depth > 100:
            out.diagnostics.append(Diagnostic("FL002", directory, "directory nesting too deep; not entered"))
            return
        seen_real.add(real)
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            out.diagnostics.append(Diagnostic("FL002", directory, f"cannot list directory: {exc.strerror or exc}"))
            return
        for entry in entries:
            try:
                is_dir = entry.is_dir()  # follows symlinks
                is_file = entry.is_file()
            except OSError:
                is_dir = is_file = False
            if excluded(entry.name, entry.path, is_dir):
                continue
            if is_dir:
                try:
                    link = entry.is_symlink()
                except OSError:
                    link = True
                walk(entry.path, depth + 1, ancestors | {real}, None if link else os.path.join(real, entry.name))
            elif is_file:
                try:
                    link = entry.is_symlink()
                except OSError:
                    link = True
                add_file(entry.path, real=None if link else os.path.join(real, entry.name))
            elif entry.is_symlink():
                if entry.name.endswith(".py") or entry.name in ENV_FILES:  # a file flasklint would read
                    out.diagnostics.append(Diagnostic("FL002", entry.path, _broken_link(entry.path)))
            elif entry.name.endswith(".py") or entry.name in ENV_FILES:
                out.diagnostics.append(Diagnostic("FL002", entry.path, "not a regular file; not read"))

    for p in paths:
        if os.path.isdir(p):
            walk(p, 0)
        elif os.path.isfile(p) or overlaid(p):
            add_file(p, explicit=True)
        elif os.path.islink(p):
            out.diagnostics.append(Diagnostic("FL002", p, _broken_link(p)))
        elif os.path.exists(p):
            out.diagnostics.append(Diagnostic("FL002", p, "not a regular file; not read"))
        else:
            out.diagnostics.append(Diagnostic("FL002", p, "no such file or directory"))
    return out


def _broken_link(path: str) -> str:
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop; not followed"
    return "broken symbolic link"


def _inside(real: str, real_root: str) -> bool:
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


def inside_root(path: str, root: str) -> bool:
    return _inside(os.path.realpath(path), os.path.realpath(root))


class ReadError(Exception):
    def __init__(self, message: str, line: int = 1, column: int = 1):
        super().__init__(message)
        self.line = line
        self.column = column


# Contents that replace files' bytes in this process (absolute path ->
# bytes): an editor's buffer read from stdin (``flasklint - --stdin-filename
# PATH``), or the files ``flasklint --diff`` fixed without writing them.
# Empty otherwise; see :func:`overlay`.
_OVERLAY: Dict[str, bytes] = {}


@contextlib.contextmanager
def overlay(contents: Dict[str, bytes]):
    """Within the block, :func:`read_bytes` answers ``contents`` for those
    files instead of reading them, and :func:`discover` finds them even if
    they do not exist on disk.  In-process only: the caller lints without
    worker processes or cache while it is active; nothing is written."""
    old = dict(_OVERLAY)
    _OVERLAY.update({os.path.abspath(k): v for k, v in contents.items()})
    try:
        yield
    finally:
        _OVERLAY.clear()
        _OVERLAY.update(old)


def overlaid(path: str) -> bool:
    return bool(_OVERLAY) and os.path.abspath(path) in _OVERLAY


def read_bytes(path: str, max_bytes: Optional[int] = None) -> bytes:
    """The bytes of a regular file of at most ``max_bytes`` (default
    :data:`MAX_FILE_BYTES`); ReadError with a user-facing reason otherwise.
    Never opens a FIFO or a device (which could block or never end)."""
    limit = MAX_FILE_BYTES if max_bytes is None else max_bytes
    if _OVERLAY:
        given = _OVERLAY.get(os.path.abspath(path))
        if given is not None:
            if len(given) > limit:
                raise ReadError(f"{TOO_LARGE} ({len(given)} bytes; the limit is {limit})")
            return given
    try:
        st = os.stat(path)
    except OSError as exc:
        raise ReadError(f"cannot read file: {_oserror(exc)}") from None
    if stat.S_ISDIR(st.st_mode):
        raise ReadError("is a directory")
    if not stat.S_ISREG(st.st_mode):
        raise ReadError("not a regular file; not read")
    if st.st_size > limit:
        raise ReadError(f"{TOO_LARGE} ({st.st_size} bytes; the limit is {limit})")
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise ReadError(f"cannot read file: {_oserror(exc)}") from None
    if len(data) > limit:  # grew since stat
        raise ReadError(f"{TOO_LARGE} (over {limit} bytes)")
    return data


def _oserror(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    return exc.strerror or str(exc)


def decode_python(data: bytes) -> str:
    """Decode Python source following PEP 263 (BOM, coding cookie)."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:
        raise ReadError(f"invalid encoding declaration: {exc.msg}") from None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ReadError(f"cannot decode file as {encoding}: invalid byte 0x{data[exc.start]:02x}", line, column) from None
    except LookupError as exc:
        raise ReadError(f"unknown encoding: {exc}") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


_NEWLINE = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> List[str]:
    """Split source text into lines as Python's tokenizer counts them (only
    ``\\n``, ``\\r\\n`` and ``\\r`` end a line -- unlike ``str.splitlines``,
    which also splits at form feeds, ``\\x1c``-``\\x1e``, ``\\x85`` and
    ``\\u2028``, shifting every later line number)."""
    lines = _NEWLINE.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def decode_text(data: bytes) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ReadError(f"cannot decode file as utf-8: {_short(exc)}") from None
    return text[1:] if text.startswith("\ufeff") else text


def _short(exc: Exception) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return f"invalid byte 0x{exc.object[exc.start]:02x} at offset {exc.start}"
    return str(exc)


def module_name(path: str, root: str, packages: Optional[Dict[str, bool]] = None) -> Tuple[str, bool]:
    """The dotted module name of ``path`` and whether it is a package.

    The name is taken from the package structure (directories holding
    ``__init__.py``); directories above the topmost package form the import
    root, as with ``python -m`` run from there.  ``packages`` memoises which
    directories are packages (one dict per project scan).
    """
    path = os.path.abspath(path)
    directory, filename = os.path.split(path)
    stem = filename[:-3]
    is_pkg = stem == "__init__"
    parts: List[str] = [] if is_pkg else [stem]

    def package(d: str) -> bool:
        if packages is None:
            return os.path.isfile(os.path.join(d, "__init__.py"))
        got = packages.get(d)
        if got is None:
            got = packages[d] = os.path.isfile(os.path.join(d, "__init__.py"))
        return got

    while package(directory):
        directory, name = os.path.split(directory)
        parts.insert(0, name)
        if not name:
            break
    return ".".join(p for p in parts if p), is_pkg


def alt_module_names(path: str, root: str, primary: Optional[str] = None) -> List[str]:
    """Further names a module is importable as: its package name extended
    upward through directories without ``__init__.py`` (namespace packages,
    ``src/`` layouts run from the project root).  Never a suffix of the real
    name: ``pkg/model/flask.py`` is ``pkg.model.flask``, not ``flask``."""
    names = []
    path = os.path.abspath(path)
    if primary is None:
        primary, _ = module_name(path, root)
    rel = os.path.relpath(path, root)
    if rel.startswith(".."):
        return names
    parts = rel[:-3].split(os.sep)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    for i in range(len(parts)):
        cand = parts[i:]
        dotted = ".".join(cand)
        if not cand or not all(p.isidentifier() for p in cand):
            continue
        if dotted == primary or dotted.endswith("." + primary) or not primary:
            names.append(dotted)
    return names
