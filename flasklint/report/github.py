"""GitHub Actions workflow commands: one annotation per finding.

``::error file=P,line=L,col=C,endLine=..,endColumn=..,title=FL101 debug-run::message``

The command is ``error`` for HIGH, ``warning`` for MEDIUM and ``notice`` for
LOW findings.  Related locations follow the message as ``note:`` lines.
Escaping is GitHub's: ``%``, CR and LF in the message; also ``:`` and ``,``
in property values.  Control characters (terminal escapes from file names or
env-file values) are first escaped as the text format escapes them.  ``col``/``endColumn`` count characters; ``endColumn``
is the last character of the span (inclusive), and GitHub only uses columns
when the annotation covers one line.
"""

from __future__ import annotations

from flasklint import registry
from flasklint.report.text import escape

COMMAND = {"HIGH": "error", "MEDIUM": "warning", "LOW": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(f) -> str:
    rule = registry.get_rule(f.rule)
    loc = f.location
    props = [("file", escape(loc.path)), ("line", str(loc.line)), ("col", str(loc.column))]
    if loc.end_line and loc.end_line >= loc.line:
        props.append(("endLine", str(loc.end_line)))
        if loc.end_column and (loc.end_line > loc.line or loc.end_column > loc.column):
            props.append(("endColumn", str(max(1, loc.end_column - 1))))
    props.append(("title", f"{f.rule} {rule.name}" if rule else f.rule))
    message = escape(f.message)
    for r in f.related:
        message += f"\nnote: {escape(r.location.path)}:{r.location.line}: {escape(r.message)}"
    head = ",".join(f"{k}={escape_property(v)}" for k, v in props)
    return f"::{COMMAND.get(f.severity, 'warning')} {head}::{escape_data(message)}"


def render(result, **_) -> str:
    lines = [annotation(f) for f in result.findings]
    lines += [f"::error title=flasklint::{escape_data(escape('internal error: ' + e))}" for e in result.errors]
    return "\n".join(lines) + ("\n" if lines else "")
