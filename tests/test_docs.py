"""Rule documentation: complete, fresh, and its examples tested."""

import sys
import textwrap
from pathlib import Path

import pytest

from flasklint import docs, registry
from flasklint.linter import lint

ROOT = Path(__file__).parent.parent
RULES = registry.all_rules()


def test_docs_and_readme_table_are_fresh():
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == docs.rules_markdown(), (
        "docs/rules.md is stale: run python -m flasklint.docs --write"
    )
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert docs.readme_with_table(readme) == readme, "README rule table is stale: run python -m flasklint.docs --write"
    for r in RULES:
        assert f"| `{r.name}` |" in readme


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_docs_are_complete(rule):
    md = rule.markdown()
    for heading in registry.DOC_HEADINGS:
        assert f"### {heading}" in md
    for text in (rule.summary, rule.what, rule.why, rule.example, rule.use_instead):
        assert text.strip(), f"{rule.id} has an empty doc section"
    assert rule.id in (r.id for r in registry.all_rules())


def _lint_snippet(tmp_path, monkeypatch, rule, code):
    target = tmp_path / rule.example_file
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(textwrap.dedent(code).strip("\n") + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return {f.rule for f in lint(["."]).findings}


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_example_triggers_and_use_instead_does_not(rule, tmp_path, monkeypatch):
    if rule.id == "FL006" and sys.version_info >= (3, 14):
        pytest.skip("the example is syntax of the newest Python known (3.14): it parses here")
    bad = _lint_snippet(tmp_path / "bad", monkeypatch, rule, rule.example)
    good = _lint_snippet(tmp_path / "good", monkeypatch, rule, rule.use_instead)
    assert rule.id in bad, f"{rule.id}'s Example does not trigger it"
    assert rule.id not in good, f"{rule.id}'s Use instead triggers it"
