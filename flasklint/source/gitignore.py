"""``.gitignore`` as an exclusion for :func:`flasklint.source.files.discover`.

The ``.gitignore`` files from the project root down apply as in git: each
to its own directory and below, a deeper file's patterns after a shallower
one's, the last matching pattern deciding (``!pattern`` re-includes);
``.git/info/exclude`` at the root comes first.  Patterns are matched by
the ``pathspec`` library (git's wildmatch rules).

Nothing outside the project is read: a ``.gitignore`` that is a symbolic
link, not a regular file, unreadable or over the size limit is not used
(no error: an unusable ignore file cannot hide findings it does not
describe, only fail to hide ones).  Paths named explicitly (``keep``: files
passed on the command line) are never excluded, nor the directories
leading to them.
"""

from __future__ import annotations

import os
import stat
from typing import Dict, List, Optional, Sequence, Tuple

from flasklint.source.files import MAX_FILE_BYTES, inside_root

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _read_lines(path: str, root: str) -> Optional[List[str]]:
    """The lines of a regular file that is not a link, inside ``root`` even
    through the directories leading to it (``.git`` may be a link), or None."""
    if not inside_root(path, root):
        return None
    try:
        st = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_FILE_BYTES:
        return None
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW)
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError:
        return None
    if len(data) > MAX_FILE_BYTES:
        return None
    return data.decode("utf-8", "surrogateescape").splitlines()


def _spec(lines: List[str]):
    """A pathspec GitIgnoreSpec of the lines; a line pathspec rejects is
    skipped (git ignores what it cannot parse too)."""
    import pathspec

    try:
        return pathspec.GitIgnoreSpec.from_lines(lines)
    except Exception:
        good = []
        for line in lines:
            try:
                pathspec.GitIgnoreSpec.from_lines([line])
            except Exception:
                continue
            good.append(line)
        return pathspec.GitIgnoreSpec.from_lines(good)


class GitIgnore:
    """``gitignore(path, is_dir)``: whether git ignores ``path`` (absolute
    or relative to the working directory), below ``root``."""

    takes_is_dir = True  # (discover passes whether the entry is a directory)

    def __init__(self, root: str, keep: Sequence[str] = ()):
        self.root = os.path.abspath(root)
        self.keep = set()
        for p in keep:
            p = os.path.abspath(p)
            while p.startswith(self.root + os.sep):
                self.keep.add(p)
                p = os.path.dirname(p)
        self._specs: Dict[str, object] = {}  # directory -> spec or None
        self._chains: Dict[str, Tuple[Tuple[str, object], ...]] = {}
        self.files_read: List[str] = []  # (for -v and tests)

    def __repr__(self):
        # Part of the cache's key (the linter's options).  Neither ``keep``
        # nor the ignore files' contents are: what they change is which
        # files are discovered, which the cache compares with its record
        # anyway (incremental/status.same_world) -- and pre-commit runs,
        # each naming other files, keep sharing one record.
        return f"GitIgnore({self.root!r})"

    def _load(self, directory: str, name: str):
        key = os.path.join(directory, name)
        if key not in self._specs:
            lines = _read_lines(key, self.root)
            self._specs[key] = _spec(lines) if lines else None
            if lines is not None:
                self.files_read.append(key)
        return self._specs[key]

    def _chain(self, directory: str) -> Tuple[Tuple[str, object], ...]:
        """(directory, spec) of every ignore file that applies in
        ``directory``, the root's first."""
        got = self._chains.get(directory)
        if got is None:
            if directory == self.root:
                got = tuple(
                    (directory, spec)
                    for spec in (self._load(os.path.join(directory, ".git", "info"), "exclude"), self._load(directory, ".gitignore"))
                    if spec is not None
                )
            else:
                parent = self._chain(os.path.dirname(directory))
                spec = self._load(directory, ".gitignore")
                got = parent + (((directory, spec),) if spec is not None else ())
            self._chains[directory] = got
        return got

    def __call__(self, path: str, is_dir: Optional[bool] = None) -> bool:
        path = os.path.abspath(path)
        if path in self.keep or not path.startswith(self.root + os.sep):
            return False
        chain = self._chain(os.path.dirname(path))
        if not chain:
            return False
        if is_dir is None:
            is_dir = os.path.isdir(path)
        ignored = False
        for directory, spec in chain:
            rel = path[len(directory) + 1 :].replace(os.sep, "/") + ("/" if is_dir else "")
            got = spec.check_file(rel).include
            if got is not None:
                ignored = got
        return ignored
