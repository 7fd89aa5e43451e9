"""What ``flasklint [check]`` prints besides the report: ``--statistics``,
``--show-settings``, ``--show-files`` and the ``--verbose`` log."""

from __future__ import annotations

import json
import os
import sys
from typing import Iterable, List, Optional


def statistics(findings, fmt: str) -> str:
    """Findings per rule, most frequent first (then by id), like ``ruff
    --statistics``: ``count<TAB>id<TAB>name`` lines, or a JSON list."""
    from flasklint import registry

    counts = {}
    for f in findings:
        counts[f.rule] = counts.get(f.rule, 0) + 1
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    names = {rid: (registry.get_rule(rid).name if registry.get_rule(rid) is not None else "") for rid, _ in rows}
    if fmt == "json":
        return json.dumps([{"code": rid, "name": names[rid], "count": n} for rid, n in rows], indent=2) + "\n"
    if not rows:
        return ""
    width = max(len(str(n)) for _, n in rows)
    return "".join(f"{n:>{width}}\t{rid}\t{names[rid]}\n" for rid, n in rows)


def _words(values: Optional[Iterable[str]], default: str = "(none)") -> str:
    values = list(values or ())
    return ", ".join(values) if values else default


def show_settings(settings, cache_dir: Optional[str], extra: Optional[List[tuple]] = None) -> str:
    """The resolved settings, one ``key: value`` line each."""
    from flasklint.source.files import DEFAULT_EXCLUDE

    rows = [
        ("configuration file", settings.path or "(none: defaults)"),
        ("select", _words(settings.select, "ALL")),
        ("extend-select", _words(settings.extend_select)),
        ("ignore", _words(settings.ignore)),
        ("per-file-ignores", _words(f"{glob}: {' '.join(ids)}" for glob, ids in settings.per_file_ignores)),
        ("exclude", _words(DEFAULT_EXCLUDE if settings.exclude is None else settings.exclude)),
        ("extend-exclude", _words(settings.extend_exclude)),
        ("respect-gitignore", "true" if settings.respect_gitignore else "false"),
        ("severity", settings.severity),
        ("confidence", settings.confidence),
        ("format", settings.format or "text"),
        ("target-version", "py%d%d" % settings.target_version if settings.target_version else "(none: this interpreter's)"),
    ]
    rows += list(extra or ())
    rows += [
        ("cache", cache_dir or "off"),
        ("app-factories", _words(settings.app_factories)),
        ("app-classes", _words(settings.app_classes)),
        ("blueprint-classes", _words(settings.blueprint_classes)),
    ]
    return "".join(f"{key}: {value}\n" for key, value in rows)


def show_files(discovered, only: Optional[List[str]], display) -> str:
    """The files a run would lint (Python and env files), one per line,
    sorted, as reports show them."""
    paths = list(discovered.python_files) + list(discovered.env_files)
    if only is not None:
        paths = [p for p in paths if _under(os.path.abspath(p), only)]
    return "".join(f"{display(p)}\n" for p in sorted(paths, key=display))


def _under(path: str, targets: List[str]) -> bool:
    return any(path == t or path.startswith(t.rstrip(os.sep) + os.sep) for t in targets)


class Verbose:
    """``-v``: what the run did, on stderr."""

    def __init__(self, enabled: bool, stream=None):
        self.enabled = enabled
        self.stream = stream if stream is not None else sys.stderr

    def __call__(self, message: str) -> None:
        if self.enabled:
            self.stream.write(f"flasklint: {message}\n")
