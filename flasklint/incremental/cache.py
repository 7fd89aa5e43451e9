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
  is a pseudo-module of the read sets: see ReadLog.asked_text);
* the answers many steps share (FlaskModel._shared_answer: what qualified
  name, what Flask class kind is a project module's ``name``?): each one's
  answer, bit and reads -- an
  edit to what one read asks it again, and only a changed answer counts
  as an edit of its pseudo-module (recheck_shared_answers);
* the non-Python files read (content hashes) and paths looked for
  (exists or not); size and mtime of every other file found;
* discovery's own diagnostics and the ``.flaskenv``/``.env`` files.

A run then takes one of these paths:

1. **hit**: nothing changed -- the recorded findings are returned;
2. **incremental**: only files the model never used changed, and no word's
   answers ("unused"), or the edited files (and words whose answers
   changed) were read only by build steps that added nothing and, run again
   alone, still add nothing ("inert", see still_inert); their prefilter
   facts are unchanged -- the model's findings stand; only those files'
   FL001/FL002 are recomputed;
3. **rebuild**: as 2, but the edited files or words are read by steps that
   add facts or by the checkers, or their steps add facts now -- the model
   is built again running only the steps that added facts in the last full
   run and those that read the edited files or words, then every checker
   runs on it (see rebuild);
4. **full**: anything else (a file added, deleted or renamed, imports or
   mentions of Flask changed, a word the prefilter asked changed, a config
   file touched, a rebuild costing about a full run) -- the whole analysis
   runs again, reusing per-file facts and syntax results by content hash.

Options that change the analysis must be part of ``options`` (linter.lint).
A cache that cannot be read or written is ignored: it never fails a run.
"""

from __future__ import annotations

import os
import time

from flasklint.checks.base import Context
from flasklint.source.files import inside_root
from flasklint.incremental import outcome
from flasklint.incremental.outcome import refuse, report_path
from flasklint.incremental.replay import RebuildInputs, rebuild_model, recheck_shared_answers, replay_record, still_inert
from flasklint.incremental.status import fresh_project, hash_files, known_facts, same_world
from flasklint.incremental.store import (
    FORMAT,
    RecordStore,
    content_hash,
    diagnostic_row,
    file_signature,
    finding_from_row,
    finding_to_row,
    options_key,
)

# ---------------------------------------------------------------------------
# (de)serialising findings


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


def analyse_cached(project, enabled, analyse, options, cache_dir=None, jobs=1):
    """``analyse(project, enabled, after_model)`` with the cache and worker
    processes around it: (findings, errors, model)."""
    run_key = options_key({"options": options, "enabled": sorted(enabled), "format": FORMAT})
    store = RecordStore(cache_dir, run_key)
    modules = project.modules

    rec = store.load_run()
    if rec is not None and not _plausible(rec, project):
        rec = None
    # Hash every Python file, but one whose status says it is as recorded.
    started = time.time_ns()
    hashes, sigs, reread = hash_files(modules, rec)
    discovery = [[d.rule, d.path, d.message, d.line, d.column] for d in project.diagnostics]
    other = {os.path.abspath(p): file_signature(p) for p in project.other_files}  # (absolute: the CLI and the Bandit plugin name them differently)
    outcome.last_reason = "no record" if rec is None else "files added, removed or renamed, or other inputs changed"
    syntax_table = store.load_syntax() if store.dir else {}

    if rec is not None and same_world(rec, project, discovery, other):
        old_hashes = rec["hashes"]
        changed = [i for i, h in enumerate(hashes) if h != old_hashes[i]]
        if not changed:
            report_path("hit")
            if reread:  # (statuses the record lacks: the next run need not read those files)
                store.save_run({**rec, "sigs": sigs, "started": started})
            return _hit(rec, project)
        known_facts(rec, modules, hashes)  # (a replay asks for the candidates: every file's facts)
        try:
            got = _incremental(rec, project, enabled, hashes, changed, syntax_table)
        except (KeyError, TypeError, ValueError, IndexError, AttributeError):
            # a record written by hand or damaged: never trusted, never fatal
            got = refuse("the cache record is damaged")
            project.replayed = True
        if got is not None and not isinstance(got, RebuildInputs):
            findings, errors, inc = got
            report_path("inert" if inc is not None else "unused", f"{len(changed)} changed file(s)")
            _record(store, project, findings, errors, (hashes, sigs, started), discovery, other, syntax_table, rec=rec, changed=changed, inc=inc)
            return findings, errors, LazyModel(project)
        if project.replayed:  # a partial build ran on it: start clean
            project = fresh_project(project)
            modules = project.modules
        if isinstance(got, RebuildInputs):
            why = outcome.last_reason
            try:
                got = rebuild_model(rec, project, enabled, analyse, hashes, changed, got.keys, got.words, got.shared_answers)
            except (KeyError, TypeError, ValueError, IndexError, AttributeError):
                got = refuse("the cache record is damaged")
            if got is not None:
                findings, errors, model, inc = got
                report_path("rebuild", f"{len(changed)} changed file(s) ({why})")
                _record(store, project, findings, errors, (hashes, sigs, started), discovery, other, syntax_table, rec=rec, changed=changed, inc=inc)
                return findings, errors, model
            outcome.last_reason = f"{why}; rebuild: {outcome.last_reason}"
            if project.replayed:
                project = fresh_project(project)
                modules = project.modules

    # Full analysis, reusing what is known per file content.
    report_path("full", outcome.last_reason)
    if rec is not None:  # (only the per-file facts are used from here on: memory)
        rec = {"paths": rec.get("paths"), "hashes": rec.get("hashes"), "facts": rec.get("facts")}
    if rec is not None and rec.get("paths") == [m.path for m in modules]:
        known_facts(rec, modules, hashes)
    for i, m in enumerate(modules):
        if hashes[i] is not None and hashes[i] in syntax_table:
            v = syntax_table[hashes[i]]
            m.known_syntax = tuple(v) if v is not None else None
    pending = None
    if jobs > 1:
        from flasklint.incremental import parallel

        candidates = {id(m) for m in project.candidate_modules()}
        todo = [(i, m.path) for i, m in enumerate(modules) if hashes[i] is not None and id(m) not in candidates and hashes[i] not in syntax_table]
        size = sum(len(modules[i].data()) for i, _ in todo)
        pending = parallel.start_syntax_checks(todo, jobs, size)

    def after_model():
        if pending is None:
            return
        for i, digest, problem in pending.results():
            m = modules[i]
            if digest == hashes[i] and not m.parsed:
                m.known_syntax = tuple(problem) if problem is not None else None

    track = store.dir is not None  # per-file accounting, for the next run's incremental path
    if track:
        project.reads.sets.append(0)
    try:
        findings, errors, model = analyse(project, enabled, after_model)
    finally:
        if track:
            project.reads.sets.pop()
    if store.dir is not None and not errors:
        _record(store, project, findings, errors, (hashes, sigs, started), discovery, other, syntax_table, inc=replay_record(project, model))
    return findings, errors, model


def _plausible(rec, project) -> bool:
    """A record's files are inside the project (defence in depth: records
    are signed, but a record must never make flasklint read or print a file
    outside the project)."""
    root, cwd = project.root, project.cwd
    try:
        # (the recorded Python files must equal the discovered ones: same_world)
        for path in list(rec.get("config_files", [])) + list(rec.get("extra_modules", [])):
            if not isinstance(path, str) or not inside_root(path, root):
                return False
        for path in {row[1][0] for row in rec.get("findings", [])}:
            if not isinstance(path, str) or not inside_root(os.path.join(cwd, path), root):
                return False
    except (TypeError, IndexError, AttributeError):
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
    return [finding_from_row(f) for f in rec["findings"]], list(rec["errors"]), LazyModel(project)


def _incremental(rec, project, enabled, hashes, changed, syntax_table):
    """The findings when the edited files cannot change the model (never
    used by it, or used only by visits that still add nothing: see
    still_inert): (findings, errors, updated per-file record or None).
    a RebuildInputs when the files the model read (or words it asked) changed
    but nothing else did (same prefilter facts: see rebuild), else None."""
    if rec.get("errors"):
        return refuse("the recorded run had errors")
    depends = set(rec["depends"])
    used = [i for i in changed if i in depends]
    modules = project.modules
    # Same prefilter facts -> same candidates.
    for i in changed:
        m = modules[i]
        if hashes[i] is None:
            return refuse("an edited file cannot be read")
        old = rec["facts"][i]
        if [m.mentions_flask(), sorted(m.imported_names())] != old:
            return refuse("an edited file's imports or mentions of Flask changed")
    # The words whose answers changed: "read" again, like edited files, by
    # the steps that asked them (ReadLog.asked_text); a word asked outside those
    # steps (the prefilter) forces a full run.
    text_query_bits = rec.get("text_query_bits", {})
    keys = set(changed)
    words = {}  # word -> the files holding it now
    for word, holders in rec["words"].items():
        held = set(holders)
        for i in changed:
            if project.holds_in(word, modules[i]) != (i in held):
                if word not in text_query_bits:
                    return refuse(f"an edited file gained or lost the word {word!r}")
                keys.add(text_query_bits[word])
                (held.add if i not in held else held.discard)(i)
        words[word] = held
    shared_answers = recheck_shared_answers(rec, project, keys)
    inc = None
    if used or len(keys) > len(changed):
        inc = still_inert(rec, project, changed, keys, words, shared_answers)
        if inc is None:
            return RebuildInputs(keys, words, shared_answers)  # (the model must be built again: maybe only some of it)
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
    from flasklint.finding import unique_sorted

    kept = [f for f in (finding_from_row(v) for v in rec["findings"]) if not (f.location.path in changed_paths and f in stale)]
    findings = unique_sorted(kept + [f for f in fresh if f.rule in enabled])
    _restore_reads(rec, project)
    return findings, list(rec["errors"]), inc


def _word_bits(project, old=None) -> dict:
    """The words' bits in the read sets (see ReadLog.asked_text), for the words
    only steps asked: a change to another word's answers is a full run."""
    bits = {**(old or {}), **project.reads.text_query_bits}
    return {w: b for w, b in bits.items() if w not in project.reads.untracked_text_queries}


def _reads(project) -> dict:
    """The non-Python files the analysis read: path -> content hash."""
    reads = {}
    for path, text in project.config_files.items():
        reads[path] = content_hash(path) if text is not None else None
    for m in project.extra_modules:
        reads[m.path] = content_hash(m.path)
    return reads


def _record(store, project, findings, errors, status, discovery, other, syntax_table, rec=None, changed=(), inc=None):
    hashes, sigs, started = status
    modules = project.modules
    index = {id(m): i for i, m in enumerate(modules)}
    text_query_bits = _word_bits(project, rec.get("text_query_bits", {}) if rec is not None else None)  # (before the answers are computed below: not by a step)
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
                diags[str(i)] = diagnostic_row(m.diagnostic)
        new["facts"] = facts
        new["diags"] = diags
        new["findings"] = [finding_to_row(f) for f in findings]
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
            for w in sorted(project.reads.text_queries - set(words)):
                words[w] = [index[id(m)] for m in project.modules_holding(w)]
            new["words"] = words
            new["text_query_bits"] = text_query_bits
            new["probes"] = {**rec.get("probes", {}), **project.path_probes}
            reads = dict(rec.get("reads", {}))
            reads.update(_reads(project))
            new["reads"] = reads
            new["config_files"] = sorted(set(rec.get("config_files", [])) | set(project.config_files))
            new["extra_modules"] = list(dict.fromkeys(list(rec.get("extra_modules", [])) + [m.path for m in project.extra_modules]))
            new["depends"] = sorted(set(rec["depends"]) | {i for i, m in enumerate(modules) if m.parsed or m.content_used})
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
            "depends": [i for i, m in enumerate(modules) if m.parsed or m.content_used],
            "diags": {str(i): diagnostic_row(m.diagnostic) for i, m in enumerate(modules) if m.diagnostic is not None},
            "words": {w: [index[id(m)] for m in project.modules_holding(w)] for w in sorted(project.reads.text_queries)},
            "text_query_bits": text_query_bits,
            "reads": reads,
            "config_files": sorted(project.config_files),
            "extra_modules": [m.path for m in project.extra_modules],
            "probes": dict(project.path_probes),
            "env_files": list(project.env_files),
            "discovery": discovery,
            "other": other,
            "findings": [finding_to_row(f) for f in findings],
            "errors": list(errors),
            "inc": inc,
        }
    store.save_run(new)
    # per-content syntax results of files checked with ``ast`` (not astroid)
    added = False
    for i, m in enumerate(modules):
        h = hashes[i]
        if h is None or m.parsed or h in syntax_table:
            continue
        ks = m.known_syntax
        if ks is not None and not isinstance(ks, tuple):
            continue  # never checked (FL001/FL002 not selected)
        syntax_table[h] = list(ks) if ks is not None else None
        added = True
    if added:
        store.save_syntax(syntax_table)
