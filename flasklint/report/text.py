"""The text format: ``path:line:col: FL101 [HIGH] message`` with the source
line beneath.  Control characters from source lines are escaped so that a
file cannot drive the user's terminal."""

from __future__ import annotations

import re

# Characters that must not reach a terminal raw: C0 controls (ESC starts the
# ANSI sequences that move the cursor, retitle the window or rewrite lines;
# CR and LF would forge output lines), DEL and C1 controls (0x9b is a one-byte
# CSI), Unicode line separators, bidirectional overrides ("Trojan Source"),
# and lone surrogates (undecodable bytes in file names), which a UTF-8
# terminal cannot even be sent.  Tabs are kept in source lines only.
_CTRL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_CTRL_TAB = re.compile("[\t" + _CTRL.pattern[1:])

# Source lines longer than this are shown as a window around the column.
MAX_SOURCE_WIDTH = 160

_COLORS = {"HIGH": "\x1b[31m", "MEDIUM": "\x1b[33m", "LOW": "\x1b[36m"}
_BOLD = "\x1b[1m"
_DIM = "\x1b[2m"
_RESET = "\x1b[0m"


def _esc(m) -> str:
    c = ord(m.group())
    return "\\x%02x" % c if c < 0x100 else "\\u%04x" % c


def escape(text: str, keep_tab: bool = False) -> str:
    """``text`` with every character that could drive a terminal written as
    a Python-style escape (``\\x1b``, ``\\u202e``)."""
    return (_CTRL if keep_tab else _CTRL_TAB).sub(_esc, text)


def source_excerpt(line: str, column: int, width: int = MAX_SOURCE_WIDTH) -> str:
    """The source line to echo under a finding: escaped, and cut to a window
    around ``column`` (1-based) when it is longer than ``width``."""
    line = line.rstrip()
    if len(line) > width:
        start = max(0, min(column - 1 - width // 4, len(line) - width))
        cut = line[start : start + width]
        line = ("..." if start > 0 else "") + cut + ("..." if start + width < len(line) else "")
    return escape(line, keep_tab=True)


def render(result, color: bool = False, show_source: bool = True, summary: bool = True, seconds=None, notes: bool = True) -> str:
    out = []
    project = result.project
    for f in result.findings:
        loc = f.location
        head = f"{escape(loc.path)}:{loc.line}:{loc.column}: {f.rule} [{f.severity}] {escape(f.message)}"
        if color:
            head = (
                f"{_BOLD}{escape(loc.path)}:{loc.line}:{loc.column}:{_RESET} "
                f"{_COLORS.get(f.severity, '')}{f.rule} [{f.severity}]{_RESET} {escape(f.message)}"
            )
        out.append(head)
        if show_source and project is not None:
            src = project.source_line(loc.path, loc.line)
            if src is not None:
                out.append(f"    {source_excerpt(src, loc.column)}")
        for r in f.related if notes else ():
            rel = f"    note: {escape(r.location.path)}:{r.location.line}: {escape(r.message)}"
            out.append(f"{_DIM}{rel}{_RESET}" if color else rel)
    for e in result.errors:
        out.append(f"error: {escape(e)}")
    if summary:
        out.append(summary_line(result, seconds))
    return "\n".join(out) + "\n"


def render_concise(result, color: bool = False, summary: bool = True, seconds=None) -> str:
    """One line per finding: no source line, no notes (ruff's ``concise``)."""
    return render(result, color=color, show_source=False, summary=summary, seconds=seconds, notes=False)


def summary_line(result, seconds=None) -> str:
    """``Found 6 problems (5 high, 1 low) in 3 files.``  The time is added
    only when ``seconds`` is given (the CLI gives it on a terminal, so that
    piped and saved output stays reproducible); fixes applied, findings
    with a fix, suppressed and baselined findings are counted when there
    are any."""
    counts = {}
    for f in result.findings:
        counts[f.severity] = counts.get(f.severity, 0) + 1
    files = f"{result.files} file{'s' if result.files != 1 else ''}"
    took = f" in {seconds:.2f}s" if seconds is not None else ""
    if result.findings:
        by = ", ".join(f"{counts[s]} {s.lower()}" for s in ("HIGH", "MEDIUM", "LOW") if s in counts)
        n = len(result.findings)
        line = f"Found {n} problem{'s' if n != 1 else ''} ({by}) in {files}{took}"
    else:
        line = f"No problems found in {files}{took}"
    extra = []
    if getattr(result, "fixed", 0):
        extra.append(f"{result.fixed} fixed")
    safe = sum(1 for f in result.findings if f.fix is not None and f.fix.safe)
    unsafe = sum(1 for f in result.findings if f.fix is not None and not f.fix.safe)
    if safe:
        extra.append(f"{safe} fixable with --fix")
    if unsafe:
        extra.append(f"{unsafe} {'more ' if safe else ''}with --fix --unsafe-fixes")
    if getattr(result, "suppressed", 0):
        extra.append(f"{result.suppressed} suppressed")
    if getattr(result, "baselined", 0):
        extra.append(f"{result.baselined} in baseline")
    if extra:
        line += "; " + ", ".join(extra)
    return line + "."
