"""Worker processes for per-file work (``--jobs N``).

The model is built in the main process (it resolves names across files);
what is independent per file -- reading, decoding and syntax-checking the
files the model does not parse with astroid -- runs meanwhile in ``N - 1``
worker processes.  Results are keyed by file and checked against the main
process's content hash, so the output is byte-identical to a serial run.
"""

from __future__ import annotations

import os
from typing import Iterator, List, Optional, Sequence, Tuple

# Below this many files, or this many bytes of source to check, starting
# processes costs more than it saves (``ast`` checks ~4 MB a second).
MIN_FILES = 40
MIN_BYTES = 4_000_000


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _check_chunk(chunk: Sequence[Tuple[int, str]]) -> List[Tuple[int, Optional[str], Optional[tuple]]]:
    from flasklint.incremental.store import digest
    from flasklint.source.parsing import file_problem

    out = []
    for i, path in chunk:
        data, problem = file_problem(path)
        out.append((i, digest(data) if data is not None else None, problem))
    return out


class Pending:
    def __init__(self, pool, futures, chunks):
        self.pool = pool
        self.futures = futures
        self.chunks = chunks

    def results(self) -> Iterator[Tuple[int, Optional[str], Optional[tuple]]]:
        try:
            for fut, chunk in zip(self.futures, self.chunks):
                if fut.cancel():  # not started yet: cheaper here than waiting
                    yield from _check_chunk(chunk)
                    continue
                try:
                    got = fut.result()
                except Exception:  # a dead worker: the main process checks these files itself
                    continue
                yield from got
        finally:
            self.pool.shutdown(wait=True)


def start_syntax_checks(todo: Sequence[Tuple[int, str]], jobs: int, size: Optional[int] = None) -> Optional[Pending]:
    """Start checking ``todo`` ((index, path) pairs; ``size``: their bytes)
    in worker processes."""
    if jobs <= 1 or len(todo) < MIN_FILES or (size is not None and size < MIN_BYTES):
        return None
    workers = max(1, jobs - 1)
    try:
        import multiprocessing  # (here: importing them costs 20-40 ms of a cached run)
        from concurrent.futures import ProcessPoolExecutor

        ctx = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx)
    except (OSError, ValueError, ImportError):
        return None
    n = max(1, min(len(todo), workers * 4))
    size = (len(todo) + n - 1) // n
    chunks = [list(todo[k : k + size]) for k in range(0, len(todo), size)]
    try:
        futures = [pool.submit(_check_chunk, c) for c in chunks]
    except Exception:
        pool.shutdown(wait=False)
        return None
    return Pending(pool, futures, chunks)
