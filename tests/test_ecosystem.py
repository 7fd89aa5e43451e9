"""The real-world check's own logic (benchmarks/ecosystem.py), on tiny inputs.

No test here needs the network or the pinned projects: git sources come from
a repository made in a temporary folder, wheels from a zip made there."""

import hashlib
import importlib.util
import json
import os
import re
import subprocess
import zipfile

import pytest

from flasklint.baseline import fingerprints

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_spec = importlib.util.spec_from_file_location("ecosystem", os.path.join(REPO, "benchmarks", "ecosystem.py"))
eco = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(eco)


def finding(rule="FL101", path="app.py", line=3, message="debug on", severity="HIGH", confidence="HIGH",
            source="app.run(debug=True)", fingerprint=None, column=1):
    return {"rule": rule, "path": path, "line": line, "column": column, "message": message,
            "severity": severity, "confidence": confidence, "source": source,
            "fingerprint": fingerprint or f"{rule}-{path}-{source}-{message}:0"}


def result(*findings, status="ok", seconds=1.0):
    return {"status": status, "seconds": seconds, "findings": list(findings), "errors": []}


def verdict(f, project="svc", kind="true-problem", evidence="checked"):
    return {"project": project, "path": f["path"], "rule": f["rule"], "fingerprint": f["fingerprint"],
            "source": f["source"], "verdict": kind, "evidence": evidence}


# --- fingerprints --------------------------------------------------------------


class _Finding:
    def __init__(self, d):
        self.rule, self.path, self.line, self.column, self.message = (
            d["rule"], d["path"], d["line"], d["column"], d["message"])

    def sort_key(self):
        return (self.path, self.line, self.column, self.rule, self.message)


class _Project:
    def __init__(self, root):
        self.root = root

    def source_line(self, path, line):
        with open(os.path.join(self.root, path), encoding="utf-8") as fh:
            return fh.read().splitlines()[line - 1]


def test_fingerprints_are_the_baselines(tmp_path):
    (tmp_path / "app.py").write_text("from flask import Flask\napp = Flask(__name__)\napp.run(debug=True)\n"
                                     "app.run(debug=True)\n")
    found = [
        {"rule": "FL101", "path": "app.py", "line": 4, "column": 1, "message": "debug on at line 4"},
        {"rule": "FL101", "path": "app.py", "line": 3, "column": 1, "message": "debug on at line 3"},
    ]
    expected = [fp for _, _, fp in fingerprints([_Finding(d) for d in found], _Project(str(tmp_path)))]
    eco.fingerprint_findings(found, str(tmp_path))
    assert [f["fingerprint"] for f in found] == expected
    # Same line text, same masked message: told apart by their order only.
    assert [f["fingerprint"][-2:] for f in found] == [":1", ":0"]
    assert found[0]["source"] == "app.run(debug=True)"


def test_fingerprint_ignores_line_moves(tmp_path):
    (tmp_path / "app.py").write_text("x = 1\napp.run(debug=True)\n")
    before = [{"rule": "FL101", "path": "app.py", "line": 2, "column": 1, "message": "debug"}]
    eco.fingerprint_findings(before, str(tmp_path))
    (tmp_path / "app.py").write_text("x = 1\n\n\n    app.run(debug=True)\n")
    after = [{"rule": "FL101", "path": "app.py", "line": 4, "column": 5, "message": "debug"}]
    eco.fingerprint_findings(after, str(tmp_path))
    assert before[0]["fingerprint"] == after[0]["fingerprint"]


# --- verdicts ----------------------------------------------------------------------


def test_verdicts_match_by_fingerprint_and_project():
    a = finding()
    b = finding(rule="FL401", source="SECRET_KEY = 'dev'", message="hardcoded key")
    results = {"svc": result(a, b), "other": result(a)}
    matched, reworded = eco.match_verdicts(results, [verdict(a), verdict(b, kind="false-alarm")])
    assert matched[("svc", 0)]["verdict"] == "true-problem"
    assert matched[("svc", 1)]["verdict"] == "false-alarm"
    assert ("other", 0) not in matched  # a verdict belongs to one project
    assert reworded == []


def test_reworded_message_still_matches_by_source_line_once():
    old = finding(message="old wording")
    new = finding(message="new wording", fingerprint="changed:0")
    matched, reworded = eco.match_verdicts({"svc": result(new)}, [verdict(old)])
    assert matched[("svc", 0)]["verdict"] == "true-problem"
    assert len(reworded) == 1
    # Two candidates on the same line: no guess.
    twin = dict(old, fingerprint="other:0")
    matched, reworded = eco.match_verdicts({"svc": result(new)}, [verdict(old), verdict(twin)])
    assert matched == {} and reworded == []


def test_review_table_counts_precision_and_lists_unreviewed():
    tp = finding()
    fa = finding(rule="FL201", path="views.py", source="@bp.route('/x')", message="duplicate")
    todo = finding(rule="FL401", path="config.py", source="SECRET_KEY = 'x'", message="hardcoded")
    low = finding(rule="FL305", severity="LOW", source="return str(e)", message="leak")
    table = eco.review_table({"svc": result(tp, fa, todo, low)}, [verdict(tp), verdict(fa, kind="false-alarm")], [])
    assert "| svc |  | 3 | 1 | 0 | 1 | 1 | 1.0 |  |" in table
    assert "| FL101 | 1 | 1 | 0 | 0 | 0 | 100% | 100% |" in table
    assert "| FL201 | 1 | 0 | 0 | 1 | 0 | 0% | 0% |" in table
    assert "| **all** | 2 | 1 | 0 | 1 | 1 | 50% | 50% |" in table
    assert "Unreviewed MEDIUM/HIGH findings (1):" in table
    assert "- svc config.py:3 FL401 HIGH/HIGH hardcoded" in table
    assert "FL305" not in table.split("Precision")[1].split("Recall")[0]  # LOW needs no verdict


def test_dev_only_counts_for_precision_not_strict_precision():
    f = finding()
    table = eco.review_table({"svc": result(f)}, [verdict(f, kind="dev-only")], [])
    assert "| FL101 | 1 | 0 | 1 | 0 | 0 | 100% | 0% |" in table


def test_recall_counts_true_findings_and_known_misses():
    tp = finding()
    found_miss = {"project": "svc", "area": "secrets", "rule": "FL401", "path": "config.py", "line": 9,
                  "contains": "SECRET_KEY", "evidence": "literal key"}
    missed = {"project": "svc", "area": "secrets", "rule": "FL401", "path": "other.py", "line": 1,
              "contains": "JWT_SECRET_KEY", "evidence": "literal JWT key"}
    key = finding(rule="FL401", path="config.py", line=12, source="SECRET_KEY = 'abc'", message="hardcoded")
    table = eco.review_table({"svc": result(tp, key)}, [verdict(tp)], [found_miss, missed])
    assert "| debug | 1 | 0 | 0 | 100% |" in table
    assert "| secrets | 0 | 2 | 1 | 50% |" in table
    assert "| **all** | 1 | 2 | 1 | 67% |" in table


def test_miss_found_by_line_window_and_area():
    miss = {"project": "svc", "area": "debug", "path": "run.py", "line": 10, "evidence": "x"}
    assert eco.miss_found(miss, [finding(path="run.py", line=12)])
    assert not eco.miss_found(miss, [finding(path="run.py", line=13)])
    assert not eco.miss_found(miss, [finding(rule="FL401", path="run.py", line=10)])  # another area
    assert not eco.miss_found(dict(miss, rule="FL102"), [finding(path="run.py", line=10)])  # another rule


def test_committed_verdicts_and_misses_are_well_formed():
    names = {p.name for p in eco.load_projects()}
    with open(eco.VERDICTS, encoding="utf-8") as fh:
        verdicts = json.load(fh)["verdicts"]
    eco.check_verdicts(verdicts)
    for v in verdicts:
        assert v["project"] in names, v
        assert v["evidence"].strip(), v
        assert re.fullmatch(r"[0-9a-f]{20}:\d+", v["fingerprint"]), v
    keys = [(v["project"], v["rule"], v["path"], v["fingerprint"]) for v in verdicts]
    assert len(keys) == len(set(keys)), "one verdict per finding"
    with open(eco.MISSES, encoding="utf-8") as fh:
        misses = json.load(fh)["misses"]
    assert misses, "the known-miss list is not empty"
    for m in misses:
        assert m["project"] in names and m["area"] in eco.AREAS.values() and m["evidence"].strip(), m
        assert m.get("contains") or m.get("line"), m


# --- compare -----------------------------------------------------------------------


def test_diff_findings_added_removed_changed():
    same = finding()
    moved = dict(same, line=30)  # same fingerprint: not a change
    severity = finding(rule="FL401", source="KEY = 'x'", message="weak")
    severity_new = dict(severity, severity="LOW")
    reworded = finding(rule="FL301", source="api = Blueprint('api')", message="answers HTML")
    reworded_new = dict(reworded, message="answers HTML pages", fingerprint="new:0")
    gone = finding(rule="FL201", source="@app.route('/')", message="dup")
    new = finding(rule="FL205", source="def view():", message="signature")
    d = eco.diff_findings([same, severity, reworded, gone], [moved, severity_new, reworded_new, new])
    assert d["added"] == [new]
    assert d["removed"] == [gone]
    assert sorted((a["rule"], b["rule"]) for a, b in d["changed"]) == [("FL301", "FL301"), ("FL401", "FL401")]


def test_compare_report_lists_each_project_and_summary():
    a, b = finding(), finding(rule="FL401", source="K = 'x'", message="key")
    report = eco.compare_report({"svc": result(a), "api": result(a)},
                                {"svc": result(a, b, seconds=2.0), "api": result(status="crash")}, "main", "HEAD")
    assert "## svc: ok, 1 -> 2 findings, +1 -0 ~0, 1.0 s -> 2.0 s" in report
    assert "+ FL401 HIGH/HIGH app.py:3 key" in report
    assert "## api: ok -> crash" in report
    assert "Summary: 2 -> 2 findings; +1 added, -1 removed, ~0 changed; 1 not linted by head." in report


# --- pins and fetching -------------------------------------------------------------


def test_pins_are_exact():
    projects = eco.load_projects()
    assert len(projects) >= 25
    for p in projects:
        e = p.entry
        assert e.get("shape"), p.name
        if p.source == "pypi":
            assert re.fullmatch(r"[0-9a-f]{64}", e["sha256"]) and e["file"].endswith(".whl"), p.name
            assert e["version"] in e["file"], p.name
        else:
            assert re.fullmatch(r"[0-9a-f]{40}", e["commit"]) and e["url"].startswith("https://"), p.name


def test_archive_members_stay_inside():
    assert eco.safe_members(["a/b.py", "../x", "/etc/passwd", "a/../../y", "ok/../z.py"]) == ["a/b.py", "ok/../z.py"]


def _pins(tmp_path, entry):
    path = tmp_path / "projects.toml"
    body = "\n".join(f'{k} = "{v}"' for k, v in entry.items())
    path.write_text(f"[[project]]\n{body}\n")
    return str(path)


def test_fetch_git_from_mirror_at_pinned_commit(tmp_path):
    work = tmp_path / "mirrors" / "acme+svc"
    subprocess.run(["git", "init", "-q", str(work)], check=True)
    git = ["git", "-C", str(work), "-c", "user.name=t", "-c", "user.email=t@t"]
    (work / "app.py").write_text("v1\n")
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "one"], check=True)
    pinned = subprocess.run([*git, "rev-parse", "HEAD"], check=True, capture_output=True, text=True).stdout.strip()
    (work / "app.py").write_text("v2\n")
    subprocess.run([*git, "commit", "-q", "-am", "two"], check=True)
    pins = _pins(tmp_path, {"name": "svc", "shape": "t", "source": "git", "repo": "acme/svc",
                            "url": "https://invalid.invalid/acme/svc", "commit": pinned})
    cache = tmp_path / "cache"
    assert eco.main(["--cache", str(cache), "--projects", pins, "fetch", "--mirrors", str(tmp_path / "mirrors")]) == 0
    assert (cache / "projects" / "svc" / "app.py").read_text() == "v1\n"
    assert not (cache / "projects" / "svc" / ".git").exists()
    # Present: skipped, not fetched again.
    assert eco.main(["--cache", str(cache), "--projects", pins, "fetch", "--mirrors", str(tmp_path / "mirrors")]) == 0


def test_fetch_wheel_checks_sha_and_unpacks_inside(tmp_path):
    downloads = tmp_path / "cache" / "downloads"
    downloads.mkdir(parents=True)
    wheel = downloads / "svc-1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        zf.writestr("svc/app.py", "app = 1\n")
        zf.writestr("../escape.py", "nope\n")
    sha = hashlib.sha256(wheel.read_bytes()).hexdigest()
    pins = _pins(tmp_path, {"name": "svc", "shape": "t", "source": "pypi", "package": "svc", "version": "1.0",
                            "file": wheel.name, "sha256": sha})
    assert eco.main(["--cache", str(tmp_path / "cache"), "--projects", pins, "fetch"]) == 0
    assert (tmp_path / "cache" / "projects" / "svc" / "svc" / "app.py").exists()
    assert not (tmp_path / "cache" / "projects" / "escape.py").exists()
    assert not (tmp_path / "cache" / "escape.py").exists()


def test_cache_inside_the_repository_is_refused():
    with pytest.raises(SystemExit):
        eco.main(["--cache", os.path.join(REPO, "benchmarks", "cache"), "fetch"])


def test_merge_folds_filled_stubs_and_replaces_a_findings_verdict(tmp_path):
    verdicts, misses = tmp_path / "verdicts.json", tmp_path / "misses.json"
    f = finding(fingerprint="0123456789abcdef0123:0")
    stub = dict(verdict(f), line=3, severity="HIGH", message="debug on", verdict="", evidence="")
    (tmp_path / "a.json").write_text(json.dumps({"verdicts": [dict(stub, verdict="false-alarm", evidence="x")]}))
    (tmp_path / "b.json").write_text(json.dumps({
        "verdicts": [dict(stub, verdict="true-problem", evidence="run.py is the documented entry point"),
                     dict(stub, fingerprint="ffffffffffffffffffff:0")],  # left empty: not merged
        "misses": [{"project": "svc", "area": "secrets", "rule": "FL401", "path": "config.py", "line": 4,
                    "contains": "JWT_SECRET_KEY", "evidence": "literal"}]}))
    assert eco.merge([str(tmp_path / "a.json"), str(tmp_path / "b.json")], str(verdicts), str(misses)) == (2, 1)
    merged = json.loads(verdicts.read_text())["verdicts"]
    assert [(v["verdict"], v["evidence"]) for v in merged] == [("true-problem", "run.py is the documented entry point")]
    assert json.loads(misses.read_text())["misses"][0]["contains"] == "JWT_SECRET_KEY"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([dict(stub, verdict="maybe", evidence="?")]))
    with pytest.raises(SystemExit):
        eco.merge([str(bad)], str(verdicts), str(misses))
