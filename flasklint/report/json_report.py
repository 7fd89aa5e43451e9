"""The JSON format (stable; documented in the README)."""

from __future__ import annotations

import json
import re

from flasklint import __version__, registry


def finding_dict(f) -> dict:
    rule = registry.get_rule(f.rule)
    loc = f.location
    return {
        "rule": f.rule,
        "name": rule.name if rule else "",
        "severity": f.severity,
        "confidence": f.confidence,
        "path": loc.path,
        "line": loc.line,
        "column": loc.column,
        "end_line": loc.end_line,
        "end_column": loc.end_column,
        "message": f.message,
        "related": [
            {"path": r.location.path, "line": r.location.line, "column": r.location.column, "message": r.message}
            for r in f.related
        ],
    }


# ``json.dumps`` escapes C0 controls; these it leaves raw with
# ensure_ascii=False: DEL and C1 controls, the line separators JavaScript
# rejects in strings, bidirectional overrides, and lone surrogates (file
# names with undecodable bytes) that could not be written as UTF-8 at all.
# They can only occur inside JSON strings, where \uXXXX is the same value.
_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def dumps(doc) -> str:
    """JSON text that is safe to print to a terminal and valid UTF-8."""
    return _UNSAFE.sub(lambda m: "\\u%04x" % ord(m.group()), json.dumps(doc, indent=2, ensure_ascii=False))


def render(result, **_) -> str:
    doc = {
        "version": __version__,
        "findings": [finding_dict(f) for f in result.findings],
        "errors": list(result.errors),
    }
    return dumps(doc) + "\n"
