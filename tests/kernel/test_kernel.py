"""The magics in a real kernel: nbclient runs a notebook using each of them (one start)."""

import json
import os
import random
from pathlib import Path

import nbformat
import pytest

import synth_pii
import synth_secrets
from secure_check.kernel.advice import REFUSED_HEADER
from secure_check.kernel.tabular import ANON_MIME, PII_MIME
from secure_check.kernel.views import FINDINGS_MIME

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::DeprecationWarning")]
SRC = Path(__file__).resolve().parents[2] / "src"


def _cells(token: str, people: list[dict[str, str]]) -> list[str]:
    return [
        "%load_ext secure_check",
        "%secure_check guard on",
        "side_effects = []",
        f"api_key = '{token}'\nside_effects.append('ran')",
        "print(len(side_effects))",
        f"print('{token[:8]}' + '{token[8:]}')",
        "%secure_check",
        f"import pandas as pd\npeople = pd.DataFrame({json.dumps(people)})",
        "%secure_check pii people",
        "%secure_check anonymize people --into people_anon",
        "print(sorted(people_anon.columns), people_anon['email'].str.contains('@').all())",
        "print(sum(s.startswith('api_key') for s in In), _i4.startswith('# [secure-check]'))",
        f"%%secure_check --force\nforced = '{token}'\nprint('forced ran')",
        "%secure_check review",
    ]


@pytest.fixture(scope="module")
def kernel_token():
    return synth_secrets.github_classic_token(random.Random(11))


@pytest.fixture(scope="module")
def executed(tmp_path_factory, kernel_token):
    """Run the notebook once (one kernel start) for every test of this module."""
    from nbclient import NotebookClient

    work = tmp_path_factory.mktemp("kernel")
    people = [{**p, "age": str(20 + i % 50)} for i, p in enumerate(synth_pii.people(30, seed=1))]
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(s) for s in _cells(kernel_token, people)]
    )
    nb.cells[3].metadata["tags"] = ["raises-exception"]
    path = work / "audit.ipynb"
    path.write_text(nbformat.writes(nb))
    env = {
        "JPY_SESSION_NAME": str(path),
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
        "XDG_CONFIG_HOME": str(work / "config"),
        "IPYTHONDIR": str(work / "ipython"),
    }
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        NotebookClient(
            nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(work)}}
        ).execute()
    finally:
        for k, v in old.items():
            os.environ.pop(k) if v is None else os.environ.__setitem__(k, v)
    return nb, work


def _text(cell) -> str:
    parts = []
    for out in cell.outputs:
        parts.append(out.get("text", ""))
        parts.append(out.get("data", {}).get("text/plain", ""))
    return "".join(parts)


def test_refused_cell_does_not_run_in_a_kernel(executed, kernel_token):
    nb, _ = executed
    refused = nb.cells[3].outputs
    assert any(o.output_type == "stream" and REFUSED_HEADER in o.text for o in refused)
    assert kernel_token not in json.dumps(refused)
    assert _text(nb.cells[4]).strip() == "0"
    assert _text(nb.cells[11]).strip() == "0 True"  # the refused source left IPython's history


def test_printed_secret_is_flagged_at_once(executed):
    nb, _ = executed
    bundles = [o.data for o in nb.cells[5].outputs if o.output_type == "display_data"]
    assert any(
        FINDINGS_MIME in b and b[FINDINGS_MIME]["findings"][0]["rule"] == "github-token"
        for b in bundles
    )


def test_scan_finds_the_session_notebook_file(executed, kernel_token):
    nb, _ = executed
    (result,) = [o for o in nb.cells[6].outputs if o.output_type == "execute_result"]
    payload = result.data[FINDINGS_MIME]
    assert payload["path"].endswith("audit.ipynb")
    assert any(f["rule"] == "github-token" and f["cell_index"] == 3 for f in payload["findings"])
    assert kernel_token not in json.dumps(result.data)


def test_pii_and_anonymize_in_a_kernel(executed):
    nb, work = executed
    (pii,) = [o.data[PII_MIME] for o in nb.cells[8].outputs if o.output_type == "execute_result"]
    kinds = {c["column"]: c["kind"] for c in pii["columns"]}
    assert {"email", "phone"} <= set(kinds)
    (anon,) = [o.data[ANON_MIME] for o in nb.cells[9].outputs if o.output_type == "execute_result"]
    assert anon["into"] == "people_anon" and anon["k"] is not None
    columns, all_emails_left = _text(nb.cells[10]).strip().rsplit(" ", 1)
    assert "'email'" in columns and all_emails_left == "False"  # e-mails were hashed
    assert (work / "config" / "secure-check" / "pseudonym.key").exists()


def test_cell_magic_and_review_widget_in_a_kernel(executed, kernel_token):
    nb, _ = executed
    forced = nb.cells[12].outputs
    assert "forced ran" in _text(nb.cells[12])
    assert any(FINDINGS_MIME in o.get("data", {}) for o in forced)  # the source was reported
    assert kernel_token not in json.dumps([o.get("data", {}) for o in forced])
    (review,) = [o for o in nb.cells[13].outputs if o.output_type == "execute_result"]
    assert "application/vnd.jupyter.widget-view+json" in review.data
