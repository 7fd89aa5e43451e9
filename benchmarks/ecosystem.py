#!/usr/bin/env python3
"""The real-world check: flasklint on pinned public Flask and Quart projects.

    python benchmarks/ecosystem.py fetch   [--mirrors DIR] [--only NAMES]
    python benchmarks/ecosystem.py run     [--bandit] [--only NAMES] [-o FILE]
    python benchmarks/ecosystem.py review  [RESULTS] [--template FILE]
    python benchmarks/ecosystem.py merge   FILE [FILE ...]
    python benchmarks/ecosystem.py compare BASE HEAD [--only NAMES]

``fetch`` re-creates the projects pinned in ``ecosystem/projects.toml`` in a
cache folder outside the repository (``--cache``, default
``$FLASKLINT_ECOSYSTEM_CACHE`` or ``~/.cache/flasklint-ecosystem``), skipping
what is there.  ``run`` lints each with this checkout's flasklint
(``--no-cache --format json``, with a timeout) and writes one results file;
``--bandit`` also times Bandit on each.  ``review`` matches every finding to
the reviewed verdicts in ``ecosystem/verdicts.json`` and the known misses in
``ecosystem/misses.json`` and prints the table: precision per rule, recall
per area, unreviewed findings; ``--template FILE`` writes stubs for the
unreviewed ones, which ``merge`` folds back in once filled.  ``compare`` installs two flasklint versions
(git refs; ``WORKTREE`` is the working tree) into virtual environments of
their own, runs both and prints per project the findings added, removed and
changed, crashes and times: the diff a reviewer reads.

Findings are matched to verdicts by the baseline's line-independent
fingerprint (rule, path, the flagged source line, the message with line
numbers masked); a verdict whose message has since been reworded still
matches by rule, path and source line when only one candidate is left, and
is listed so it can be refreshed.  Nothing here imports or runs a project's
code: wheels are unpacked, git trees are exported with ``git archive``.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from collections import Counter, defaultdict
from typing import Dict, Iterable, List, Optional, Tuple

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
DATA = os.path.join(HERE, "ecosystem")
PROJECTS = os.path.join(DATA, "projects.toml")
VERDICTS = os.path.join(DATA, "verdicts.json")
MISSES = os.path.join(DATA, "misses.json")

VERDICT_KINDS = ("true-problem", "dev-only", "false-alarm")
REVIEWED_SEVERITIES = ("MEDIUM", "HIGH")
AREAS = {"FL0": "diagnostics", "FL1": "debug", "FL2": "routes", "FL3": "errors", "FL4": "secrets", "FL5": "requests"}
DEFAULT_TIMEOUT = 900

sys.path.insert(0, REPO)
from flasklint.baseline import line_hash  # noqa: E402  (the baseline's fingerprint, one home)

try:
    import tomllib
except ImportError:  # Python < 3.11
    import tomli as tomllib  # type: ignore[no-redef]


# --- the pinned projects ---------------------------------------------------


class Project:
    def __init__(self, entry: dict):
        self.name = entry["name"]
        self.source = entry["source"]
        self.entry = entry
        self.root = entry.get("root", "")
        if self.source not in ("pypi", "git"):
            raise ValueError(f"{self.name}: unknown source {self.source!r}")

    def folder(self, cache: str) -> str:
        return os.path.join(cache, "projects", self.name)

    def lint_root(self, cache: str) -> str:
        return os.path.join(self.folder(cache), self.root) if self.root else self.folder(cache)


def load_projects(path: str = PROJECTS, only: Optional[str] = None) -> List[Project]:
    with open(path, "rb") as fh:
        projects = [Project(e) for e in tomllib.load(fh)["project"]]
    names = [p.name for p in projects]
    if len(set(names)) != len(names):
        raise SystemExit(f"duplicate project names in {path}")
    if only:
        wanted = set(only.split(","))
        unknown = wanted - set(names)
        if unknown:
            raise SystemExit(f"unknown project(s): {', '.join(sorted(unknown))}")
        projects = [p for p in projects if p.name in wanted]
    return projects


def default_cache() -> str:
    return os.environ.get("FLASKLINT_ECOSYSTEM_CACHE") or os.path.join(
        os.path.expanduser("~"), ".cache", "flasklint-ecosystem"
    )


# --- fetch -----------------------------------------------------------------


def sha256_of(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def safe_members(names: Iterable[str]) -> List[str]:
    """Archive member names that stay inside the destination."""
    out = []
    for name in names:
        norm = os.path.normpath(name)
        if name.startswith(("/", "\\")) or norm == ".." or norm.startswith(".." + os.sep) or ":" in norm:
            continue
        out.append(name)
    return out


def fetch_wheel(p: Project, cache: str, dest: str) -> None:
    e = p.entry
    downloads = os.path.join(cache, "downloads")
    os.makedirs(downloads, exist_ok=True)
    wheel = os.path.join(downloads, e["file"])
    if not os.path.exists(wheel) or sha256_of(wheel) != e["sha256"]:
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:", "--no-cache-dir",
               "-q", "-d", downloads, f"{e['package']}=={e['version']}"]
        subprocess.run(cmd, check=True)
    if not os.path.exists(wheel):
        raise RuntimeError(f"pip did not download {e['file']}")
    got = sha256_of(wheel)
    if got != e["sha256"]:
        raise RuntimeError(f"{e['file']}: sha256 {got} is not the pinned {e['sha256']}")
    with zipfile.ZipFile(wheel) as zf:
        for name in safe_members(zf.namelist()):
            if not name.endswith("/"):
                zf.extract(name, dest)


def mirror_git_dir(mirrors: str, repo: str) -> Optional[str]:
    owner, name = repo.split("/", 1)
    for folder in (f"{owner}+{name}", os.path.join(owner, name), name, f"{name}.git"):
        base = os.path.join(mirrors, folder)
        for git_dir in (os.path.join(base, "repo", ".git"), os.path.join(base, "repo"),
                        os.path.join(base, ".git"), base):
            if os.path.isfile(os.path.join(git_dir, "HEAD")) and os.path.isdir(os.path.join(git_dir, "objects")):
                return git_dir
    return None


def fetch_git(p: Project, cache: str, dest: str, mirrors: Optional[str]) -> None:
    e = p.entry
    git_dir = mirror_git_dir(mirrors, e["repo"]) if mirrors else None
    tmp = None
    if git_dir is None:
        tmp = tempfile.mkdtemp(prefix="flasklint-eco-")
        git_dir = os.path.join(tmp, "git")
        subprocess.run(["git", "init", "-q", "--bare", git_dir], check=True)
        subprocess.run(["git", f"--git-dir={git_dir}", "fetch", "-q", "--depth", "1", e["url"], e["commit"]],
                       check=True)
    try:
        archive = subprocess.run(["git", f"--git-dir={git_dir}", "archive", "--format=tar", e["commit"]],
                                 check=True, stdout=subprocess.PIPE).stdout
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tf:
        keep = set(safe_members(m.name for m in tf.getmembers()))
        members = [m for m in tf.getmembers() if m.name in keep and (m.isfile() or m.isdir())]
        tf.extractall(dest, members=members)


def fetch(projects: List[Project], cache: str, mirrors: Optional[str]) -> int:
    failed = 0
    for p in projects:
        dest = p.folder(cache)
        if os.path.isdir(dest):
            print(f"{p.name}: present")
            continue
        part = dest + ".part"
        shutil.rmtree(part, ignore_errors=True)
        os.makedirs(part)
        try:
            if p.source == "pypi":
                fetch_wheel(p, cache, part)
            else:
                fetch_git(p, cache, part, mirrors)
        except (subprocess.CalledProcessError, RuntimeError, OSError) as exc:
            print(f"{p.name}: NOT FETCHED: {exc}", file=sys.stderr)
            shutil.rmtree(part, ignore_errors=True)
            failed += 1
            continue
        os.replace(part, dest)
        print(f"{p.name}: fetched")
    return 1 if failed else 0


# --- run -------------------------------------------------------------------


def read_lines(path: str) -> List[str]:
    try:
        with open(path, "rb") as fh:
            return fh.read().decode("utf-8", "surrogateescape").splitlines()
    except OSError:
        return []


def fingerprint_findings(findings: List[dict], root: str) -> None:
    """Give each finding (a flasklint JSON dict, path relative to ``root``) its
    ``source`` line and ``fingerprint``, as the baseline computes them."""
    lines: Dict[str, List[str]] = {}
    keyed = []
    for f in findings:
        path = f["path"]
        if path not in lines:
            lines[path] = read_lines(os.path.join(root, path))
        src = lines[path][f["line"] - 1] if 1 <= f["line"] <= len(lines[path]) else ""
        f["source"] = " ".join(src.split())
        keyed.append(line_hash(f["rule"], path, src, f["message"]))
    seen: Counter = Counter()
    order = sorted(range(len(findings)), key=lambda i: (findings[i]["path"], findings[i]["line"],
                                                        findings[i]["column"], findings[i]["rule"],
                                                        findings[i]["message"]))
    for i in order:
        findings[i]["fingerprint"] = f"{keyed[i]}:{seen[keyed[i]]}"
        seen[keyed[i]] += 1


def flasklint_command(python: str, from_checkout: Optional[str]) -> List[str]:
    if from_checkout:
        # This checkout's code, whatever is installed: the working tree under test.
        boot = f"import sys; sys.path.insert(0, {from_checkout!r}); from flasklint.cli import main; sys.exit(main())"
        return [python, "-I", "-c", boot]
    return [python, "-I", "-m", "flasklint"]


def lint_one(p: Project, cache: str, command: List[str], timeout: int) -> dict:
    root = p.lint_root(cache)
    if not os.path.isdir(root):
        return {"status": "missing", "seconds": 0.0, "findings": [], "errors": [], "stderr": "not fetched"}
    start = time.perf_counter()
    try:
        proc = subprocess.run([*command, "--no-cache", "--format", "json", "."], cwd=root, capture_output=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"status": "timeout", "seconds": float(timeout), "findings": [], "errors": [], "stderr": ""}
    seconds = round(time.perf_counter() - start, 2)
    stderr = proc.stderr.decode("utf-8", "replace")[-2000:]
    try:
        doc = json.loads(proc.stdout.decode("utf-8", "surrogateescape"))
    except ValueError:
        doc = None
    if proc.returncode not in (0, 1) or not isinstance(doc, dict):
        return {"status": "crash", "exit": proc.returncode, "seconds": seconds, "findings": [], "errors": [],
                "stderr": stderr}
    findings = doc.get("findings", [])
    fingerprint_findings(findings, root)
    return {"status": "ok", "exit": proc.returncode, "seconds": seconds, "version": doc.get("version"),
            "files": count_python_files(root), "findings": findings, "errors": doc.get("errors", []),
            "stderr": stderr}


def count_python_files(root: str) -> int:
    return sum(name.endswith(".py") for _, _, names in os.walk(root) for name in names)


def bandit_seconds(p: Project, cache: str, timeout: int) -> Optional[float]:
    if shutil.which("bandit") is None:
        return None
    start = time.perf_counter()
    try:
        subprocess.run(["bandit", "-r", ".", "-q", "-f", "json", "-o", os.devnull], cwd=p.lint_root(cache),
                       capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    return round(time.perf_counter() - start, 2)


def run(projects: List[Project], cache: str, command: List[str], timeout: int, bandit: bool) -> dict:
    results = {}
    for p in projects:
        r = lint_one(p, cache, command, timeout)
        if bandit and r["status"] == "ok":
            r["bandit_seconds"] = bandit_seconds(p, cache, timeout)
        results[p.name] = r
        print(f"{p.name}: {r['status']}, {len(r['findings'])} findings, {r['seconds']} s", file=sys.stderr)
    return results


# --- verdicts, misses, review ----------------------------------------------


def load_json(path: str, key: str) -> List[dict]:
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)[key]


def check_verdicts(verdicts: List[dict]) -> None:
    for v in verdicts:
        missing = {"project", "path", "rule", "fingerprint", "verdict", "evidence"} - set(v)
        if missing:
            raise SystemExit(f"verdict without {', '.join(sorted(missing))}: {v}")
        if v["verdict"] not in VERDICT_KINDS:
            raise SystemExit(f"unknown verdict {v['verdict']!r}: {v}")


def match_verdicts(results: dict, verdicts: List[dict]) -> Tuple[Dict[Tuple[str, int], dict], List[dict]]:
    """Map (project, finding index) to its verdict; also return the verdicts
    matched only loosely (same rule, path and source line; message changed)."""
    exact = {(v["project"], v["rule"], v["path"], v["fingerprint"]): v for v in verdicts}
    loose: Dict[tuple, List[dict]] = defaultdict(list)
    for v in verdicts:
        loose[(v["project"], v["rule"], v["path"], v.get("source"))].append(v)
    matched: Dict[Tuple[str, int], dict] = {}
    used = set()
    pending = []
    for name, r in results.items():
        for i, f in enumerate(r["findings"]):
            v = exact.get((name, f["rule"], f["path"], f["fingerprint"]))
            if v is not None:
                matched[(name, i)] = v
                used.add(id(v))
            else:
                pending.append((name, i, f))
    reworded = []
    for name, i, f in pending:
        candidates = [v for v in loose.get((name, f["rule"], f["path"], f["source"]), []) if id(v) not in used]
        if len(candidates) == 1 and f["source"]:
            matched[(name, i)] = candidates[0]
            used.add(id(candidates[0]))
            reworded.append(candidates[0])
    return matched, reworded


def miss_found(miss: dict, findings: List[dict]) -> bool:
    """A known miss is found when a finding of its rule (or area) is on its
    path, on its line or quoting its ``contains`` text."""
    for f in findings:
        if f["path"] != miss["path"]:
            continue
        if miss.get("rule") and f["rule"] != miss["rule"]:
            continue
        if not miss.get("rule") and AREAS.get(f["rule"][:3]) != miss["area"]:
            continue
        if "contains" in miss:
            if miss["contains"] in f["source"] or miss["contains"] in f["message"]:
                return True
        elif abs(f["line"] - miss.get("line", f["line"])) <= 2:
            return True
    return False


def reviewed(f: dict) -> bool:
    return f["severity"] in REVIEWED_SEVERITIES


def review_table(results: dict, verdicts: List[dict], misses: List[dict], bandit: bool = True) -> str:
    matched, reworded = match_verdicts(results, verdicts)
    out = []
    # Projects.
    out.append("| project | files linted | findings (MEDIUM/HIGH) | true | dev-only | false alarm | unreviewed | "
               "flasklint s | Bandit s |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    per_rule: Dict[str, Counter] = defaultdict(Counter)
    totals: Counter = Counter()
    unreviewed = []
    for name, r in sorted(results.items()):
        c: Counter = Counter()
        for i, f in enumerate(r["findings"]):
            if not reviewed(f):
                continue
            c["all"] += 1
            v = matched.get((name, i))
            kind = v["verdict"] if v else "unreviewed"
            c[kind] += 1
            per_rule[f["rule"]][kind] += 1
            if not v:
                unreviewed.append((name, f))
        totals.update(c)
        status = "" if r["status"] == "ok" else f" ({r['status']})"
        b = r.get("bandit_seconds")
        out.append(f"| {name}{status} | {r.get('files', '')} | {c['all']} | {c['true-problem']} | {c['dev-only']} | "
                   f"{c['false-alarm']} | {c['unreviewed']} | {r['seconds']:.1f} | "
                   f"{'' if b is None else f'{b:.1f}'} |")
    out.append(f"| **all {len(results)}** | | {totals['all']} | {totals['true-problem']} | {totals['dev-only']} | "
               f"{totals['false-alarm']} | {totals['unreviewed']} | "
               f"{sum(r['seconds'] for r in results.values()):.1f} | "
               f"{sum(r.get('bandit_seconds') or 0 for r in results.values()):.1f} |")
    # Precision per rule.
    out.append("")
    out.append("Precision of MEDIUM/HIGH findings (true + dev-only over reviewed; strict: true over reviewed):")
    out.append("")
    out.append("| rule | reviewed | true | dev-only | false alarm | unreviewed | precision | strict |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|")
    family: Dict[str, Counter] = defaultdict(Counter)
    for rule in sorted(per_rule):
        c = per_rule[rule]
        family[rule[:3]].update(c)
        out.append(precision_row(rule, c))
    for fam in sorted(family):
        out.append(precision_row(f"{fam}xx ({AREAS.get(fam, '?')})", family[fam]))
    out.append(precision_row("**all**", totals))
    # Recall per area.
    out.append("")
    out.append("Recall per area: real problems found (reviewed true findings of any severity, and known misses now "
               "found) over all known real problems (those and the misses still missed):")
    out.append("")
    out.append("| area | true findings | known misses | misses now found | recall |")
    out.append("|---|---:|---:|---:|---:|")
    tp_area: Counter = Counter()
    for (name, i), v in matched.items():
        if v["verdict"] == "true-problem":
            tp_area[AREAS.get(results[name]["findings"][i]["rule"][:3], "?")] += 1
    miss_area: Counter = Counter()
    found_area: Counter = Counter()
    for m in misses:
        miss_area[m["area"]] += 1
        if miss_found(m, results.get(m["project"], {}).get("findings", [])):
            found_area[m["area"]] += 1
    for area in sorted(set(tp_area) | set(miss_area)):
        total = tp_area[area] + miss_area[area]
        found = tp_area[area] + found_area[area]
        out.append(f"| {area} | {tp_area[area]} | {miss_area[area]} | {found_area[area]} | "
                   f"{100.0 * found / total:.0f}% |" if total else f"| {area} | 0 | 0 | 0 | - |")
    tp, ms, fd = sum(tp_area.values()), sum(miss_area.values()), sum(found_area.values())
    if tp + ms:
        out.append(f"| **all** | {tp} | {ms} | {fd} | {100.0 * (tp + fd) / (tp + ms):.0f}% |")
    if reworded:
        out.append("")
        out.append(f"{len(reworded)} verdict(s) matched by rule, path and source line only (message reworded); "
                   "refresh them with `review --template`.")
    if unreviewed:
        out.append("")
        out.append(f"Unreviewed MEDIUM/HIGH findings ({len(unreviewed)}):")
        for name, f in unreviewed:
            out.append(f"- {name} {f['path']}:{f['line']} {f['rule']} {f['severity']}/{f['confidence']} {f['message']}")
    bad = [n for n, r in results.items() if r["status"] != "ok"]
    if bad:
        out.append("")
        out.append("Not linted: " + ", ".join(f"{n} ({results[n]['status']})" for n in bad))
    return "\n".join(out) + "\n"


def precision_row(label: str, c: Counter) -> str:
    n = c["true-problem"] + c["dev-only"] + c["false-alarm"]
    prec = f"{100.0 * (c['true-problem'] + c['dev-only']) / n:.0f}%" if n else "-"
    strict = f"{100.0 * c['true-problem'] / n:.0f}%" if n else "-"
    return (f"| {label} | {n} | {c['true-problem']} | {c['dev-only']} | {c['false-alarm']} | {c['unreviewed']} | "
            f"{prec} | {strict} |")


def verdict_template(results: dict, verdicts: List[dict], everything: bool = False) -> List[dict]:
    """Verdict stubs for the findings no verdict matches (MEDIUM/HIGH unless
    ``everything``), and refreshed copies of the reworded ones."""
    matched, reworded = match_verdicts(results, verdicts)
    reworded_ids = {id(v) for v in reworded}
    stubs = []
    for name, r in sorted(results.items()):
        for i, f in enumerate(r["findings"]):
            v = matched.get((name, i))
            if (v is not None and id(v) not in reworded_ids) or (not everything and not reviewed(f)):
                continue
            stubs.append({
                "project": name, "path": f["path"], "rule": f["rule"], "fingerprint": f["fingerprint"],
                "source": f["source"], "line": f["line"], "severity": f["severity"], "message": f["message"],
                "verdict": v["verdict"] if v else "", "evidence": v["evidence"] if v else "",
            })
    return stubs


VERDICT_FIELDS = ("project", "path", "rule", "fingerprint", "source", "line", "severity", "message", "verdict",
                  "evidence")
MISS_FIELDS = ("project", "area", "rule", "path", "line", "contains", "evidence")


def merge(files: List[str], verdicts_path: str = VERDICTS, misses_path: str = MISSES) -> Tuple[int, int]:
    """Fold filled-in review files (``{"verdicts": [...], "misses": [...]}``
    or a bare list of verdicts) into the committed ones; a verdict replaces
    the one for the same finding.  Returns how many of each were merged."""
    verdicts = {(v["project"], v["rule"], v["path"], v["fingerprint"]): v
                for v in load_json(verdicts_path, "verdicts")}
    misses = {(m["project"], m["path"], m.get("contains"), m.get("line")): m for m in load_json(misses_path, "misses")}
    nv = nm = 0
    for path in files:
        with open(path, encoding="utf-8") as fh:
            doc = json.load(fh)
        if isinstance(doc, list):
            doc = {"verdicts": doc}
        new = [{k: v[k] for k in VERDICT_FIELDS if k in v} for v in doc.get("verdicts", []) if v.get("verdict")]
        check_verdicts(new)
        for v in new:
            verdicts[(v["project"], v["rule"], v["path"], v["fingerprint"])] = v
            nv += 1
        for m in doc.get("misses", []):
            if m.get("area") not in AREAS.values():
                raise SystemExit(f"miss with unknown area: {m}")
            m = {k: m[k] for k in MISS_FIELDS if k in m}
            misses[(m["project"], m["path"], m.get("contains"), m.get("line"))] = m
            nm += 1
    order = lambda d: (d["project"], d["path"], d.get("line") or 0, d.get("rule") or "")  # noqa: E731
    for path, key, rows in ((verdicts_path, "verdicts", verdicts), (misses_path, "misses", misses)):
        with open(path, "w", encoding="utf-8") as fh:
            json.dump({key: sorted(rows.values(), key=order)}, fh, indent=1, ensure_ascii=False)
            fh.write("\n")
    return nv, nm


# --- compare ---------------------------------------------------------------


def finding_key(f: dict) -> Tuple[str, str, str]:
    return (f["rule"], f["path"], f["source"])


def diff_findings(base: List[dict], head: List[dict]) -> Dict[str, list]:
    """Findings added, removed and changed between two runs of one project.

    A finding with the same rule, path and fingerprint on both sides is the
    same finding (changed if its severity or confidence moved); the others
    are paired by rule, path and source line, in order (a reworded message:
    changed); what is left is added or removed."""
    pool: Dict[tuple, List[dict]] = defaultdict(list)
    for f in base:
        pool[(f["rule"], f["path"], f["fingerprint"])].append(f)
    changed, unpaired = [], []
    for f in head:
        same = pool.get((f["rule"], f["path"], f["fingerprint"]))
        if same:
            b = same.pop(0)
            if (b["severity"], b["confidence"]) != (f["severity"], f["confidence"]):
                changed.append((b, f))
        else:
            unpaired.append(f)
    by_line: Dict[tuple, List[dict]] = defaultdict(list)
    for fs in pool.values():
        for f in fs:
            by_line[finding_key(f)].append(f)
    added = []
    for f in unpaired:
        if by_line.get(finding_key(f)):
            changed.append((by_line[finding_key(f)].pop(0), f))
        else:
            added.append(f)
    removed = [f for fs in by_line.values() for f in fs]
    return {"added": added, "removed": removed, "changed": changed}


def describe(f: dict) -> str:
    return f"{f['rule']} {f['severity']}/{f['confidence']} {f['path']}:{f['line']} {f['message']}"


def compare_report(base: dict, head: dict, base_label: str, head_label: str) -> str:
    out = [f"# flasklint {base_label} -> {head_label}", ""]
    totals: Counter = Counter()
    for name in sorted(set(base) | set(head)):
        b, h = base.get(name), head.get(name)
        if b is None or h is None:
            out.append(f"## {name}: only in {'head' if b is None else 'base'}")
            continue
        d = diff_findings(b["findings"], h["findings"])
        status = f"{b['status']} -> {h['status']}" if b["status"] != h["status"] else h["status"]
        head_line = (f"## {name}: {status}, {len(b['findings'])} -> {len(h['findings'])} findings, "
                     f"+{len(d['added'])} -{len(d['removed'])} ~{len(d['changed'])}, "
                     f"{b['seconds']:.1f} s -> {h['seconds']:.1f} s")
        totals.update(added=len(d["added"]), removed=len(d["removed"]), changed=len(d["changed"]),
                      base=len(b["findings"]), head=len(h["findings"]))
        if h["status"] != "ok":
            totals["crashes"] += 1
        if not (d["added"] or d["removed"] or d["changed"]) and b["status"] == h["status"]:
            out.append(head_line)
            continue
        out.append(head_line)
        for f in d["added"]:
            out.append(f"+ {describe(f)}")
        for f in d["removed"]:
            out.append(f"- {describe(f)}")
        for old, new in d["changed"]:
            out.append(f"~ {describe(old)}")
            out.append(f"  -> {describe(new)}")
        if h["status"] != "ok":
            out.append("  " + h.get("stderr", "").strip().replace("\n", "\n  "))
    out.append("")
    out.append(f"Summary: {totals['base']} -> {totals['head']} findings; +{totals['added']} added, "
               f"-{totals['removed']} removed, ~{totals['changed']} changed; {totals['crashes']} not linted by head.")
    return "\n".join(out) + "\n"


def install_ref(ref: str, cache: str) -> Tuple[str, str]:
    """A virtual environment with flasklint at ``ref`` installed; returns its
    python and a label.  ``WORKTREE`` runs the working tree's code."""
    if ref == "WORKTREE":
        return sys.executable, "working tree"
    sha = subprocess.run(["git", "rev-parse", "--verify", f"{ref}^{{commit}}"], cwd=REPO, check=True,
                         capture_output=True, text=True).stdout.strip()
    venv = os.path.join(cache, "venvs", sha)
    python = os.path.join(venv, "bin", "python")
    if not os.path.exists(os.path.join(venv, ".done")):
        shutil.rmtree(venv, ignore_errors=True)
        src = tempfile.mkdtemp(prefix="flasklint-src-")
        try:
            archive = subprocess.run(["git", "archive", "--format=tar", sha], cwd=REPO, check=True,
                                     stdout=subprocess.PIPE).stdout
            with tarfile.open(fileobj=io.BytesIO(archive)) as tf:
                tf.extractall(src)
            subprocess.run([sys.executable, "-m", "venv", venv], check=True)
            subprocess.run([python, "-m", "pip", "install", "-q", src], check=True)
        finally:
            shutil.rmtree(src, ignore_errors=True)
        open(os.path.join(venv, ".done"), "w").close()
    return python, f"{ref} ({sha[:10]})"


def compare(base_ref: str, head_ref: str, projects: List[Project], cache: str, timeout: int) -> str:
    sides = []
    for ref in (base_ref, head_ref):
        python, label = install_ref(ref, cache)
        command = flasklint_command(python, REPO if ref == "WORKTREE" else None)
        print(f"running {label}", file=sys.stderr)
        sides.append((label, run(projects, cache, command, timeout, bandit=False)))
    (bl, br), (hl, hr) = sides
    return compare_report(br, hr, bl, hl)


# --- command line ----------------------------------------------------------


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", default=default_cache(), help="folder for the projects (outside the repository)")
    ap.add_argument("--only", help="comma-separated project names")
    ap.add_argument("--projects", default=PROJECTS, help=argparse.SUPPRESS)
    sub = ap.add_subparsers(dest="command", required=True)
    f = sub.add_parser("fetch", help="re-create the pinned projects")
    f.add_argument("--mirrors", help="folder of git mirrors (owner+name or owner/name)")
    r = sub.add_parser("run", help="lint every project with this checkout")
    r.add_argument("-o", "--output", default=None, help="results file (default: CACHE/results.json)")
    r.add_argument("--timeout", type=int, default=DEFAULT_TIMEOUT)
    r.add_argument("--bandit", action="store_true", help="also time Bandit on each project")
    v = sub.add_parser("review", help="match findings to verdicts; print the table")
    v.add_argument("results", nargs="?", help="results file (default: CACHE/results.json)")
    v.add_argument("--template", help="write verdict stubs for unreviewed findings to this file")
    v.add_argument("--all-severities", action="store_true", help="stubs for LOW findings too")
    m = sub.add_parser("merge", help="fold filled-in review files into verdicts.json and misses.json")
    m.add_argument("files", nargs="+")
    c = sub.add_parser("compare", help="findings added, removed and changed between two refs")
    c.add_argument("base")
    c.add_argument("head")
    c.add_argument("--timeout", type=int, default=DEFAULT_TIMEOUT)
    args = ap.parse_args(argv)
    if os.path.realpath(args.cache).startswith(os.path.realpath(REPO) + os.sep):
        ap.error("--cache must be outside the repository")
    projects = load_projects(args.projects, args.only)
    if args.command == "merge":
        nv, nm = merge(args.files)
        print(f"merged {nv} verdicts and {nm} misses", file=sys.stderr)
        return 0
    if args.command == "fetch":
        return fetch(projects, args.cache, args.mirrors)
    if args.command == "run":
        results = run(projects, args.cache, flasklint_command(sys.executable, REPO), args.timeout, args.bandit)
        out = args.output or os.path.join(args.cache, "results.json")
        os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
        with open(out, "w", encoding="utf-8") as fh:
            json.dump(results, fh, indent=1, ensure_ascii=False)
        print(f"results: {out}", file=sys.stderr)
        print(review_table(results, load_json(VERDICTS, "verdicts"), load_json(MISSES, "misses")))
        return 0
    if args.command == "review":
        with open(args.results or os.path.join(args.cache, "results.json"), encoding="utf-8") as fh:
            results = json.load(fh)
        if args.only:
            results = {n: r for n, r in results.items() if n in {p.name for p in projects}}
        verdicts = load_json(VERDICTS, "verdicts")
        check_verdicts(verdicts)
        if args.template:
            with open(args.template, "w", encoding="utf-8") as fh:
                json.dump(verdict_template(results, verdicts, args.all_severities), fh, indent=1,
                          ensure_ascii=False)
        print(review_table(results, verdicts, load_json(MISSES, "misses")))
        return 0
    print(compare(args.base, args.head, projects, args.cache, args.timeout))
    return 0


if __name__ == "__main__":
    sys.exit(main())
