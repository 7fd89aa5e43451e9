"""The project: its files, modules and their (lazily built) astroid trees.

Trees are built with astroid *without* its post-build steps that import
modules (star-import expansion, delayed attribute inference) and without
brain transforms, and are never put in astroid's global cache: flasklint
resolves names across modules itself, so nothing from the project -- and
nothing from Flask's own installed sources -- is ever imported or built.
"""

from __future__ import annotations

from flasklint.source.reads import ReadLog

import bisect
import os
from typing import Dict, List, Optional, Set

from flasklint.finding import Location
from flasklint.knowledge.extensions import KNOWN, Knowledge
from flasklint.source.files import (
    Diagnostic,
    Discovered,
    ReadError,
    decode_text,
    read_bytes,
    split_lines,
)
from flasklint.source.module import Module, absolutize, relative_to
from flasklint.source.textscan import DIRECT_SCANS, RUN_RE, TRIGGERS, WORD_RE, holds, may_call
from flasklint.source.treeindex import TreeIndex, import_statements
from flasklint.source.walk import nodes_of


class Project:
    def __init__(self, discovered: Discovered, cwd: Optional[str] = None, knowledge: Optional[Knowledge] = None, target_version=None):
        self._discovered = discovered
        # the Python version the project targets, (3, 12), or None: decides
        # whether code that does not parse here is FL001 or FL006
        self.target_version = target_version
        # what flasklint knows of extensions (and of helpers the project's
        # configuration declares)
        self.knowledge = knowledge or KNOWN
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
        self.path_probes: Dict[str, bool] = {}  # non-Python paths tested for existence
        # What each step of the analysis read (the incremental cache's view).
        self.reads = ReadLog(len(self.modules))
        self.parse_count = 0  # astroid trees built
        self.parse_budget: Optional[int] = None  # past it, building a tree raises PartialBuildAbort
        self.replayed = False  # a restricted model build ran on this project (flasklint/incremental/replay.py)

    def seed_text_answers(self, answers) -> None:
        """Take recorded answers to text queries (query -> indices of the
        files holding it) instead of scanning every file again; a query
        already answered keeps its answer."""
        for query, held in answers.items():
            if query not in self._mentioning:
                self._mentioning[query] = [self.modules[i] for i in sorted(held)]

    def assume_candidates(self, indices) -> None:
        """Take the modules at ``indices`` as the candidates (a partial build
        of the incremental cache, whose record says which files were)."""
        self._candidates = [self.modules[i] for i in indices]

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
        return Project(self._discovered, cwd=self.cwd, knowledge=self.knowledge, target_version=self.target_version)

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
        self.reads.note(module)
        tree = module.tree
        if tree is not None:
            self._by_tree[id(tree)] = module
        return tree

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
        if name.partition(".")[0] in TRIGGERS:
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
        theirs, see imports_trigger), and those importing one of
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
                    imported = absolutize(imported, m)
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

    def modules_mentioning(self, word: str) -> List[Module]:
        """Modules whose bytes contain ``word`` (``Module.mentions``), in
        project order; memoised per word."""
        self.reads.asked_text(word)
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
        self.reads.asked_text(probe)
        got = self._mentioning.get(probe)
        if got is None:
            word = name.encode("utf-8", "surrogatepass")
            got = self._mentioning[probe] = [m for m in self._holding_word(name) if may_call(word, m.data(), inside)]
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
        self.reads.asked_text(probe)
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
        for absolute, names in import_statements(mod):
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
        if not w or not WORD_RE.fullmatch(w) or (self._runs is None and self._scans <= DIRECT_SCANS):
            return [m for m in self.modules if w in m.data()]
        # An identifier-like word can only occur inside a maximal run of
        # identifier characters.  The project's distinct runs, joined by NUL,
        # are a fraction of its bytes: search them, then map each run hit
        # back to the files holding that run (exactly ``w in data``).
        if self._runs is None:
            holders: Dict[bytes, List[int]] = {}
            for i, m in enumerate(self.modules):
                for run in set(RUN_RE.findall(m.data())):
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
