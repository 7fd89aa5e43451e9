"""SARIF 2.1.0 output, uploadable to GitHub code scanning.

* ``tool.driver.rules``: every rule of the registry, with its docs
  (``help.markdown`` is the text of ``flasklint rule ID``), default level and
  ``helpUri``; rules with a CWE carry GitHub's ``security-severity`` and
  ``external/cwe/cwe-NNN`` tags (others are reported as code-quality
  problems, not security alerts).
* Results: ``ruleId``/``ruleIndex``, ``level`` from the finding's severity
  (HIGH error, MEDIUM warning, LOW note), 1-based regions whose columns count
  Unicode code points (``columnKind: unicodeCodePoints``; ``endColumn`` is
  the column after the last character, as SARIF defines it),
  ``relatedLocations``, and ``partialFingerprints`` (the baseline's
  line-shift-proof fingerprint); ``fixes`` when the finding has one
  (its edits as ``replacements``, its applicability in ``properties``).
* Paths are relative URIs against ``%SRCROOT%``, the working directory
  flasklint ran in (run it from the repository root in CI); a file outside
  it gets an absolute ``file:`` URI.
"""

from __future__ import annotations

import os
import textwrap
from pathlib import Path
from typing import Dict, List, Optional
from urllib.parse import quote

from flasklint import __version__, registry
from flasklint.safe_json import dumps
from flasklint.baseline import fingerprints

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/flasklint/flasklint"
FINGERPRINT_KEY = "flasklintFingerprint/v1"

LEVEL = {"HIGH": "error", "MEDIUM": "warning", "LOW": "note"}
SECURITY_SEVERITY = {"HIGH": "8.0", "MEDIUM": "5.5", "LOW": "3.0"}
PRECISION = {"HIGH": "high", "MEDIUM": "medium", "LOW": "low"}


def _plain(text: str) -> str:
    return textwrap.dedent(text).strip()


def rule_descriptor(rule) -> dict:
    what = " ".join(_plain(rule.what).split())
    help_text = "\n\n".join(
        [
            f"{rule.id} {rule.name}: {rule.summary}",
            "What it does: " + _plain(rule.what),
            "Why is this bad? " + _plain(rule.why),
            "Example:\n" + _plain(rule.example),
            "Use instead:\n" + _plain(rule.use_instead),
        ]
    )
    tags = ["flask"]
    props: Dict[str, object] = {"precision": PRECISION[rule.confidence]}
    if rule.cwe:
        tags.append("security")
        tags += [f"external/cwe/cwe-{c:03d}" for c in rule.cwe]
        props["security-severity"] = SECURITY_SEVERITY[rule.severity]
    props["tags"] = tags
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": what},
        "help": {"text": help_text, "markdown": rule.markdown(level=1)},
        "helpUri": rule.help_uri,
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": props,
    }


def _artifact(path: str, cwd: str) -> dict:
    norm = path.replace(os.sep, "/")
    if norm.startswith("../") or norm == ".." or os.path.isabs(path):
        return {"uri": _file_uri(os.path.normpath(os.path.join(cwd, path)))}
    return {"uri": _quote(norm), "uriBaseId": "%SRCROOT%"}


def _quote(path: str) -> str:
    """Percent-encode a path's bytes as the file system holds them (a file
    name that is not UTF-8 keeps its exact bytes: ``%FF``)."""
    return quote(os.fsencode(path), safe="/")


def _file_uri(path: str) -> str:
    """``file:`` URI of an absolute path, byte-exact like :func:`_quote`."""
    p = Path(path)
    if p.drive:  # Windows: file:///C:/dir
        return "file:///" + p.drive + _quote(p.as_posix()[len(p.drive):])
    return "file://" + _quote(p.as_posix())


def _region(line: int, column: Optional[int], end_line: Optional[int] = None, end_column: Optional[int] = None) -> dict:
    region = {"startLine": max(1, line)}
    if column:
        region["startColumn"] = max(1, column)
    if end_line and end_line >= region["startLine"]:
        region["endLine"] = end_line
        if end_column and (end_line > line or end_column > region.get("startColumn", 1)):
            region["endColumn"] = end_column
    return region


def _fix(fix, artifact: dict) -> dict:
    """A SARIF ``fix``: one artifact change whose replacements are the
    edits (an insertion deletes an empty region)."""
    return {
        "description": {"text": fix.message},
        "artifactChanges": [
            {
                "artifactLocation": artifact,
                "replacements": [
                    {
                        "deletedRegion": {"startLine": e.line, "startColumn": e.column, "endLine": e.end_line, "endColumn": e.end_column},
                        "insertedContent": {"text": e.content},
                    }
                    for e in fix.edits
                ],
            }
        ],
        "properties": {"applicability": fix.applicability},
    }


def render(result, srcroot: Optional[str] = None, **_) -> str:
    project = result.project
    cwd = project.cwd if project is not None else os.getcwd()
    rules = registry.all_rules()
    index = {r.id: i for i, r in enumerate(rules)}
    prints = fingerprints(result.findings, project)
    results: List[dict] = []
    for f, (_, _, fp) in zip(result.findings, prints):
        loc = f.location
        res = {
            "ruleId": f.rule,
            "ruleIndex": index[f.rule],
            "level": LEVEL.get(f.severity, "warning"),
            "message": {"text": f.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": _artifact(loc.path, cwd),
                        "region": _region(loc.line, loc.column, loc.end_line, loc.end_column),
                    }
                }
            ],
            "partialFingerprints": {FINGERPRINT_KEY: fp},
            "properties": {"severity": f.severity, "confidence": f.confidence},
        }
        if f.related:
            res["relatedLocations"] = [
                {
                    "id": i,
                    "physicalLocation": {
                        "artifactLocation": _artifact(r.location.path, cwd),
                        "region": _region(r.location.line, r.location.column, r.location.end_line, r.location.end_column),
                    },
                    "message": {"text": r.message},
                }
                for i, r in enumerate(f.related, 1)
            ]
        if f.fix is not None:
            res["fixes"] = [_fix(f.fix, _artifact(loc.path, cwd))]
        results.append(res)
    root_uri = _file_uri(os.path.abspath(srcroot or cwd))
    if not root_uri.endswith("/"):
        root_uri += "/"
    run = {
        "tool": {
            "driver": {
                "name": "flasklint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [rule_descriptor(r) for r in rules],
            }
        },
        "invocations": [
            {
                "executionSuccessful": not result.errors,
                "toolExecutionNotifications": [
                    {"level": "error", "message": {"text": e}} for e in result.errors
                ],
            }
        ],
        "originalUriBaseIds": {"%SRCROOT%": {"uri": root_uri}},
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    doc = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return dumps(doc) + "\n"
