"""The rule registry: the one home of every rule's metadata.

Each check module declares its rules with :func:`define`; the CLI, the rule
docs, the reporters (text, JSON, SARIF, GitHub) and the Bandit plugin all read
them from here.  Rule ids never change once released; names are kebab-case and
name the pattern, as in ruff.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import Callable, Dict, Iterable, List, Optional, Tuple

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


_RULES: Dict[str, Rule] = {}
_BY_NAME: Dict[str, Rule] = {}

# A checker is a function taking the project model and yielding findings.
Checker = Callable[..., Iterable["object"]]
_CHECKERS: List[Tuple[Tuple[str, ...], Checker]] = []


def define(*rules: Rule) -> Tuple[Rule, ...]:
    for rule in rules:
        if rule.id in _RULES and _RULES[rule.id] != rule:
            raise ValueError(f"duplicate rule id {rule.id}")
        if rule.name in _BY_NAME and _BY_NAME[rule.name].id != rule.id:
            raise ValueError(f"duplicate rule name {rule.name}")
        _RULES[rule.id] = rule
        _BY_NAME[rule.name] = rule
    return rules


_LAST: List[Checker] = []


def checker(*rule_ids: str, last: bool = False):
    """Register a checker that may emit findings for ``rule_ids``.

    ``last=True`` runs it after every other checker (FL003 reports the
    analysis limits hit while the other checkers ran, too)."""

    def deco(fn: Checker) -> Checker:
        _CHECKERS.append((tuple(rule_ids), fn))
        if last:
            _LAST.append(fn)
        return fn

    return deco


def _load() -> None:
    # Importing the check modules populates the registry.
    import flasklint.checks  # noqa: F401


def all_rules() -> List[Rule]:
    _load()
    return sorted(_RULES.values(), key=lambda r: r.id)


def get_rule(key: str) -> Optional[Rule]:
    _load()
    key = key.strip()
    return _RULES.get(key.upper()) or _BY_NAME.get(key.lower())


def checkers() -> List[Tuple[Tuple[str, ...], Checker]]:
    _load()
    return [c for c in _CHECKERS if c[1] not in _LAST] + [c for c in _CHECKERS if c[1] in _LAST]


def expand_selector(selector: str) -> List[str]:
    """Rule ids matched by a selector: an id, a prefix (``FL1``, ``FL10``), a
    name, or ``ALL``.  Raises ValueError for selectors matching nothing."""
    _load()
    sel = selector.strip()
    if not sel:
        return []
    if sel.upper() == "ALL":
        return sorted(_RULES)
    rule = _BY_NAME.get(sel.lower())
    if rule:
        return [rule.id]
    up = sel.upper()
    matched = sorted(r for r in _RULES if r.startswith(up))
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
    _load()
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
    if s.lower() in _BY_NAME:
        return len("FL000")  # a name is as specific as its full id
    return len(s)
