#!/usr/bin/env python3
"""Time flasklint (cold, warm, one changed file) against Bandit, side by side.

    python3 benchmarks/bench.py PATH [PATH ...] [--reps 5] [--scale]

Each PATH is copied to a temporary directory first (the original is never
modified).  For each copy, every repetition runs:

* ``cold``      flasklint with an empty cache directory (the first run);
* ``warm``      flasklint again, nothing changed;
* ``edit-free`` a statement appended to a file the model never read (a test,
                a migration), then flasklint: the pre-commit case at its best;
* ``edit-model`` a statement appended to a file the model read (each
                repetition another one, picked by a hash of its path), then
                flasklint: the pre-commit case for an application file;
* ``bandit``    ``bandit -r COPY -q -f json -o /dev/null`` (all default tests).

``--edits N`` then times the pre-commit case over a wider sample: with the
cache warm, a statement is appended to each of N files the model read
(picked by a hash of their paths), flasklint runs (timed), the file is put
back and flasklint runs again (untimed: the cache is warm again).  It
prints the median and 90th percentile, how many edits took under 0.5 s, and
how many took each cache path.

The cache path each edit took ("unused", "inert", "rebuild" or "full", see
flasklint/incremental/cache.py) is printed with the edited files.

It prints min and median wall time, median CPU time (user+sys: steadier than
wall time on a busy machine), peak RSS of the process and the ratio of each
median wall time to Bandit's.  ``--scale`` also times cold runs on the first
1/4, 1/2 and all of each tree's Python files (chosen by a hash of the path,
so the sample is spread over the tree) to show how cost grows.

Nothing here asserts: numbers are for people (the README shows them).
"""

from __future__ import annotations

import argparse
import glob
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
IGNORE = shutil.ignore_patterns(".git", ".flasklint_cache", "node_modules", "__pycache__")


LAST_STDERR = [""]


def timed(cmd, cwd, env=None):
    """(wall seconds, cpu seconds, peak RSS MB, exit code) of one child
    (its stderr is kept in LAST_STDERR)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    LAST_STDERR[0] = err
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {err[-2000:]}")
    rss_mb = usage.ru_maxrss / 1024  # KB on Linux
    return wall, usage.ru_utime + usage.ru_stime, rss_mb, proc.returncode


def flasklint_cmd(target, cache_dir, extra=()):
    return [sys.executable, "-m", "flasklint", "--format", "json", "--cache-dir", cache_dir, *extra, target]


def env_for_repo():
    env = dict(os.environ)
    env["PYTHONPATH"] = REPO + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.pop("FLASKLINT_CACHE_DIR", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: byte-compiled modules
    env["FLASKLINT_CACHE_DEBUG"] = "1"  # (which path each run took, on stderr)
    return env


def cache_path(stderr):
    got = [line.split(":", 2)[1].strip() for line in stderr.splitlines() if line.startswith("flasklint cache:")]
    return got[-1] if got else "?"


def run_record(cache_dir):
    got = glob.glob(os.path.join(cache_dir, "*", "run-*.json"))
    if not got:
        return None
    from flasklint.incremental.store import read_record  # (records are signed: read them as flasklint does)

    return read_record(got[0])


def pick_files(cache_dir, n):
    """(the largest file the model never read, ``n`` files it read, picked
    by a hash of their paths: a spread, not the easy ones)."""
    rec = run_record(cache_dir)
    if rec is None:
        return None, []
    depends = set(rec["depends"])
    sized = sorted(((os.path.getsize(p), p) for p in rec["paths"] if os.path.exists(p)), reverse=True)
    index = {p: i for i, p in enumerate(rec["paths"])}
    free = next((p for _, p in sized if index[p] not in depends), None)
    root = os.path.commonpath(rec["paths"]) if rec["paths"] else ""
    # (hashed relative to the tree: the same files on every copy of it)
    used = sorted((p for p in rec["paths"] if index[p] in depends), key=lambda p: hashlib.sha1(os.path.relpath(p, root).encode()).hexdigest())
    return free, used[:n]


def summarise(name, samples, bandit_median=None):
    walls = [s[0] for s in samples]
    cpus = [s[1] for s in samples]
    rss = max(s[2] for s in samples)
    med = statistics.median(walls)
    ratio = f"{med / bandit_median:6.3f}x" if bandit_median else "      -"
    print(f"  {name:<11} min {min(walls):7.2f}s  median {med:7.2f}s  cpu {statistics.median(cpus):7.2f}s  peak RSS {rss:6.0f} MB  vs bandit {ratio}")
    return med


def bench_tree(src, reps, bandit, jobs, sweep=0):
    env = env_for_repo()
    with tempfile.TemporaryDirectory(prefix="flasklint-bench-") as tmp:
        target = os.path.join(tmp, os.path.basename(os.path.normpath(src)))
        shutil.copytree(src, target, symlinks=True, ignore=IGNORE)
        # (files changed less than 2 s before a run are read again by the
        # next one -- flasklint/incremental/status.py RACY_NS -- as after a checkout: the
        # runs timed here see a tree that has settled)
        time.sleep(2.1)
        n_py = sum(1 for _ in glob.iglob(os.path.join(target, "**", "*.py"), recursive=True))
        print(f"{src}: {n_py} Python files (copied to {target})")
        cache_dir = os.path.join(tmp, "cache")
        extra = ["--jobs", str(jobs)] if jobs else []
        results = {k: [] for k in ("cold", "warm", "edit-free", "edit-model", "bandit")}
        free, used = None, None
        edits = []
        for rep in range(reps):
            shutil.rmtree(cache_dir, ignore_errors=True)
            results["cold"].append(timed(flasklint_cmd(target, cache_dir, extra), tmp, env))
            results["warm"].append(timed(flasklint_cmd(target, cache_dir, extra), tmp, env))
            if used is None:
                free, used = pick_files(cache_dir, reps)
            model = used[rep] if rep < len(used) else None
            for key, path in (("edit-free", free), ("edit-model", model)):
                if path is None:
                    continue
                with open(path, "a", encoding="utf-8") as fh:
                    fh.write(f"\n_bench_edit_{rep} = [{rep}]\n")  # a statement, not a comment
                results[key].append(timed(flasklint_cmd(target, cache_dir, extra), tmp, env))
                edits.append((key, os.path.relpath(path, target), cache_path(LAST_STDERR[0]), results[key][-1][0]))
            if bandit:
                results["bandit"].append(timed(["bandit", "-r", target, "-q", "-f", "json", "-o", os.devnull], tmp))
        for key, path, how, wall in edits:
            print(f"  {key}: {path} -> {how} ({wall:.2f}s)")
        bmed = summarise("bandit", results["bandit"]) if results["bandit"] else None
        for key in ("cold", "warm", "edit-free", "edit-model"):
            if results[key]:
                summarise(key, results[key], bmed)
        if sweep:
            edit_sweep(target, tmp, cache_dir, extra, env, sweep)


def edit_sweep(target, tmp, cache_dir, extra, env, n):
    """Edit n model files one at a time (see --edits)."""
    timed(flasklint_cmd(target, cache_dir, extra), tmp, env)  # warm
    _, used = pick_files(cache_dir, 10**9)
    step = max(1, len(used) // n)
    walls, paths = [], {}
    for path in used[::step][:n]:
        with open(path, "rb") as fh:
            original = fh.read()
        with open(path, "ab") as fh:
            fh.write(b"\n_bench_sweep = [1]\n")
        wall = timed(flasklint_cmd(target, cache_dir, extra), tmp, env)[0]
        how = cache_path(LAST_STDERR[0])
        with open(path, "wb") as fh:
            fh.write(original)
        timed(flasklint_cmd(target, cache_dir, extra), tmp, env)  # warm again
        print(f"    {wall:5.2f}s {how:8} {os.path.relpath(path, target)}", flush=True)
        walls.append(wall)
        paths[how] = paths.get(how, 0) + 1
    walls.sort()
    p90 = walls[min(len(walls) - 1, int(0.9 * len(walls)))]
    under = sum(1 for w in walls if w < 0.5)
    print(f"  {len(walls)} model files edited one at a time: median {statistics.median(walls):.2f}s, 90th percentile {p90:.2f}s, "
          f"{under} under 0.5 s; paths {dict(sorted(paths.items()))}")


def subset_copy(src, dst, fraction):
    def keep(path):
        if not path.endswith(".py"):
            return True
        h = int(hashlib.sha1(os.path.relpath(path, src).encode()).hexdigest()[:8], 16)
        return h / 0xFFFFFFFF < fraction

    def ignore(directory, names):
        skipped = set(IGNORE(directory, names))
        for n in names:
            p = os.path.join(directory, n)
            if n not in skipped and os.path.isfile(p) and not keep(p):
                skipped.add(n)
        return skipped

    shutil.copytree(src, dst, symlinks=True, ignore=ignore)


def bench_scale(src, reps, bandit, jobs):
    env = env_for_repo()
    print(f"{src}: growth with the number of files (cold runs)")
    extra = ["--jobs", str(jobs)] if jobs else []
    for fraction in (0.25, 0.5, 1.0):
        with tempfile.TemporaryDirectory(prefix="flasklint-scale-") as tmp:
            target = os.path.join(tmp, "tree")
            subset_copy(src, target, fraction)
            files = [p for p in glob.iglob(os.path.join(target, "**", "*.py"), recursive=True)]
            lines = 0
            for p in files:
                try:
                    with open(p, "rb") as fh:
                        lines += fh.read().count(b"\n")
                except OSError:
                    pass
            fl, bd = [], []
            for _ in range(reps):
                cache_dir = os.path.join(tmp, "cache")
                shutil.rmtree(cache_dir, ignore_errors=True)
                fl.append(timed(flasklint_cmd(target, cache_dir, extra), tmp, env))
                if bandit:
                    bd.append(timed(["bandit", "-r", target, "-q", "-f", "json", "-o", os.devnull], tmp))
            f_med = statistics.median(s[0] for s in fl)
            f_cpu = statistics.median(s[1] for s in fl)
            line = f"  {fraction:>4.2f}: {len(files):5d} files {lines:7d} lines  flasklint {f_med:7.2f}s (cpu {f_cpu:6.2f}s, {max(s[2] for s in fl):4.0f} MB)"
            if bd:
                b_med = statistics.median(s[0] for s in bd)
                line += f"  bandit {b_med:7.2f}s (cpu {statistics.median(s[1] for s in bd):6.2f}s)"
            print(line, flush=True)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--reps", type=int, default=5, help="repetitions (default 5)")
    p.add_argument("--jobs", type=int, default=0, help="flasklint --jobs (default: its own default, the machine's cores)")
    p.add_argument("--no-bandit", action="store_true", help="skip Bandit")
    p.add_argument("--scale", action="store_true", help="also time 1/4, 1/2 and all of each tree")
    p.add_argument("--edits", type=int, default=0, metavar="N", help="also time N edits of model files, one at a time")
    args = p.parse_args(argv)
    bandit = not args.no_bandit and shutil.which("bandit") is not None
    if not bandit and not args.no_bandit:
        print("bandit not found on PATH: timing flasklint only")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}, {args.reps} repetitions")
    for path in args.paths:
        bench_tree(path, args.reps, bandit, args.jobs, args.edits)
        if args.scale:
            bench_scale(path, max(1, args.reps // 2), bandit, args.jobs)
        print(flush=True)
    print(f"load average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
