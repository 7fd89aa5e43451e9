"""Rule documentation generated from the registry.

``python -m flasklint.docs --write`` regenerates ``docs/rules.md`` and the
rule table in ``README.md``; a test fails when either is stale.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from flasklint import registry

START = "<!-- rules-table:start -->"
END = "<!-- rules-table:end -->"


def rules_table() -> str:
    lines = ["| Rule | Name | Severity | What it reports |", "|---|---|---|---|"]
    for r in registry.all_rules():
        anchor = (r.id + "-" + r.name).lower()
        lines.append(f"| [{r.id}](docs/rules.md#{anchor}) | `{r.name}` | {r.severity} | {r.summary} |")
    return "\n".join(lines)


def rules_markdown() -> str:
    parts = [
        "# flasklint rules",
        "",
        "Generated from the rule registry (`python -m flasklint.docs --write`); "
        "`flasklint rule FL101` prints the same text.",
        "",
    ]
    for r in registry.all_rules():
        parts.append(r.markdown(level=2))
    return "\n".join(parts)


def readme_with_table(readme: str) -> str:
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.S)
    return pattern.sub(lambda _: f"{START}\n{rules_table()}\n{END}", readme)


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    root = Path(__file__).resolve().parent.parent
    if "--write" in argv:
        (root / "docs").mkdir(exist_ok=True)
        (root / "docs" / "rules.md").write_text(rules_markdown(), encoding="utf-8")
        readme = root / "README.md"
        readme.write_text(readme_with_table(readme.read_text(encoding="utf-8")), encoding="utf-8")
        return 0
    sys.stdout.write(rules_markdown())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
