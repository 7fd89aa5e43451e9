"""The JSON format (stable; documented in the README)."""

from __future__ import annotations


from flasklint import __version__, registry
from flasklint.safe_json import dumps


def fix_dict(fix) -> dict:
    return {
        "applicability": fix.applicability,
        "message": fix.message,
        "edits": [
            {"start": {"line": e.line, "column": e.column}, "end": {"line": e.end_line, "column": e.end_column}, "content": e.content}
            for e in fix.edits
        ],
    }


def finding_dict(f) -> dict:
    rule = registry.get_rule(f.rule)
    loc = f.location
    out = {
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
    if f.fix is not None:  # (only when there is one: reports without fixes keep their shape)
        out["fix"] = fix_dict(f.fix)
    return out


def render(result, **_) -> str:
    doc = {
        "version": __version__,
        "findings": [finding_dict(f) for f in result.findings],
        "errors": list(result.errors),
    }
    return dumps(doc) + "\n"
