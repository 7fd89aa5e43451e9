"""The cache's records on disk: where they live, how findings are written
and read back, atomic JSON files, content hashes.

Records are never trusted from the repository: each is signed with a key
kept in the user's cache directory (``record_key``), so a cache folder
committed to the project -- or crafted -- reads as no cache.  Nothing is
read or written through a symbolic link."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import sys
import tempfile
from typing import Dict, Optional

import astroid

from flasklint import __version__
from flasklint.finding import Finding, Fix, Location, Related
from flasklint.source.files import ReadError, read_bytes

FORMAT = 5  # (5: findings carry their fix)


DIRNAME = ".flasklint_cache"


def default_dir(root: str) -> str:
    return os.path.join(root, DIRNAME)


_KEY_NAME = "record-key"
_MAGIC = b"flasklint-record 1 "
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def user_cache_home() -> str:
    """Where per-user state lives: ``$XDG_CACHE_HOME``, ``%LOCALAPPDATA%``
    on Windows, else ``~/.cache``."""
    if os.environ.get("XDG_CACHE_HOME"):
        return os.environ["XDG_CACHE_HOME"]
    if os.name == "nt" and os.environ.get("LOCALAPPDATA"):
        return os.environ["LOCALAPPDATA"]
    return os.path.join(os.path.expanduser("~"), ".cache")


_KEYS: Dict[str, Optional[bytes]] = {}


def record_key() -> Optional[bytes]:
    """This user's key for signing cache records (created on first use,
    readable by the user only); None when it cannot be kept, and then
    nothing is cached."""
    home = os.path.join(user_cache_home(), "flasklint")
    if home in _KEYS:
        return _KEYS[home]
    path = os.path.join(home, _KEY_NAME)
    key = None
    for _ in range(2):
        try:
            fd = os.open(path, os.O_RDONLY | _NOFOLLOW)
            with os.fdopen(fd, "rb") as fh:
                text = fh.read(200).strip()
            key = bytes.fromhex(text.decode("ascii")) if len(text) == 64 else None
            break
        except FileNotFoundError:
            try:
                os.makedirs(home, mode=0o700, exist_ok=True)
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
                with os.fdopen(fd, "wb") as fh:
                    fh.write(os.urandom(32).hex().encode("ascii"))
            except FileExistsError:
                continue  # (another run made it meanwhile: read that one)
            except OSError:
                break
        except (OSError, ValueError):
            break
    _KEYS[home] = key
    return key


def _sign(key: bytes, name: str, body: bytes) -> bytes:
    return hmac.new(key, name.encode("utf-8") + b"\0" + body, hashlib.sha256).hexdigest().encode("ascii")


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def options_key(obj) -> str:
    return digest(json.dumps(obj, sort_keys=True).encode())


def location_to_row(loc: Location) -> list:
    return [loc.path, loc.line, loc.column, loc.end_line, loc.end_column]


def location_from_row(v) -> Location:
    return Location(*v)


def finding_to_row(f: Finding) -> list:
    row = [f.rule, location_to_row(f.location), f.message, f.severity, f.confidence, [[location_to_row(r.location), r.message] for r in f.related]]
    if f.fix is not None:
        row.append(f.fix.to_row())
    return row


def finding_from_row(v) -> Finding:
    rule, loc, message, severity, confidence, related = v[:6]
    fix = Fix.from_row(v[6]) if len(v) > 6 else None
    return Finding(rule, location_from_row(loc), message, severity, confidence, tuple(Related(location_from_row(l), m) for l, m in related), fix)


def read_record(path: str, key: Optional[bytes] = None):
    """The JSON object a record file holds, or None when it cannot be read,
    is a link, or was not signed with this user's key."""
    key = key or record_key()
    if key is None:
        return None
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW)
        with os.fdopen(fd, "rb") as fh:
            data = fh.read()
    except OSError:
        return None
    head, _, body = data.partition(b"\n")
    if not head.startswith(_MAGIC) or not hmac.compare_digest(head[len(_MAGIC):], _sign(key, os.path.basename(path), body)):
        return None  # (not written by this user's flasklint: a committed or crafted file)
    try:
        return json.loads(body)
    except ValueError:
        return None


def write_record(path: str, obj, key: Optional[bytes] = None) -> None:
    """Write ``obj`` signed, atomically (a temporary file renamed over the
    record: concurrent runs never see half a file, and a link there is
    replaced, not followed).  Raises OSError."""
    key = key or record_key()
    if key is None:
        raise OSError("no key to sign cache records with")
    body = json.dumps(obj, separators=(",", ":")).encode()
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(_MAGIC + _sign(key, os.path.basename(path), body) + b"\n" + body)
        os.replace(tmp, path)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


class RecordStore:
    def __init__(self, cache_dir: Optional[str], run_key: str):
        self.dir = None
        self.key = record_key() if cache_dir is not None else None
        if cache_dir is not None and self.key is not None and not _linked(cache_dir):
            version = f"{__version__}-py{sys.version_info[0]}.{sys.version_info[1]}-astroid{astroid.__version__}"
            self.base = cache_dir
            self.dir = os.path.join(cache_dir, version)
        self.run_key = run_key

    def _load(self, name: str):
        if self.dir is None or _linked(self.dir):
            return None
        return read_record(os.path.join(self.dir, name), self.key)

    def _save(self, name: str, obj) -> None:
        if self.dir is None:
            return
        try:
            if _linked(self.base):
                return
            if not os.path.isdir(self.dir):
                os.makedirs(self.dir, exist_ok=True)
                try:  # (never through a link: O_EXCL does not follow one)
                    fd = os.open(os.path.join(self.base, ".gitignore"), os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o644)
                    with os.fdopen(fd, "w", encoding="utf-8") as fh:
                        fh.write("# Automatically created by flasklint.\n*\n")
                except FileExistsError:
                    pass
            if _linked(self.dir):
                return
            write_record(os.path.join(self.dir, name), obj, self.key)
        except OSError:
            pass

    def load_run(self):
        rec = self._load(f"run-{self.run_key}.json")
        return rec if isinstance(rec, dict) and rec.get("format") == FORMAT else None

    def save_run(self, rec) -> None:
        self._save(f"run-{self.run_key}.json", rec)

    def load_syntax(self) -> Dict[str, Optional[list]]:
        got = self._load("syntax.json")
        return got if isinstance(got, dict) else {}

    def save_syntax(self, table) -> None:
        self._save("syntax.json", table)


def file_signature(path: str):
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


def content_hash(path: str) -> Optional[str]:
    try:
        return digest(read_bytes(path))
    except ReadError:
        return None


def diagnostic_row(d) -> Optional[list]:
    return [d.rule, d.message, d.line, d.column] if d is not None else None


def _linked(path: str) -> bool:
    """``path`` is a symbolic link (the cache never goes through one)."""
    return os.path.islink(path)
