"""The fixture harness.

A fixture case is a directory under ``tests/fixtures/<area>/<case>/`` holding
a small realistic project.  Expected findings are written inline, on the
reported line:

* ``# expect: FL101`` (several: ``# expect: FL101, FL102``);
* ``# expect-next: FL101`` on the line *before* one that cannot carry a
  comment (an INI value, a multi-line string);
* ``# ok: FL101`` marks a deliberate negative for that rule (documentation
  for the reader, and counted by the test that every rule has negatives);
* ``# todo-expect: FL101`` a known miss, ``# todo-ok: FL101`` a known false
  alarm: both keep the harness honest without failing it.

The harness compares the exact set of (path, line, rule) found with the set
expected, and fails with a readable diff.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Dict, List, Set, Tuple

FIXTURES = Path(__file__).parent / "fixtures"

# ``# expect[py<3.12]: FL006``: expected only on a Python older than 3.12
# (newer syntax, see flasklint/source/newsyntax.py); elsewhere no marker.
_MARK = re.compile(r"#\s*(expect|expect-next|ok|todo-expect|todo-ok)(?:\[py<3\.(\d+)\])?\s*:\s*((?:FL\d{3}\s*,?\s*)+)")
_TEXT_SUFFIXES = {".py", ".cfg", ".ini", ".env", ".flaskenv", ".toml", ".conf", ".txt", ""}

Key = Tuple[str, int, str]


def cases() -> List[Path]:
    out = []
    for area in sorted(p for p in FIXTURES.iterdir() if p.is_dir()):
        for case in sorted(p for p in area.iterdir() if p.is_dir()):
            out.append(case)
    return out


def _files(case: Path):
    for root, dirs, files in os.walk(case):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for f in sorted(files):
            p = Path(root) / f
            if p.suffix in _TEXT_SUFFIXES or f.startswith(".env") or f == ".flaskenv":
                yield p


def markers(case: Path) -> Dict[str, Set[Key]]:
    out: Dict[str, Set[Key]] = {k: set() for k in ("expect", "ok", "todo-expect", "todo-ok")}
    for path in _files(case):
        try:
            text = path.read_bytes().decode("utf-8", "replace")
        except OSError:
            continue
        rel = path.relative_to(case).as_posix()
        for lineno, line in enumerate(text.splitlines(), 1):
            for m in _MARK.finditer(line):
                kind = m.group(1)
                if m.group(2) and sys.version_info[:2] >= (3, int(m.group(2))):
                    continue
                ids = [i.strip() for i in m.group(3).split(",") if i.strip()]
                target = lineno + 1 if kind == "expect-next" else lineno
                bucket = "expect" if kind == "expect-next" else kind
                for rid in ids:
                    out[bucket].add((rel, target, rid))
    return out


def run_case(case: Path):
    """Lint ``case`` with the working directory set to it; return the
    (expected, found, todo_ok) sets and the result."""
    from flasklint import settings
    from flasklint.linter import lint

    old = os.getcwd()
    os.chdir(case)
    try:
        # (a case's own configuration may declare helpers: app-factories...)
        result = lint(["."], knowledge=settings.load(start=".").knowledge())
    finally:
        os.chdir(old)
    found = {(f.path, f.line, f.rule) for f in result.findings}
    return markers(case), found, result


def diff(expected: Set[Key], found: Set[Key], todo_ok: Set[Key], todo_expect: Set[Key], result=None) -> str:
    missing = sorted(expected - found)
    unexpected = sorted(found - expected - todo_ok)
    lines = []
    if missing:
        lines.append("expected but not reported:")
        lines += [f"  {p}:{l}: {r}" for p, l, r in missing]
    if unexpected:
        lines.append("reported but not expected:")
        msgs = {}
        if result is not None:
            msgs = {(f.path, f.line, f.rule): f.message for f in result.findings}
        lines += [f"  {p}:{l}: {r}  {msgs.get((p, l, r), '')}" for p, l, r in unexpected]
    if result is not None and result.errors:
        lines.append("internal errors:")
        lines += [f"  {e}" for e in result.errors]
    return "\n".join(lines)


def run_cli(argv, cwd, capsys, monkeypatch):
    """Run the command line in ``cwd``: (exit code, stdout, stderr).  Bad
    input never costs a traceback."""
    from flasklint.cli import main

    monkeypatch.chdir(cwd)
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback (most recent call last)" not in err
    return code, out, err
