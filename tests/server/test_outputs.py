"""The panel's one list: analysis outputs' findings and every rule's why/fix in the scan answer."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from secure_check.server.outputs import MAX_PER_OUTPUT, MAX_TEXT, cell_output_findings
from server.planted import code, notebook, planted
from synth_pii import us_ssn

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:jupyter_server")
FAIR = "application/vnd.secure-check.fairness+json"
PARITY = {
    "category": "fairness", "rule": "demographic_parity_ratio", "severity": "high",
    "message": "Group 'no' of afam is selected at 0.13 times the rate of group 'yes'.",
}  # fmt: skip


def _display(mime: str, payload: object) -> dict:
    return {"output_type": "display_data", "metadata": {}, "data": {mime: payload}}


def test_an_analysis_output_becomes_findings_linked_to_it():
    cell = code("%secure_check fairness clf ...", [
        {"output_type": "stream", "name": "stdout", "text": "x"},
        _display(FAIR, {"verdict": {}, "findings": [PARITY]}),
    ])  # fmt: skip
    (f,) = cell_output_findings(cell, 3, "nb.ipynb")
    assert (f.cell_index, f.where, f.output_index, f.category) == (3, "output", 1, "fairness")
    assert f.message == PARITY["message"] and f.kind == FAIR
    assert f.fingerprint.startswith("output:")


@pytest.mark.parametrize(
    "payload",
    [
        {"findings": [{**PARITY, "severity": "critical"}]},
        {"findings": [{**PARITY, "category": "secret"}]},  # the scan's own kinds are not taken
        {"findings": [{**PARITY, "message": {"html": "<script>"}}]},
        {"findings": "not a list"},
        ["not", "a", "dict"],
    ],
)
def test_hostile_outputs_are_skipped(payload):
    assert cell_output_findings(code("x", [_display(FAIR, payload)]), 0, "n") == []


def test_the_scans_own_outputs_are_not_counted_twice_and_floods_are_cut():
    findings_mime = "application/vnd.secure-check.findings+json"
    flood = {"findings": [{**PARITY, "message": "m" * 10_000}] * (MAX_PER_OUTPUT + 50)}
    cell = code("x", [_display(findings_mime, {"findings": [PARITY]}), _display(FAIR, flood)])
    found = cell_output_findings(cell, 0, "n")
    assert len(found) == MAX_PER_OUTPUT and all(len(f.message) == MAX_TEXT for f in found)


async def test_the_scan_answer_lists_every_kind_with_its_advice(jp_fetch, jp_root_dir: Path):
    # Given a saved notebook with a secret, an e-mail printed and a fairness output
    values = planted()
    nb = notebook(values)
    ssn = us_ssn(random.Random(5))
    printed = {"output_type": "stream", "name": "stdout", "text": f"customer SSN: {ssn}\n"}
    nb["cells"].append(code("print(row)", [printed]))
    nb["cells"].append(code("%secure_check fairness clf", [_display(FAIR, {"findings": [PARITY]})]))
    (jp_root_dir / "nb.ipynb").write_text(json.dumps(nb))
    # When the panel asks for a scan
    r = await jp_fetch("secure-check", "scan", method="POST", body=json.dumps({"path": "nb.ipynb"}))
    data = json.loads(r.body)
    # Then the secret, the PII and the fairness finding come in one list
    kinds = {f["category"] for f in data["findings"]}
    assert {"secret", "pii", "fairness"} <= kinds
    fair = next(f for f in data["findings"] if f["category"] == "fairness")
    assert (fair["cell_index"], fair["output_index"]) == (4, 0)
    # with their masked line and one why/fix text per rule
    secret = next(f for f in data["findings"] if f["rule"] == "github-token")
    assert secret["context"].startswith('token = "ghp_') and values["github"] not in r.body.decode()
    assert "github.com/settings/tokens" in data["advice"]["github-token"]["fix"]
    pii = next(f for f in data["findings"] if f["category"] == "pii")
    assert data["advice"][pii["rule"]]["why"].startswith("Personal data")
    assert ssn not in r.body.decode() and pii["context"].startswith("customer SSN: ")
    assert "ThresholdOptimizer" in data["advice"]["demographic_parity_ratio"]["fix"]
    # and posting the fairness cell alone (the live re-scan) finds it too
    cell = {**nb["cells"][4], "index": 4, "source": "".join(nb["cells"][4]["source"])}
    r = await jp_fetch("secure-check", "scan", method="POST",
                       body=json.dumps({"path": "nb.ipynb", "cells": [cell]}))  # fmt: skip
    assert [f["rule"] for f in json.loads(r.body)["findings"]] == ["demographic_parity_ratio"]
