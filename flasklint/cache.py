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
  and which files held them;
* the non-Python files read (content hashes) and paths looked for
  (exists or not); size and mtime of every other file found;
* discovery's own diagnostics and the ``.flaskenv``/``.env`` files.

A run then takes one of three paths:

1. **hit**: nothing changed -- the recorded findings are returned;
2. **incremental**: only files the model never used changed, their
   prefilter facts and word memberships are unchanged -- the model's
   findings stand; only those files' FL001/FL002 are recomputed;
3. **full**: anything else (a used file edited, a file added, deleted or
   renamed, a config file touched) -- the whole analysis runs again, reusing
   per-file facts and syntax results by content hash.

Options that change the analysis must be part of ``options`` (linter.lint).
A cache that cannot be read or written is ignored: it never fails a run.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from typing import Dict, List, Optional

import astroid

from flasklint import __version__
from flasklint.checks.base import Context
from flasklint.files import ReadError, read_bytes
from flasklint.finding import Finding, Location, Related

FORMAT = 1
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
# still add nothing), "full".  For tests and ``FLASKLINT_CACHE_DEBUG``.
last_path = None


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

    # Hash every Python file (reading it is needed anyway).
    hashes: List[Optional[str]] = []
    for m in modules:
        data = m.data()
        hashes.append(_digest(data) if m.diagnostic is None else None)
    discovery = [[d.rule, d.path, d.message, d.line, d.column] for d in project.diagnostics]
    other = {p: _file_sig(p) for p in project.other_files}
    rec = store.load_run()
    syntax_table = store.load_syntax() if store.dir else {}

    if rec is not None and _same_world(rec, project, discovery, other):
        old_hashes = rec["hashes"]
        changed = [i for i, h in enumerate(hashes) if h != old_hashes[i]]
        if not changed:
            _say("hit")
            return _hit(rec, project)
        got = _incremental(rec, project, enabled, hashes, changed, syntax_table)
        if got is not None:
            findings, errors, inc = got
            _say("inert" if inc is not None else "unused", f"{len(changed)} changed file(s)")
            _record(store, project, findings, errors, hashes, discovery, other, syntax_table, rec=rec, changed=changed, inc=inc)
            return findings, errors, LazyModel(project)
        project = _fresh(project)
        modules = project.modules

    # Full analysis, reusing what is known per file content.
    _say("full")
    if rec is not None and rec.get("paths") == [m.path for m in modules]:
        for i, m in enumerate(modules):
            if hashes[i] is not None and hashes[i] == rec["hashes"][i]:
                m.facts = (rec["facts"][i][0], set(rec["facts"][i][1]))
    for i, m in enumerate(modules):
        if hashes[i] is not None and hashes[i] in syntax_table:
            v = syntax_table[hashes[i]]
            m.known_syntax = tuple(v) if v is not None else None
    pending = None
    if jobs > 1:
        from flasklint import parallel

        candidates = {id(m) for m in project.candidate_modules()}
        todo = [(i, m.path) for i, m in enumerate(modules) if hashes[i] is not None and id(m) not in candidates and hashes[i] not in syntax_table]
        pending = parallel.start_syntax_checks(todo, jobs)

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
        _record(store, project, findings, errors, hashes, discovery, other, syntax_table, inc=_inc_record(project, model))
    return findings, errors, model


def _fresh(project):
    """A project as discovered, before any analysis: after an incremental
    attempt built a partial model, the full analysis starts clean (keeping
    the files' bytes, already read)."""
    fresh = project.fresh_copy()
    for old, new in zip(project.modules, fresh.modules):
        if old.diagnostic is None:
            new._data = old._data
            new.facts = old.facts
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


# Kinds of analysis limits FL003 reports (see checks/diagnostics.py).
_REPORTED_LIMITS = ("recursion", "budget", "skipped")


def _import_sig(project, module) -> Optional[str]:
    tree = module._tree
    if tree is None:
        return None
    return _key(project.index(tree).imports)


def _bits(mask: int) -> List[int]:
    """The indices of the bits set in ``mask``, ascending."""
    out = []
    i = 0
    while mask:
        low = mask & -mask
        i = low.bit_length() - 1
        out.append(i)
        mask ^= low
    return out


def _inc_record(project, model) -> dict:
    """What the incremental path needs to know of a full run (see
    FlaskModel.windows): the files whose visits added facts or hit a limit
    FL003 reports ("contrib"); every file those visits, or the steps that
    see the whole model (checkers included), read ("tainted"); what each
    other visit read ("windows"); the files parsed and their imports; the
    constructor names and how many apps and blueprints there were."""
    modules = project.modules
    contrib = set(model.contributing)
    for lim in model.resolver.limits.values():
        idx = getattr(lim.module, "index", None)
        if idx is not None and any(lim.counts.get(k) for k in _REPORTED_LIMITS):
            contrib.add(idx)
    tainted = set(_bits(model.pinned_reads)) | contrib
    windows = {}
    for w, reads in model.window_reads.items():
        if w in contrib:
            tainted.update(_bits(reads))
        else:
            windows[str(w)] = _bits(reads)
    parsed = [i for i, m in enumerate(modules) if m._parsed]
    return {
        "contrib": sorted(contrib),
        "tainted": sorted(tainted),
        "windows": windows,
        "parsed": parsed,
        "imports": {str(i): _import_sig(project, modules[i]) for i in parsed},
        "ctor_names": sorted(model.ctor_names),
        "objects": {"app": len(model.apps), "blueprint": len(model.blueprints)},
    }


def _still_inert(rec, project, changed) -> Optional[dict]:
    """Edited files some per-file visit of the model build read, none of
    them read by a visit that added facts nor by a step that sees the
    whole model: visit again the files that read them (and the edited ones
    that are candidates), alone.  If those visits still add nothing, read
    no more than before and parse nothing new, the model -- and so every
    finding -- is the one a full run would build.  Returns the updated
    per-file record, or None when a full run is needed."""
    from flasklint.model.flask import FlaskModel, Restricted

    inc = rec.get("inc")
    if not inc:
        return None
    tainted = set(inc["tainted"])
    if any(i in tainted for i in changed):
        return None
    windows = {int(w): set(r) for w, r in inc["windows"].items()}
    candidates = set(rec["candidates"])
    todo = {i for i in changed if i in candidates}
    for w, reads in windows.items():
        if any(i in reads for i in changed):
            todo.add(w)
    restricted = Restricted(todo, inc["ctor_names"], inc["objects"])
    project.read_sets.append(0)
    try:
        model = FlaskModel(project, restricted=restricted)
    except Exception:  # never trust a partial answer
        return None
    finally:
        project.read_sets.pop()
    if restricted.bailed or project.errors or model.contributing or model._fact_count():
        return None
    for lim in model.resolver.limits.values():
        if any(lim.counts.get(k) for k in _REPORTED_LIMITS):
            return None
    modules = project.modules
    old_parsed = set(inc["parsed"])
    if any(m._parsed and i not in old_parsed for i, m in enumerate(modules)):
        return None  # a file no run parsed before: its imports would count
    for i in changed:
        if i in old_parsed and (not modules[i]._parsed or _import_sig(project, modules[i]) != inc["imports"].get(str(i))):
            return None
    new_windows = dict(inc["windows"])
    for w in todo:
        reads = set(_bits(model.window_reads.get(w, 0)))
        if not windows.get(w, set()) <= reads:
            return None  # reads less than before: a full run could parse less
        new_windows[str(w)] = sorted(reads)
    out = dict(inc)
    out["windows"] = new_windows
    return out


def _incremental(rec, project, enabled, hashes, changed, syntax_table):
    """The findings when the edited files cannot change the model (never
    used by it, or used only by visits that still add nothing: see
    _still_inert), or None when the model itself must be rebuilt.  Returns
    (findings, errors, updated per-file record or None)."""
    if rec.get("errors"):
        return None
    depends = set(rec["depends"])
    used = [i for i in changed if i in depends]
    modules = project.modules
    # Same prefilter facts -> same candidates.
    for i in changed:
        m = modules[i]
        if hashes[i] is None:
            return None
        old = rec["facts"][i]
        if [m.mentions_flask(), sorted(m.imported_names())] != old:
            return None
    # Same answers to every word the model looked for.
    for word, holders in rec["words"].items():
        w = word.encode()
        held = set(holders)
        for i in changed:
            if (w in modules[i].data()) != (i in held):
                return None
    inc = None
    if used:
        inc = _still_inert(rec, project, changed)
        if inc is None:
            return None
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


def _record(store, project, findings, errors, hashes, discovery, other, syntax_table, rec=None, changed=(), inc=None):
    modules = project.modules
    index = {id(m): i for i, m in enumerate(modules)}
    if rec is not None:
        # incremental: the model's dependencies are those recorded
        new = dict(rec)
        new["hashes"] = hashes
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
    else:
        if any(h is None for h in hashes):
            return  # an unreadable file: nothing to key on
        reads = {}
        for path, text in project.config_files.items():
            reads[path] = _content_hash(path) if text is not None else None
        for m in project.extra_modules:
            reads[m.path] = _content_hash(m.path)
        new = {
            "format": FORMAT,
            "paths": [m.path for m in modules],
            "hashes": hashes,
            "facts": [[m.mentions_flask(), sorted(m.imported_names())] for m in modules],
            "candidates": [index[id(m)] for m in project.candidate_modules()],
            "depends": [i for i, m in enumerate(modules) if m._parsed or m.content_used],
            "diags": {str(i): _diag_tuple(m.diagnostic) for i, m in enumerate(modules) if m.diagnostic is not None},
            "words": {w: [index[id(m)] for m in project.modules_mentioning(w)] for w in sorted(project.words_probed)},
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
