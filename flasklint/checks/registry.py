"""The rule registry: the one home of every rule's metadata and checker.

Each check module declares its rules with :func:`define` and its checkers
with :func:`checker`; :mod:`flasklint.registry` answers questions about them
once every check module is imported.  Rule ids never change once released; names are kebab-case and
name the pattern, as in ruff.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import Callable, Dict, Iterable, List, Tuple

SEVERITIES = ("LOW", "MEDIUM", "HIGH")
CONFIDENCES = ("LOW", "MEDIUM", "HIGH")

DOC_HEADINGS = ("What it does", "Why is this bad?", "Example", "Use instead")

DOCS_URL = "https://github.com/flasklint/flasklint/blob/main/docs/rules.md#{anchor}"


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    severity: str
    confidence: str
    summary: str
    what: str
    why: str
    example: str
    use_instead: str
    cwe: Tuple[int, ...] = ()
    # Files of the Example/Use instead snippets when a rule needs a
    # non-Python file (e.g. ".flaskenv"); default: a single Python module.
    example_file: str = "app.py"
    notes: str = ""
    # What ``--fix`` does for the rule's findings, and whether it is safe
    # (meaning kept but for the bug) or unsafe (needs review); "" when the
    # rule has no fix.
    fix: str = ""

    def __post_init__(self):
        assert self.severity in SEVERITIES, self.severity
        assert self.confidence in CONFIDENCES, self.confidence
        assert self.id[:2] == "FL" and self.id[2:].isdigit() and len(self.id) == 5, self.id
        assert self.name == self.name.lower() and " " not in self.name, self.name

    @property
    def family(self) -> str:
        return self.id[:3] + "xx"

    @property
    def help_uri(self) -> str:
        return DOCS_URL.format(anchor=(self.id + "-" + self.name).lower())

    def markdown(self, level: int = 2) -> str:
        """The rule's documentation, under the fixed headings."""
        h = "#" * level
        lang = "python" if self.example_file.endswith(".py") else ""
        parts = [
            f"{h} {self.id} `{self.name}`",
            "",
            f"Default severity: **{self.severity}** (confidence {self.confidence})"
            + (f" · CWE: {', '.join('CWE-%d' % c for c in self.cwe)}" if self.cwe else ""),
            "",
        ]
        if self.fix:
            parts += [f"*Fix*: {' '.join(_dedent(self.fix).split())}", ""]
        parts += [
            f"{h}# What it does",
            "",
            _dedent(self.what),
            "",
            f"{h}# Why is this bad?",
            "",
            _dedent(self.why),
            "",
            f"{h}# Example",
            "",
            f"```{lang}",
            _dedent(self.example).rstrip(),
            "```",
            "",
            f"{h}# Use instead",
            "",
            f"```{lang}",
            _dedent(self.use_instead).rstrip(),
            "```",
        ]
        if self.notes:
            parts += ["", f"{h}# Notes", "", _dedent(self.notes)]
        return "\n".join(parts) + "\n"


def _dedent(text: str) -> str:
    return textwrap.dedent(text).strip("\n")


RULES: Dict[str, Rule] = {}
RULES_BY_NAME: Dict[str, Rule] = {}

# A checker is a function taking the project model and yielding findings.
Checker = Callable[..., Iterable["object"]]
CHECKERS: List[Tuple[Tuple[str, ...], Checker]] = []


def define(*rules: Rule) -> Tuple[Rule, ...]:
    for rule in rules:
        if rule.id in RULES and RULES[rule.id] != rule:
            raise ValueError(f"duplicate rule id {rule.id}")
        if rule.name in RULES_BY_NAME and RULES_BY_NAME[rule.name].id != rule.id:
            raise ValueError(f"duplicate rule name {rule.name}")
        RULES[rule.id] = rule
        RULES_BY_NAME[rule.name] = rule
    return rules


LAST_CHECKERS: List[Checker] = []


def checker(*rule_ids: str, last: bool = False):
    """Register a checker that may emit findings for ``rule_ids``.

    ``last=True`` runs it after every other checker (FL003 reports the
    analysis limits hit while the other checkers ran, too)."""

    def deco(fn: Checker) -> Checker:
        CHECKERS.append((tuple(rule_ids), fn))
        if last:
            LAST_CHECKERS.append(fn)
        return fn

    return deco
