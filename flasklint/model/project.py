"""The project: its files, modules and their (lazily built) astroid trees.

Trees are built with astroid *without* its post-build steps that import
modules (star-import expansion, delayed attribute inference) and without
brain transforms, and are never put in astroid's global cache: flasklint
resolves names across modules itself, so nothing from the project -- and
nothing from Flask's own installed sources -- is ever imported or built.
"""

from __future__ import annotations

import ast
import bisect
import contextlib
import os
import re
import sys
import warnings
from typing import Dict, List, Optional, Set, Tuple

from astroid import nodes, raw_building, rebuilder
from astroid.builder import AstroidBuilder
from astroid.exceptions import AstroidSyntaxError
from astroid.manager import AstroidManager

from flasklint import stack
from flasklint.files import (
    Diagnostic,
    Discovered,
    ReadError,
    alt_module_names,
    decode_python,
    decode_text,
    module_name,
    read_bytes,
    split_lines,
)
from flasklint.finding import Location
from flasklint.names import TRIGGER_PACKAGES
from flasklint.resolve.walk import nodes_of, statement_of


class Bail(Exception):
    """A restricted model build (the incremental cache) cannot answer: it
    would add facts, needs what only the full build has, or costs too much."""


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


_BUILDER: Optional[_QuietBuilder] = None


def _builder() -> _QuietBuilder:
    # Created on first use (a run served from the cache never needs it).
    global _BUILDER
    if _BUILDER is None:
        manager = AstroidManager()
        if not raw_building.InspectBuilder.bootstrapped and "builtins" not in manager.astroid_cache:
            # astroid's bootstrap introspects the live builtins module into a
            # tree (~0.3 s, 13% of a cold run on CTFd).  flasklint asks of it
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
        self.known_syntax = _UNKNOWN_SYNTAX
        self.content_used = False
        self.index: Optional[int] = None  # position in project.modules (None: an extra module)

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
            names = _imported_names(data)
            self.facts = (_imports_trigger(names), names)
        return self.facts[0]

    def imported_names(self) -> Set[str]:
        """Absolute module names the file imports (a cheap textual scan)."""
        self.mentions_flask()
        return self.facts[1]

    def mentions(self, word: str) -> bool:
        self.project.probed(word)
        got = self._mentions.get(word)
        if got is None:
            got = self._mentions[word] = word.encode("utf-8", "surrogatepass") in self.data()
        return got

    @property
    def text(self) -> Optional[str]:
        # Anything but the syntax check reading the text makes the analysis
        # depend on this file's content (the cache re-analyses on a change).
        self.content_used = True
        self.project.note_read(self)
        return self._decoded()

    def _decoded(self) -> Optional[str]:
        # (a known FL001 -- from the cache or a worker -- still has a text)
        if self._text is None and (self.diagnostic is None or self.diagnostic.rule == "FL001"):
            data = self.data()
            if self.diagnostic is None or self.diagnostic.rule == "FL001":
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
                    raise Bail("replaying the steps that read the edited files costs about a full run")
                self._tree = self._build(text)
        return self._tree

    def check_syntax(self) -> None:
        """Report syntax errors without building an astroid tree."""
        if self._parsed:
            return
        if self.known_syntax is not _UNKNOWN_SYNTAX and self.diagnostic is None:
            if self.known_syntax is not None:
                self._fail(*self.known_syntax)
            return
        text = self._decoded()
        if text is not None:
            problem = syntax_problem(text, self.path)
            if problem is not None:
                self._fail(*problem)
        d = self.diagnostic
        self.known_syntax = (d.rule, d.message, d.line, d.column) if d is not None else None

    def _build(self, text: str):
        try:
            with _recursion_limit(), warnings.catch_warnings():
                warnings.simplefilter("ignore")  # SyntaxWarnings are the compiler's business
                return _builder().string_build(text, self.name or "__main__", self.path)
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
        self._fail(*_syntax_error(exc))

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


_PYTHON = "Python %d.%d" % sys.version_info[:2]
_UNKNOWN_SYNTAX = object()
_WORD_RE = re.compile(rb"[A-Za-z0-9_]+")
_RUN_RE = re.compile(rb"[A-Za-z0-9_]+")
# Word scans searched file by file before the project's identifier runs are
# indexed (building the index costs about 60 direct scans: a replay of the
# incremental cache asks a few words, a full run thousands).
_DIRECT_SCANS = 60
# What may stand between a callee's last name and the call's parenthesis:
# whitespace and newlines (inside brackets), comments, backslash
# continuations, and the closing parentheses of a parenthesised callee
# (``(f)(x)`` calls the name ``f``).  (A comment runs to its line's end: no
# backtracking through comments full of ``#``.)
_CALL_GAP = re.compile(rb"(?:[\s)]|\\\r?\n|#[^\r\n]*(?![^\r\n]))*\(")
_IDENT_BYTES = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")


def _defined_at(data: bytes, start: int) -> bool:
    """The identifier starting at ``start`` is the name of a ``def`` or
    ``class`` statement (``def f(``, ``class C(Base)``: no call), written
    with spaces or tabs between (any other layout counts as a call)."""
    j = start
    while j > 0 and data[j - 1] in b" \t":
        j -= 1
    if j == start:
        return False
    for kw in (b"def", b"class"):
        k = j - len(kw)
        if k >= 0 and data[k:j] == kw and (k == 0 or data[k - 1] not in _IDENT_BYTES):
            return True
    return False


def _may_call(name: bytes, data: bytes, inside: bool = False) -> bool:
    """Whether an identifier that is ``name`` (or, ``inside``, holds it)
    is followed by what can end a callee and open its call
    (``_CALL_GAP``), other than as the name of a def or class."""
    i = data.find(name)
    n = len(name)
    size = len(data)
    while i != -1:
        s, e = i, i + n
        if inside:
            while s > 0 and data[s - 1] in _IDENT_BYTES:
                s -= 1
            while e < size and data[e] in _IDENT_BYTES:
                e += 1
        if (s == 0 or data[s - 1] not in _IDENT_BYTES) and _CALL_GAP.match(data, e) and not _defined_at(data, s):
            return True
        i = data.find(name, i + 1)
    return False


def holds(probe: str, data: bytes) -> bool:
    """A file's answer to a recorded probe of its bytes: ``word`` -- the
    word occurs; ``name(`` -- a call whose callee is ``name`` or
    ``x.name`` may occur; ``~part(`` -- a call whose callee's name holds
    ``part`` may occur (when these say no, no parse of the file can find
    one: the patterns only ever over-approximate)."""
    if probe.endswith("("):
        if probe.startswith("~"):
            return _may_call(probe[1:-1].encode("utf-8", "surrogatepass"), data, inside=True)
        return _may_call(probe[:-1].encode("utf-8", "surrogatepass"), data)
    return probe.encode("utf-8", "surrogatepass") in data


def _syntax_error(exc: SyntaxError) -> tuple:
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
        with _recursion_limit(), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SyntaxWarnings are the compiler's business
            ast.parse(text, path)
    except SyntaxError as exc:
        return _syntax_error(exc)
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


_IMPORT_RE = re.compile(rb"^[ \t]*(?:from[ \t]+([\w.]+)[ \t]+import|import[ \t]+([\w.]+(?:[ \t]*,[ \t]*[\w.]+)*))", re.M)


_TRIGGERS = tuple(p.decode() for p in TRIGGER_PACKAGES)


def _imports_trigger(names: Set[str]) -> bool:
    """Whether a file imports flask, quart or werkzeug, or an extension of
    theirs (``flask_login``...).  A file that only names them in a comment
    or a string (``# from werkzeug, with permission``, a lexer's
    ``'quart'``) holds nothing the model looks for: vendored libraries made
    1,700 of bazarr's 3,656 files candidates through their importers."""
    for n in names:
        top = n.partition(".")[0]
        if top in _TRIGGERS or top.startswith(_EXT_PREFIXES):
            return True
    return False


_EXT_PREFIXES = tuple(t + "_" for t in _TRIGGERS)


def _imported_names(data: bytes) -> Set[str]:
    """Absolute module names a file imports (a cheap textual scan)."""
    out: Set[str] = set()
    for m in _IMPORT_RE.finditer(data):
        if m.group(1):
            out.add(m.group(1).decode("ascii", "ignore"))
        else:
            for part in m.group(2).split(b","):
                out.add(part.strip().decode("ascii", "ignore"))
    return out


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


def _absolutize(name: str, module) -> str:
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


_VISITED = (nodes.Call, nodes.Assign, nodes.AugAssign, nodes.AnnAssign, nodes.Name, nodes.Attribute, nodes.Delete)


# An expression nested deeper than this (a generated chain of a thousand
# operators) is not analysed: it is treated as unknown and reported once per
# file by FL003.  Decided on the syntax, not on Python's stack, so the result
# does not depend on the machine or the caller.
MAX_EXPRESSION_DEPTH = 500


class TreeIndex:
    """What the model asks of a tree again and again, collected in one
    pre-order walk (the order ``nodes_of_class`` yields)."""

    __slots__ = ("calls_by_name", "classdefs", "visited", "import_from_names", "too_deep")

    def __init__(self, tree):
        calls_by_name: Dict[str, list] = {}
        classdefs = []
        visited = []
        import_from_names: Set[str] = set()
        too_deep = []  # statements holding an expression nested too deeply
        # (two parallel stacks, nodes and their depth below their statement:
        # no tuple per node; a too-deep node's statement is found by walking up)
        stack = [tree]
        depths = [0]
        pop, dpop, push, dpush = stack.pop, depths.pop, stack.extend, depths.extend
        call_t, class_t, impfrom_t, name_t, attr_t = nodes.Call, nodes.ClassDef, nodes.ImportFrom, nodes.Name, nodes.Attribute
        visited_t = _VISITED
        while stack:
            node = pop()
            depth = dpop()
            if node.is_statement:
                depth = 0
            elif depth > MAX_EXPRESSION_DEPTH:
                stmt = statement_of(node)
                if not too_deep or too_deep[-1] is not stmt:
                    too_deep.append(stmt)
                continue  # not analysed: nothing below is indexed
            if isinstance(node, visited_t):
                visited.append(node)
                if isinstance(node, call_t):
                    f = node.func
                    fname = f.name if isinstance(f, name_t) else f.attrname if isinstance(f, attr_t) else None
                    if fname is not None:
                        calls_by_name.setdefault(fname, []).append(node)
            elif isinstance(node, class_t):
                classdefs.append(node)
            elif isinstance(node, impfrom_t):
                for name, asname in node.names:
                    import_from_names.add(asname or name)
            children = list(node.get_children())
            if children:
                children.reverse()
                push(children)
                dpush([depth + 1] * len(children))
        self.calls_by_name = calls_by_name
        self.classdefs = classdefs
        self.visited = visited
        self.import_from_names = import_from_names
        self.too_deep = too_deep

    def calls(self) -> list:
        return [n for n in self.visited if isinstance(n, nodes.Call)]


_BODIES = ("body", "orelse", "finalbody", "handlers", "cases")


def _import_statements(mod: "Module") -> list:
    """``mod``'s import statements, from its bytes: [(None, names)] for
    ``import a.b, c``, [((module, level), names)] for ``from ... import``.
    Read from the astroid tree when one was built (the same statements),
    else from Python's ``ast`` (cheaper than building one); a file that does
    not parse imports nothing."""
    out = []
    tree = mod._tree
    if tree is not None:
        for stmt in _statements(tree):
            if isinstance(stmt, nodes.Import):
                out.append((None, [name for name, _ in stmt.names]))
            elif isinstance(stmt, nodes.ImportFrom):
                out.append(((stmt.modname or "", stmt.level), [name for name, _ in stmt.names]))
        return out
    if mod.diagnostic is not None:
        return out
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(mod.data())
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return out
    for stmt in _statements(tree):
        if isinstance(stmt, ast.Import):
            out.append((None, [alias.name for alias in stmt.names]))
        elif isinstance(stmt, ast.ImportFrom):
            out.append(((stmt.module or "", stmt.level), [alias.name for alias in stmt.names]))
    return out


def _statements(tree):
    """Every statement of an ``ast`` tree, nested ones included (imports are
    statements: expressions need not be walked -- nine tenths of the nodes)."""
    todo = [tree]
    while todo:
        node = todo.pop()
        yield node
        for field in _BODIES:
            sub = getattr(node, field, None)
            if sub:
                todo.extend(reversed(sub))


def _recursion_limit():
    return stack.frames(stack.PARSE_FRAMES)


class Project:
    def __init__(self, discovered: Discovered, cwd: Optional[str] = None):
        self._discovered = discovered
        self.root = discovered.root
        self.cwd = os.path.abspath(cwd or os.getcwd())
        self.diagnostics: List[Diagnostic] = list(discovered.diagnostics)
        self.env_files = sorted(discovered.env_files)
        self.other_files = discovered.other_files
        self.modules: List[Module] = []
        self._by_stem: Optional[Dict[str, List[Module]]] = None  # (see modules_named)
        self._named: Dict[str, List[Module]] = {}
        self._imports: Dict[int, List[Module]] = {}  # (see imports_of)
        self._by_tree: Dict[int, Module] = {}
        self._by_path: Dict[str, Module] = {}
        self._packages: Dict[str, bool] = {}  # directory -> holds __init__.py
        for path in sorted(discovered.python_files):
            apath = os.path.abspath(path)
            mod = Module(self, apath)
            mod.index = len(self.modules)
            self.modules.append(mod)
            self._by_path[apath] = mod
        self.config_files: Dict[str, str] = {}  # non-Python files read, by path
        self.extra_modules: List[Module] = []
        self._candidates: Optional[List[Module]] = None
        self._nodes: Dict[tuple, list] = {}
        # Internal errors caught while building the model (flasklint bugs or
        # astroid failures on odd input), each naming the file and line; the
        # linter reports them in Result.errors (exit code 2).
        self.errors: List[str] = []
        self._indexes: Dict[int, "TreeIndex"] = {}
        self._mentioning: Dict[str, List[Module]] = {}
        self._found: Dict[tuple, Module] = {}  # find_module() answers
        self._runs: Optional[tuple] = None  # distinct identifier runs, for _scan
        self._scans = 0
        self.words_probed: Set[str] = set()  # words whose mentions were asked
        # Asking which files hold a word is a "read" of a pseudo-module, one
        # per word (bit ``word_bits[word]`` of the read sets, past the modules'
        # and objects_bit): a step is charged with the words it asked as with
        # the files it read, memoised answers included.  Only words asked
        # by the steps have one (the cache seeds the table); words asked
        # outside them (the prefilter) are ``untracked_words``.
        self.word_bits: Dict[str, int] = {}
        self.untracked_words: Set[str] = set()
        self.path_probes: Dict[str, bool] = {}  # non-Python paths tested for existence
        # Read tracking for the incremental cache: while this stack is not
        # empty, every module whose content the analysis reads (its tree or
        # its text) is added to the top entry, a bit set of module indices
        # (an int: bit i is project.modules[i]).  The resolver pushes one
        # entry per memoised computation and merges it into its caller's,
        # so a cached answer still charges what it read.
        self.read_sets: List[int] = []
        self.read_floor = 0  # index in read_sets of the set of the build step under way
        self.parse_count = 0  # astroid trees built
        self.parse_budget: Optional[int] = None  # past it, building a tree raises Bail
        self.replayed = False  # a restricted model build ran on this project (cache.py)
        # a pseudo-module "read" by asking which apps/blueprints the model has
        self.objects_bit = 1 << len(self.modules)

    def drop_trees(self) -> None:
        """Forget every tree built (memory): the modules keep their bytes,
        text and diagnostics."""
        for m in self.modules + self.extra_modules:
            m._tree = None
        self._by_tree.clear()
        self._indexes.clear()
        self._nodes.clear()

    def fresh_copy(self) -> "Project":
        """The same files, discovered alike, nothing analysed yet."""
        return Project(self._discovered, cwd=self.cwd)

    # -- paths ------------------------------------------------------------
    def display_path(self, path: str) -> str:
        rel = os.path.relpath(os.path.abspath(path), self.cwd)
        return rel.replace(os.sep, "/")

    def in_tests(self, path: str) -> bool:
        """Whether a file (absolute, or a display path relative to the
        working directory) is test code *of the project*: under a
        ``tests``/``test``/``testing`` directory below the project root, or
        named ``conftest.py``, ``test_*.py``, ``*_test.py``, ``tests.py``.
        Directories above the project root do not count (linting
        ``repo/tests/fixtures/app`` is not linting tests)."""
        apath = path if os.path.isabs(path) else os.path.join(self.cwd, path)
        rel = os.path.relpath(os.path.abspath(apath), self.root).replace(os.sep, "/")
        parts = [p for p in rel.split("/") if p not in ("", ".")]
        if not parts or parts[0] == "..":
            parts = [os.path.basename(apath)]
        name = parts[-1]
        if name == "conftest.py" or name.startswith("test_") or name.endswith("_test.py") or name in ("tests.py", "test.py"):
            return True
        return any(p in ("tests", "test", "testing") for p in parts[:-1])

    def module_at(self, path: str) -> Optional[Module]:
        return self._by_path.get(os.path.abspath(path))

    def extra_module(self, path: str) -> Optional[Module]:
        """A Python-syntax file outside discovery (a ``from_pyfile`` target
        such as ``settings.cfg``), parsed as a module of its own."""
        apath = os.path.abspath(path)
        mod = self._by_path.get(apath)
        if mod is None:
            mod = Module(self, apath, "", False, [])
            self._by_path[apath] = mod
            self.extra_modules.append(mod)
        return mod

    # -- modules ------------------------------------------------------------
    def tree(self, module: Module):
        self.note_read(module)
        tree = module.tree
        if tree is not None:
            self._by_tree[id(tree)] = module
        return tree

    @contextlib.contextmanager
    def reading(self):
        """Charge what is read meanwhile to a fresh bit set, found in the
        yielded list's only item afterwards (one step of the model build,
        or the checkers): a new floor for cycle accounting."""
        rs = self.read_sets
        rs.append(0)
        floor, self.read_floor = self.read_floor, len(rs) - 1
        box = [0]
        try:
            yield box
        finally:
            self.read_floor = floor
            box[0] = rs.pop()

    def note_read(self, module: Module) -> None:
        if self.read_sets and module.index is not None:
            self.read_sets[-1] |= 1 << module.index

    def module_of(self, node) -> Optional[Module]:
        return self._by_tree.get(id(node.root()))

    def nodes(self, tree, klass) -> list:
        """The nodes of type ``klass`` in a module's ``tree``, in pre-order
        (cached; walked without recursion, see :mod:`.walk`)."""
        key = (id(tree), klass)
        got = self._nodes.get(key)
        if got is None:
            got = self._nodes[key] = list(nodes_of(tree, klass))
        return got

    def internal_error(self, where: str, exc: BaseException) -> None:
        """Record an unexpected exception caught while analysing ``where``
        (``path:line``): the analysis goes on, the error is reported."""
        detail = str(exc).splitlines()[0] if str(exc) else ""
        msg = f"internal error while analysing {where}: {type(exc).__name__}" + (f": {detail}" if detail else "")
        if msg not in self.errors:
            self.errors.append(msg)

    def modules_named(self, name: str) -> List[Module]:
        """The project's modules importable as ``name`` (their dotted name
        or a further name), in project order.  Every such name ends with
        the file's stem (a package's directory): only modules with that
        stem are named, and only when asked (memoised)."""
        got = self._named.get(name)
        if got is None:
            if self._by_stem is None:
                self._by_stem = {}
                for mod in self.modules:
                    head, stem = os.path.split(mod.path[:-3])
                    if stem == "__init__":
                        stem = os.path.basename(head)
                    self._by_stem.setdefault(stem, []).append(mod)
            last = name.rpartition(".")[2]
            got = self._named[name] = [m for m in self._by_stem.get(last, ()) if m.name == name or name in m.alt_names]
        return got

    def find_module(self, name: str, near: Optional[Module] = None) -> Optional[Module]:
        """The project module importable as ``name`` from ``near``.

        Several files can claim one name (two services with an ``app.py``
        each); the one closest to the importing file wins.  A project's own
        copy of flask, quart or werkzeug (vendored libraries, Flask's own
        repository) is never returned: what is imported from it is Flask's,
        known by its qualified name.
        """
        if name.partition(".")[0] in _TRIGGERS:
            return None
        cands = self.modules_named(name)
        if not cands:
            return None
        if len(cands) == 1 or near is None:
            return cands[0]
        key = (name, near.path)
        got = self._found.get(key)
        if got is None:
            got = self._found[key] = self._closest(name, cands, near)
        return got

    def _closest(self, name: str, cands: List[Module], near: Module) -> Module:
        primary = [m for m in cands if m.name == name]
        pool = primary or cands

        def closeness(m: Module):
            # the deepest common directory wins; then the shallower module
            # (``config.py`` next to ``app.py`` over ``sub/config/``); in one
            # directory a package beats a module of the same name, as in
            # Python's import system (``app/`` over ``app.py``)
            home = os.path.dirname(m.directory) if m.is_pkg else m.directory
            common = os.path.commonpath([home, near.path])
            return (-len(common), home.count(os.sep), not m.is_pkg, m.path)

        return sorted(pool, key=closeness)[0]

    def candidate_modules(self) -> List[Module]:
        """Modules that can hold an app, a blueprint, a route or a server
        start: those importing flask/quart/werkzeug (or an extension of
        theirs, see _imports_trigger), and those importing one of
        them (``run.py``: ``from service import create_app``).  Others are
        parsed only when resolution reaches them."""
        if self._candidates is not None:
            return self._candidates
        chosen = {id(m) for m in self.modules if m.mentions_flask()}
        names: Set[str] = set()
        parents: Set[str] = set()  # proper dotted prefixes of the names

        def add_names(m: Module) -> None:
            for n in [m.name] + m.alt_names:
                if n and n not in names:
                    names.add(n)
                    i = n.find(".")
                    while i != -1:
                        parents.add(n[:i])
                        i = n.find(".", i + 1)

        def related(imported: str) -> bool:
            # imported is a name, a package of one, or inside one
            if imported in names or imported in parents:
                return True
            i = imported.find(".")
            while i != -1:
                if imported[:i] in names:
                    return True
                i = imported.find(".", i + 1)
            return False

        for m in self.modules:
            if id(m) in chosen:
                add_names(m)
        for _ in range(2):  # importers of importers
            added = False
            for m in self.modules:
                if id(m) in chosen:
                    continue
                for imported in m.imported_names():
                    imported = _absolutize(imported, m)
                    if related(imported):
                        chosen.add(id(m))
                        add_names(m)
                        added = True
                        break
            if not added:
                break
        self._candidates = [m for m in self.modules if id(m) in chosen]
        return self._candidates

    # -- indexes (speed: one walk per tree, one text scan per word) ---------
    def index(self, tree) -> "TreeIndex":
        """Calls by callee name, class definitions and the nodes the model
        visits, of one tree, in ``nodes_of_class`` (pre-)order; built once."""
        idx = self._indexes.get(id(tree))
        if idx is None:
            idx = self._indexes[id(tree)] = TreeIndex(tree)
        return idx

    def probed(self, word: str) -> None:
        """Record that the analysis asked which files hold ``word`` (a word,
        or a probe: see ``holds``), and charge it to the step under way."""
        self.words_probed.add(word)
        rs = self.read_sets
        if len(rs) < 2:  # (no step under way: only the cache's outermost set, if any)
            self.untracked_words.add(word)
        else:
            bit = self.word_bits.get(word)
            if bit is None:
                bit = self.word_bits[word] = len(self.modules) + 1 + len(self.word_bits)
            rs[-1] |= 1 << bit

    def pseudo_bit(self, key: str) -> int:
        """The read-set bit of a pseudo-module that is not a word: a
        decision of the model recorded with its answer and what computing it
        read (see FlaskModel._decide), in the same table as the words' bits
        (never asked of files: not in ``words_probed``)."""
        bit = self.word_bits.get(key)
        if bit is None:
            bit = self.word_bits[key] = len(self.modules) + 1 + len(self.word_bits)
        return bit

    def modules_mentioning(self, word: str) -> List[Module]:
        """Modules whose bytes contain ``word`` (``Module.mentions``), in
        project order; memoised per word."""
        self.probed(word)
        return self._holding_word(word)

    def _holding_word(self, word: str) -> List[Module]:
        """``modules_mentioning`` without recording the word as asked (for
        probes whose own answers are recorded instead)."""
        got = self._mentioning.get(word)
        if got is None:
            got = self._mentioning[word] = self._scan(word.encode("utf-8", "surrogatepass"))
        return got

    def modules_calling(self, name: str, inside: bool = False) -> List[Module]:
        """Modules that may hold a call to ``name`` or ``x.name`` (or,
        ``inside``, to any name holding ``name``; see ``holds``: a superset
        of those whose trees do), in project order; memoised.  Call-site
        scans parse only these: a module that merely imports, defines or
        mentions the name is neither parsed nor read."""
        probe = ("~" if inside else "") + name + "("
        self.probed(probe)
        got = self._mentioning.get(probe)
        if got is None:
            word = name.encode("utf-8", "surrogatepass")
            got = self._mentioning[probe] = [m for m in self._holding_word(name) if _may_call(word, m.data(), inside)]
        return got

    # -- which modules import which (a probe: answered from bytes and paths) ----
    IMPORTS = "imports "  # probe prefix: "imports <absolute path of the imported module>"

    def importers(self, mod: Module) -> List[Module]:
        """The project modules that import ``mod`` statically (``import
        a.b``, ``from . import views``, ``from .views import x``), in project
        order.  Only modules naming its last component can; each is read
        with Python's ``ast`` for its import statements alone, so the answer
        is a probe of their bytes (``holds_in``), not a read of their content
        the incremental cache must replay."""
        probe = self.IMPORTS + mod.path
        self.probed(probe)
        got = self._mentioning.get(probe)
        if got is None:
            word = mod.name.rpartition(".")[2]
            got = self._mentioning[probe] = [m for m in (self.modules_mentioning(word) if word else ()) if m is not mod and mod in self.imports_of(m)]
        return got

    def imports_of(self, mod: Module) -> List[Module]:
        """The project modules ``mod``'s import statements name (itself
        excepted), from its bytes (memoised; a file that does not parse
        imports nothing)."""
        got = self._imports.get(id(mod))
        if got is not None:
            return got
        out: List[Module] = []
        for absolute, names in _import_statements(mod):
            target = relative_to(mod, absolute[0], absolute[1]) if absolute is not None else None
            if absolute is None:  # import a.b, c
                for name in names:
                    m = self.find_module(name, mod)
                    if m is not None and m is not mod:
                        out.append(m)
                continue
            if target is None:
                continue
            m = self.find_module(target, mod) if target else None
            if m is not None and m is not mod:
                out.append(m)
            for name in names:
                sub = self.find_module(f"{target}.{name}" if target else name, mod)
                if sub is not None and sub is not mod:
                    out.append(sub)
        self._imports[id(mod)] = out
        return out

    def _imported(self, probe: str) -> Optional[Module]:
        """The module an import probe names (None: no such module now)."""
        return self._by_path.get(probe[len(self.IMPORTS):])

    def holds_in(self, probe: str, mod: Module) -> bool:
        """``mod``'s answer to a recorded probe (see ``holds``; import
        probes need the file's place in the project too)."""
        if probe.startswith(self.IMPORTS):
            target = self._imported(probe)
            return target is not None and target is not mod and target in self.imports_of(mod)
        return holds(probe, mod.data())

    def modules_holding(self, probe: str) -> List[Module]:
        """The modules answering yes to a probe (see ``holds``)."""
        if probe.startswith(self.IMPORTS):
            target = self._imported(probe)
            return self.importers(target) if target is not None else []
        if probe.endswith("("):
            return self.modules_calling(probe[1:-1], inside=True) if probe.startswith("~") else self.modules_calling(probe[:-1])
        return self.modules_mentioning(probe)

    def _scan(self, w: bytes) -> List[Module]:
        self._scans += 1
        if not w or not _WORD_RE.fullmatch(w) or (self._runs is None and self._scans <= _DIRECT_SCANS):
            return [m for m in self.modules if w in m.data()]
        # An identifier-like word can only occur inside a maximal run of
        # identifier characters.  The project's distinct runs, joined by NUL,
        # are a fraction of its bytes: search them, then map each run hit
        # back to the files holding that run (exactly ``w in data``).
        if self._runs is None:
            holders: Dict[bytes, List[int]] = {}
            for i, m in enumerate(self.modules):
                for run in set(_RUN_RE.findall(m.data())):
                    got = holders.get(run)
                    if got is None:
                        holders[run] = [i]
                    else:
                        got.append(i)
            runs = list(holders)
            starts, pos = [], 0
            for r in runs:
                starts.append(pos)
                pos += len(r) + 1
            self._runs = (b"\0".join(runs), starts, [tuple(holders[r]) for r in runs])
        blob, starts, owners = self._runs
        found: Set[int] = set()
        i = blob.find(w)
        while i != -1:
            k = bisect.bisect_right(starts, i) - 1
            found.update(owners[k])
            nxt = starts[k + 1] if k + 1 < len(starts) else len(blob)
            i = blob.find(w, nxt)
        return [self.modules[k] for k in sorted(found)]

    # -- locations ----------------------------------------------------------
    def location(self, node, module: Optional[Module] = None) -> Location:
        module = module or self.module_of(node)
        path = module.display if module else "?"
        line = getattr(node, "lineno", None) or 1
        col = getattr(node, "col_offset", None) or 0
        end_line = getattr(node, "end_lineno", None)
        end_col = getattr(node, "end_col_offset", None)
        if module is not None:
            column = module.char_column(line, col)
            end_column = module.char_column(end_line, end_col) if end_line and end_col is not None else None
        else:
            column, end_column = col + 1, (end_col + 1 if end_col is not None else None)
        return Location(path, line, column, end_line or line, end_column)

    def file_location(self, path: str, line: int, column: int = 1, end_column: Optional[int] = None) -> Location:
        return Location(self.display_path(path), line, column, line, end_column)

    def source_line(self, display_path: str, line: int) -> Optional[str]:
        path = os.path.join(self.cwd, display_path)
        mod = self.module_at(path)
        if mod is not None:
            lines = mod.lines
        else:
            text = self.config_files.get(os.path.abspath(path))
            if text is None:
                return None
            lines = split_lines(text)
        if 1 <= line <= len(lines):
            return lines[line - 1]
        return None

    def isfile(self, path: str) -> bool:
        """``os.path.isfile``, remembered: the cache re-analyses when a file
        the model looked for appears or disappears."""
        found = os.path.isfile(path)
        self.path_probes[os.path.abspath(path)] = found
        return found

    def read_config_file(self, path: str) -> Optional[str]:
        """Read a non-Python file the app loads (env, INI, JSON, TOML)."""
        path = os.path.abspath(path)
        if path in self.config_files:
            return self.config_files[path]
        text = None
        try:
            text = decode_text(read_bytes(path))
        except ReadError as exc:
            self.diagnostics.append(Diagnostic("FL002", path, str(exc)))
        self.config_files[path] = text
        return text

    def file_diagnostics(self) -> List[Diagnostic]:
        out = list(self.diagnostics)
        for m in self.modules + self.extra_modules:
            if m.diagnostic is not None:
                out.append(m.diagnostic)
        return out
