"""Partial model builds: replaying the steps that read edited files to
learn that they still add nothing, rebuilding the model from the steps that
matter, and asking shared answers again."""

from __future__ import annotations

from typing import Dict, List, Optional

from flasklint.incremental.outcome import refuse

# A replay (see still_inert) whose steps read more files than this in the
# full run, or a REPLAY_SHARE-th of the files the full run read if more, is
# not attempted (the replay asks the same questions: it builds about those
# trees); one that builds more trees than that all the same gives up for a
# full run (whose cost it would otherwise add to).  docs/design/incremental.md
# has the measurements behind the numbers.
REPLAY_MIN_PARSES = 20


REPLAY_SHARE = 5


# Kinds of analysis limits FL003 reports (see checks/diagnostics.py).
_REPORTED_LIMITS = ("recursion", "budget", "skipped")


def _bits(mask: int) -> List[int]:
    """The indices of the bits set in ``mask``, ascending: module indices,
    then words' (see ReadLog.asked_text; the pseudo-module bit of
    Project.reads.objects_bit between them is never recorded -- the steps that
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


def replay_record(project, model) -> dict:
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
    tainted = set(_bits((model.global_reads | model.contributing_reads) & ~project.reads.objects_bit)) | limited
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
        # what a rebuild (see rebuild) re-runs: the steps that added facts
        "contributing_early": sorted(model.contributing_early),
        "contrib": {str(w): ks for w, ks in model.contributing_nodes.items()},
        "rebuild": not (limited or model.late_objects or model.order_dependent),
        "bounds": sorted(model.bounds),
        "early": {str(w): _bits(r) for w, r in model.early_reads.items() if w not in limited},
        "nodes": {str(w): _group_nodes(nr) for w, nr in model.node_reads.items() if nr and w not in limited},
        "shared_answers": {k: [bit, answer, _bits(reads)] for k, (bit, answer, reads) in model.shared_answers.items()},
        "ctor_names": sorted(model.ctor_names),
        "object_sites": sorted([list(creation_site(o)) for o in model.created_objects], key=str),
        "objects": {"app": [len(model.apps), where(model.apps)], "blueprint": [len(model.blueprints), where(model.blueprints)]},
    }


def still_inert(rec, project, changed, keys=None, words=None, shared_answers=None) -> Optional[dict]:
    """Edited files that no step of the model build that added facts read
    (nor the steps that see the whole model): run again, alone, the steps
    that read them -- all of the edited files' own, and the other files'
    steps that read them.  If those still add nothing (and hit no limit),
    the model -- and so every finding -- is the one a full run would build:
    nothing else in it depends on what the analysis happened to parse.
    Returns the updated per-file record, or None when a full run is needed."""
    from flasklint.model.flask import FlaskModel
    from flasklint.model.step_tracking import PartialBuildPlan

    inc = rec.get("inc")
    if not inc:
        return refuse("no per-file record")
    tainted = set(inc["tainted"])
    changed_set = set(changed) if keys is None else set(keys)  # (files, and words whose answers changed)
    if changed_set & tainted:
        return refuse("an edited file (or a word it gained or lost) is read by a step that added facts")
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
        return refuse("replaying the steps that read the edited files costs about a full run")
    project.reads.text_query_bits = dict(rec.get("text_query_bits", {}))  # (the words' bits as recorded)
    seed_words(project, words)
    restricted = PartialBuildPlan(
        whole,
        early,
        {w: set(ks) for w, ks in nodes.items()},
        inc["ctor_names"],
        inc["objects"],
        inc["object_sites"],
        shared_answers=shared_answers,
    )
    # (the edited files' prefilter facts are as recorded -- _incremental
    # checked -- and every other file is: so are the candidates)
    model, why = run_partial_build(project, candidates, budget, lambda: FlaskModel(project, restricted=restricted),
                                   "the partial model build failed")
    if why:
        return refuse(why)
    if project.parse_count > budget:  # (a PartialBuildAbort some step swallowed: never trust that answer)
        return refuse("replaying the steps that read the edited files costs about a full run")
    if project.errors or model.version:
        return refuse("internal error" if project.errors else "the steps that read the edited files now add facts")
    for lim in model.resolver.limits.values():
        if any(lim.counts.get(k) for k in _REPORTED_LIMITS):
            return refuse("a step hit an analysis limit")
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
    new_inc["shared_answers"] = {k: [bit, answer, _bits(reads)] for k, (bit, answer, reads) in model.shared_answers.items()}
    return new_inc


# A rebuild (see rebuild) whose steps read more files in the full run than
# two thirds (1 / REBUILD_SHARE) of the files the full run read is not
# attempted: it would save little.  (One that fails costs about a full run:
# the full run keeps the trees it built.)
REBUILD_SHARE = 1.5


def rebuild_model(rec, project, enabled, analyse, hashes, changed, keys=None, words=None, shared_answers=None):
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
    it did not meet in the full build stops the rebuild (PartialBuildAbort), and one
    that misses a bound it met refuses it.  (Probes count virtual steps, so
    they give up alike; cycles, dozens in a large project, are compared per
    file.)"""
    from flasklint.model.step_tracking import PartialBuildPlan

    inc = rec.get("inc")
    if not inc or "contrib" not in inc:
        return refuse("no per-file record")
    if not inc["rebuild"]:
        return refuse("the full run's answers depend on the order of its steps")
    changed_set = set(changed) if keys is None else set(keys)  # (files, and words whose answers changed)
    candidates = set(rec["candidates"])
    whole = {i for i in changed if i in candidates}
    early = set(inc["contributing_early"]) | {int(w) for w, reads in inc["early"].items() if changed_set.intersection(reads)}
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
        return refuse("the steps to run again read about as many files as a full run")
    project.reads.text_query_bits = dict(rec.get("text_query_bits", {}))  # (the words' bits as recorded)
    seed_words(project, words)
    modules = project.modules
    edited = set(changed)
    for i, m in enumerate(modules):  # FL001/FL002 as recorded, for the files not edited
        if i not in edited and hashes[i] is not None:
            d = rec["diags"].get(str(i))
            m.known_syntax = tuple(d) if d is not None else None
    restricted = PartialBuildPlan(whole, early, nodes, rebuild=True, bounds=inc["bounds"], shared_answers=shared_answers)
    # (prefilter facts as recorded: _incremental)
    got, why = run_partial_build(project, candidates, budget, lambda: analyse(project, enabled, None, restricted=restricted),
                                 "the rebuild failed")
    if why:
        return refuse(why)
    findings, errors, model = got
    if project.parse_count > budget:  # (a PartialBuildAbort some step swallowed)
        return refuse("the steps to run again read about as many files as a full run")
    if errors:
        return refuse("internal error")
    if model.new_bounds:  # (a PartialBuildAbort some checker swallowed)
        return refuse(f"the rebuild met analysis bounds the full run did not ({model.new_bounds})")

    def step_ran(bound: str) -> bool:  # whether the step that met ``bound`` in the full run ran again
        step = bound.split(" ", 1)[0].split(":")
        if step[0] == "post":
            return True
        w = int(step[0])
        return w in whole or (step[1] == "e" and w in restricted.early) or (step[1] != "e" and int(step[1]) in nodes.get(w, ()))

    missed = [b for b in inc["bounds"] if step_ran(b) and not b.endswith(":cycle") and b not in model.bounds]
    if missed:  # (warmer memo tables than the full run's: that step's answers may differ too)
        return refuse(f"the rebuild did not meet a bound the full run met ({missed[0]})")
    if model.late_objects or model.order_dependent:
        return refuse("the rebuilt model's answers depend on the order of its steps")
    new_inc = replay_record(project, model)  # (complete: tainted, contrib, objects; early and nodes of the steps run)
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
    ReadLog.asked_text)."""
    n = len(project.modules)
    return sum(1 for i in indices if i < n)


def _mask(bits) -> int:
    out = 0
    for i in bits:
        out |= 1 << i
    return out


class RebuildInputs:
    """_incremental's answer when the model must be built again, maybe only
    in part (see rebuild): ``keys`` the edited files and the bits of the
    words whose answers changed; ``words`` the recorded words' answers now."""

    def __init__(self, keys, words, shared_answers):
        self.keys = keys
        self.words = words
        self.shared_answers = shared_answers


class _Unsure(Exception):
    """A shared answer asked again needs the project's objects: taken as changed."""


def _unsure(*args):
    raise _Unsure()


def recheck_shared_answers(rec, project, keys) -> dict:
    """The recorded shared answers (FlaskModel._shared_answer) as they stand now: one
    whose reads (files, words) changed is asked again; if its answer is
    not the recorded one (or cannot be had without the model's objects, or
    met an analysis bound), its bit joins ``keys`` -- the steps charged
    with it run again and ask it themselves -- and it is left out.
    key -> [bit, answer, reads mask]."""
    from flasklint.model.step_tracking import SHARED_QUESTIONS
    from flasklint.resolve.core import Resolver

    out = {}
    stale = []
    for key, (bit, answer, reads) in (rec.get("inc") or {}).get("shared_answers", {}).items():
        if keys.intersection(reads):
            stale.append((key, bit, answer))
        else:
            out[key] = [bit, answer, _mask(reads)]
    if not stale:
        return out
    project.reads.text_query_bits = dict(rec.get("text_query_bits", {}))  # (the words' bits as recorded)
    resolver = Resolver(project, _unsure)
    resolver.known_objects = _unsure
    rs = project.reads.sets
    files = (1 << len(project.modules)) - 1
    for key, bit, answer in stale:
        got = None
        _, kind, rest = key.split("\0", 2) if key.count("\0") >= 3 else ("", "", "")
        index, _, orig = rest.partition("\0")
        decide = SHARED_QUESTIONS.get(f"\0{kind}\0")
        mod = project.modules[int(index)] if index.isdigit() and int(index) < len(project.modules) else None
        if mod is not None and decide is not None:
            hits = resolver.limit_hits
            rs.extend((0, 0))  # (an outer set: words asked are asked by a step)
            floor, project.reads.floor = project.reads.floor, len(rs) - 1
            try:
                with resolver.analysing(mod):
                    got = [decide(resolver, mod, orig)]
            except Exception:  # (_Unsure: it needs the model's objects; anything else: never trusted)
                got = None
            finally:
                project.reads.floor = floor
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


def seed_words(project, words) -> None:
    """Give a partial build the recorded words' answers (which files hold
    each word, call probe or import probe), as _incremental brought them up
    to date for the edited files: the other files' answers are as recorded,
    their bytes unchanged.  Asking them again would read every file of the
    project."""
    if words:
        project.seed_text_answers(words)


def run_partial_build(project, candidates, budget, build, failure: str):
    """Run ``build()`` as a partial build of ``project``: the candidate files
    as recorded, at most ``budget`` trees parsed (past it, PartialBuildAbort).
    Returns (what it built, None), or (None, why it cannot be trusted)."""
    from flasklint.source.parsing import PartialBuildAbort

    project.replayed = True
    project.assume_candidates(sorted(candidates))
    project.reads.sets.append(0)
    project.parse_budget = budget
    try:
        return build(), None
    except PartialBuildAbort as exc:
        return None, str(exc)
    except Exception:  # never trust a partial answer
        return None, failure
    finally:
        project.reads.sets.pop()
        project.parse_budget = None
