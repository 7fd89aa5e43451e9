"""Build steps and what each one read: the model's side of the incremental
cache (flasklint/incremental/).

Every step of the build (one per file in passes 0 and 1, one per visited
node in pass 2) is charged with the files it read; a step *contributes*
when it adds a fact.  A partial build (``PartialBuildPlan``) runs only some steps
to learn whether they still add nothing, or to rebuild the model from the
steps that matter.  Questions many steps ask alike are *shared answers*,
answered once and recorded with what answering them read.
"""

from __future__ import annotations

import contextlib
from typing import Dict, Optional, Tuple

from astroid import nodes

from flasklint.knowledge import names as N
from flasklint.knowledge.flask_api import flask_class_kind
from flasklint.model.facts import App, Blueprint, FlaskObject
from flasklint.model.syntax import may_matter
from flasklint.resolve.scopes import lookup
from flasklint.resolve.values import ClassRef, ExtName, dedupe
from flasklint.source.parsing import PartialBuildAbort


class FactList(list):
    """A list of the model's facts: appending bumps ``model.version``, so a
    build step that left the version alone added nothing."""

    __slots__ = ("model",)

    def __init__(self, model):
        super().__init__()
        self.model = model

    def append(self, item) -> None:
        self.model.version += 1
        list.append(self, item)


class PartialBuildPlan:
    """Instructions for a model build that runs only some of its steps, to
    learn whether they still add nothing to the model (the incremental
    cache): ``whole`` the module indices whose steps all run; ``early`` the
    modules whose pass 0/1 step runs; ``nodes`` module index -> positions
    (in TreeIndex.visited) of the pass-2 nodes to visit.  ``ctor_names``:
    the constructor names the full build found; ``objects``: kind -> (how
    many the full build had, and when it had one of a project class, where
    that class is: [module index, line, name]); ``object_sites``: where the
    full build created its objects (see creation_site).  A step that adds a fact, or
    asks for the project's objects before they are final, raises PartialBuildAbort.

    A *rebuild* (``rebuild=True``) is the whole model built by running only
    the steps that matter: every step that added facts in the full build
    (they are given here), and the steps that read the edited files.  The
    others added nothing and read only files that did not change: they
    would add nothing again.  In a rebuild steps may add facts, the objects
    are the real ones (no placeholders, no ``ctor_names``/``objects`` needed),
    and the steps that see the whole model run too.

    ``shared_answers``: the full build's shared answers (see
    FlaskModel._shared_answer), those whose reads changed asked again."""

    def __init__(self, whole, early, nodes, ctor_names=(), objects=None, object_sites=(), rebuild=False, bounds=(), shared_answers=None):
        self.whole = set(whole)
        self.early = set(early) | self.whole
        self.nodes = {k: set(v) for k, v in nodes.items()}
        self.ctor_names = set(ctor_names)
        self.objects = {k: tuple(v) for k, v in (objects or {}).items()}
        self.placeholders: Dict[str, FlaskObject] = {}
        self.object_sites = {tuple(x) for x in object_sites}  # see creation_site
        self.rebuild = rebuild
        self.bounds = set(bounds)  # (a rebuild: the bounds the full build met, see FlaskModel._note_bound)
        self.cycles = {b.split(" ", 1)[1] for b in self.bounds if b.endswith(":cycle")}
        self.shared_answers = dict(shared_answers or {})  # key -> [bit, answer, reads]: see FlaskModel._shared_answer


def creation_site(obj) -> tuple:
    """Where an object is created: (kind, module index, line, column)."""
    idx = obj.module.index if obj.module is not None else None
    return (obj.kind, idx, obj.node.lineno, obj.node.col_offset)


def placeholder_object(model, kind, cls_node=None):
    """A Flask app or blueprint (of the project class ``cls_node`` if not
    None) standing in for the full build's one (see _known_objects): what
    the resolver asks of an object is its kind and class."""
    cls = {"app": App, "blueprint": Blueprint}[kind]
    obj = cls.__new__(cls)
    obj.model = model
    obj.node = None
    obj.module = None
    obj.cls_node = cls_node
    obj.qualname = None if cls_node is not None else (N.FLASK if kind == "app" else N.BLUEPRINT)
    obj.is_quart = False
    obj.var_name = None
    obj.factory = None
    obj.routes, obj.handlers, obj.registrations, obj.args = [], [], [], []
    obj.kwargs, obj.hooks, obj.attr_writes = {}, {}, {}
    if kind == "app":
        obj.config, obj.loads, obj.runs, obj.extensions = [], [], [], []
    return obj


QUALNAME_QUESTION = "\0qualname\0"  # "\0qualname\0<module index>\0<name>": that module's name's qualified name


KIND_QUESTION = "\0kind\0"  # "\0kind\0<module index>\0<name>": the class kind of that module's name


def first_kind(resolver, vals) -> Optional[str]:
    """The first Flask class kind among base values (as
    Resolver._class_kind_uncached reads them)."""
    for v in vals:
        kind = None
        if isinstance(v, ExtName):
            kind = flask_class_kind(v.qualname, resolver.project.knowledge)
        elif isinstance(v, ClassRef):
            kind = resolver.class_kind(v.node)
        if kind:
            return kind
    return None


def answer_class_kind(resolver, mod, orig: str) -> Optional[str]:
    """The Flask class kind ("app", "blueprint"...) a class deriving from
    project module ``mod``'s attribute ``orig`` has through that base, or
    None (what Resolver.class_kind reads of a base ``from mod import orig``
    binds)."""
    return first_kind(resolver, dedupe(resolver.module_attr(mod, orig)))


def answer_qualname(resolver, mod, orig: str) -> Optional[str]:
    """The qualified name project module ``mod``'s attribute ``orig`` is
    (once the module has run), or None: what Resolver.qualname answers for
    a name ``from mod import orig`` binds (Resolver._import_from_uncached)."""
    vals = dedupe(resolver.module_attr(mod, orig))
    return vals[0].qualname if len(vals) == 1 and isinstance(vals[0], ExtName) else None


# The kinds of shared question (see FlaskModel._shared_answer): key prefix -> how to
# answer it again (cache.recheck_shared_answers).
SHARED_QUESTIONS = {QUALNAME_QUESTION: answer_qualname, KIND_QUESTION: answer_class_kind}


def imported_from(resolver, node) -> Optional[tuple]:
    """(project module, name) when the one binding ``node``'s name has is
    ``from module import name [as ...]`` of a project module's attribute."""
    _, assigns = lookup(node, node.name)
    if len(assigns) != 1 or not isinstance(assigns[0], nodes.ImportFrom):
        return None
    how, mod, orig = resolver.import_source(assigns[0], node.name)
    return (mod, orig) if how == "attr" else None

class StepTracking:
    """Per-step accounting of the model build (mixed into FlaskModel)."""

    @property
    def created_objects(self) -> list:
        """Every app, blueprint and Socket.IO object the build created."""
        return list(self._objects.values())

    def _known_objects(self, kind) -> list:
        """The apps or blueprints of the project (asked for an annotated
        ``app: Flask`` parameter, which stands for the one app when there is
        one).  Before pass 2 the set may still grow: answers computed then
        are not memoised, and the step asking is charged a pseudo-module
        read (Project.reads.objects_bit) so the cache treats it like a step that
        added facts.  From pass 2 on, the set is final."""
        objs = {"app": self.apps, "blueprint": self.blueprints}.get(kind, [])
        r = self.restricted
        if not self._objects_final:
            self.resolver._taint += 1
            rs = self.project.reads.sets
            if rs:
                rs[-1] |= self.project.reads.objects_bit
            if r is not None and not r.rebuild:
                raise PartialBuildAbort(f"asks for the project's {kind} objects before they are known")
            return objs
        if r is not None and not r.rebuild:
            # the full build's final objects are not here: a placeholder of
            # the same kind and class answers alike, and any fact recorded
            # on it raises PartialBuildAbort
            count, cls = r.objects.get(kind, (0, None))
            if count != 1:
                return []
            obj = r.placeholders.get(kind)
            if obj is None:
                obj = r.placeholders[kind] = placeholder_object(self, kind, self._class_at(cls) if cls else None)
            return [obj]
        return objs

    def _class_at(self, where):
        """The ClassDef recorded as [module index, line, name] (the class
        of the full build's one app or blueprint), else PartialBuildAbort."""
        idx, line, name = where
        mods = self.project.modules
        tree = self.project.tree(mods[idx]) if 0 <= idx < len(mods) else None
        for cls in self.project.index(tree).classdefs if tree is not None else ():
            if cls.lineno == line and cls.name == name:
                return cls
        raise PartialBuildAbort(f"the class of the project's object ({name}) is gone")

    def _note_bound(self, module, kind) -> None:
        """A query met one of the analysis' bounds.  Its answer may depend on
        what the memo tables held: a rebuild, whose tables are colder than
        its full build's, trusts only the bounds its full build met in the
        same step -- for cycles, of which there are many, in the same file
        (else PartialBuildAbort: see incremental/replay.rebuild_model)."""
        where = f"{getattr(module, 'index', None)}:{kind}"
        step = self._step_key
        key = f"{step if isinstance(step, str) else '%s:%s' % step} {where}"
        if key in self.bounds:
            return
        self.bounds.add(key)
        r = self.restricted
        if r is not None and r.rebuild and key not in r.bounds and not (kind == "cycle" and where in r.cycles):
            self.new_bounds = key
            raise PartialBuildAbort(f"the rebuild met analysis bounds the full run did not ({getattr(module, 'display', '?')}: {kind})")

    def _first_time(self, key) -> bool:
        """Whether the build handles ``key`` (a call, an object, an attribute
        write) for the first time, remembering which step did.  When another
        step finds it again, which of the two does the work depends on their
        order: a rebuild, which runs only some steps, might not see the
        same one first, so the model counts it (``order_dependent``)."""
        step = self._seen_calls.get(key)
        if step is None:
            self._seen_calls[key] = self._step
            return True
        if step != self._step:
            self.order_dependent += 1
        return False

    @contextlib.contextmanager
    def _window(self, m, track: bool):
        if not track:
            yield
            return
        before = self.version
        self._step += 1
        self._step_key = (m.index, "e")
        try:
            with self.project.reads.step() as box:
                yield
        finally:
            added = self.version != before
            if added and self.restricted is not None and not self.restricted.rebuild:
                raise PartialBuildAbort(f"{m.display}: adds facts now")
            if added or box[0] & self.project.reads.objects_bit:  # (asked for the objects: as if it added facts)
                # (passes 0 and 1 are one step: what the other read counts too)
                self.contributing_reads |= box[0] | (1 << m.index) | self.early_reads.pop(m.index, 0)
                self.contributing_early.add(m.index)
            elif m.index in self.contributing_early:
                self.contributing_reads |= box[0]
            else:
                self.early_reads[m.index] = self.early_reads.get(m.index, 1 << m.index) | box[0]

    def _visit_tracked(self, m, visited, imported) -> None:
        project = self.project
        rs = project.reads.sets
        own = 1 << m.index
        r = self.restricted
        only = r.nodes.get(m.index) if r is not None and m.index not in r.whole else None
        bail = r is not None and not r.rebuild
        node_reads = []
        contrib = []
        objects_bit = project.reads.objects_bit
        floor = project.reads.floor
        for k, node in enumerate(visited):
            if (only is not None and k not in only) or not may_matter(node, imported):
                continue
            before = self.version
            self._step += 1
            self._step_key = (m.index, k)  # (formatted only when a bound is met)
            rs.append(own)
            project.reads.floor = len(rs) - 1
            try:
                self._guard(m, self._visit, node)
            finally:
                project.reads.floor = floor
                mask = rs.pop()
            added = self.version != before
            if added and bail:
                raise PartialBuildAbort(f"{m.display}:{getattr(node, 'lineno', '?')}: adds facts now")
            if added or mask & objects_bit:  # (asked for the objects: as if it added facts)
                self.contributing_reads |= mask
                contrib.append(k)
            elif mask != own:
                node_reads.append((k, mask))
        self.node_reads[m.index] = node_reads
        if contrib:
            self.contributing_nodes[m.index] = contrib

    def _shared_answer(self, key: str, compute) -> Tuple[Optional[str], int]:
        """(answer, what to charge the step with) of a question many steps
        ask alike (what is ``pkg.mod``'s ``name``, that many modules import,
        as a qualified name?).  Computed once, in a read set of its own; the
        steps asking are charged with the shared answer's pseudo-module bit, not
        with the files computing it read.  The cache records the answer with
        those files: an edit to one of them asks the question again
        (cache.recheck_shared_answers) and replays the steps only if the answer
        changed.  An answer that asked for the project's objects is charged
        as it was read (the steps are then as if they had added facts)."""
        project = self.project
        rs = project.reads.sets
        entry = self.shared_answers.get(key)
        if entry is not None:
            return entry[1], (1 << entry[0]) if rs else 0
        direct = self._direct_answers.get(key)
        if direct is not None:
            return direct
        if not rs:
            got = compute()
            self._direct_answers[key] = (got, 0)
            return got, 0
        rs.append(0)
        try:
            got = compute()
        finally:
            deps = rs.pop()
        if deps & project.reads.objects_bit:
            self._direct_answers[key] = (got, deps)
            return got, deps
        bit = project.reads.pseudo_bit(key)
        self.shared_answers[key] = [bit, got, deps]
        return got, 1 << bit
