"""Fixing a project: apply the findings' fixes file by file, lint again,
repeat until nothing changes (at most :data:`MAX_PASSES` passes).

* A file is written only when its fixed text still parses (``ast.parse``);
  otherwise it is left as it is and named in :attr:`Outcome.skipped`.
* Writes are atomic (a temporary file in the same directory renamed over
  the file) and never go through a symbolic link: a file reached through a
  link, or whose real path leaves the project, is not fixed
  (docs/design/threat-model.md).
* ``write=False`` (``--diff``) writes nothing: the later passes lint the
  fixed texts through :func:`flasklint.source.files.overlay`.

The caller supplies ``relint(overlay)``, which lints the same paths with the
same options again (``overlay``: absolute path -> bytes, or None when the
files on disk are current).
"""

from __future__ import annotations

import ast
import os
import tempfile
import warnings
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Tuple

from flasklint.finding import Finding, Fix
from flasklint.fixes.apply import apply_fixes
from flasklint.source.files import ReadError, read_bytes

MAX_PASSES = 5

_BOM = b"\xef\xbb\xbf"


@dataclass
class Outcome:
    result: object  # the last lint Result: what remains
    fixed: int = 0  # fixes applied, over every pass
    # absolute path -> (original text, fixed text), for files that changed
    changed: Dict[str, Tuple[str, str]] = field(default_factory=dict)
    skipped: List[Tuple[str, str]] = field(default_factory=list)  # (absolute path, why)
    converged: bool = True


def wanted(f: Finding, unsafe: bool) -> Optional[Fix]:
    fix = f.fix
    if fix is None or (not fix.safe and not unsafe):
        return None
    return fix


def fixable(findings, unsafe: bool) -> int:
    return sum(1 for f in findings if wanted(f, unsafe) is not None)


def _abspath(result, f: Finding) -> str:
    cwd = result.project.cwd if result.project is not None else os.getcwd()
    return os.path.normpath(os.path.join(cwd, f.path))


def _by_file(result, unsafe: bool) -> Dict[str, List[Fix]]:
    out: Dict[str, List[Fix]] = {}
    for f in result.findings:
        fix = wanted(f, unsafe)
        if fix is not None:
            out.setdefault(_abspath(result, f), []).append(fix)
    return out


def _root(result) -> str:
    project = result.project
    root = getattr(project, "root", None) if project is not None else None
    return os.path.abspath(root or (project.cwd if project is not None else os.getcwd()))


def _unlinked(path: str, root: str) -> bool:
    """``path`` is reached from ``root`` without a symbolic link, and is a
    regular file (not a link itself)."""
    real_root = os.path.realpath(root)
    if os.path.islink(path) or not os.path.isfile(path):
        return False
    rel_real = os.path.relpath(os.path.realpath(path), real_root)
    rel = os.path.relpath(os.path.abspath(path), root)
    return rel_real == rel and not rel.startswith(os.pardir)


def _decode(data: bytes) -> Optional[Tuple[bytes, str]]:
    bom = _BOM if data.startswith(_BOM) else b""
    try:
        return bom, data[len(bom):].decode("utf-8")
    except UnicodeDecodeError:
        return None


def _parses(text: str, path: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # (invalid escape sequences: not ours to report)
            ast.parse(text, filename=path)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return False
    return True


def write_atomic(path: str, data: bytes) -> None:
    """Replace ``path``'s content by renaming a temporary file over it (the
    file keeps its permission bits).  Raises OSError."""
    directory = os.path.dirname(os.path.abspath(path))
    mode = os.stat(path).st_mode & 0o7777
    fd, tmp = tempfile.mkstemp(prefix=".flasklint-fix-", dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def fix_project(first, relint: Callable[[Optional[Dict[str, bytes]]], object], unsafe: bool = False, write: bool = True,
                max_passes: int = MAX_PASSES) -> Outcome:
    """Apply the fixes of ``first``'s findings (safe ones; unsafe ones too
    when ``unsafe``), linting again after each pass."""
    out = Outcome(first)
    root = _root(first)
    original: Dict[str, Tuple[bytes, str]] = {}  # path -> (BOM, text as first read)
    current: Dict[str, str] = {}
    refused: Dict[str, str] = {}
    result = first
    for _ in range(max_passes):
        todo = {p: fx for p, fx in _by_file(result, unsafe).items() if p not in refused}
        if not todo:
            break
        changed = False
        for path, fixes in sorted(todo.items()):
            if path not in original:
                if not _unlinked(path, root):
                    refused[path] = "reached through a symbolic link or outside the project; not fixed"
                    continue
                try:
                    got = _decode(read_bytes(path))
                except ReadError as exc:
                    refused[path] = f"not fixed: {exc}"
                    continue
                if got is None:
                    refused[path] = "not UTF-8; not fixed"
                    continue
                original[path] = got
                current[path] = got[1]
            text = current[path]
            new, applied = apply_fixes(text, fixes)
            if not applied or new == text:
                continue
            if not _parses(new, path):
                refused[path] = "the fixed file would not parse; not fixed"
                continue
            if write:
                try:
                    write_atomic(path, original[path][0] + new.encode("utf-8"))
                except OSError as exc:
                    refused[path] = f"cannot write: {exc.strerror or exc}"
                    continue
            current[path] = new
            out.fixed += len(applied)
            changed = True
        if not changed:
            break
        overlay = None if write else {p: original[p][0] + t.encode("utf-8") for p, t in current.items()}
        result = relint(overlay)
    else:
        out.converged = not {p for p in _by_file(result, unsafe) if p not in refused}
    out.result = result
    out.changed = {p: (original[p][1], t) for p, t in current.items() if t != original[p][1]}
    out.skipped = sorted(refused.items())
    return out
