"""The layout docs/design/architecture.md promises: no import cycles between
modules or between packages, no module over 800 lines, no module importing
another's private names.  Read with ``ast``: nothing is imported."""

import ast
import os

import pytest

ROOT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "flasklint")
MAX_LINES = 800


def _modules():
    out = {}
    for dirpath, _, files in os.walk(ROOT):
        for f in files:
            if f.endswith(".py"):
                path = os.path.join(dirpath, f)
                rel = os.path.relpath(path, os.path.dirname(ROOT))[:-3].replace(os.sep, ".")
                out[rel[: -len(".__init__")] if rel.endswith(".__init__") else rel] = path
    return out


MODULES = _modules()


def _imports(name, path):
    """(imported module, names) of every flasklint import of a module,
    function-local ones included, ``if TYPE_CHECKING:`` blocks excepted."""
    tree = ast.parse(open(path, encoding="utf-8").read())
    skip = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            skip.update(id(n) for stmt in node.body for n in ast.walk(stmt))
    package = name if path.endswith("__init__.py") else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("flasklint"):
                    yield alias.name, ()
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([node.module] if node.module else []))
            if not base.startswith("flasklint"):
                continue
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                if sub in MODULES:
                    yield sub, ()
                else:
                    yield base, (alias.name,)


def _graph():
    return {name: {target for target, _ in _imports(name, path) if target in MODULES and target != name}
            for name, path in MODULES.items()}


def _cycles(graph):
    """Strongly connected components with more than one node (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def _package(name):
    parts = name.split(".")
    return ".".join(parts[:2])


def test_no_import_cycles_between_modules():
    assert _cycles(_graph()) == []


def test_no_import_cycles_between_packages():
    graph = {}
    for src, targets in _graph().items():
        graph.setdefault(_package(src), set()).update(_package(t) for t in targets if _package(t) != _package(src))
    # The package's own __init__ (flasklint) only holds the version.
    graph.pop("flasklint", None)
    assert _cycles(graph) == []


@pytest.mark.parametrize("name", sorted(MODULES))
def test_module_is_small(name):
    with open(MODULES[name], encoding="utf-8") as fh:
        lines = sum(1 for _ in fh)
    assert lines <= MAX_LINES, f"{name} has {lines} lines: split it along a seam (docs/design/architecture.md)"


def test_no_module_imports_another_modules_private_names():
    leaks = [(name, target, n) for name, path in MODULES.items() for target, names in _imports(name, path)
             for n in names if n.startswith("_") and not n.startswith("__")]
    assert leaks == []


def test_the_detector_sees_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
