"""The composite GitHub Action (action.yml): its structure, and the README's
workflow snippet naming only its inputs."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from flasklint import __version__

yaml = pytest.importorskip("yaml")

ROOT = Path(__file__).resolve().parent.parent
INPUTS = {"path", "args", "version", "sarif-file", "python-version", "upload"}


@pytest.fixture(scope="module")
def action():
    return yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))


def _step(action, name):
    (step,) = [s for s in action["runs"]["steps"] if s["name"] == name]
    return step


def test_a_composite_action_with_its_inputs(action):
    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) == INPUTS
    assert all(i.get("description") for i in action["inputs"].values())
    assert action["inputs"]["path"]["default"] == "."
    assert action["inputs"]["sarif-file"]["default"] == "flasklint.sarif"
    assert [s["name"] for s in action["runs"]["steps"]] == [
        "Check Python",
        "Set up Python",
        "Install flasklint",
        "Run flasklint",
        "Upload SARIF",
    ]
    assert action["outputs"]["exit-code"]["value"] == "${{ steps.lint.outputs.exit-code }}"


def test_steps(action):
    setup = _step(action, "Set up Python")
    assert setup["uses"].startswith("actions/setup-python@") and "if" in setup
    install = _step(action, "Install flasklint")
    # a pinned version from the index, else the action's own source (its ref)
    assert install["env"] == {"VERSION": "${{ inputs.version }}", "ACTION_PATH": "${{ github.action_path }}"}
    assert 'spec="flasklint==${VERSION#v}"' in install["run"] and 'spec="$ACTION_PATH"' in install["run"]
    lint = _step(action, "Run flasklint")
    assert "-I -m flasklint --output-format sarif -o \"$SARIF\" $ARGS $PATHS" in lint["run"]
    assert lint["env"]["SARIF"] == "${{ inputs.sarif-file }}"
    upload = _step(action, "Upload SARIF")
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert upload["if"].startswith("always()")
    assert upload["with"]["sarif_file"] == "${{ inputs.sarif-file }}"
    for step in action["runs"]["steps"]:
        if "run" in step:
            assert step["shell"] == "bash"
            # (inputs reach scripts through env, never spliced into the script)
            assert "${{" not in step["run"], step["name"]


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_scripts_are_valid_bash(action):
    for step in action["runs"]["steps"]:
        if "run" in step:
            proc = subprocess.run(["bash", "-n"], input=step["run"], capture_output=True, text=True)
            assert proc.returncode == 0, (step["name"], proc.stderr)


def _readme_snippet():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    # (the section runs to the next heading of any level: "### GitLab CI" too)
    (section,) = re.findall(r"^#{2,} GitHub Actions\n(.*?)(?=^#{2,} |\Z)", readme, re.S | re.M)
    (block,) = re.findall(r"```yaml\n(.*?)```", section, re.S)
    return block


def test_the_readme_snippet_uses_this_action_and_its_inputs(action):
    block = _readme_snippet()
    # (commented-out inputs too: uncommented, the snippet stays valid)
    workflow = yaml.safe_load(re.sub(r"(?m)^(\s+)# (\S[\w-]*: )", r"\1\2", block))
    steps = workflow["jobs"]["flasklint"]["steps"]
    (step,) = [s for s in steps if "flasklint/flasklint@" in s.get("uses", "")]
    assert step["uses"] == f"flasklint/flasklint@v{__version__}"  # (the release tag scheme: vX.Y.Z)
    assert set(step["with"]) == INPUTS
    assert workflow["permissions"]["security-events"] == "write"
