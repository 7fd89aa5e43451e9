"""A module of the project: its path, names, bytes, text, tree and
syntax diagnostics."""

from __future__ import annotations

import os
import warnings
from typing import TYPE_CHECKING, Dict, List, Optional, Set

from astroid import nodes
from astroid.exceptions import AstroidSyntaxError

from flasklint.source.files import Diagnostic, ReadError, alt_module_names, decode_python, module_name, read_bytes, split_lines
from flasklint.source.newsyntax import RULE as NEWER_SYNTAX
from flasklint.source.newsyntax import classify
from flasklint.source.parsing import UNKNOWN_SYNTAX, PartialBuildAbort, quiet_builder, recursion_limit, syntax_error_details, syntax_problem
from flasklint.source.textscan import imported_names, imports_trigger

_PARSE_RULES = ("FL001", NEWER_SYNTAX)  # a file that decodes but does not parse here

if TYPE_CHECKING:
    from flasklint.source.project import Project


class Module:
    def __init__(self, project: "Project", path: str, name: Optional[str] = None, is_pkg: bool = False, alt_names: Optional[List[str]] = None):
        self.project = project
        self.path = path  # absolute
        # (dotted name, is a package, further names): from the package
        # structure, on first use -- a run answered from the cache never asks
        self._naming = None if name is None else (name, is_pkg, list(alt_names or ()))
        self._display: Optional[str] = None
        self._data: Optional[bytes] = None
        self._text: Optional[str] = None
        self._tree = None
        self._parsed = False
        self._lines: Optional[List[str]] = None
        self.diagnostic: Optional[Diagnostic] = None
        self._mentions: Dict[str, bool] = {}
        # (mentions flask/quart/werkzeug, imported names): the prefilter's
        # facts, computed on first use or filled in from the cache
        self.facts: Optional[tuple] = None
        # FL001/FL002 found for these bytes by an earlier run or a worker
        # process: a (rule, message, line, column) tuple, or None if clean
        self.known_syntax = UNKNOWN_SYNTAX
        self.content_used = False
        self.index: Optional[int] = None  # position in project.modules (None: an extra module)

    @property
    def parsed(self) -> bool:
        """Whether the file's tree was built (or its build attempted)."""
        return self._parsed

    def adopt(self, old: "Module") -> None:
        """Take over what ``old`` (the same file in a project discovered
        alike) already read and parsed: its bytes, text, prefilter facts and
        tree (a tree is the file's content alone)."""
        if old.diagnostic is None or old._parsed:
            self._data = old._data
            self._text = old._text
            self.facts = old.facts
        if old._parsed:
            self._parsed, self._tree, self.diagnostic = True, old._tree, old.diagnostic

    def __repr__(self):
        return f"<Module {self.name} {self.display}>"

    def _names(self) -> tuple:
        if self._naming is None:
            project = self.project
            name, is_pkg = module_name(self.path, project.root, project._packages)
            self._naming = (name, is_pkg, alt_module_names(self.path, project.root, name))
        return self._naming

    @property
    def display(self) -> str:
        """The path as reported (relative to the working directory)."""
        if self._display is None:
            self._display = self.project.display_path(self.path)
        return self._display

    @property
    def name(self) -> str:
        return self._names()[0]

    @property
    def is_pkg(self) -> bool:
        return self._names()[1]

    @property
    def alt_names(self) -> List[str]:
        return self._names()[2]

    @property
    def package(self) -> str:
        """The package relative imports are resolved against."""
        if self.is_pkg:
            return self.name
        return self.name.rpartition(".")[0]

    @property
    def directory(self) -> str:
        return os.path.dirname(self.path)

    @property
    def is_test(self) -> bool:
        """Test code: ``test_*.py``, ``*_test.py``, ``conftest.py``, or a file
        under a ``tests``/``test``/``testing`` directory of the project."""
        rel = os.path.relpath(self.path, self.project.root) if self.project.root else self.path
        parts = rel.replace(os.sep, "/").split("/")
        base = parts[-1]
        if base == "conftest.py" or base.startswith("test_") or base.endswith("_test.py"):
            return True
        return any(p in ("tests", "test", "testing") for p in parts[:-1])

    def data(self) -> bytes:
        if self._data is None:
            try:
                self._data = read_bytes(self.path)
            except ReadError as exc:
                self._data = b""
                self._fail("FL002", str(exc))
        return self._data

    def mentions_flask(self) -> bool:
        if self.facts is None:
            data = self.data()
            names = imported_names(data)
            self.facts = (imports_trigger(names, self.project.knowledge.packages), names)
        return self.facts[0]

    def imported_names(self) -> Set[str]:
        """Absolute module names the file imports (a cheap textual scan)."""
        self.mentions_flask()
        return self.facts[1]

    def mentions(self, word: str) -> bool:
        self.project.reads.asked_text(word)
        got = self._mentions.get(word)
        if got is None:
            got = self._mentions[word] = word.encode("utf-8", "surrogatepass") in self.data()
        return got

    @property
    def text(self) -> Optional[str]:
        # Anything but the syntax check reading the text makes the analysis
        # depend on this file's content (the cache re-analyses on a change).
        self.content_used = True
        self.project.reads.note(self)
        return self._decoded()

    def _decoded(self) -> Optional[str]:
        # (a known FL001/FL006 -- from the cache or a worker -- still has a text)
        if self._text is None and (self.diagnostic is None or self.diagnostic.rule in _PARSE_RULES):
            data = self.data()
            if self.diagnostic is None or self.diagnostic.rule in _PARSE_RULES:
                try:
                    self._text = decode_python(data)
                except ReadError as exc:
                    self._fail("FL002", str(exc), exc.line, exc.column)
        return self._text

    @property
    def lines(self) -> List[str]:
        if self._lines is None:
            self._lines = split_lines(self.text or "")
        return self._lines

    def _fail(self, rule: str, message: str, line: int = 1, column: int = 1) -> None:
        if self.diagnostic is None:
            if rule == "FL001":  # (newer syntax than this Python: FL006, see newsyntax.py)
                rule, message, line, column = classify((rule, message, line, column), self._decoded(), self.project.target_version)
            self.diagnostic = Diagnostic(rule, self.path, message, line, column)

    @property
    def tree(self) -> Optional[nodes.Module]:
        """The astroid tree, built on first use; None if the file is broken."""
        if not self._parsed:
            self._parsed = True
            text = self._decoded()
            if text is not None:
                project = self.project
                project.parse_count += 1
                if project.parse_budget is not None and project.parse_count > project.parse_budget:
                    self._parsed = False
                    raise PartialBuildAbort("replaying the steps that read the edited files costs about a full run")
                self._tree = self._build(text)
        return self._tree

    def check_syntax(self) -> None:
        """Report syntax errors without building an astroid tree."""
        if self._parsed:
            return
        if self.known_syntax is not UNKNOWN_SYNTAX and self.diagnostic is None:
            if self.known_syntax is not None:
                self._fail(*self.known_syntax)
            return
        text = self._decoded()
        problem = None
        if text is not None:
            problem = syntax_problem(text, self.path)
            if problem is not None:
                self._fail(*problem)
        d = self.diagnostic
        # (as the parser said, before classify(): the syntax cache is shared
        # by runs of any target version)
        self.known_syntax = problem if problem is not None else ((d.rule, d.message, d.line, d.column) if d is not None else None)

    def _build(self, text: str):
        try:
            with recursion_limit(), warnings.catch_warnings():
                warnings.simplefilter("ignore")  # SyntaxWarnings are the compiler's business
                return quiet_builder().string_build(text, self.name or "__main__", self.path)
        except AstroidSyntaxError as exc:
            err = exc.error
            if isinstance(err, SyntaxError):
                self._syntax_error(err)
            else:
                self._fail("FL001", str(err or exc).splitlines()[0] if str(err or exc) else "cannot parse")
        except (RecursionError, MemoryError):
            self._fail("FL001", "too deeply nested to parse")
        except (ValueError, TypeError) as exc:
            self._fail("FL001", str(exc))
        except Exception as exc:  # astroid failing on input Python accepts
            self.project.internal_error(self.display, exc)
        return None

    def _syntax_error(self, exc: SyntaxError) -> None:
        self._fail(*syntax_error_details(exc))

    def char_column(self, line: int, byte_col: int) -> int:
        """Convert a 0-based UTF-8 byte offset into a 1-based character column."""
        if self._lines is None and self._text is not None and self._text.isascii():
            return byte_col + 1  # every line is ASCII: no need to split the text
        lines = self.lines
        if 1 <= line <= len(lines):
            text = lines[line - 1]
            if text.isascii():
                return byte_col + 1
            return len(text.encode("utf-8")[:byte_col].decode("utf-8", "ignore")) + 1
        return byte_col + 1


def relative_to(module, modname: str, level: Optional[int]) -> Optional[str]:
    """The absolute name of ``from <level dots><modname> import ...`` in
    ``module`` (None when it climbs above the top package)."""
    if not level:
        return modname
    base = module.package.split(".") if module.package else []
    if level > 1:
        if level - 1 > len(base):
            return None
        base = base[: len(base) - (level - 1)]
    return ".".join(base + ([modname] if modname else []))


def absolutize(name: str, module) -> str:
    """``.api`` imported from ``svc.views`` -> ``svc.api`` (a relative
    import in the textual scan)."""
    if not name.startswith("."):
        return name
    level = len(name) - len(name.lstrip("."))
    rest = name[level:]
    base = module.package.split(".") if module.package else []
    if level > 1:
        base = base[: max(0, len(base) - (level - 1))]
    return ".".join(base + ([rest] if rest else []))
