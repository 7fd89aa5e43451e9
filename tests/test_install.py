"""The install footprint (issue 22): installing flasklint into an
application's environment must not upgrade the application's Flask.

Opt-in (it creates a virtual environment and downloads from the package
index): ``FLASKLINT_INSTALL_TEST=1 pytest tests/test_install.py``, or
``tox -e install``."""

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OLD_FLASK = "2.2.5"

pytestmark = pytest.mark.skipif(
    os.environ.get("FLASKLINT_INSTALL_TEST") != "1",
    reason="creates a virtualenv and uses the network: set FLASKLINT_INSTALL_TEST=1 (tox -e install)",
)


def _run(cmd, **kw):
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=900, **kw)
    assert proc.returncode == 0, f"{cmd}:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc.stdout


def test_installing_into_an_app_with_an_old_flask_keeps_its_flask(tmp_path):
    env_dir = tmp_path / "app-env"
    venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
    bindir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = str(bindir / "python")
    pip = [python, "-m", "pip", "--disable-pip-version-check", "-q"]
    _run(pip + ["install", f"Flask=={OLD_FLASK}"])
    before = _run([python, "-m", "pip", "freeze"])
    _run(pip + ["install", str(ROOT)], cwd=str(tmp_path))  # (a wheel built from the checkout)
    version = _run([python, "-c", "from importlib.metadata import version; print(version('flask'))"]).strip()
    assert version == OLD_FLASK
    after = _run([python, "-m", "pip", "freeze"])
    kept = {line for line in before.splitlines() if not line.lower().startswith("flasklint")}
    assert kept <= set(after.splitlines()), "installing flasklint changed the application's packages"
    out = _run([str(bindir / "flasklint"), "--version"], cwd=str(tmp_path))
    assert out.startswith("flasklint ")
    # and it lints (the console script, in the app's environment)
    app = tmp_path / "svc"
    app.mkdir()
    (app / "app.py").write_text("from flask import Flask\n\napp = Flask(__name__)\napp.run(debug=True)\n")
    proc = subprocess.run([str(bindir / "flasklint"), "--no-cache", "."], cwd=str(app), capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1 and "FL101" in proc.stdout, proc.stderr
    assert sys.executable != python
