"""Every fixture case: the exact set of findings equals the inline
expectations."""

import pytest

from flasklint import registry
from tests.harness import cases, diff, markers, run_case

CASES = cases()


@pytest.mark.parametrize("case", CASES, ids=[f"{c.parent.name}/{c.name}" for c in CASES])
def test_fixture(case):
    marks, found, result = run_case(case)
    expected = marks["expect"]
    report = diff(expected, found, marks["todo-ok"], marks["todo-expect"], result)
    assert not result.errors, report
    assert found - marks["todo-ok"] == expected, "\n" + report


def test_every_rule_has_positive_and_negative_fixtures():
    expects, oks = set(), set()
    for case in CASES:
        m = markers(case)
        expects |= {r for _, _, r in m["expect"]}
        oks |= {r for _, _, r in m["ok"]}
    missing_pos = [r.id for r in registry.all_rules() if r.id not in expects]
    missing_neg = [r.id for r in registry.all_rules() if r.id not in oks]
    assert not missing_pos, f"rules without a positive fixture (# expect): {missing_pos}"
    assert not missing_neg, f"rules without a negative fixture (# ok): {missing_neg}"


def test_todo_markers_are_still_true():
    """A todo-expect that now fires (or a todo-ok that no longer fires) must
    be promoted to a real expectation."""
    stale = []
    for case in CASES:
        marks, found, _ = run_case(case)
        stale += [f"{case.name}:{k} now reported" for k in marks["todo-expect"] & found]
        stale += [f"{case.name}:{k} no longer reported" for k in marks["todo-ok"] - found]
    assert not stale, stale
