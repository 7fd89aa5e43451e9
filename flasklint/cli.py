"""Command line: ``flasklint [check] [PATH ...]``, ``flasklint routes PATH``,
``flasklint rule FL101``, ``flasklint rules``.

Exit codes: 0 no findings, 1 findings, 2 usage, configuration or internal
error.  No traceback ever reaches the user.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import List, Optional

from flasklint import __version__

SUBCOMMANDS = ("check", "routes", "rule", "rules")


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # exit 2 with a clear message, like argparse, but catchable
        raise UsageError(message)


def _split(values: Optional[List[str]]) -> List[str]:
    out = []
    for v in values or ():
        out.extend(p.strip() for p in v.split(",") if p.strip())
    return out


def _check_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="flasklint", description="Static analysis and security linter for Flask applications.")
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or directories to lint (default: .)")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    p.add_argument("--select", action="append", metavar="IDS", help="rule ids, prefixes or names to enable (comma-separated)")
    p.add_argument("--ignore", action="append", metavar="IDS", help="rule ids, prefixes or names to disable (comma-separated)")
    p.add_argument("--color", choices=("auto", "always", "never"), default="auto", help="colour in text output")
    p.add_argument("--version", action="version", version=f"flasklint {__version__}")
    # speed (issue 9): result cache and worker processes
    p.add_argument("--no-cache", action="store_true", help="neither read nor write the result cache")
    p.add_argument("--cache-dir", metavar="DIR", help="cache directory (default: .flasklint_cache at the project root; env FLASKLINT_CACHE_DIR)")
    p.add_argument("--jobs", "-j", type=_jobs, metavar="N", help="processes for per-file work (default: the machine's cores)")
    return p


def _jobs(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}")
    if n < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return n


def _speed_options(args, paths) -> dict:
    from flasklint import cache, parallel
    from flasklint.files import find_root

    jobs = args.jobs or parallel.default_jobs()
    if args.no_cache:
        return {"cache_dir": None, "jobs": jobs}
    cache_dir = args.cache_dir or os.environ.get("FLASKLINT_CACHE_DIR") or cache.default_dir(find_root(paths))
    return {"cache_dir": os.path.abspath(cache_dir), "jobs": jobs}


def main(argv: Optional[List[str]] = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] in SUBCOMMANDS:
            cmd, rest = argv[0], argv[1:]
        else:
            cmd, rest = "check", argv
        if cmd == "check":
            return _cmd_check(rest)
        if cmd == "routes":
            return _cmd_routes(rest)
        if cmd == "rule":
            return _cmd_rule(rest)
        return _cmd_rules(rest)
    except UsageError as exc:
        sys.stderr.write(f"flasklint: error: {exc}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("flasklint: interrupted\n")
        return 2
    except BrokenPipeError:
        return 2
    except Exception as exc:  # last line of defence: never a traceback
        sys.stderr.write(f"flasklint: internal error: {type(exc).__name__}: {exc}\n")
        if os.environ.get("FLASKLINT_DEBUG"):
            import traceback

            traceback.print_exc()
        return 2


def _use_color(choice: str, stream) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return hasattr(stream, "isatty") and stream.isatty()


def _cmd_check(argv: List[str]) -> int:
    from flasklint import registry
    from flasklint.linter import lint
    from flasklint.report import FORMATS

    args = _check_parser().parse_args(argv)
    select = _split(args.select) or None
    ignore = _split(args.ignore)
    try:
        for sel in (select or []) + ignore:
            registry.expand_selector(sel)
    except ValueError as exc:
        raise UsageError(str(exc))
    paths = args.paths or ["."]
    result = lint(paths, select=select, ignore=ignore, **_speed_options(args, paths))
    if args.format == "text":
        out = FORMATS["text"](result, color=_use_color(args.color, sys.stdout))
    else:
        out = FORMATS[args.format](result)
    sys.stdout.write(out)
    sys.stdout.flush()
    if result.errors:
        for e in result.errors:
            sys.stderr.write(f"flasklint: {e}\n")
        return 2
    return 1 if result.findings else 0


def _cmd_routes(argv: List[str]) -> int:
    from flasklint.routes_table import render_routes

    p = _Parser(prog="flasklint routes", description="Print each app's URL map without running it.")
    p.add_argument("paths", nargs="*", metavar="PATH")
    p.add_argument("--format", choices=("text", "json"), default="text")
    args = p.parse_args(argv)
    sys.stdout.write(render_routes(args.paths or ["."], args.format))
    return 0


def _cmd_rule(argv: List[str]) -> int:
    from flasklint import registry

    p = _Parser(prog="flasklint rule", description="Print a rule's documentation.")
    p.add_argument("rule", metavar="RULE", help="rule id or name, e.g. FL101 or debug-run")
    args = p.parse_args(argv)
    rule = registry.get_rule(args.rule)
    if rule is None:
        raise UsageError(f"unknown rule: {args.rule!r} (see 'flasklint rules')")
    sys.stdout.write(rule.markdown(level=1))
    return 0


def _cmd_rules(argv: List[str]) -> int:
    from flasklint import registry

    p = _Parser(prog="flasklint rules", description="List all rules.")
    p.add_argument("--format", choices=("text", "json"), default="text")
    args = p.parse_args(argv)
    rules = registry.all_rules()
    if args.format == "json":
        import json

        sys.stdout.write(
            json.dumps(
                [
                    {"id": r.id, "name": r.name, "severity": r.severity, "confidence": r.confidence, "summary": r.summary}
                    for r in rules
                ],
                indent=2,
            )
            + "\n"
        )
        return 0
    for r in rules:
        sys.stdout.write(f"{r.id}  {r.name:<34} {r.severity:<6}  {r.summary}\n")
    return 0
