"""`%secure_check card` in a real kernel (nbclient): the notebook is found, bound and scanned."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from secure_check.card.sign import keygen
from secure_check.cli.main import main
from secure_check.core import audit

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::DeprecationWarning")]
SRC = Path(__file__).resolve().parents[2] / "src"


def _cells(token: str) -> list[str]:
    return [
        "%load_ext secure_check",
        f'GITHUB_TOKEN = "{token}"',
        "from sklearn.datasets import load_breast_cancer\n"
        "from sklearn.linear_model import LogisticRegression\n"
        "X, y = load_breast_cancer(return_X_y=True, as_frame=True)\n"
        "clf = LogisticRegression(max_iter=3000).fit(X, y)",
        "%secure_check card clf --data X --target y --out card --sign keys/signing.key "
        '--intended-use "kernel test"',
    ]


@pytest.fixture(scope="module")
def executed(tmp_path_factory, planted):
    """Run the training notebook once in a fresh kernel."""
    import nbformat
    from nbclient import NotebookClient

    work = tmp_path_factory.mktemp("kernel-card")
    keygen(work / "keys")
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(s) for s in _cells(planted["github"])]
    )
    path = work / "train.ipynb"
    path.write_text(nbformat.writes(nb))
    env = {
        "JPY_SESSION_NAME": str(path),
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
        "IPYTHONDIR": str(work / "ipython"),
        audit.LOG_ENV: str(work / "audit.jsonl"),
    }
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        client = NotebookClient(
            nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(work)}}
        )
        client.execute()
    finally:
        for k, v in old.items():
            os.environ.pop(k) if v is None else os.environ.__setitem__(k, v)
    return nb, work


def test_magic_card_binds_and_scans_the_running_notebook(executed, planted):
    # Given the notebook executed in a kernel
    nb, work = executed
    # Then the card cell displayed the card, and the card names and digests the notebook
    shown = nb.cells[-1].outputs[0]["data"]
    assert "text/html" in shown and "signed" in shown["text/plain"]
    content = json.loads((work / "card" / "model-card.json").read_text())["secure_check"]
    assert content["model_details"]["notebook"]["path"] == "../train.ipynb"
    assert content["intended_use"] == "kernel test"
    # And its scan counted the leaked token by rule, never storing it
    scan = content["security_scan"]
    assert scan["status"] == "run" and any("github" in r.lower() for r in scan["by_rule"])
    for file in (work / "card").iterdir():
        assert planted["github"].encode() not in file.read_bytes(), file.name


def test_card_from_the_kernel_verifies_with_its_audit_log(executed, capsys):
    # Given the card and the audit log the kernel wrote
    _, work = executed
    # When both are verified from the command line
    rc = main(["verify", str(work / "card"), "--key", str(work / "keys" / "signing.pub"),
               "--log", str(work / "audit.jsonl")])  # fmt: skip
    # Then the signature, every subject (notebook included) and the chain hold
    assert rc == 0, capsys.readouterr().err
    assert "5 subject(s) match" in capsys.readouterr().out
