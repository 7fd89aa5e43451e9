"""The result cache: instant re-runs, and re-analysis only where needed.

Layout (``.flasklint_cache/`` at the project root by default, ``--cache-dir``
elsewhere; a ``.gitignore`` holding ``*`` keeps it out of version control)::

    .flasklint_cache/<flasklint version>-py<X.Y>-astroid<version>/
        syntax.json        content hash -> FL001/FL002 of a file's bytes
        run-<key>.json     the last run with these options (key: hash of the
                           options and the enabled rules)

Nothing is ever shared across flasklint versions (nor Python or astroid
versions, which decide what parses).  Everything is JSON: a cache shipped
inside an analysed repository is data, never code.

A run record holds, besides the findings, what the analysis depended on:

* every Python file's content hash and prefilter facts (mentions
  flask/quart/werkzeug, imported names), and which files were candidates;
* the files whose content the model used (astroid trees, text read);
* the words whose presence in files was asked (call sites, instances...)
  and which files held them; the bit of each word asked by a step (a word
  is a pseudo-module of the read sets: see Project.probed);
* the decisions many steps share (FlaskModel._decide: what qualified
  name, what Flask class kind is a project module's ``name``?): each one's
  answer, bit and reads -- an
  edit to what one read asks it again, and only a changed answer counts
  as an edit of its pseudo-module (_recheck_decisions);
* the non-Python files read (content hashes) and paths looked for
  (exists or not); size and mtime of every other file found;
* discovery's own diagnostics and the ``.flaskenv``/``.env`` files.

A run then takes one of these paths:

1. **hit**: nothing changed -- the recorded findings are returned;
2. **incremental**: only files the model never used changed, and no word's
   answers ("unused"), or the edited files (and words whose answers
   changed) were read only by build steps that added nothing and, run again
   alone, still add nothing ("inert", see _still_inert); their prefilter
   facts are unchanged -- the model's findings stand; only those files'
   FL001/FL002 are recomputed;
3. **rebuild**: as 2, but the edited files or words are read by steps that
   add facts or by the checkers, or their steps add facts now -- the model
   is built again running only the steps that added facts in the last full
   run and those that read the edited files or words, then every checker
   runs on it (see _rebuild);
4. **full**: anything else (a file added, deleted or renamed, imports or
   mentions of Flask changed, a word the prefilter asked changed, a config
   file touched, a rebuild costing about a full run) -- the whole analysis
   runs again, reusing per-file facts and syntax results by content hash.

Options that change the analysis must be part of ``options`` (linter.lint).
A cache that cannot be read or written is ignored: it never fails a run.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import sys
import tempfile
import time
from typing import Dict, List, Optional

import astroid

from flasklint import __version__
from flasklint.checks.base import Context
from flasklint.finding import Finding, Location, Related
from flasklint.source.files import ReadError, read_bytes

FORMAT = 3
DIRNAME = ".flasklint_cache"


def default_dir(root: str) -> str:
    return os.path.join(root, DIRNAME)


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _key(obj) -> str:
    return _digest(json.dumps(obj, sort_keys=True).encode())


# ---------------------------------------------------------------------------
# (de)serialising findings


def _loc_out(loc: Location) -> list:
    return [loc.path, loc.line, loc.column, loc.end_line, loc.end_column]


def _loc_in(v) -> Location:
    return Location(*v)


def _finding_out(f: Finding) -> list:
    return [f.rule, _loc_out(f.location), f.message, f.severity, f.confidence, [[_loc_out(r.location), r.message] for r in f.related]]


def _finding_in(v) -> Finding:
    rule, loc, message, severity, confidence, related = v
    return Finding(rule, _loc_in(loc), message, severity, confidence, tuple(Related(_loc_in(l), m) for l, m in related))


# ---------------------------------------------------------------------------


class LazyModel:
    """The Flask model of a run served from the cache, built on first use
    (for callers of ``lint()`` that look at ``Result.model``)."""

    def __init__(self, project):
        self._project = project
        self._model = None

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        if self._model is None:
            from flasklint.model import FlaskModel

            self._model = FlaskModel(self._project)
        return getattr(self._model, name)


class _Store:
    def __init__(self, cache_dir: Optional[str], run_key: str):
        self.dir = None
        if cache_dir is not None:
            version = f"{__version__}-py{sys.version_info[0]}.{sys.version_info[1]}-astroid{astroid.__version__}"
            self.base = cache_dir
            self.dir = os.path.join(cache_dir, version)
        self.run_key = run_key

    def _load(self, name: str):
        if self.dir is None:
            return None
        try:
            with open(os.path.join(self.dir, name), "rb") as fh:
                return json.loads(fh.read())
        except (OSError, ValueError):
            return None

    def _save(self, name: str, obj) -> None:
        if self.dir is None:
            return
        try:
            if not os.path.isdir(self.dir):
                os.makedirs(self.dir, exist_ok=True)
                ignore = os.path.join(self.base, ".gitignore")
                if not os.path.exists(ignore):
                    with open(ignore, "w", encoding="utf-8") as fh:
                        fh.write("# Automatically created by flasklint.\n*\n")
            fd, tmp = tempfile.mkstemp(dir=self.dir, prefix=".tmp-")
            with os.fdopen(fd, "wb") as fh:
                fh.write(json.dumps(obj, separators=(",", ":")).encode())
            os.replace(tmp, os.path.join(self.dir, name))  # atomic: concurrent runs never see half a file
        except OSError:
            pass

    def load_run(self):
        rec = self._load(f"run-{self.run_key}.json")
        return rec if isinstance(rec, dict) and rec.get("format") == FORMAT else None

    def save_run(self, rec) -> None:
        self._save(f"run-{self.run_key}.json", rec)

    def load_syntax(self) -> Dict[str, Optional[list]]:
        got = self._load("syntax.json")
        return got if isinstance(got, dict) else {}

    def save_syntax(self, table) -> None:
        self._save("syntax.json", table)


def _file_sig(path: str):
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


def _content_hash(path: str) -> Optional[str]:
    try:
        return _digest(read_bytes(path))
    except ReadError:
        return None


def _diag_tuple(d) -> Optional[list]:
    return [d.rule, d.message, d.line, d.column] if d is not None else None


# How the last run was answered: "hit", "unused" (only files the model
# never read changed), "inert" (edited files read only by visits that
# still add nothing), "rebuild" (the steps that matter run again), "full".
# For tests and ``FLASKLINT_CACHE_DEBUG``.
last_path = None


_why = ""  # why the last run could not be answered from the cache


def _no(why: str):
    """None, and the reason for FLASKLINT_CACHE_DEBUG."""
    global _why
    _why = why
    return None


def _say(path: str, detail: str = "") -> None:
    global last_path
    last_path = path
    if os.environ.get("FLASKLINT_CACHE_DEBUG"):
        sys.stderr.write(f"flasklint cache: {path}{': ' + detail if detail else ''}\n")


def analyse_cached(project, enabled, analyse, options, cache_dir=None, jobs=1):
    """``analyse(project, enabled, after_model)`` with the cache and worker
    processes around it: (findings, errors, model)."""
    run_key = _key({"options": options, "enabled": sorted(enabled), "format": FORMAT})
    store = _Store(cache_dir, run_key)
    modules = project.modules

    rec = store.load_run()
    # Hash every Python file, but one whose status says it is as recorded.
    started = time.time_ns()
    hashes, sigs, reread = _hash_files(modules, rec)
    discovery = [[d.rule, d.path, d.message, d.line, d.column] for d in project.diagnostics]
    other = {p: _file_sig(p) for p in project.other_files}
    global _why
    _why = "no record" if rec is None else "files added, removed or renamed, or other inputs changed"
    syntax_table = store.load_syntax() if store.dir else {}

    if rec is not None and _same_world(rec, project, discovery, other):
        old_hashes = rec["hashes"]
        changed = [i for i, h in enumerate(hashes) if h != old_hashes[i]]
        if not changed:
            _say("hit")
            if reread:  # (statuses the record lacks: the next run need not read those files)
                store.save_run({**rec, "sigs": sigs, "started": started})
            return _hit(rec, project)
        _known_facts(rec, modules, hashes)  # (a replay asks for the candidates: every file's facts)
        try:
            got = _incremental(rec, project, enabled, hashes, changed, syntax_table)
        except (KeyError, TypeError, ValueError, IndexError, AttributeError):
            # a record written by hand or damaged: never trusted, never fatal
            got = _no("the cache record is damaged")
            project.replayed = True
        if got is not None and not isinstance(got, _Rebuild):
            findings, errors, inc = got
            _say("inert" if inc is not None else "unused", f"{len(changed)} changed file(s)")
            _record(store, project, findings, errors, (hashes, sigs, started), discovery, other, syntax_table, rec=rec, changed=changed, inc=inc)
            return findings, errors, LazyModel(project)
        if project.replayed:  # a partial build ran on it: start clean
            project = _fresh(project)
            modules = project.modules
        if isinstance(got, _Rebuild):
            why = _why
            try:
                got = _rebuild(rec, project, enabled, analyse, hashes, changed, got.keys, got.words, got.decisions)
            except (KeyError, TypeError, ValueError, IndexError, AttributeError):
                got = _no("the cache record is damaged")
            if got is not None:
                findings, errors, model, inc = got
                _say("rebuild", f"{len(changed)} changed file(s) ({why})")
                _record(store, project, findings, errors, (hashes, sigs, started), discovery, other, syntax_table, rec=rec, changed=changed, inc=inc)
                return findings, errors, model
            _why = f"{why}; rebuild: {_why}"
            if project.replayed:
                project = _fresh(project)
                modules = project.modules

    # Full analysis, reusing what is known per file content.
    _say("full", _why)
    if rec is not None:  # (only the per-file facts are used from here on: memory)
        rec = {"paths": rec.get("paths"), "hashes": rec.get("hashes"), "facts": rec.get("facts")}
    if rec is not None and rec.get("paths") == [m.path for m in modules]:
        _known_facts(rec, modules, hashes)
    for i, m in enumerate(modules):
        if hashes[i] is not None and hashes[i] in syntax_table:
            v = syntax_table[hashes[i]]
            m.known_syntax = tuple(v) if v is not None else None
    pending = None
    if jobs > 1:
        from flasklint import parallel

        candidates = {id(m) for m in project.candidate_modules()}
        todo = [(i, m.path) for i, m in enumerate(modules) if hashes[i] is not None and id(m) not in candidates and hashes[i] not in syntax_table]
        size = sum(len(modules[i].data()) for i, _ in todo)
        pending = parallel.start_syntax_checks(todo, jobs, size)

    def after_model():
        if pending is None:
            return
        for i, digest, problem in pending.results():
            m = modules[i]
            if digest == hashes[i] and not m._parsed:
                m.known_syntax = tuple(problem) if problem is not None else None

    track = store.dir is not None  # per-file accounting, for the next run's incremental path
    if track:
        project.read_sets.append(0)
    try:
        findings, errors, model = analyse(project, enabled, after_model)
    finally:
        if track:
            project.read_sets.pop()
    if store.dir is not None and not errors:
        _record(store, project, findings, errors, (hashes, sigs, started), discovery, other, syntax_table, inc=_inc_record(project, model))
    return findings, errors, model


# A file whose size, modification and change times and inode are those the
# last run recorded has the content it hashed -- unless it changed less than
# RACY_NS before that run started: the same status can then hide a later
# write within the file system's timestamp granularity (git's "racily clean"
# entries).  Such files, and any other, are read and hashed.  On Superset
# reading and hashing the 1,176 files cost 60-90 ms of a 0.35 s warm run.
RACY_NS = 2_000_000_000


def _stat_sig(path: str) -> Optional[list]:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def _hash_files(modules, rec):
    """(content hashes (None: unreadable), statuses, whether a readable
    file was read and hashed) of the Python files."""
    known = {}
    try:
        if rec is not None and "sigs" in rec:
            before = rec["started"] - RACY_NS
            for path, h, sig in zip(rec["paths"], rec["hashes"], rec["sigs"]):
                if h is not None and sig is not None and max(sig[1], sig[2]) < before:
                    known[path] = (h, sig)
    except (KeyError, TypeError, ValueError, IndexError):
        known = {}  # a damaged record: every file is read
    hashes: List[Optional[str]] = []
    sigs: List[Optional[list]] = []
    reread = False
    for m in modules:
        sig = _stat_sig(m.path)  # (before reading: a write after it changes the status)
        got = known.get(m.path)
        if got is not None and got[1] == sig:
            hashes.append(got[0])
        else:
            data = m.data()
            hashes.append(_digest(data) if m.diagnostic is None else None)
            reread = reread or m.diagnostic is None
        sigs.append(sig)
    return hashes, sigs, reread


def _known_facts(rec, modules, hashes) -> None:
    """The prefilter facts of the files whose content is as recorded."""
    try:
        for i, m in enumerate(modules):
            if m.facts is None and hashes[i] is not None and hashes[i] == rec["hashes"][i]:
                mentions, names = rec["facts"][i]
                m.facts = (bool(mentions), set(names))
    except (KeyError, TypeError, ValueError, IndexError):
        pass  # a damaged record: the facts are computed from the files


def _fresh(project):
    """A project as discovered, before any analysis: after an incremental
    attempt built a partial model, the full analysis starts clean, keeping
    the files' bytes and the astroid trees already built (a tree is the
    file's content alone: flasklint never asks astroid to infer, and what
    it caches on nodes is derived from them)."""
    fresh = project.fresh_copy()
    for old, new in zip(project.modules, fresh.modules):
        if old.diagnostic is None or old._parsed:
            new._data = old._data
            new._text = old._text
            new.facts = old.facts
        if old._parsed:
            new._parsed, new._tree, new.diagnostic = True, old._tree, old.diagnostic
    project.drop_trees()  # (the caller keeps ``project``: its model is not needed any more)
    gc.collect()  # the partial build's model: the CLI never collects the oldest generation itself
    return fresh


def _same_world(rec, project, discovery, other) -> bool:
    """Everything but the Python files' contents is as recorded."""
    if rec.get("paths") != [m.path for m in project.modules]:
        return False  # a file added, deleted or renamed: full analysis
    if rec.get("env_files") != list(project.env_files) or rec.get("discovery") != discovery:
        return False
    if rec.get("other") != other:
        return False
    for path, h in rec.get("reads", {}).items():
        if _content_hash(path) != h:
            return False
    for path, found in rec.get("probes", {}).items():
        if os.path.isfile(path) != found:
            return False
    return True


def _restore_reads(rec, project) -> None:
    """Re-register the non-Python files the recorded run read, so that
    reporters can show their source lines as the full run would."""
    for path in rec.get("config_files", []):
        project.read_config_file(path)
    for path in rec.get("extra_modules", []):
        project.extra_module(path)


def _hit(rec, project):
    _restore_reads(rec, project)
    return [_finding_in(f) for f in rec["findings"]], list(rec["errors"]), LazyModel(project)


# A replay (see _still_inert) whose steps read more files than this in the
# full run, or a REPLAY_SHARE-th of the files the full run read if more, is
# not attempted (the replay asks the same questions: it builds about those
# trees -- on Superset 73 for 73, 90 for 94, 184 for 201); one that builds
# more trees than that all the same gives up for a full run (whose cost it
# would otherwise add to).  On Superset, a sample of 25 edited files the
# model read: 23 replays built 1-149 trees (median 27) and took 0.1-2 s,
# against 6-7 s for a full run.
REPLAY_MIN_PARSES = 20
REPLAY_SHARE = 5

# Kinds of analysis limits FL003 reports (see checks/diagnostics.py).
_REPORTED_LIMITS = ("recursion", "budget", "skipped")


def _bits(mask: int) -> List[int]:
    """The indices of the bits set in ``mask``, ascending: module indices,
    then words' (see Project.probed; the pseudo-module bit of
    Project.objects_bit between them is never recorded -- the steps that
    read it are tainted)."""
    out = []
    while mask:
        low = mask & -mask
        i = low.bit_length() - 1
        out.append(i)
        mask ^= low
    return out


def _group_nodes(node_reads) -> list:
    """[(position, bit set)] -> [[modules read], [positions]] per distinct
    bit set (most nodes of a file read the same few modules)."""
    by_mask: Dict[int, List[int]] = {}
    for k, mask in node_reads:
        by_mask.setdefault(mask, []).append(k)
    return [[_bits(mask), ks] for mask, ks in sorted(by_mask.items(), key=lambda kv: kv[1][0])]


def _inc_record(project, model) -> dict:
    """What the incremental path needs to know of a full run (see the
    per-file accounting in model/flask.py): every file read by a step of
    the build that added facts, by a file's analysis that hit a limit FL003
    reports, or by the steps that see the whole model, checkers included
    ("tainted"); what the other steps read: each file's pass 0/1 step
    ("early") and each pass-2 node that read beyond its own file ("nodes");
    the constructor names and the apps and blueprints there were."""
    from flasklint.model.step_tracking import creation_site

    modules = project.modules
    limited = set()
    for lim in model.resolver.limits.values():
        idx = getattr(lim.module, "index", None)
        if idx is not None and any(lim.counts.get(k) for k in _REPORTED_LIMITS):
            limited.add(idx)
    tainted = set(_bits((model.pinned_reads | model.contrib_reads) & ~project.objects_bit)) | limited
    if model.late_objects:
        # objects appeared during pass 2: which steps saw which is a matter of order
        tainted.update(range(len(modules)))
    for i in limited:  # everything the file's steps read
        tainted.update(_bits(model.early_reads.get(i, 0)))
        for _, mask in model.node_reads.get(i, ()):
            tainted.update(_bits(mask))
    def where(objs):
        if len(objs) != 1 or objs[0].cls_node is None:
            return None
        cls = objs[0].cls_node
        mod = project.module_of(cls)
        return [mod.index, cls.lineno, cls.name] if mod is not None and mod.index is not None else None

    return {
        "tainted": sorted(tainted),
        # what a rebuild (see _rebuild) re-runs: the steps that added facts
        "contrib_early": sorted(model.contrib_early),
        "contrib": {str(w): ks for w, ks in model.contrib_nodes.items()},
        "rebuild": not (limited or model.late_objects or model.order_dependent),
        "bounds": sorted(model.bounds),
        "early": {str(w): _bits(r) for w, r in model.early_reads.items() if w not in limited},
        "nodes": {str(w): _group_nodes(nr) for w, nr in model.node_reads.items() if nr and w not in limited},
        "decisions": {k: [bit, answer, _bits(reads)] for k, (bit, answer, reads) in model.decisions.items()},
        "ctor_names": sorted(model.ctor_names),
        "object_sites": sorted([list(creation_site(o)) for o in model._objects.values()], key=str),
        "objects": {"app": [len(model.apps), where(model.apps)], "blueprint": [len(model.blueprints), where(model.blueprints)]},
    }


def _still_inert(rec, project, changed, keys=None, words=None, decisions=None) -> Optional[dict]:
    """Edited files that no step of the model build that added facts read
    (nor the steps that see the whole model): run again, alone, the steps
    that read them -- all of the edited files' own, and the other files'
    steps that read them.  If those still add nothing (and hit no limit),
    the model -- and so every finding -- is the one a full run would build:
    nothing else in it depends on what the analysis happened to parse.
    Returns the updated per-file record, or None when a full run is needed."""
    from flasklint.model.flask import FlaskModel
    from flasklint.model.step_tracking import Restricted
    from flasklint.source.parsing import Bail

    inc = rec.get("inc")
    if not inc:
        return _no("no per-file record")
    tainted = set(inc["tainted"])
    changed_set = set(changed) if keys is None else set(keys)  # (files, and words whose answers changed)
    if changed_set & tainted:
        return _no("an edited file (or a word it gained or lost) is read by a step that added facts")
    candidates = set(rec["candidates"])
    whole = {i for i in changed if i in candidates}
    early = {int(w) for w, reads in inc["early"].items() if changed_set.intersection(reads)}
    nodes: Dict[int, Dict[int, set]] = {}  # file -> position -> modules it read
    for w, groups in inc["nodes"].items():
        w = int(w)
        if w in whole:
            continue
        for reads, ks in groups:
            if changed_set.intersection(reads):
                got = nodes.setdefault(w, {})
                for k in ks:
                    got[k] = set(reads)
    budget = max(REPLAY_MIN_PARSES, len(rec["depends"]) // REPLAY_SHARE)
    # What the steps to replay read in the full run: about the trees the
    # replay builds (it asks the same questions).  Over the budget, refuse
    # now rather than build that many trees and then run in full.
    need = whole | early | set(nodes)
    for w in whole:
        need.update(inc["early"].get(str(w), ()))
        for reads, _ in inc["nodes"].get(str(w), ()):
            need.update(reads)
    for w in early:
        need.update(inc["early"][str(w)])
    for got in nodes.values():
        for reads in got.values():
            need.update(reads)
    if _files(need, project) > budget:
        return _no("replaying the steps that read the edited files costs about a full run")
    project.word_bits = dict(rec.get("word_bits", {}))  # (the words' bits as recorded)
    _seed_words(project, words)
    restricted = Restricted(
        whole,
        early,
        {w: set(ks) for w, ks in nodes.items()},
        inc["ctor_names"],
        inc["objects"],
        inc["object_sites"],
        decisions=decisions,
    )
    project.replayed = True
    # (the edited files' prefilter facts are as recorded -- _incremental
    # checked -- and every other file is: so are the candidates)
    project._candidates = [project.modules[i] for i in sorted(candidates)]
    project.read_sets.append(0)
    project.parse_budget = budget  # (a replay that would cost about a full run: Bail)
    try:
        model = FlaskModel(project, restricted=restricted)
    except Bail as exc:
        return _no(str(exc))
    except Exception:  # never trust a partial answer
        return _no("the partial model build failed")
    finally:
        project.read_sets.pop()
        project.parse_budget = None
    if project.parse_count > budget:  # (a Bail some step swallowed: never trust that answer)
        return _no("replaying the steps that read the edited files costs about a full run")
    if project.errors or model.version:
        return _no("internal error" if project.errors else "the steps that read the edited files now add facts")
    for lim in model.resolver.limits.values():
        if any(lim.counts.get(k) for k in _REPORTED_LIMITS):
            return _no("a step hit an analysis limit")
    # The record, updated with what the steps run again read now.
    new_inc = dict(inc)
    new_early = dict(inc["early"])
    for w in early | whole:
        new_early[str(w)] = _bits(model.early_reads.get(w, 1 << w))
    new_nodes = dict(inc["nodes"])
    for w, old in nodes.items():
        own = 1 << w
        fresh = dict(model.node_reads.get(w, ()))
        kept = [(k, _mask(g_reads)) for g_reads, ks in inc["nodes"][str(w)] for k in ks if k not in old]
        again = [(k, fresh[k]) for k in old if fresh.get(k, own) != own]
        new_nodes[str(w)] = _group_nodes(sorted(kept + again))
    for w in whole:
        new_nodes[str(w)] = _group_nodes(model.node_reads.get(w, ()))
    new_inc["early"] = new_early
    new_inc["nodes"] = new_nodes
    new_inc["decisions"] = {k: [bit, answer, _bits(reads)] for k, (bit, answer, reads) in model.decisions.items()}
    return new_inc


# A rebuild (see _rebuild) whose steps read more files in the full run than
# two thirds (1 / REBUILD_SHARE) of the files the full run read is not
# attempted: it would save little.  (One that fails costs about a full run:
# the full run keeps the trees it built.)  Measured on Redash, rebuilds
# between a half and two thirds took 0.9-1.3 s against 2.2 s for a full run.
REBUILD_SHARE = 1.5


def _rebuild(rec, project, enabled, analyse, hashes, changed, keys=None, words=None, decisions=None):
    """The findings of a full run, from a model built by running only the
    steps that matter: every step of the full build that added facts (the
    record names them), all of the edited files' steps, and the other
    steps that read an edited file.  Every other step added nothing and
    read only files that did not change, so it would add nothing again: the
    model is the full build's, and the checkers (which see the whole model)
    run on it as in a full run.  (findings, errors, model, updated per-file
    record), or None when a full run is needed.

    Not attempted when the full build's answers depended on which step
    came first (a limit FL003 reports, objects appearing in pass 2, a step
    finding what another one made: the record says so).  The rebuild's
    memo tables are colder than the full build's, so an answer cut short
    by one of the analysis' bounds might differ: a step that meets a bound
    it did not meet in the full build stops the rebuild (Bail), and one
    that misses a bound it met refuses it.  (Probes count virtual steps, so
    they give up alike; cycles, dozens in a large project, are compared per
    file.)"""
    from flasklint.model.step_tracking import Restricted
    from flasklint.source.parsing import Bail

    inc = rec.get("inc")
    if not inc or "contrib" not in inc:
        return _no("no per-file record")
    if not inc["rebuild"]:
        return _no("the full run's answers depend on the order of its steps")
    changed_set = set(changed) if keys is None else set(keys)  # (files, and words whose answers changed)
    candidates = set(rec["candidates"])
    whole = {i for i in changed if i in candidates}
    early = set(inc["contrib_early"]) | {int(w) for w, reads in inc["early"].items() if changed_set.intersection(reads)}
    nodes: Dict[int, set] = {int(w): set(ks) for w, ks in inc["contrib"].items()}
    need = set(inc["tainted"]) | whole | early | set(nodes)
    for w, groups in inc["nodes"].items():
        w = int(w)
        for reads, ks in groups:
            if w in whole or changed_set.intersection(reads):
                need.update(reads)
                if w not in whole:
                    nodes.setdefault(w, set()).update(ks)
    for w in early | whole:
        need.update(inc["early"].get(str(w), ()))
    budget = max(REPLAY_MIN_PARSES, int(len(rec["depends"]) / REBUILD_SHARE))
    if _files(need, project) > budget:
        return _no("the steps to run again read about as many files as a full run")
    project.word_bits = dict(rec.get("word_bits", {}))  # (the words' bits as recorded)
    _seed_words(project, words)
    modules = project.modules
    edited = set(changed)
    for i, m in enumerate(modules):  # FL001/FL002 as recorded, for the files not edited
        if i not in edited and hashes[i] is not None:
            d = rec["diags"].get(str(i))
            m.known_syntax = tuple(d) if d is not None else None
    restricted = Restricted(whole, early, nodes, rebuild=True, bounds=inc["bounds"], decisions=decisions)
    project.replayed = True
    project._candidates = [modules[i] for i in sorted(candidates)]  # (prefilter facts as recorded: _incremental)
    project.read_sets.append(0)
    project.parse_budget = budget
    try:
        findings, errors, model = analyse(project, enabled, None, restricted=restricted)
    except Bail as exc:
        return _no(str(exc))
    except Exception:  # never trust a partial answer
        return _no("the rebuild failed")
    finally:
        project.read_sets.pop()
        project.parse_budget = None
    if project.parse_count > budget:  # (a Bail some step swallowed)
        return _no("the steps to run again read about as many files as a full run")
    if errors:
        return _no("internal error")
    if model.new_bounds:  # (a Bail some checker swallowed)
        return _no(f"the rebuild met analysis bounds the full run did not ({model.new_bounds})")

    def step_ran(bound: str) -> bool:  # whether the step that met ``bound`` in the full run ran again
        step = bound.split(" ", 1)[0].split(":")
        if step[0] == "post":
            return True
        w = int(step[0])
        return w in whole or (step[1] == "e" and w in restricted.early) or (step[1] != "e" and int(step[1]) in nodes.get(w, ()))

    missed = [b for b in inc["bounds"] if step_ran(b) and not b.endswith(":cycle") and b not in model.bounds]
    if missed:  # (warmer memo tables than the full run's: that step's answers may differ too)
        return _no(f"the rebuild did not meet a bound the full run met ({missed[0]})")
    if model.late_objects or model.order_dependent:
        return _no("the rebuilt model's answers depend on the order of its steps")
    new_inc = _inc_record(project, model)  # (complete: tainted, contrib, objects; early and nodes of the steps run)
    new_early = {w: r for w, r in inc["early"].items() if int(w) not in restricted.early}
    new_early.update(new_inc["early"])
    new_nodes = {}
    for w, groups in inc["nodes"].items():
        i = int(w)
        if i in whole:
            continue
        run_again = nodes.get(i, ())
        kept = [(k, _mask(reads)) for reads, ks in groups for k in ks if k not in run_again]
        if i in nodes:
            kept += [(k, mask) for k, mask in model.node_reads.get(i, ())]
        if kept:
            new_nodes[w] = _group_nodes(sorted(kept))
    for w in whole:
        if model.node_reads.get(w):
            new_nodes[str(w)] = _group_nodes(model.node_reads[w])
    new_inc["early"] = new_early
    new_inc["nodes"] = new_nodes
    new_inc["bounds"] = sorted({b for b in inc["bounds"] if not step_ran(b)} | model.bounds)
    return findings, errors, model, new_inc


def _files(indices, project) -> int:
    """How many of a record's read indices are files (not words, see
    Project.probed)."""
    n = len(project.modules)
    return sum(1 for i in indices if i < n)


def _mask(bits) -> int:
    out = 0
    for i in bits:
        out |= 1 << i
    return out


class _Rebuild:
    """_incremental's answer when the model must be built again, maybe only
    in part (see _rebuild): ``keys`` the edited files and the bits of the
    words whose answers changed; ``words`` the recorded words' answers now."""

    def __init__(self, keys, words, decisions):
        self.keys = keys
        self.words = words
        self.decisions = decisions


class _Unsure(Exception):
    """A decision asked again needs the project's objects: taken as changed."""


def _unsure(*args):
    raise _Unsure()


def _recheck_decisions(rec, project, keys) -> dict:
    """The recorded decisions (FlaskModel._decide) as they stand now: one
    whose reads (files, words) changed is asked again; if its answer is
    not the recorded one (or cannot be had without the model's objects, or
    met an analysis bound), its bit joins ``keys`` -- the steps charged
    with it run again and ask it themselves -- and it is left out.
    key -> [bit, answer, reads mask]."""
    from flasklint.model.step_tracking import DECISIONS
    from flasklint.resolve.core import Resolver

    out = {}
    stale = []
    for key, (bit, answer, reads) in (rec.get("inc") or {}).get("decisions", {}).items():
        if keys.intersection(reads):
            stale.append((key, bit, answer))
        else:
            out[key] = [bit, answer, _mask(reads)]
    if not stale:
        return out
    project.word_bits = dict(rec.get("word_bits", {}))  # (the words' bits as recorded)
    resolver = Resolver(project, _unsure)
    resolver.known_objects = _unsure
    rs = project.read_sets
    files = (1 << len(project.modules)) - 1
    for key, bit, answer in stale:
        got = None
        _, kind, rest = key.split("\0", 2) if key.count("\0") >= 3 else ("", "", "")
        index, _, orig = rest.partition("\0")
        decide = DECISIONS.get(f"\0{kind}\0")
        mod = project.modules[int(index)] if index.isdigit() and int(index) < len(project.modules) else None
        if mod is not None and decide is not None:
            hits = resolver.limit_hits
            rs.extend((0, 0))  # (an outer set: words asked are asked by a step)
            floor, project.read_floor = project.read_floor, len(rs) - 1
            try:
                with resolver.analysing(mod):
                    got = [decide(resolver, mod, orig)]
            except Exception:  # (_Unsure: it needs the model's objects; anything else: never trusted)
                got = None
            finally:
                project.read_floor = floor
                reads = rs.pop()
                rs.pop()
            if resolver.limit_hits != hits or reads & ~files:
                # a bound met, or an answer that asked words (whose bits a
                # replay allocates afresh) or the objects: taken as changed
                got = None
        if got is None or got[0] != answer:
            keys.add(bit)
        else:
            out[key] = [bit, answer, reads]
    return out


def _seed_words(project, words) -> None:
    """Give a partial build the recorded words' answers (which files hold
    each word, call probe or import probe), as _incremental brought them up
    to date for the edited files: the other files' answers are as recorded,
    their bytes unchanged.  Asking them again would read every file of the
    project (on Superset 1,176 files, 0.1-0.5 s of a replay)."""
    if not words:
        return
    modules = project.modules
    seeded = project._mentioning
    for word, held in words.items():
        if word not in seeded:
            seeded[word] = [modules[i] for i in sorted(held)]


def _incremental(rec, project, enabled, hashes, changed, syntax_table):
    """The findings when the edited files cannot change the model (never
    used by it, or used only by visits that still add nothing: see
    _still_inert): (findings, errors, updated per-file record or None).
    a _Rebuild when the files the model read (or words it asked) changed
    but nothing else did (same prefilter facts: see _rebuild), else None."""
    if rec.get("errors"):
        return _no("the recorded run had errors")
    depends = set(rec["depends"])
    used = [i for i in changed if i in depends]
    modules = project.modules
    # Same prefilter facts -> same candidates.
    for i in changed:
        m = modules[i]
        if hashes[i] is None:
            return _no("an edited file cannot be read")
        old = rec["facts"][i]
        if [m.mentions_flask(), sorted(m.imported_names())] != old:
            return _no("an edited file's imports or mentions of Flask changed")
    # The words whose answers changed: "read" again, like edited files, by
    # the steps that asked them (Project.probed); a word asked outside those
    # steps (the prefilter) forces a full run.
    word_bits = rec.get("word_bits", {})
    keys = set(changed)
    words = {}  # word -> the files holding it now
    for word, holders in rec["words"].items():
        held = set(holders)
        for i in changed:
            if project.holds_in(word, modules[i]) != (i in held):
                if word not in word_bits:
                    return _no(f"an edited file gained or lost the word {word!r}")
                keys.add(word_bits[word])
                (held.add if i not in held else held.discard)(i)
        words[word] = held
    decisions = _recheck_decisions(rec, project, keys)
    inc = None
    if used or len(keys) > len(changed):
        inc = _still_inert(rec, project, changed, keys, words, decisions)
        if inc is None:
            return _Rebuild(keys, words, decisions)  # (the model must be built again: maybe only some of it)
    # The model's findings stand; recompute the changed files' FL001/FL002.
    ctx = Context(project, None)
    changed_paths = {modules[i].display for i in changed}
    old_diag = {}
    for i, d in rec["diags"].items():
        old_diag[int(i)] = d
    stale = set()
    fresh = []
    for i in changed:
        m = modules[i]
        if i in old_diag:
            rule, message, line, column = old_diag[i]
            stale.add(ctx.finding(rule, project.file_location(m.path, line, column), message))
        v = syntax_table.get(hashes[i], False)
        if v is not False:
            m.known_syntax = tuple(v) if v is not None else None
        m.check_syntax()
        if m.diagnostic is not None:
            d = m.diagnostic
            fresh.append(ctx.finding(d.rule, project.file_location(d.path, d.line, d.column), d.message))
    from flasklint.linter import unique_sorted

    kept = [f for f in (_finding_in(v) for v in rec["findings"]) if not (f.location.path in changed_paths and f in stale)]
    findings = unique_sorted(kept + [f for f in fresh if f.rule in enabled])
    _restore_reads(rec, project)
    return findings, list(rec["errors"]), inc


def _word_bits(project, old=None) -> dict:
    """The words' bits in the read sets (see Project.probed), for the words
    only steps asked: a change to another word's answers is a full run."""
    bits = {**(old or {}), **project.word_bits}
    return {w: b for w, b in bits.items() if w not in project.untracked_words}


def _reads(project) -> dict:
    """The non-Python files the analysis read: path -> content hash."""
    reads = {}
    for path, text in project.config_files.items():
        reads[path] = _content_hash(path) if text is not None else None
    for m in project.extra_modules:
        reads[m.path] = _content_hash(m.path)
    return reads


def _record(store, project, findings, errors, status, discovery, other, syntax_table, rec=None, changed=(), inc=None):
    hashes, sigs, started = status
    modules = project.modules
    index = {id(m): i for i, m in enumerate(modules)}
    word_bits = _word_bits(project, rec.get("word_bits", {}) if rec is not None else None)  # (before the answers are computed below: not by a step)
    if rec is not None:
        # incremental: the model's dependencies are those recorded
        new = dict(rec)
        new["hashes"] = hashes
        new["sigs"] = sigs
        new["started"] = started
        facts = list(rec["facts"])
        diags = dict(rec["diags"])
        for i in changed:
            m = modules[i]
            facts[i] = [m.mentions_flask(), sorted(m.imported_names())]
            diags.pop(str(i), None)
            if m.diagnostic is not None:
                diags[str(i)] = _diag_tuple(m.diagnostic)
        new["facts"] = facts
        new["diags"] = diags
        new["findings"] = [_finding_out(f) for f in findings]
        if inc is not None:
            new["inc"] = inc
            # what the steps run again asked of the files, too; the edited
            # files' answers (a word's may have changed: its readers ran again)
            words = {}
            for w, holders in rec["words"].items():
                held = set(holders)
                for i in changed:
                    (held.add if project.holds_in(w, modules[i]) else held.discard)(i)
                words[w] = sorted(held)
            for w in sorted(project.words_probed - set(words)):
                words[w] = [index[id(m)] for m in project.modules_holding(w)]
            new["words"] = words
            new["word_bits"] = word_bits
            new["probes"] = {**rec.get("probes", {}), **project.path_probes}
            reads = dict(rec.get("reads", {}))
            reads.update(_reads(project))
            new["reads"] = reads
            new["config_files"] = sorted(set(rec.get("config_files", [])) | set(project.config_files))
            new["extra_modules"] = list(dict.fromkeys(list(rec.get("extra_modules", [])) + [m.path for m in project.extra_modules]))
            new["depends"] = sorted(set(rec["depends"]) | {i for i, m in enumerate(modules) if m._parsed or m.content_used})
    else:
        if any(h is None for h in hashes):
            return  # an unreadable file: nothing to key on
        reads = _reads(project)
        new = {
            "format": FORMAT,
            "paths": [m.path for m in modules],
            "hashes": hashes,
            "sigs": sigs,
            "started": started,
            "facts": [[m.mentions_flask(), sorted(m.imported_names())] for m in modules],
            "candidates": [index[id(m)] for m in project.candidate_modules()],
            "depends": [i for i, m in enumerate(modules) if m._parsed or m.content_used],
            "diags": {str(i): _diag_tuple(m.diagnostic) for i, m in enumerate(modules) if m.diagnostic is not None},
            "words": {w: [index[id(m)] for m in project.modules_holding(w)] for w in sorted(project.words_probed)},
            "word_bits": word_bits,
            "reads": reads,
            "config_files": sorted(project.config_files),
            "extra_modules": [m.path for m in project.extra_modules],
            "probes": dict(project.path_probes),
            "env_files": list(project.env_files),
            "discovery": discovery,
            "other": other,
            "findings": [_finding_out(f) for f in findings],
            "errors": list(errors),
            "inc": inc,
        }
    store.save_run(new)
    # per-content syntax results of files checked with ``ast`` (not astroid)
    added = False
    for i, m in enumerate(modules):
        h = hashes[i]
        if h is None or m._parsed or h in syntax_table:
            continue
        ks = m.known_syntax
        if ks is not None and not isinstance(ks, tuple):
            continue  # never checked (FL001/FL002 not selected)
        syntax_table[h] = list(ks) if ks is not None else None
        added = True
    if added:
        store.save_syntax(syntax_table)
