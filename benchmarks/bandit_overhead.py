"""What the Bandit plugin costs: ``bandit -r PROJECT`` with flasklint's tests
and without them, on the same projects, in alternation.

    python benchmarks/bandit_overhead.py --without /venv-bandit-only/bin/python \\
        [--with PYTHON] [--reps 5] PROJECT_DIR...

``--with`` is an interpreter where flasklint (and so its ``bandit.plugins``
entry points) is installed next to Bandit (default: this one); ``--without``
one with the same Bandit and no flasklint.  Each run is
``PYTHON -I -m bandit -r DIR -q -f json -o /dev/null`` in a copy of nothing:
Bandit and the plugin only read.  Prints, per project, the median wall and
CPU time (user + sys of the child) of each, the overhead, and flasklint's
own time on the project (``python -m flasklint --no-cache``) for scale.
docs/design/bandit.md keeps the numbers.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time


def timed(cmd, cwd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{cmd} failed ({proc.returncode}): {proc.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def bandit_cmd(python, project):
    return [python, "-I", "-m", "bandit", "-r", project, "-q", "-f", "json", "-o", os.devnull]


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("projects", nargs="+")
    p.add_argument("--with", dest="with_", default=sys.executable, help="Python with flasklint and Bandit")
    p.add_argument("--without", required=True, help="Python with the same Bandit and no flasklint")
    p.add_argument("--reps", type=int, default=5)
    args = p.parse_args(argv)
    print(f"{'project':<12} {'files':>5}  {'bandit':>15}  {'+flasklint':>15}  {'overhead':>15}  {'flasklint alone':>15}")
    print(f"{'':<12} {'':>5}  {'wall / cpu s':>15}  {'wall / cpu s':>15}  {'wall / cpu':>15}  {'wall / cpu s':>15}")
    for project in args.projects:
        project = os.path.abspath(project)
        files = sum(f.endswith(".py") for _, _, fs in os.walk(project) for f in fs)
        base, plug, alone = [], [], []
        for _ in range(args.reps):  # alternate: load drifts affect both alike
            base.append(timed(bandit_cmd(args.without, project), project))
            plug.append(timed(bandit_cmd(args.with_, project), project))
            alone.append(timed([args.with_, "-I", "-m", "flasklint", "--no-cache", "-q", "--exit-zero", "."], project))

        def med(xs, i):
            return statistics.median(x[i] for x in xs)

        bw, bc, pw, pc = med(base, 0), med(base, 1), med(plug, 0), med(plug, 1)
        print(
            f"{os.path.basename(project):<12} {files:>5}  {bw:6.2f} / {bc:6.2f}  {pw:6.2f} / {pc:6.2f}  "
            f"{(pw / bw - 1) * 100:+6.0f}% / {(pc / bc - 1) * 100:+5.0f}%  {med(alone, 0):6.2f} / {med(alone, 1):6.2f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
