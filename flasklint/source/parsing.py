"""Parsing Python files into astroid trees without importing anything:
no post-build inference, no brain transforms, no global cache."""

from __future__ import annotations

import ast
import os
import sys
import warnings
from typing import Optional, Tuple

from astroid import raw_building, rebuilder
from astroid.builder import AstroidBuilder
from astroid.exceptions import AstroidSyntaxError
from astroid.manager import AstroidManager

from flasklint import stack
from flasklint.source.files import ReadError, decode_python, read_bytes


class _QuietBuilder(AstroidBuilder):
    """An astroid builder that only builds the tree: no caching, no imports
    (``from x import *`` is left to flasklint's resolver), no inference."""

    def string_build(self, data, modname="", path=None):
        # (astroid's keeps a second, encoded copy of the source on the tree)
        module, builder = self._data_build(data, modname, path)
        return self._post_build(module, builder, "utf-8")

    def _data_build(self, data, modname, path):
        # astroid's, less two costs of no use here: type comments (astroid
        # itself retries without them when they do not parse), and the
        # source text handed to the rebuilder, which only serves to tokenize
        # every def/class header for pylint's ``position`` (~8% of a build).
        try:
            node = ast.parse(data + "\n", filename=modname or "<unknown>")
        except (TypeError, ValueError, SyntaxError, MemoryError) as exc:
            raise AstroidSyntaxError(
                "Parsing Python code failed:\n{error}", source=data, modname=modname, path=path, error=exc
            ) from exc
        node_file = os.path.abspath(path) if path is not None else "<?>"
        if modname.endswith(".__init__"):
            modname = modname[:-9]
            package = True
        else:
            package = path is not None and os.path.splitext(os.path.basename(path))[0] == "__init__"
        builder = rebuilder.TreeRebuilder(self._manager, None)
        module = builder.visit_module(node, modname, node_file, package)
        return module, builder

    def _post_build(self, module, builder, encoding):
        module.file_encoding = encoding
        # Bind ``from x import name`` names in their scopes, as astroid does,
        # but leave ``from x import *`` alone: expanding it imports x.
        for node, global_names in builder._import_from_nodes:
            if node.modname == "__future__":
                continue
            for name, asname in node.names:
                if name == "*":
                    continue
                bound = asname or name
                scope = module if bound in global_names else node.parent
                scope.set_local(bound, node)
                scope.scope().locals[bound].sort(key=lambda n: n.fromlineno or 0)
        return module


def quiet_builder() -> _QuietBuilder:
    # Created on first use (a run served from the cache never needs it).
    global _BUILDER
    if _BUILDER is None:
        manager = AstroidManager()
        if not raw_building.InspectBuilder.bootstrapped and "builtins" not in manager.astroid_cache:
            # astroid's bootstrap introspects the live builtins module into a
            # tree (~0.3 s per run).  flasklint asks of it
            # only which names it binds (a name found there is
            # ``builtins.<name>``): a tree of stand-in definitions answers alike.
            raw_building.InspectBuilder.bootstrapped = True
            builder = _QuietBuilder(manager, apply_transforms=False)
            stub = builder.string_build(_builtins_stub(), "builtins", None)
            manager.astroid_cache["builtins"] = stub
        _BUILDER = _QuietBuilder(manager, apply_transforms=False)
    return _BUILDER


def _builtins_stub() -> str:
    import builtins
    import keyword

    lines = []
    for name in dir(builtins):
        if not name.isidentifier() or keyword.iskeyword(name) or name == "__debug__":
            continue
        obj = getattr(builtins, name)
        if isinstance(obj, type):
            lines.append(f"class {name}: pass")
        elif callable(obj):
            lines.append(f"def {name}(*args, **kwargs): pass")
        else:
            lines.append(f"{name} = None")
    return "\n".join(lines) + "\n"


_PYTHON = "Python %d.%d" % sys.version_info[:2]


UNKNOWN_SYNTAX = object()


def syntax_error_details(exc: SyntaxError) -> tuple:
    line = exc.lineno or 1
    col = exc.offset or 1
    msg = exc.msg or "invalid syntax"
    # The parser is the running interpreter's: name its version, since
    # newer syntax (PEP 701 f-strings, 3.12) fails on an older Python.
    return ("FL001", f"syntax error ({_PYTHON}): {msg}", line, max(col, 1))


def syntax_problem(text: str, path: str) -> Optional[tuple]:
    """FL001 for a decoded file that ``ast`` cannot parse, as a (rule,
    message, line, column) tuple; None if it parses."""
    try:
        with recursion_limit(), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SyntaxWarnings are the compiler's business
            ast.parse(text, path)
    except SyntaxError as exc:
        return syntax_error_details(exc)
    except (RecursionError, MemoryError):
        return ("FL001", "too deeply nested to parse", 1, 1)
    except ValueError as exc:  # NUL bytes on older Pythons
        return ("FL001", str(exc), 1, 1)
    return None


def file_problem(path: str) -> Tuple[Optional[bytes], Optional[tuple]]:
    """What ``check_syntax`` reports for a file not otherwise parsed, computed
    from its path alone (for worker processes): (bytes or None if unreadable,
    problem tuple or None)."""
    try:
        data = read_bytes(path)
    except ReadError as exc:
        return None, ("FL002", str(exc), 1, 1)
    try:
        text = decode_python(data)
    except ReadError as exc:
        return data, ("FL002", str(exc), exc.line, exc.column)
    return data, syntax_problem(text, path)


def recursion_limit():
    return stack.frames(stack.PARSE_FRAMES)


_BUILDER: Optional[_QuietBuilder] = None


class PartialBuildAbort(Exception):
    """A restricted model build (the incremental cache) cannot answer: it
    would add facts, needs what only the full build has, or costs too much."""
