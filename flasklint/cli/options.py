"""The options of ``flasklint [check]`` and the settings they resolve to:
the configuration file's, with the command line on top."""

from __future__ import annotations

import argparse
import os
from typing import Dict, List, Optional, Tuple

from flasklint import __version__
from flasklint.cli import fixing
from flasklint.report import FORMATS as RENDERERS

FORMATS = tuple(RENDERERS)
LEVELS = ("LOW", "MEDIUM", "HIGH")


class UsageError(Exception):
    pass


class Parser(argparse.ArgumentParser):
    def error(self, message):  # exit 2 with a clear message, like argparse, but catchable
        raise UsageError(message)


def split_list(values: Optional[List[str]]) -> List[str]:
    out = []
    for v in values or ():
        out.extend(p.strip() for p in v.split(",") if p.strip())
    return out


def parse_jobs(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}")
    if n < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return n


def _target(value: str):
    from flasklint.source.newsyntax import parse_target

    try:
        return parse_target(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc))


def check_parser() -> argparse.ArgumentParser:
    p = Parser(
        prog="flasklint",
        description="Static analysis and security linter for Flask applications.",
        epilog=(
            "subcommands: flasklint [check] PATH... lints (the default); flasklint routes PATH prints each app's "
            "URL map; flasklint rules lists the rules; flasklint rule ID shows one rule's documentation. "
            "A lone argument that names an existing file or directory is a path, even if it is also a subcommand's name."
        ),
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or directories to lint (default: .); - reads a file from stdin")
    p.add_argument("--output-format", "--format", dest="format", choices=FORMATS, default=None,
                   help="output format (default: text; --format is an alias)")
    p.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE instead of stdout")
    p.add_argument("--select", action="append", metavar="IDS", help="rule ids, prefixes or names to enable (comma-separated)")
    p.add_argument("--extend-select", action="append", metavar="IDS", help="rules to enable on top of the selection")
    p.add_argument("--ignore", action="append", metavar="IDS", help="rule ids, prefixes or names to disable (comma-separated)")
    p.add_argument("--exclude", action="append", metavar="GLOBS", help="files and directories not to lint (replaces the defaults)")
    p.add_argument("--extend-exclude", action="append", metavar="GLOBS", help="files and directories not to lint, on top of the defaults")
    p.add_argument("--respect-gitignore", dest="respect_gitignore", action="store_const", const=True, default=None,
                   help="skip files that .gitignore files and .git/info/exclude ignore (the default)")
    p.add_argument("--no-respect-gitignore", dest="respect_gitignore", action="store_const", const=False,
                   help="lint files even when .gitignore ignores them")
    p.add_argument("--severity", type=str.upper, choices=LEVELS, help="report only findings of this severity or higher")
    p.add_argument("--confidence", type=str.upper, choices=LEVELS, help="report only findings of this confidence or higher")
    p.add_argument("--target-version", metavar="VERSION", type=_target,
                   help="the Python the code targets (py38 .. py314): code of a newer Python than the one running flasklint "
                   "is reported as FL006 (not analysed), code newer than the target as a syntax error (FL001)")
    p.add_argument("--config", metavar="FILE", help="configuration file (default: found walking up from the linted paths)")
    p.add_argument("--no-config", action="store_true", help="ignore configuration files")
    p.add_argument("--baseline", metavar="FILE", help="report only findings not recorded in FILE")
    p.add_argument("--write-baseline", metavar="FILE", help="record the current findings in FILE and exit 0")
    p.add_argument("--ignore-noqa", action="store_true", help="report findings even where a suppression comment silences them")
    p.add_argument("--exit-zero", action="store_true", help="exit 0 even when findings are reported (errors still exit 2)")
    p.add_argument("--statistics", action="store_true", help="print the number of findings per rule instead of the findings")
    p.add_argument("--stdin-filename", metavar="PATH", help="with the path -: the file the text read from stdin stands for")
    p.add_argument("--show-files", action="store_true", help="print the files that would be linted and exit")
    p.add_argument("--show-settings", action="store_true", help="print the settings in effect and exit")
    loud = p.add_mutually_exclusive_group()
    loud.add_argument("-q", "--quiet", action="store_true", help="print the findings only, without the summary line")
    loud.add_argument("-v", "--verbose", action="store_true",
                      help="say on stderr what was linted, which configuration and cache were used, and the timings")
    p.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                   help="colour in text output (auto: on a terminal; NO_COLOR and FORCE_COLOR are honoured)")
    fixing.add_options(p)
    p.add_argument("--version", action="version", version=f"flasklint {__version__}")
    # speed (issue 9): result cache and worker processes
    p.add_argument("--no-cache", action="store_true", help="neither read nor write the result cache")
    p.add_argument("--cache-dir", metavar="DIR", help="cache directory (default: .flasklint_cache at the project root; env FLASKLINT_CACHE_DIR)")
    p.add_argument("--jobs", "-j", type=parse_jobs, metavar="N", help="processes for per-file work (default: the machine's cores)")
    return p


def resolve_settings(args):
    """The settings of the first linted path (see :func:`resolve_groups`)."""
    return resolve_groups(args)[0][0]


def resolve_groups(args) -> List[Tuple[object, List[str]]]:
    """The linted paths grouped by the configuration that applies to them,
    in the order of the paths: ``[(settings, paths)]``, each settings the
    configuration file's with the command line on top.

    Each path gets the first configuration file found walking up from it
    (flasklint.settings.find_config), as ruff does, so ``flasklint svc_a
    svc_b`` lints each service with its own settings.  ``--config`` and
    ``--no-config`` apply to every path (one group).  Settings that are
    global to a run take the first group's value when the command line
    gives none: ``format`` (the only such configuration key)."""
    from flasklint import settings as config

    paths = list(args.paths or ["."])
    try:
        if args.no_config:
            groups = [(config.Settings(), paths)]
        elif args.config:
            groups = [(config.load(args.config, explicit=True), paths)]
        else:
            by_file: Dict[Optional[str], List[str]] = {}
            for p in paths:
                # (from the linted path, not the working directory:
                # `flasklint proj/` run from outside uses proj's configuration)
                by_file.setdefault(config.find_config(p), []).append(p)
            groups = []
            for path, members in by_file.items():
                settings = config.load(path) if path else config.Settings()
                groups.append((settings, members))
    except config.ConfigError as exc:
        raise UsageError(str(exc))
    first_format = groups[0][0].format
    for settings, _ in groups:
        if settings.path is None:
            settings.base = os.getcwd()  # (no file: command-line globs are relative to here)
        settings.format = first_format
        _apply_cli(settings, args)
    return groups


def _apply_cli(settings, args) -> None:
    """The command line on top of the configuration, in place."""
    cli_select = split_list(args.select)
    if cli_select:
        settings.select = cli_select
    settings.ignore = list(settings.ignore) + split_list(args.ignore)
    settings.extend_select = list(settings.extend_select) + split_list(args.extend_select)
    if args.exclude:
        settings.exclude = split_list(args.exclude)
    settings.extend_exclude = list(settings.extend_exclude) + split_list(args.extend_exclude)
    if args.respect_gitignore is not None:
        settings.respect_gitignore = args.respect_gitignore
    if args.severity:
        settings.severity = args.severity
    if args.confidence:
        settings.confidence = args.confidence
    if args.format:
        settings.format = args.format
    if args.target_version:
        settings.target_version = args.target_version


def speed_options(args, paths, root=None) -> dict:
    from flasklint.incremental import default_dir, parallel
    from flasklint.source.files import find_root

    jobs = args.jobs or parallel.default_jobs()
    if args.no_cache:
        return {"cache_dir": None, "jobs": jobs}
    cache_dir = args.cache_dir or os.environ.get("FLASKLINT_CACHE_DIR") or default_dir(root or find_root(paths))
    return {"cache_dir": os.path.abspath(cache_dir), "jobs": jobs}
