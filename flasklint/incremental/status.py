"""Whether files changed since a run was recorded: file statuses (size,
mtime, ctime, inode) trusted unless racily clean, content hashes otherwise,
and the rest of the project's world (discovery, other files)."""

from __future__ import annotations

import gc
import os
from typing import List, Optional

from flasklint.incremental.store import content_hash, digest

# A file whose size, modification and change times and inode are those the
# last run recorded has the content it hashed -- unless it changed less than
# RACY_NS before that run started: the same status can then hide a later
# write within the file system's timestamp granularity (git's "racily clean"
# entries).  Such files, and any other, are read and hashed.
RACY_NS = 2_000_000_000


def stat_signature(path: str) -> Optional[list]:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def hash_files(modules, rec):
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
        sig = stat_signature(m.path)  # (before reading: a write after it changes the status)
        got = known.get(m.path)
        if got is not None and got[1] == sig:
            hashes.append(got[0])
        else:
            data = m.data()
            hashes.append(digest(data) if m.diagnostic is None else None)
            reread = reread or m.diagnostic is None
        sigs.append(sig)
    return hashes, sigs, reread


def known_facts(rec, modules, hashes) -> None:
    """The prefilter facts of the files whose content is as recorded."""
    try:
        for i, m in enumerate(modules):
            if m.facts is None and hashes[i] is not None and hashes[i] == rec["hashes"][i]:
                mentions, names = rec["facts"][i]
                m.facts = (bool(mentions), set(names))
    except (KeyError, TypeError, ValueError, IndexError):
        pass  # a damaged record: the facts are computed from the files


def fresh_project(project):
    """A project as discovered, before any analysis: after an incremental
    attempt built a partial model, the full analysis starts clean, keeping
    the files' bytes and the astroid trees already built (a tree is the
    file's content alone: flasklint never asks astroid to infer, and what
    it caches on nodes is derived from them)."""
    fresh = project.fresh_copy()
    for old, new in zip(project.modules, fresh.modules):
        new.adopt(old)
    project.drop_trees()  # (the caller keeps ``project``: its model is not needed any more)
    gc.collect()  # the partial build's model: the CLI never collects the oldest generation itself
    return fresh


def same_world(rec, project, discovery, other) -> bool:
    """Everything but the Python files' contents is as recorded."""
    if rec.get("paths") != [m.path for m in project.modules]:
        return False  # a file added, deleted or renamed: full analysis
    if rec.get("env_files") != list(project.env_files) or rec.get("discovery") != discovery:
        return False
    if rec.get("other") != other:
        return False
    for path, h in rec.get("reads", {}).items():
        if content_hash(path) != h:
            return False
    for path, found in rec.get("probes", {}).items():
        if os.path.isfile(path) != found:
            return False
    return True
