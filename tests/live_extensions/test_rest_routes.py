"""The REST resource rules ``flasklint routes`` lists, checked against the
real frameworks (opt-in: ``tox -e extensions``).

Each fixture project of tests/fixtures/routes/rest_* is the test's own small
app: here it is imported in a subprocess with the pinned flask-restful /
flask-restx installed, and its ``app.url_map`` -- rule, endpoint, methods, in
registration order -- must be the rows flasklint computed without running
it.  The rules restx adds for its own documentation (``root``, ``specs``,
``doc``, ``restx_doc.static``) are left out on both sides: they are the
extension record's ``routes``, not resource rules.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from flasklint.cli.routes import render_routes
from tests.harness import FIXTURES

pytest.importorskip("flask_restful")
pytest.importorskip("flask_restx")

CASES = ("rest_restful", "rest_restx", "rest_blueprint")
OWN = {"root", "specs", "doc"}

DUMP = """
import json, logging, warnings
logging.disable(logging.CRITICAL)
warnings.simplefilter("ignore")
import app
print(json.dumps([
    {"endpoint": r.endpoint, "methods": sorted(r.methods - {"HEAD", "OPTIONS"}), "rule": r.rule}
    for r in app.app.url_map.iter_rules()
]))
"""


def _theirs(endpoint: str) -> bool:
    return endpoint.rpartition(".")[2] in OWN or endpoint.startswith("restx_doc.")


@pytest.mark.parametrize("case", CASES)
def test_fixture_rules_are_the_frameworks(case, monkeypatch):
    root = FIXTURES / "routes" / case
    proc = subprocess.run([sys.executable, "-c", DUMP], cwd=root, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    real = [r for r in json.loads(proc.stdout) if not _theirs(r["endpoint"])]
    monkeypatch.chdir(root)
    rows = json.loads(render_routes(["."], "json"))
    ours = [{k: r[k] for k in ("endpoint", "methods", "rule")} for r in rows if not _theirs(r["endpoint"])]
    assert ours == real
