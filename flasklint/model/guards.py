"""Conditions a statement runs under.

``conditions(node)`` lists the ``if``/``elif``/``while`` tests and
conditional expressions that enclose ``node`` inside its own function or
module (a call site's conditions are not followed).  Rules use it to tell a
setting that is always applied from one the deployment decides
(``if args.debug: app.run(debug=True)``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List

from astroid import nodes

_FRAMES = (nodes.FunctionDef, nodes.AsyncFunctionDef, nodes.Lambda, nodes.ClassDef, nodes.Module)


@dataclass
class Condition:
    test: object  # the astroid test expression
    negated: bool  # True when the node is in the else branch

    @property
    def is_main_guard(self) -> bool:
        """``if __name__ == "__main__":`` (not a deployment decision)."""
        return is_main_guard(self.test)

    def words(self) -> List[str]:
        """Lower-case identifier pieces and string literals of the test
        (``app.config["ENV"] == "development"`` -> app, config, env,
        development), split on ``_`` and CamelCase."""
        out: List[str] = []
        for n in self.test.nodes_of_class((nodes.Name, nodes.Attribute, nodes.Const, nodes.AssignName)):
            if isinstance(n, nodes.Name) or isinstance(n, nodes.AssignName):
                text = n.name
            elif isinstance(n, nodes.Attribute):
                text = n.attrname
            elif isinstance(n.value, str):
                text = n.value
            else:
                continue
            out.extend(split_words(text))
        return out


def split_words(text: str) -> List[str]:
    pieces = re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+", text)
    return [p.lower() for p in pieces]


def is_main_guard(test) -> bool:
    if not isinstance(test, nodes.Compare) or len(test.ops) != 1:
        return False
    op, right = test.ops[0]
    if op not in ("==", "is"):
        return False
    sides = [test.left, right]
    has_name = any(isinstance(s, nodes.Name) and s.name == "__name__" for s in sides)
    has_main = any(isinstance(s, nodes.Const) and s.value == "__main__" for s in sides)
    return has_name and has_main


def conditions(node) -> List[Condition]:
    """Enclosing conditions of ``node``, innermost first, up to its frame."""
    out: List[Condition] = []
    child = node
    parent = node.parent
    while parent is not None and not isinstance(parent, _FRAMES):
        if isinstance(parent, (nodes.If, nodes.While)) and child is not parent.test:
            out.append(Condition(parent.test, child in (parent.orelse or [])))
        elif isinstance(parent, nodes.IfExp) and child is not parent.test:
            out.append(Condition(parent.test, child is parent.orelse))
        child = parent
        parent = parent.parent
    return out
