"""GitLab Code Quality report (``--output-format gitlab``): the JSON array
GitLab reads from ``artifacts: reports: codequality:`` and shows in merge
requests.

Each finding is one issue with the fields GitLab requires:

* ``description``: ``FL101 debug-run: message`` (control characters
  escaped, as the text format shows them);
* ``check_name``: the rule id;
* ``fingerprint``: the baseline's line-shift-proof fingerprint (the value
  SARIF carries as ``partialFingerprints``), so an issue keeps its identity
  when lines above it move and GitLab can tell new issues from old ones;
* ``severity``: HIGH ``critical``, MEDIUM ``major``, LOW ``minor`` (GitLab's
  scale is info < minor < major < critical < blocker; ``blocker`` is left
  for problems that stop a merge outright, which a linter cannot know);
* ``location.path``: relative to the working directory (run flasklint from
  the repository root in CI), ``/``-separated, no ``./`` prefix;
  ``location.lines.begin`` (and ``end``), 1-based.

Internal errors have no place in this format: they are written to stderr
and make the exit code 2, as with every format.
"""

from __future__ import annotations

import os
from typing import List

from flasklint import registry
from flasklint.baseline import fingerprints
from flasklint.report.text import escape
from flasklint.safe_json import dumps

SEVERITY = {"HIGH": "critical", "MEDIUM": "major", "LOW": "minor"}


def relative_path(path: str) -> str:
    norm = path.replace(os.sep, "/")
    while norm.startswith("./"):
        norm = norm[2:]
    return norm


def issue(f, fingerprint: str) -> dict:
    rule = registry.get_rule(f.rule)
    loc = f.location
    lines = {"begin": max(1, loc.line)}
    if loc.end_line and loc.end_line >= lines["begin"]:
        lines["end"] = loc.end_line
    title = f"{f.rule} {rule.name}" if rule else f.rule
    return {
        "description": f"{title}: {escape(f.message)}",
        "check_name": f.rule,
        "fingerprint": fingerprint,
        "severity": SEVERITY.get(f.severity, "major"),
        "location": {"path": relative_path(loc.path), "lines": lines},
    }


def render(result, **_) -> str:
    prints = fingerprints(result.findings, result.project)
    issues: List[dict] = [issue(f, fp) for f, (_, _, fp) in zip(result.findings, prints)]
    return dumps(issues) + "\n"
