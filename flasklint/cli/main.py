"""Command line: ``flasklint [check] [PATH ...]``, ``flasklint routes PATH``,
``flasklint rule FL101``, ``flasklint rules``.

Exit codes: 0 no findings, 1 findings, 2 usage, configuration or internal
error.  No traceback ever reaches the user.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from typing import List, Optional

from flasklint import __version__

SUBCOMMANDS = ("check", "routes", "rule", "rules")
FORMATS = ("text", "json", "sarif", "github")
LEVELS = ("LOW", "MEDIUM", "HIGH")


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
    p = _Parser(
        prog="flasklint",
        description="Static analysis and security linter for Flask applications.",
        epilog=(
            "subcommands: flasklint [check] PATH... lints (the default); flasklint routes PATH prints each app's "
            "URL map; flasklint rules lists the rules; flasklint rule ID shows one rule's documentation. "
            "A lone argument that names an existing file or directory is a path, even if it is also a subcommand's name."
        ),
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or directories to lint (default: .)")
    p.add_argument("--format", choices=FORMATS, default=None, help="output format (default: text)")
    p.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE instead of stdout")
    p.add_argument("--select", action="append", metavar="IDS", help="rule ids, prefixes or names to enable (comma-separated)")
    p.add_argument("--extend-select", action="append", metavar="IDS", help="rules to enable on top of the selection")
    p.add_argument("--ignore", action="append", metavar="IDS", help="rule ids, prefixes or names to disable (comma-separated)")
    p.add_argument("--exclude", action="append", metavar="GLOBS", help="files and directories not to lint (replaces the defaults)")
    p.add_argument("--extend-exclude", action="append", metavar="GLOBS", help="files and directories not to lint, on top of the defaults")
    p.add_argument("--severity", type=str.upper, choices=LEVELS, help="report only findings of this severity or higher")
    p.add_argument("--confidence", type=str.upper, choices=LEVELS, help="report only findings of this confidence or higher")
    p.add_argument("--config", metavar="FILE", help="configuration file (default: found walking up from the working directory)")
    p.add_argument("--no-config", action="store_true", help="ignore configuration files")
    p.add_argument("--baseline", metavar="FILE", help="report only findings not recorded in FILE")
    p.add_argument("--write-baseline", metavar="FILE", help="record the current findings in FILE and exit 0")
    p.add_argument("--ignore-noqa", action="store_true", help="report findings even where a suppression comment silences them")
    p.add_argument("--color", choices=("auto", "always", "never"), default="auto", help="colour in text output")
    p.add_argument("--version", action="version", version=f"flasklint {__version__}")
    # speed (issue 9): result cache and worker processes
    p.add_argument("--no-cache", action="store_true", help="neither read nor write the result cache")
    p.add_argument("--cache-dir", metavar="DIR", help="cache directory (default: .flasklint_cache at the project root; env FLASKLINT_CACHE_DIR)")
    p.add_argument("--jobs", "-j", type=_jobs, metavar="N", help="processes for per-file work (default: the machine's cores)")
    return p


def _safe_streams() -> None:
    # Output is escaped already; this covers a terminal whose encoding cannot
    # show a non-ASCII message (LANG=C, PYTHONIOENCODING=ascii): \xe9, not a
    # UnicodeEncodeError.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="backslashreplace")
            except (ValueError, OSError):  # detached or closed stream
                pass


def _jobs(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}")
    if n < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return n


def _speed_options(args, paths, root=None) -> dict:
    from flasklint.incremental import default_dir, parallel
    from flasklint.source.files import find_root

    jobs = args.jobs or parallel.default_jobs()
    if args.no_cache:
        return {"cache_dir": None, "jobs": jobs}
    cache_dir = args.cache_dir or os.environ.get("FLASKLINT_CACHE_DIR") or default_dir(root or find_root(paths))
    return {"cache_dir": os.path.abspath(cache_dir), "jobs": jobs}


def main(argv: Optional[List[str]] = None) -> int:
    if argv is None:
        # The whole process is this one run (the console script, ``python -m
        # flasklint``): its heap dies with it, so the oldest generation is
        # never collected -- not even after the run, when restoring the
        # default thresholds would traverse every tree once more (~4%) --
        # and the process ends without tearing the heap down object by
        # object (a sizeable share of a run), as mypy does.
        gc.set_threshold(100_000, 50, 2**30)
        code = _main(list(sys.argv[1:]))
        _hard_exit(code)
    return _main(list(argv))


def _hard_exit(code: int) -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code if isinstance(code, int) else 1)


def _main(argv: List[str]) -> int:
    _safe_streams()
    try:
        if argv and argv[0] in SUBCOMMANDS and not (len(argv) == 1 and argv[0] != "check" and os.path.exists(argv[0])):
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
        from flasklint.report.text import escape

        sys.stderr.write(f"flasklint: internal error: {type(exc).__name__}: {escape(str(exc))}\n")
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


class Progress:
    """A one-line progress indicator on stderr, only when stderr is a
    terminal, shown once a run has taken longer than ``delay`` seconds and
    erased before the report is written."""

    def __init__(self, stream, delay: float = 0.5):
        self.stream = stream
        self.enabled = hasattr(stream, "isatty") and stream.isatty()
        self.delay = delay
        self.start = time.monotonic()
        self.shown = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled or time.monotonic() - self.start < self.delay:
            return
        text = f"flasklint: {stage}" + (f" ({done}/{total})" if total else "") + "\u2026"
        self.stream.write("\r\x1b[K" + text)
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False


def _settings(args):
    """The configuration file's settings with the command line on top."""
    from flasklint import settings as config

    from flasklint.source.files import find_root

    try:
        if args.no_config:
            settings = config.Settings()
        else:
            # (found from the linted paths, not the working directory:
            # `flasklint proj/` run from outside uses proj's configuration)
            settings = config.load(args.config, start=find_root(args.paths or ["."]), explicit=bool(args.config))
            if settings.path is None:
                settings.base = os.getcwd()  # (no file: command-line globs are relative to here)
    except config.ConfigError as exc:
        raise UsageError(str(exc))
    cli_select = _split(args.select)
    if cli_select:
        settings.select = cli_select
    settings.ignore = list(settings.ignore) + _split(args.ignore)
    settings.extend_select = list(settings.extend_select) + _split(args.extend_select)
    if args.exclude:
        settings.exclude = _split(args.exclude)
    settings.extend_exclude = list(settings.extend_exclude) + _split(args.extend_exclude)
    if args.severity:
        settings.severity = args.severity
    if args.confidence:
        settings.confidence = args.confidence
    if args.format:
        settings.format = args.format
    return settings


def _targets(paths: List[str]):
    """(paths to build the model from, project root or None, paths findings
    are limited to or None).

    Directories are linted as given.  When files are passed (pre-commit,
    editors), the model is built from their project root -- found walking up
    for pyproject.toml, setup.py, setup.cfg or .git -- so that cross-file
    rules see the whole project, and findings are limited to the paths
    passed."""
    from flasklint.settings import find_project_root

    files = [p for p in paths if os.path.isfile(p)]
    if not files:
        return paths, None, None
    existing = [p for p in paths if os.path.exists(p)]
    missing = [p for p in paths if not os.path.exists(p)]
    root = find_project_root(existing)
    return [root] + missing, root, [os.path.abspath(p) for p in paths]


def _cmd_check(argv: List[str]) -> int:
    from flasklint import registry
    from flasklint.baseline import Baseline, BaselineError
    from flasklint.linter import Filters, lint
    from flasklint.report import FORMATS as RENDERERS
    from flasklint.report.text import summary_line

    args = _check_parser().parse_args(argv)
    settings = _settings(args)
    try:
        for sel in (settings.select or []) + settings.ignore + settings.extend_select:
            registry.expand_selector(sel)
        per_file = settings.per_file_matchers()
    except ValueError as exc:
        raise UsageError(str(exc))
    if args.baseline and args.write_baseline:
        raise UsageError("--baseline and --write-baseline cannot be used together")
    baseline = None
    if args.baseline:
        try:
            baseline = Baseline.load(args.baseline)
        except BaselineError as exc:
            raise UsageError(str(exc))
    fmt = settings.format or "text"
    # (before anything is written: a mistyped path must not create a cache under it)
    missing = [p for p in (args.paths or ["."]) if not os.path.lexists(p)]
    if missing:
        raise UsageError(f"{missing[0]}: no such file or directory")
    build_paths, root, only = _targets(args.paths or ["."])
    filters = Filters(
        only_paths=only,
        per_file_ignores=per_file,
        min_severity=settings.severity,
        min_confidence=settings.confidence,
        suppress=not args.ignore_noqa,
        baseline=baseline,
    )
    progress = Progress(sys.stderr)
    try:
        result = lint(
            build_paths,
            select=settings.select,
            ignore=settings.ignore,
            extend_select=settings.extend_select,
            exclude=settings.exclude_patterns(),
            root=root,
            filters=filters,
            progress=progress,
            knowledge=settings.knowledge(),
            **_speed_options(args, build_paths, root),
        )
    finally:
        progress.close()
    stderr_tty = hasattr(sys.stderr, "isatty") and sys.stderr.isatty()

    if args.write_baseline:
        try:
            Baseline(args.write_baseline).write(result.findings, result.project, result.project.cwd)
        except BaselineError as exc:
            raise UsageError(str(exc))
        n = len(result.findings)
        sys.stderr.write(f"flasklint: wrote {n} finding{'s' if n != 1 else ''} to {args.write_baseline}\n")
        for e in result.errors:
            sys.stderr.write(f"flasklint: {e}\n")
        return 2 if result.errors else 0

    if args.output:
        try:
            stream = open(args.output, "w", encoding="utf-8", newline="\n")
        except OSError as exc:
            raise UsageError(f"cannot write {args.output}: {exc.strerror or exc}")
    else:
        stream = sys.stdout
    stream_tty = hasattr(stream, "isatty") and stream.isatty()
    try:
        if fmt == "text":
            out = RENDERERS["text"](
                result,
                color=_use_color(args.color, stream),
                seconds=result.seconds if stream_tty else None,
            )
        else:
            out = RENDERERS[fmt](result)
        stream.write(out)
        stream.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:  # (a full disk, a closed device: the user's to fix, not a flasklint bug)
        raise UsageError(f"cannot write {args.output or 'the report'}: {exc.strerror or exc}")
    finally:
        if stream is not sys.stdout:
            try:
                stream.close()
            except OSError:
                pass
    # The summary goes to the terminal when the report does not: with a
    # machine format or -o FILE, on stderr if stderr is a terminal.
    if (fmt != "text" or args.output) and stderr_tty:
        sys.stderr.write(summary_line(result, result.seconds) + "\n")
    if result.errors:
        from flasklint.report.text import escape

        for e in result.errors:
            sys.stderr.write(f"flasklint: {escape(e)}\n")
        return 2
    return 1 if result.findings else 0


def _cmd_routes(argv: List[str]) -> int:
    from flasklint.cli.routes import render_routes

    p = _Parser(prog="flasklint routes", description="Print each app's URL map without running it.")
    p.add_argument("paths", nargs="*", metavar="PATH")
    p.add_argument("--format", choices=("text", "json"), default="text")
    args = p.parse_args(argv)
    from flasklint import settings as config

    from flasklint.source.files import find_root

    try:
        knowledge = config.load(start=find_root(args.paths or ["."])).knowledge()  # (declared app factories and classes)
    except config.ConfigError as exc:
        raise UsageError(str(exc))
    sys.stdout.write(render_routes(args.paths or ["."], args.format, knowledge))
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
