"""The cache's records on disk: where they live, how findings are written
and read back, atomic JSON files, content hashes."""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from typing import Dict, Optional

import astroid

from flasklint import __version__
from flasklint.finding import Finding, Location, Related
from flasklint.source.files import ReadError, read_bytes

FORMAT = 4


DIRNAME = ".flasklint_cache"


def default_dir(root: str) -> str:
    return os.path.join(root, DIRNAME)


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def options_key(obj) -> str:
    return digest(json.dumps(obj, sort_keys=True).encode())


def location_to_row(loc: Location) -> list:
    return [loc.path, loc.line, loc.column, loc.end_line, loc.end_column]


def location_from_row(v) -> Location:
    return Location(*v)


def finding_to_row(f: Finding) -> list:
    return [f.rule, location_to_row(f.location), f.message, f.severity, f.confidence, [[location_to_row(r.location), r.message] for r in f.related]]


def finding_from_row(v) -> Finding:
    rule, loc, message, severity, confidence, related = v
    return Finding(rule, location_from_row(loc), message, severity, confidence, tuple(Related(location_from_row(l), m) for l, m in related))


class RecordStore:
    def __init__(self, cache_dir: Optional[str], run_key: str):
        self.dir = None
        if cache_dir is not None:
            version = f"{__version__}-py{sys.version_info[0]}.{sys.version_info[1]}-astroid{astroid.__version__}"
            self.base = cache_dir
            self.dir = os.path.join(cache_dir, version)
        self.run_key = run_key

    def _load(self, name: str):
        if self.dir is None:
            return None
        try:
            with open(os.path.join(self.dir, name), "rb") as fh:
                return json.loads(fh.read())
        except (OSError, ValueError):
            return None

    def _save(self, name: str, obj) -> None:
        if self.dir is None:
            return
        try:
            if not os.path.isdir(self.dir):
                os.makedirs(self.dir, exist_ok=True)
                ignore = os.path.join(self.base, ".gitignore")
                if not os.path.exists(ignore):
                    with open(ignore, "w", encoding="utf-8") as fh:
                        fh.write("# Automatically created by flasklint.\n*\n")
            fd, tmp = tempfile.mkstemp(dir=self.dir, prefix=".tmp-")
            with os.fdopen(fd, "wb") as fh:
                fh.write(json.dumps(obj, separators=(",", ":")).encode())
            os.replace(tmp, os.path.join(self.dir, name))  # atomic: concurrent runs never see half a file
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
