"""Pictures of the URL map (``flasklint routes --format mermaid|dot``):
app -> blueprint (-> nested blueprint) -> rule, one node per rule with its
methods, rule and endpoint.

The input is the rows ``flasklint routes`` computes (plain dicts: ``app``,
``app_location``, ``blueprints`` -- the names of the registrations leading
to the rule, outermost first --, ``methods``, ``rule``, ``endpoint``,
``location``, and ``via`` -- the framework adding it -- when one does);
nothing here looks at the model.

Node ids are generated (``app1``, ``app1_bp2``, ``r3``), never taken from
the project's text, and every label is escaped for its language: a rule
string holding quotes, brackets, ``-->`` or a line break stays inside its
label.
"""

from __future__ import annotations

import re
from typing import Dict, List, Sequence, Tuple

from flasklint.report.text import escape

# Mermaid: inside a "quoted" label only these are written as they are;
# anything else becomes an entity code (#34; for ", #35; for #, ...), which
# Mermaid renders as the character (https://mermaid.js.org/syntax/flowchart.html#entity-codes-to-escape-characters).
_MERMAID_PLAIN = re.compile(r"[A-Za-z0-9 /_.:,=+*?!@$^~'()\[\]{}-]")


def mermaid_label(text: str) -> str:
    return "".join(c if _MERMAID_PLAIN.fullmatch(c) else f"#{ord(c)};" for c in escape(text))


DOT_NEWLINE = "\\n"  # (DOT's own escape for a line break in a label)


def dot_label(text: str) -> str:
    """A DOT double-quoted string's content: control characters as visible
    escapes first, then backslashes and quotes escaped for DOT."""
    return escape(text).replace("\\", "\\\\").replace('"', '\\"')


def _route_label(row: dict) -> Tuple[str, ...]:
    label = (f"{', '.join(row['methods'])} {row['rule']}", f"{row['endpoint']} ({row['location']})")
    return label + ((f"via {row['via']}",) if row.get("via") else ())


def _graph(apps: Sequence[Tuple[str, str]], rows: List[dict]):
    """(nodes, edges): nodes as (id, kind, label lines), edges as (from, to),
    in a stable order (apps, then their rules in registration order)."""
    nodes: List[Tuple[str, str, Tuple[str, ...]]] = []
    edges: List[Tuple[str, str]] = []
    count = 0
    for a, (label, location) in enumerate(apps, 1):
        app_id = f"app{a}"
        nodes.append((app_id, "app", (label, location)))
        blueprints: Dict[Tuple[str, ...], str] = {}
        for row in rows:
            if (row["app"], row["app_location"]) != (label, location):
                continue
            parent = app_id
            path: Tuple[str, ...] = ()
            for name in row.get("blueprints") or ():
                path += (name,)
                if path not in blueprints:
                    blueprints[path] = f"{app_id}_bp{len(blueprints) + 1}"
                    nodes.append((blueprints[path], "blueprint", (f"blueprint {name}",)))
                    edges.append((parent, blueprints[path]))
                parent = blueprints[path]
            count += 1
            nodes.append((f"r{count}", "rule", _route_label(row)))
            edges.append((parent, f"r{count}"))
    return nodes, edges


def mermaid(apps: Sequence[Tuple[str, str]], rows: List[dict]) -> str:
    nodes, edges = _graph(apps, rows)
    out = ["flowchart LR"]
    shapes = {"app": ('["', '"]'), "blueprint": ('(["', '"])'), "rule": ('["', '"]')}
    for node_id, kind, lines in nodes:
        left, right = shapes[kind]
        out.append(f"    {node_id}{left}{'<br>'.join(mermaid_label(line) for line in lines)}{right}")
    out += [f"    {a} --> {b}" for a, b in edges]
    return "\n".join(out) + "\n"


def dot(apps: Sequence[Tuple[str, str]], rows: List[dict]) -> str:
    nodes, edges = _graph(apps, rows)
    out = ["digraph routes {", "    rankdir=LR;", "    node [shape=box, fontname=\"Helvetica\"];"]
    styles = {"app": ", style=bold", "blueprint": ", style=rounded", "rule": ""}
    for node_id, kind, lines in nodes:
        label = DOT_NEWLINE.join(dot_label(line) for line in lines)
        out.append(f'    "{node_id}" [label="{label}"{styles[kind]}];')
    out += [f'    "{a}" -> "{b}";' for a, b in edges]
    out.append("}")
    return "\n".join(out) + "\n"
