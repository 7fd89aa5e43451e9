"""Syntax newer than the running Python (FL006).

flasklint parses with the interpreter it runs on; a file written for a newer
Python (``type X = ...``, ``def f[T](x: T)``, PEP 701 f-strings, t-strings)
does not parse there.  That is not the file's fault: when the parser's error
falls on a construct of a newer grammar, the file is reported as FL006
("needs Python >= 3.X: not analysed by this interpreter") instead of a HIGH
FL001 syntax error.

The recogniser looks at the line the parser stopped on (and the parser's
message), for the constructs listed in :data:`CONSTRUCTS`; only constructs
newer than the running interpreter are considered, so code that would fail
on every Python is still FL001.  ``--target-version`` (``target-version``)
decides what the project means to support: a construct newer than the
target stays FL001 (with a note), and a file that does not parse when the
target is newer than the interpreter is FL006 even if no construct is
recognised (the interpreter cannot tell).

Everything here works on a (rule, message, line, column) problem tuple of
:func:`flasklint.source.parsing.syntax_error_details` and the file's text;
it is deterministic and idempotent (a classified tuple is returned as is).
"""

from __future__ import annotations

import re
import sys
from typing import Callable, List, Optional, Sequence, Tuple

Version = Tuple[int, int]

RUNNING: Version = sys.version_info[:2]
RULE = "FL006"

# (what the parser says at a syntax error: see parsing.syntax_error_details)
RAW_PREFIX = "syntax error (Python "
_TARGET_NOTE = "newer than the target version"

TARGET_VERSIONS = tuple(f"py3{minor}" for minor in range(8, 15))  # py38 .. py314


def parse_target(value: str) -> Version:
    """``py312`` -> (3, 12); ValueError for anything else."""
    text = str(value).strip().lower()
    if text not in TARGET_VERSIONS:
        raise ValueError(f"must be one of {', '.join(TARGET_VERSIONS)}, not {value!r}")
    return (3, int(text[3:]))


def _fmt(v: Version) -> str:
    return f"{v[0]}.{v[1]}"


# -- the constructs -------------------------------------------------------------------


def _line_rx(pattern: str) -> Callable[[str, str], bool]:
    rx = re.compile(pattern)
    return lambda line, msg: rx.search(line) is not None


_HEADER = r"^\s*(?:async\s+def|def|class|type)\s+[A-Za-z_]\w*\s*\["


def _fstring_pep701(line: str, msg: str) -> bool:
    if not msg.startswith("f-string"):
        return False
    if msg.startswith("f-string expression part cannot include"):  # a backslash, '#'
        return True
    return _nested_quote(line)


def _nested_quote(line: str) -> bool:
    """An f-string on ``line`` whose replacement field holds its own quote
    (``f"{d["key"]}"``): a quote at brace depth > 0."""
    for m in re.finditer(r"(?<![\w])(?:[fF][rR]?|[rR][fF])(\"|')", line):
        quote = m.group(1)
        depth = 0
        for ch in line[m.end() :]:
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth = max(0, depth - 1)
            elif ch == quote:
                if depth > 0:
                    return True
                break
    return False


def _except_without_parens(line: str, msg: str) -> bool:
    # PEP 758: ``except A, B:`` (without ``as``) is valid from 3.14.  Python
    # 2's ``except Exception, e:`` has the same shape: the types must look
    # like classes (CapWords, maybe dotted) for this to be 3.14 code.
    m = re.match(r"^\s*except\s*\*?\s*([^(:#][^:#]*,[^:#]*):", line)
    if m is None or re.search(r"\bas\b", m.group(1)):
        return False
    return all(re.fullmatch(r"(?:[A-Za-z_]\w*\.)*[A-Z]\w*", part.strip()) for part in m.group(1).split(","))


# (version, what it is, recogniser(line, message)), most specific first
CONSTRUCTS: Sequence[Tuple[Version, str, Callable[[str, str], bool]]] = (
    ((3, 14), "a template string (t-string, PEP 750)", _line_rx(r"(?<![\w'\"])(?:[tT][rR]?|[rR][tT])['\"]")),
    ((3, 14), "an except clause without parentheses (PEP 758)", _except_without_parens),
    ((3, 13), "a type parameter default (PEP 696)", _line_rx(_HEADER + r"[^\]]*=")),
    ((3, 12), "a type statement (PEP 695)", _line_rx(r"^\s*type\s+[A-Za-z_]\w*\s*(?:\[[^=]*\])?\s*=")),
    ((3, 12), "a type parameter list (PEP 695)", _line_rx(r"^\s*(?:async\s+def|def|class)\s+[A-Za-z_]\w*\s*\[")),
    ((3, 12), "an f-string with nested quotes, a backslash or a comment (PEP 701)", _fstring_pep701),
    ((3, 11), "an except* clause (PEP 654)", _line_rx(r"^\s*except\s*\*")),
    ((3, 10), "a match statement (PEP 634)", _line_rx(r"^\s*match\b[^=]*:\s*(?:#.*)?$")),
)


def recognise(text: str, line: int, msg: str, running: Version = RUNNING) -> Optional[Tuple[Version, str]]:
    """The newer construct the parser stopped on at ``line`` (1-based), as
    (version, description), or None."""
    lines: List[str] = text.splitlines() if text else []
    if not 1 <= line <= len(lines):
        return None
    src = lines[line - 1]
    for version, what, test in CONSTRUCTS:
        if version > running and test(src, msg):
            return version, what
    return None


def classify(problem: tuple, text: Optional[str], target: Optional[Version], running: Version = RUNNING) -> tuple:
    """``problem`` (rule, message, line, column) as reported: an FL001 syntax
    error on newer syntax becomes FL006, or an FL001 noting that the
    construct is newer than the target version.  Anything else unchanged."""
    rule, message, line, column = problem
    if rule != "FL001" or not message.startswith(RAW_PREFIX) or _TARGET_NOTE in message or text is None:
        return problem
    here = _fmt(running)
    parser_msg = message.split("): ", 1)[-1]
    found = recognise(text, line, parser_msg, running)
    if found is not None:
        version, what = found
        if target is not None and version > target:
            return (rule, f"{message}: {what} needs Python >= {_fmt(version)}, {_TARGET_NOTE} ({_fmt(target)})", line, column)
        run_with = _fmt(max(version, target) if target is not None else version)
        return (
            RULE,
            f"needs Python >= {_fmt(version)} ({what}): not analysed by this interpreter, Python {here} "
            f"(run flasklint with Python {run_with})",
            line,
            column,
        )
    if target is not None and target > running:
        return (
            RULE,
            f"does not parse with Python {here} ({parser_msg}), older than the target version {_fmt(target)}: "
            f"not analysed by this interpreter (run flasklint with Python {_fmt(target)})",
            line,
            column,
        )
    return problem
