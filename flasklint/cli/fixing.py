"""``--fix``, ``--unsafe-fixes`` and ``--diff``: what the command line does
with the findings' fixes (the fixing itself: :mod:`flasklint.fixes.run`)."""

from __future__ import annotations

import os
import sys
from typing import Callable, Optional, Tuple

from flasklint.fixes.diff import unified_diff
from flasklint.fixes.run import fix_project


def add_options(p) -> None:
    p.add_argument("--fix", action="store_true", help="apply the safe fixes, then report what remains")
    p.add_argument("--unsafe-fixes", action="store_true", help="with --fix or --diff: apply the unsafe fixes too (review them)")
    p.add_argument("--diff", action="store_true", help="print the fixes as a unified diff (patch -p0) and change nothing; exit 1 when there is one")


def usage_problem(args) -> Optional[str]:
    if args.unsafe_fixes and not (args.fix or args.diff):
        return "--unsafe-fixes needs --fix or --diff"
    if (args.fix or args.diff) and args.write_baseline:
        return "--fix and --diff cannot be used with --write-baseline"
    return None


def relinter(lint: Callable, kwargs: dict) -> Callable:
    """``relint(overlay)`` for :func:`fix_project`: the same lint again; with
    an overlay (``--diff``) in this process only and without the cache (the
    fixed texts exist nowhere else)."""

    def relint(overlay):
        if overlay is None:
            return lint(**kwargs)
        from flasklint.source.files import overlay as use

        with use(overlay):
            return lint(**dict(kwargs, cache_dir=None, jobs=1))

    return relint


def _display(path: str) -> str:
    rel = os.path.relpath(path)
    return path if rel.startswith(os.pardir) else rel


def run(args, result, relint) -> Tuple[object, Optional[int]]:
    """Fix (or diff) ``result``'s findings.  (the result to report, or the
    exit code when nothing more is to be reported: ``--diff``)."""
    from flasklint.report.text import escape

    outcome = fix_project(result, relint, unsafe=args.unsafe_fixes, write=not args.diff)
    for path, why in outcome.skipped:
        sys.stderr.write(f"flasklint: {escape(_display(path))}: {why}\n")
    if not outcome.converged:
        sys.stderr.write(f"flasklint: fixes still apply after {outcome.fixed} were applied: stopped after a bounded number of passes\n")
    if args.diff:
        out = "".join(unified_diff(_display(p), old, new) for p, (old, new) in sorted(outcome.changed.items()))
        sys.stdout.write(out)
        sys.stdout.flush()
        n = outcome.fixed
        sys.stderr.write(f"flasklint: would apply {n} fix{'es' if n != 1 else ''}\n" if n else "flasklint: no fixes to apply\n")
        errors = getattr(outcome.result, "errors", None) or getattr(result, "errors", None)
        if errors:
            for e in errors:
                sys.stderr.write(f"flasklint: {escape(e)}\n")
            return outcome.result, 2
        return outcome.result, 1 if out else 0
    final = outcome.result
    final.fixed = outcome.fixed
    return final, None
