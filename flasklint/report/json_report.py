"""The JSON format (stable; documented in the README)."""

from __future__ import annotations


from flasklint import __version__, registry
from flasklint.safe_json import dumps


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


def render(result, **_) -> str:
    doc = {
        "version": __version__,
        "findings": [finding_dict(f) for f in result.findings],
        "errors": list(result.errors),
    }
    return dumps(doc) + "\n"
