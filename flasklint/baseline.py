"""Baselines: adopt flasklint on an existing codebase.

``--write-baseline FILE`` records today's findings; ``--baseline FILE``
reports only findings that are not in it.

A finding is identified by its rule, its path (relative to the baseline
file's directory, so the baseline works from any working directory) and a
*fingerprint*: a hash of the rule, the path, the text of the reported source
line with whitespace normalised, and the message with line numbers masked,
plus an occurrence index among findings sharing that hash (in line order).
Line numbers are not part of it, so edits that shift lines, re-indent the
code, or change other lines leave the baseline valid; editing the flagged
line itself, or the message changing, makes the finding new again.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections import Counter
from typing import Dict, Iterable, List, Optional, Tuple

from flasklint import __version__
from flasklint.safe_json import dumps

FORMAT_VERSION = 1

_LINE_REFS = [
    (re.compile(r"(?<=[\w.)\]])\:\d+(?::\d+)?\b"), ":N"),  # app.py:12, app.py:12:5
    (re.compile(r"\b(lines?)\s+\d+(?:\s*[-,]\s*\d+)*", re.I), r"\1 N"),  # line 12
]


class BaselineError(Exception):
    pass


def normalise_message(message: str) -> str:
    for pattern, repl in _LINE_REFS:
        message = pattern.sub(repl, message)
    return message


def normalise_source(line: Optional[str]) -> str:
    return " ".join((line or "").split())


def line_hash(rule: str, path: str, source: Optional[str], message: str) -> str:
    h = hashlib.sha256()
    for part in (rule, path, normalise_source(source), normalise_message(message)):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()[:20]


def fingerprints(findings: Iterable, project, relpath=None) -> List[Tuple[str, str, str]]:
    """``(rule, path, fingerprint)`` for each finding, in the given order.

    ``relpath`` maps a finding's display path to the path recorded (default:
    unchanged); ``project`` gives the source lines."""
    keyed = []
    for f in findings:
        path = relpath(f.path) if relpath else f.path
        src = project.source_line(f.path, f.line) if project is not None else None
        keyed.append((f, path, line_hash(f.rule, path, src, f.message)))
    # Occurrence index: by position among findings with the same hash.
    order = sorted(range(len(keyed)), key=lambda i: keyed[i][0].sort_key())
    seen: Counter = Counter()
    out: List[Optional[Tuple[str, str, str]]] = [None] * len(keyed)
    for i in order:
        f, path, h = keyed[i]
        n = seen[h]
        seen[h] += 1
        out[i] = (f.rule, path, f"{h}:{n}")
    return out  # type: ignore[return-value]


class Baseline:
    def __init__(self, path: str, entries: Iterable[Tuple[str, str, str]] = ()):
        self.path = os.path.abspath(path)
        self.entries = set(entries)

    @property
    def base(self) -> str:
        return os.path.dirname(self.path)

    def relpath_from(self, cwd: str):
        base = self.base

        def rel(display_path: str) -> str:
            p = os.path.relpath(os.path.join(cwd, display_path), base)
            return p.replace(os.sep, "/")

        return rel

    @classmethod
    def load(cls, path: str) -> "Baseline":
        try:
            with open(path, encoding="utf-8") as fh:
                doc = json.load(fh)
        except OSError as exc:
            raise BaselineError(f"{path}: cannot read baseline: {exc.strerror or exc}") from None
        except ValueError as exc:
            raise BaselineError(f"{path}: invalid baseline (not JSON): {exc}") from None
        if not isinstance(doc, dict) or doc.get("tool") != "flasklint" or not isinstance(doc.get("findings"), list):
            raise BaselineError(f"{path}: not a flasklint baseline (written by --write-baseline)")
        if doc.get("version") != FORMAT_VERSION:
            raise BaselineError(f"{path}: unsupported baseline version {doc.get('version')!r}")
        entries = []
        for e in doc["findings"]:
            try:
                entries.append((str(e["rule"]), str(e["path"]), str(e["fingerprint"])))
            except (KeyError, TypeError):
                raise BaselineError(f"{path}: malformed baseline entry: {e!r}") from None
        return cls(path, entries)

    @staticmethod
    def render(findings: List, project, path: str, cwd: str) -> str:
        rel = Baseline(path).relpath_from(cwd)
        prints = fingerprints(findings, project, rel)
        rows: List[Dict[str, object]] = []
        for f, (rule, p, fp) in sorted(zip(findings, prints), key=lambda t: t[0].sort_key()):
            rows.append({"rule": rule, "path": p, "fingerprint": fp, "line": f.line, "message": f.message})
        doc = {
            "tool": "flasklint",
            "version": FORMAT_VERSION,
            "flasklint": __version__,
            "comment": "Findings accepted when adopting flasklint; matched by rule, path and fingerprint, not line.",
            "findings": rows,
        }
        return dumps(doc) + "\n"

    def write(self, findings: List, project, cwd: str) -> None:
        """Write the baseline atomically: a temporary file beside it, renamed
        over it, so that a failure never leaves a truncated baseline."""
        text = self.render(findings, project, self.path, cwd)
        directory = os.path.dirname(os.path.abspath(self.path))
        tmp = None
        try:
            fd, tmp = tempfile.mkstemp(dir=directory, prefix=".flasklint-baseline-")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            os.replace(tmp, self.path)
        except OSError as exc:
            if tmp is not None and os.path.exists(tmp):
                os.unlink(tmp)
            raise BaselineError(f"{self.path}: cannot write baseline: {exc.strerror or exc}") from None

    def split(self, findings: List, project, cwd: str) -> Tuple[List, List]:
        """(new findings, findings in the baseline)."""
        prints = fingerprints(findings, project, self.relpath_from(cwd))
        new, known = [], []
        for f, key in zip(findings, prints):
            (known if key in self.entries else new).append(f)
        return new, known
