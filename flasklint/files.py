"""Discovery and reading of the files flasklint looks at.

Nothing here imports or executes project code: files are read as bytes and
decoded following PEP 263.  Symlinks are followed only while they stay inside
the project root, and loops are detected.
"""

from __future__ import annotations

import io
import os
import tokenize
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional, Sequence, Set, Tuple

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

# Files larger than this are not parsed (reported as FL002).
MAX_FILE_BYTES = 2 * 1024 * 1024


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


def _excluded(name: str, patterns: Sequence[str]) -> bool:
    import fnmatch

    return any(fnmatch.fnmatchcase(name, p) for p in patterns)


def _exclusion_test(patterns: Sequence[str]):
    """``_excluded`` for many names: plain names by set lookup."""
    plain = {p for p in patterns if not any(c in p for c in "*?[")}
    globs = [p for p in patterns if p not in plain]
    return lambda name: name in plain or (bool(globs) and _excluded(name, globs))


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
    seen_files: Set[str] = set()

    is_excluded = _exclusion_test(exclude)

    def add_file(path: str, real: Optional[str] = None) -> None:
        # ``real``: known when no symbolic link is on the way (walk())
        name = os.path.basename(path)
        real = real or os.path.realpath(path)
        if real in seen_files:
            return
        if not _inside(real, real_root):
            out.diagnostics.append(
                Diagnostic("FL002", path, "symbolic link points outside the project; not followed")
            )
            return
        seen_files.add(real)
        if name.endswith(".py"):
            out.python_files.append(path)
        elif name in ENV_FILES:
            out.env_files.append(path)
        else:
            out.other_files.append(path)

    def walk(directory: str, depth: int, real: Optional[str] = None) -> None:
        real = real or os.path.realpath(directory)
        if real in seen_real:
            out.diagnostics.append(
                Diagnostic("FL002", directory, "symbolic link loop; directory not entered")
            )
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
            if is_excluded(entry.name):
                continue
            try:
                is_dir = entry.is_dir()  # follows symlinks
                is_file = entry.is_file()
                # not a link: its real path is its real parent's + its name
                child_real = None if entry.is_symlink() else os.path.join(real, entry.name)
            except OSError:
                is_dir = is_file = False
            if is_dir:
                walk(entry.path, depth + 1, child_real)
            elif is_file:
                add_file(entry.path, child_real)
            elif entry.is_symlink():
                out.diagnostics.append(Diagnostic("FL002", entry.path, "broken symbolic link"))

    for p in paths:
        if os.path.isdir(p):
            walk(p, 0)
        elif os.path.isfile(p):
            add_file(p)
        elif os.path.islink(p):
            out.diagnostics.append(Diagnostic("FL002", p, "broken symbolic link"))
        else:
            out.diagnostics.append(Diagnostic("FL002", p, "no such file or directory"))
    return out


def _inside(real: str, real_root: str) -> bool:
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


def inside_root(path: str, root: str) -> bool:
    return _inside(os.path.realpath(path), os.path.realpath(root))


class ReadError(Exception):
    def __init__(self, message: str, line: int = 1, column: int = 1):
        super().__init__(message)
        self.line = line
        self.column = column


def read_bytes(path: str, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    try:
        size = os.path.getsize(path)
    except OSError as exc:
        raise ReadError(f"cannot read file: {exc.strerror or exc}") from None
    if size > max_bytes:
        raise ReadError(f"file is too large to lint ({size} bytes; the limit is {max_bytes})")
    try:
        with open(path, "rb") as fh:
            return fh.read(max_bytes + 1)
    except IsADirectoryError:
        raise ReadError("is a directory") from None
    except OSError as exc:
        raise ReadError(f"cannot read file: {exc.strerror or exc}") from None


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


def module_name(path: str, root: str) -> Tuple[str, bool]:
    """The dotted module name of ``path`` and whether it is a package.

    The name is taken from the package structure (directories holding
    ``__init__.py``); directories above the topmost package form the import
    root, as with ``python -m`` run from there.
    """
    path = os.path.abspath(path)
    directory, filename = os.path.split(path)
    stem = filename[:-3]
    is_pkg = stem == "__init__"
    parts: List[str] = [] if is_pkg else [stem]
    while os.path.isfile(os.path.join(directory, "__init__.py")):
        directory, name = os.path.split(directory)
        parts.insert(0, name)
        if not name:
            break
    return ".".join(p for p in parts if p), is_pkg


def alt_module_names(path: str, root: str) -> List[str]:
    """Further names a module is importable as: relative to the project root
    and to a ``src/`` folder (namespace packages without ``__init__.py``)."""
    names = []
    path = os.path.abspath(path)
    rel = os.path.relpath(path, root)
    if rel.startswith(".."):
        return names
    parts = rel[:-3].split(os.sep)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    for i in range(len(parts)):
        cand = parts[i:]
        if cand and all(p.isidentifier() for p in cand):
            names.append(".".join(cand))
    return names
