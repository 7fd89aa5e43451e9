"""Questions about the rules: every rule, one rule by id or name, the
checkers to run, which rules a selection enables.

Importing this module imports every check module (:mod:`flasklint.checks`),
whose definitions fill :mod:`flasklint.checks.registry`; the CLI, the rule
docs, the reporters and the Bandit plugin ask here.
"""

from __future__ import annotations

from typing import Iterable, List, Optional, Tuple

import flasklint.checks  # noqa: F401  (registers every rule)
from flasklint.checks.registry import (
    CHECKERS,
    CONFIDENCES,
    DOC_HEADINGS,
    LAST_CHECKERS,
    RULES,
    RULES_BY_NAME,
    SEVERITIES,
    Checker,
    Rule,
)

__all__ = ["Rule", "SEVERITIES", "CONFIDENCES", "DOC_HEADINGS", "all_rules", "get_rule", "checkers", "expand_selector", "resolve_selection"]


def all_rules() -> List[Rule]:
    return sorted(RULES.values(), key=lambda r: r.id)


def get_rule(key: str) -> Optional[Rule]:
    key = key.strip()
    return RULES.get(key.upper()) or RULES_BY_NAME.get(key.lower())


def checkers() -> List[Tuple[Tuple[str, ...], Checker]]:
    return [c for c in CHECKERS if c[1] not in LAST_CHECKERS] + [c for c in CHECKERS if c[1] in LAST_CHECKERS]


def expand_selector(selector: str) -> List[str]:
    """Rule ids matched by a selector: an id, a prefix (``FL1``, ``FL10``), a
    name, or ``ALL``.  Raises ValueError for selectors matching nothing."""
    sel = selector.strip()
    if not sel:
        return []
    if sel.upper() == "ALL":
        return sorted(RULES)
    rule = RULES_BY_NAME.get(sel.lower())
    if rule:
        return [rule.id]
    up = sel.upper()
    matched = sorted(r for r in RULES if r.startswith(up))
    if not matched:
        raise ValueError(f"unknown rule or prefix: {selector!r}")
    return matched


def resolve_selection(
    select: Optional[Iterable[str]] = None,
    ignore: Optional[Iterable[str]] = None,
    extend_select: Optional[Iterable[str]] = None,
) -> frozenset:
    """The set of enabled rule ids.  Longer (more specific) selectors win, as
    in ruff: ``--select FL1 --ignore FL10`` keeps FL11x."""
    ranked: List[Tuple[int, str, bool]] = []
    for sel in select if select else ["ALL"]:
        ranked.append((_specificity(sel), sel, True))
    for sel in extend_select or ():
        ranked.append((_specificity(sel), sel, True))
    for sel in ignore or ():
        ranked.append((_specificity(sel), sel, False))
    enabled: set = set()
    # Apply from least to most specific; at equal specificity ignore wins.
    for _, sel, on in sorted(ranked, key=lambda t: (t[0], not t[2])):
        ids = expand_selector(sel)
        if on:
            enabled.update(ids)
        else:
            enabled.difference_update(ids)
    return frozenset(enabled)


def _specificity(sel: str) -> int:
    s = sel.strip()
    if s.upper() == "ALL":
        return 0
    if s.lower() in RULES_BY_NAME:
        return len("FL000")  # a name is as specific as its full id
    return len(s)
