"""The shipped example project reports exactly what its markers say."""

from pathlib import Path

from tests.harness import diff, run_case

EXAMPLES = Path(__file__).parent.parent / "examples"


def test_examples_report_exactly_their_markers():
    marks, found, result = run_case(EXAMPLES)
    report = diff(marks["expect"], found, marks["todo-ok"], marks["todo-expect"], result)
    assert not result.errors, report
    assert found - marks["todo-ok"] == marks["expect"], "\n" + report
