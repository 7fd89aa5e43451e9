"""Command line: ``flasklint [check] [PATH ...]``, ``flasklint routes PATH``,
``flasklint rule FL101``, ``flasklint rules``.

Exit codes: 0 no findings, 1 findings, 2 usage, configuration or internal
error.  No traceback ever reaches the user.
"""

from __future__ import annotations

import gc
import os
import sys
import time
from typing import List, Optional

# When the command started (as close to the process start as flasklint can
# see): the summary's time is the wall time of the command, not only the
# analysis.
IMPORTED = time.monotonic()

from flasklint.cli import fixing  # noqa: E402
from flasklint.cli.options import Parser, UsageError, check_parser, resolve_groups, speed_options  # noqa: E402
from flasklint.cli.projects import Run  # noqa: E402
from flasklint.source.files import overlay  # noqa: E402

SUBCOMMANDS = ("check", "routes", "rule", "rules")


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


def main(argv: Optional[List[str]] = None) -> int:
    if argv is None:
        # The whole process is this one run (the console script, ``python -m
        # flasklint``): its heap dies with it, so the oldest generation is
        # never collected -- not even after the run, when restoring the
        # default thresholds would traverse every tree once more (~4%) --
        # and the process ends without tearing the heap down object by
        # object (a sizeable share of a run), as mypy does.
        gc.set_threshold(100_000, 50, 2**30)
        code = _main(list(sys.argv[1:]), IMPORTED)
        _hard_exit(code)
    return _main(list(argv), time.monotonic())


def _hard_exit(code: int) -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code if isinstance(code, int) else 1)


def _main(argv: List[str], started: float) -> int:
    _safe_streams()
    try:
        if argv and argv[0] in SUBCOMMANDS and not (len(argv) == 1 and argv[0] != "check" and os.path.exists(argv[0])):
            cmd, rest = argv[0], argv[1:]
        else:
            cmd, rest = "check", argv
        if cmd == "check":
            return _cmd_check(rest, started)
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
    """``--color``; with ``auto``, a non-empty ``NO_COLOR`` turns colour off
    (no-color.org), else a non-empty ``FORCE_COLOR`` turns it on even when
    the output is not a terminal (force-color.org); else on a terminal."""
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty()


class Progress:
    """A one-line progress indicator on stderr, only when stderr is a
    terminal (never in a pipe or a file, whatever the output format: the
    report goes to stdout).  Nothing is drawn before ``delay`` seconds, then
    the line shows the current stage and the time so far, redrawn at most
    every ``interval`` seconds, and is erased before the report is written.

    The run reports its stages by calling the object (``progress(stage,
    done, total)``); between two calls -- parsing a large project, a run
    from the cache, worker processes -- a ticker thread redraws the line so
    it keeps counting.  ``clock`` is injectable (tests drive :meth:`tick`)."""

    def __init__(self, stream, delay: float = 0.5, interval: float = 0.1, clock=time.monotonic, ticker: bool = False):
        import threading

        self.stream = stream
        self.enabled = hasattr(stream, "isatty") and stream.isatty()
        self.delay = delay
        self.interval = interval
        self.clock = clock
        self.start = clock()
        self.shown = False
        self.drawn = 0  # lines drawn (tests)
        self.state = ("starting", 0, 0)
        self._last = None
        self._text = ""
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = None
        if ticker and self.enabled:
            self._thread = threading.Thread(target=self._tick_loop, name="flasklint-progress", daemon=True)
            self._thread.start()

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        self.state = (stage, done, total)
        self.tick()

    def tick(self) -> None:
        """Draw the current state if the delay has passed and the last
        drawing is at least ``interval`` old."""
        if not self.enabled:
            return
        now = self.clock()
        elapsed = now - self.start
        if elapsed < self.delay or (self._last is not None and now - self._last < self.interval):
            return
        stage, done, total = self.state
        text = f"flasklint: {stage}" + (f" ({done}/{total})" if total else "") + f"\u2026 {elapsed:.0f}s"
        with self._lock:
            if self._stop.is_set() or (self.shown and text == self._text):
                return  # (stopped, or nothing new to show)
            self._text = text
            self.stream.write("\r\x1b[K" + text)
            self.stream.flush()
            self.shown = True
            self.drawn += 1
            self._last = now

    def _tick_loop(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.tick()
            except (OSError, ValueError):  # stderr closed under us: stop drawing
                return

    def close(self) -> None:
        with self._lock:
            self._stop.set()
            if self.shown:
                self.stream.write("\r\x1b[K")
                self.stream.flush()
                self.shown = False
        if self._thread is not None:
            self._thread.join(1.0)


def _targets(paths: List[str]):
    """(paths to build the model from, project root or None, paths findings
    are limited to or None).

    Directories are linted as given.  When files are passed (pre-commit,
    editors), the model is built from their project root -- found walking up
    for pyproject.toml, setup.py, setup.cfg or .git -- so that cross-file
    rules see the whole project, and findings are limited to the paths
    passed; unless one of them is a file at that root whose change affects
    the whole project (flasklint's configuration, a requirements or lock
    file: source.files.is_project_file): then the whole project is
    reported."""
    from flasklint.settings import find_project_root
    from flasklint.source.files import is_project_file

    files = [p for p in paths if os.path.isfile(p)]
    if not files:
        return paths, None, None
    existing = [p for p in paths if os.path.exists(p)]
    missing = [p for p in paths if not os.path.exists(p)]
    root = find_project_root(existing)
    if any(is_project_file(os.path.basename(p)) and os.path.dirname(os.path.abspath(p)) == root for p in files):
        return [root] + missing, root, None
    return [root] + missing, root, [os.path.abspath(p) for p in paths]


def _cmd_check(argv: List[str], started: float) -> int:
    from flasklint import registry
    from flasklint.baseline import Baseline, BaselineError
    from flasklint.cli import output

    args = check_parser().parse_args(argv)
    log = output.Verbose(args.verbose)
    stdin_data = _stdin_input(args)  # (args.paths is then the file it stands for)
    if stdin_data is not None and (args.fix or args.diff):
        raise UsageError("--fix and --diff change files on disk: they cannot be used with - (stdin)")
    groups = resolve_groups(args)  # [(settings, paths)]: one per configuration
    try:
        for settings, _ in groups:
            for sel in (settings.select or []) + settings.ignore + settings.extend_select:
                registry.expand_selector(sel)
        per_files = [settings.per_file_matchers() for settings, _ in groups]
    except ValueError as exc:
        raise UsageError(str(exc))
    if args.baseline and args.write_baseline:
        raise UsageError("--baseline and --write-baseline cannot be used together")
    problem = fixing.usage_problem(args)
    if problem:
        raise UsageError(problem)
    baseline = None
    if args.baseline:
        try:
            baseline = Baseline.load(args.baseline)
        except BaselineError as exc:
            raise UsageError(str(exc))
    # (before anything is written: a mistyped path must not create a cache under it)
    missing = [p for p in (args.paths or ["."]) if not os.path.lexists(p) and stdin_data is None]
    if missing:
        raise UsageError(f"{missing[0]}: no such file or directory")
    runs = [_plan(args, settings, paths, per_file) for (settings, paths), per_file in zip(groups, per_files)]
    if stdin_data is not None:
        runs[0].speed = {"cache_dir": None, "jobs": 1}  # (nothing of a buffer read from stdin is written)
        with overlay({args.paths[0]: stdin_data}):
            return _check(args, runs, log, started, baseline)
    return _check(args, runs, log, started, baseline)


def _plan(args, settings, paths, per_file) -> Run:
    """The lint of ``paths`` with ``settings``."""
    build_paths, root, only = _targets(paths)
    exclude = settings.exclude_patterns()
    if settings.respect_gitignore:
        from flasklint.source.files import find_root
        from flasklint.source.gitignore import GitIgnore

        # (an explicitly named file is linted even if ignored, as with ruff)
        exclude = tuple(exclude) + (GitIgnore(root or find_root(build_paths), keep=only or ()),)
    return Run(settings, build_paths, root, only, exclude, per_file, speed_options(args, build_paths, root))


def _stdin_input(args) -> Optional[bytes]:
    """``flasklint - --stdin-filename PATH``: the bytes read from stdin, and
    ``args.paths`` set to PATH (default ``stdin.py``); None without ``-``."""
    if "-" not in args.paths and not (args.stdin_filename and not args.paths):
        if args.stdin_filename:
            raise UsageError("--stdin-filename goes with the path - (stdin)")
        return None
    if len(args.paths) > 1:
        raise UsageError("- (stdin) cannot be combined with other paths")
    from flasklint.source.files import MAX_FILE_BYTES

    stream = getattr(sys.stdin, "buffer", None)
    try:
        if stream is not None:
            data = stream.read(MAX_FILE_BYTES + 1)
        else:  # (a text stream without bytes underneath)
            data = sys.stdin.read().encode("utf-8", "surrogateescape")
    except (OSError, ValueError) as exc:
        raise UsageError(f"cannot read stdin: {exc}")
    name = args.stdin_filename or "stdin.py"
    if os.path.isdir(name):
        raise UsageError(f"--stdin-filename {name}: is a directory")
    args.paths = [name]
    return data


def _check(args, runs, log, started, baseline) -> int:
    from flasklint.cli import output
    from flasklint.cli.projects import merge

    fmt = runs[0].settings.format or "text"
    if args.show_settings:
        for i, run in enumerate(runs):
            if len(runs) > 1:
                sys.stdout.write(("\n" if i else "") + f"# {', '.join(run.build_paths if run.only is None else run.only)}\n")
            sys.stdout.write(output.show_settings(run.settings, run.speed["cache_dir"]))
        return 0
    if args.show_files:
        return _show_files(runs)
    results = []
    diff_codes = []
    for run in runs:
        result, code = _lint_run(args, run, log, baseline)
        if code is not None:  # (--diff: printed already)
            diff_codes.append(code)
        results.append(result)
    if diff_codes:
        return max(diff_codes)
    result = merge(results)
    if len(runs) > 1:
        log(f"linted {result.files} file{'s' if result.files != 1 else ''} in all ({len(result.findings)} finding{'s' if len(result.findings) != 1 else ''} reported)")
    code = _report(args, fmt, result, started)
    log(f"total {time.monotonic() - started:.2f}s")
    return code


def _lint_run(args, run, log, baseline):
    """Lint one run (one configuration's paths): (result, exit code when
    --diff printed it, else None)."""
    from flasklint.linter import Filters, lint

    settings, speed = run.settings, run.speed
    log(f"configuration: {settings.path or ('none (--no-config)' if args.no_config else 'none found')}")
    log(f"cache: {speed['cache_dir'] or 'off'}")
    filters = Filters(
        only_paths=run.only,
        per_file_ignores=run.per_file,
        min_severity=settings.severity,
        min_confidence=settings.confidence,
        suppress=not args.ignore_noqa,
        baseline=baseline,
    )
    progress = Progress(sys.stderr if not args.quiet else None, ticker=True)
    lint_args = dict(
        paths=run.build_paths,
        select=settings.select,
        ignore=settings.ignore,
        extend_select=settings.extend_select,
        exclude=run.exclude,
        root=run.root,
        filters=filters,
        progress=progress,
        knowledge=settings.knowledge(),
        target_version=settings.target_version,
        **speed,
    )
    code = None
    try:
        result = lint(**lint_args)
        if args.fix or args.diff:
            result, code = fixing.run(args, result, fixing.relinter(lint, lint_args))
    finally:
        progress.close()
    if speed["cache_dir"] is not None and args.verbose:
        from flasklint.incremental import outcome

        log(f"cache path taken: {outcome.last_path or 'none'}" + (f" ({outcome.last_reason})" if outcome.last_path == "full" and outcome.last_reason else ""))
    log(f"linted {result.files} file{'s' if result.files != 1 else ''} ({len(result.findings)} finding{'s' if len(result.findings) != 1 else ''} reported)")
    for e in run.exclude:
        if hasattr(e, "files_read"):  # (.gitignore: see source/gitignore.py)
            n = len(e.files_read)
            log(f"gitignore: {n} ignore file{'s' if n != 1 else ''} read" + (": " + ", ".join(e.files_read) if n else ""))
    log(f"analysis took {result.seconds:.2f}s")
    return result, code


def _show_files(runs) -> int:
    from flasklint.cli import output
    from flasklint.source.files import discover

    def display(path: str) -> str:
        rel = os.path.relpath(os.path.abspath(path))
        return path if rel.startswith("..") and os.path.isabs(path) else rel

    for run in runs:
        discovered = discover(list(run.build_paths), exclude=run.exclude, root=run.root)
        sys.stdout.write(output.show_files(discovered, run.only, display))
    return 0


def _report(args, fmt: str, result, started: Optional[float] = None) -> int:
    """Write the report (or the baseline, or the statistics); the exit code.
    The summary's time is the command's wall time since ``started``."""
    from flasklint.baseline import Baseline, BaselineError
    from flasklint.cli import output
    from flasklint.report import FORMATS as RENDERERS, TEXT_FORMATS
    from flasklint.report.text import escape, summary_line

    stderr_tty = hasattr(sys.stderr, "isatty") and sys.stderr.isatty()
    if args.write_baseline:
        try:
            Baseline(args.write_baseline).write(result.findings, result.project, result.project.cwd)
        except BaselineError as exc:
            raise UsageError(str(exc))
        n = len(result.findings)
        if not args.quiet:
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
    wall = time.monotonic() - started if started is not None else result.seconds
    try:
        if args.statistics:
            out = output.statistics(result.findings, fmt)
        elif fmt in TEXT_FORMATS:
            out = RENDERERS[fmt](
                result,
                color=_use_color(args.color, stream),
                summary=not args.quiet,
                seconds=wall if stream_tty else None,
            )
            if out == "\n":  # (-q without findings: nothing at all)
                out = ""
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
    if (fmt not in TEXT_FORMATS or args.output) and stderr_tty and not (args.quiet or args.statistics):
        sys.stderr.write(summary_line(result, wall) + "\n")
    if result.errors:
        for e in result.errors:
            sys.stderr.write(f"flasklint: {escape(e)}\n")
        return 2
    return 1 if result.findings and not args.exit_zero else 0


def _cmd_routes(argv: List[str]) -> int:
    from flasklint.cli.routes import FORMATS, render_routes

    p = Parser(prog="flasklint routes", description="Print each app's URL map without running it.")
    p.add_argument("paths", nargs="*", metavar="PATH")
    p.add_argument("--format", choices=FORMATS, default="text",
                   help="text (a table), json, mermaid (a flowchart) or dot (a Graphviz digraph)")
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

    p = Parser(prog="flasklint rule", description="Print a rule's documentation.")
    p.add_argument("rule", metavar="RULE", help="rule id or name, e.g. FL101 or debug-run")
    args = p.parse_args(argv)
    rule = registry.get_rule(args.rule)
    if rule is None:
        raise UsageError(f"unknown rule: {args.rule!r} (see 'flasklint rules')")
    sys.stdout.write(rule.markdown(level=1))
    return 0


def _cmd_rules(argv: List[str]) -> int:
    from flasklint import registry

    p = Parser(prog="flasklint rules", description="List all rules.")
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
