"""Which path the last cached run took (hit, unused, inert, rebuild, full)
and why it could not take a faster one; ``FLASKLINT_CACHE_DEBUG=1`` prints
it on stderr."""

from __future__ import annotations

import os
import sys

# How the last run was answered: "hit", "unused" (only files the model
# never read changed), "inert" (edited files read only by visits that
# still add nothing), "rebuild" (the steps that matter run again), "full".
# For tests and ``FLASKLINT_CACHE_DEBUG``.
last_path = None


last_reason = ""  # why the last run could not be answered from the cache


def refuse(why: str):
    """None, and the reason for FLASKLINT_CACHE_DEBUG."""
    global last_reason
    last_reason = why
    return None


def report_path(path: str, detail: str = "") -> None:
    global last_path
    last_path = path
    if os.environ.get("FLASKLINT_CACHE_DEBUG"):
        sys.stderr.write(f"flasklint cache: {path}{': ' + detail if detail else ''}\n")
