"""What a checker receives: the project, its Flask model, and helpers to
build findings with the rule's registered severity and confidence."""

from __future__ import annotations

from typing import Optional, Sequence, Tuple

from flasklint.checks import policy
from flasklint.checks.registry import RULES
from flasklint.finding import Finding, Fix, Location, Related
from flasklint.resolve.values import Choice, Const, EnvVar, Fallback, Value


class Context:
    def __init__(self, project, model):
        self.project = project
        self.model = model

    def location(self, node_or_loc) -> Location:
        if isinstance(node_or_loc, Location):
            return node_or_loc
        return self.project.location(node_or_loc)

    def finding(
        self,
        rule_id: str,
        where,
        message: str,
        related: Sequence[Tuple[object, str]] = (),
        severity: Optional[str] = None,
        confidence: Optional[str] = None,
        fix: Optional[Fix] = None,
    ) -> Finding:
        rule = RULES.get(rule_id)
        assert rule is not None, rule_id
        rel = tuple(Related(self.location(w), m) for w, m in related if w is not None)
        loc = self.location(where)
        severity = severity or rule.severity
        if policy.applies(rule.id) and policy.in_test_code(self.project, loc.path):
            severity = policy.TEST_SEVERITY
            message += policy.TEST_NOTE
        return Finding(
            rule=rule.id,
            location=loc,
            message=message,
            severity=severity,
            confidence=confidence or rule.confidence,
            related=rel,
            fix=fix,
        )


def truthiness(value: Optional[Value]) -> Optional[str]:
    """How sure we are that ``value`` is truthy at run time:

    * ``"on"``: always truthy (a literal, or every alternative truthy);
    * ``"default"``: truthy unless the deployment overrides it (an
      environment variable with a truthy literal default or fallback);
    * ``None``: false, or unknown -- never guessed truthy.
    """
    if value is None:
        return None
    if isinstance(value, Choice):
        results = {truthiness(o) for o in value.options}
        if results == {"on"}:
            return "on"
        return None
    if isinstance(value, EnvVar):
        if value.default is not None and truthiness(value.default) == "on" and not value.required:
            return "default"
        return None
    if isinstance(value, Fallback):
        if isinstance(value.primary, EnvVar) and truthiness(value.fallback) == "on":
            return "default"
        return None
    if isinstance(value, Const):
        return "on" if value.value else None
    return None
