"""`jupyter nbconvert --to secure_check`: the real command, its report files and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from secure_check.exporter import ERR_POLICY
from secure_check.reports.exporter import POLICY_PASSED

JUPYTER = str(Path(sys.executable).with_name("jupyter"))


def nbconvert(nb: Path, *args: str, timeout: int = 240) -> subprocess.CompletedProcess[str]:
    cmd = [JUPYTER, "nbconvert", "--to", "secure_check", *args, nb.name]
    return subprocess.run(
        cmd, cwd=nb.parent, capture_output=True, text=True, timeout=timeout, check=False
    )


def test_clean_notebook_writes_html_and_exits_0(clean_nb: Path) -> None:
    # Given a notebook with nothing to report
    # When it is converted with the default format
    done = nbconvert(clean_nb)
    # Then the HTML report sits beside it and says the policy passed
    assert done.returncode == 0, done.stderr
    page = clean_nb.with_suffix(".html").read_text()
    assert page.startswith("<!DOCTYPE html>")
    assert POLICY_PASSED in page


def test_leaky_notebook_still_writes_the_report_then_exits_1(leaky_nb: Path, token: str) -> None:
    # Given a notebook leaking a token, and the default policy (fail on any finding)
    # When it is converted
    done = nbconvert(leaky_nb)
    # Then nbconvert exits 1, saying why, and the report was written first without the raw value
    assert done.returncode == 1
    assert ERR_POLICY.split("{")[0] in done.stderr
    page = leaky_nb.with_suffix(".html").read_text()
    assert "github-token" in page and "policy failed: 1 violation(s)" in page
    assert token not in page and token not in done.stderr


@pytest.mark.parametrize(
    ("fmt", "suffix", "marker"),
    [("json", ".json", '"schema": "secure-check/scan@1"'), ("sarif", ".sarif", '"2.1.0"'),
     ("text", ".txt", "github-token")],
)  # fmt: skip
def test_formats_and_policy_file(leaky_nb: Path, fmt: str, suffix: str, marker: str) -> None:
    # Given a policy that lets secrets through
    (leaky_nb.parent / "secure-check.toml").write_text('[secrets]\nfail-on = "never"\n')
    # When converted to each format into another folder
    done = nbconvert(leaky_nb, f"--SecureCheckExporter.report_format={fmt}", "--output-dir=out")
    # Then it passes and the report has the format's suffix and shape
    assert done.returncode == 0, done.stderr
    report = (leaky_nb.parent / "out" / leaky_nb.name).with_suffix(suffix).read_text()
    assert marker in report
    if fmt == "json":
        policy = json.loads(report)["policy"]
        assert policy["passed"] and policy["file"].endswith("secure-check.toml")


def test_stdout_gets_the_report_even_when_failing(leaky_nb: Path) -> None:
    # Given the failing notebook
    # When converted to stdout as JSON
    done = nbconvert(leaky_nb, "--stdout", "--SecureCheckExporter.report_format=json")
    # Then stdout holds the whole JSON report and the exit code is still 1
    assert done.returncode == 1
    doc = json.loads(done.stdout)
    assert doc["policy"]["passed"] is False
    assert [v["rule"] for v in doc["policy"]["violations"]] == ["github-token"]


FAIRNESS_CELL = """\
import numpy as np, pandas as pd, secure_check
rng = np.random.default_rng(0)
sex = np.where(np.arange(200) % 2 == 0, "f", "m")
y = rng.integers(0, 2, 200)
pred = np.where(sex == "m", rng.random(200) < 0.8, rng.random(200) < 0.2).astype(int)
secure_check.fairness(pred, pd.DataFrame({"sex": sex}), y, sensitive_features="sex",
                      n_boot=20, discover=False)"""


@pytest.mark.slow
def test_execute_evaluates_the_analyses_the_notebook_runs(
    tmp_path: Path, make_nb: Callable[..., Path]
) -> None:
    # Given an unexecuted notebook that assesses a biased model, and a fairness floor
    nb = make_nb(tmp_path / "model.ipynb", FAIRNESS_CELL)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.secure-check.fairness]\nfail-on = "never"\nmin-ratio = 0.8\n'
    )
    # When converted with --execute
    done = nbconvert(nb, "--execute", "--SecureCheckExporter.report_format=json")
    # Then the fresh fairness output is evaluated: the ratio floor fails the run
    assert done.returncode == 1, done.stderr
    doc = json.loads(nb.with_suffix(".json").read_text())
    rules = {v["rule"] for v in doc["policy"]["violations"]}
    assert rules == {"demographic_parity_ratio", "equalized_odds_ratio"}
    assert doc["analyses"][0]["mime"] == "application/vnd.secure-check.fairness+json"


def test_preprocessor_in_another_pipeline(leaky_nb: Path) -> None:
    # Given the preprocessor added to a plain HTML export
    import nbformat
    from nbconvert import HTMLExporter

    from secure_check.exporter import RESOURCE_KEY, PolicyFailed, SecureCheckPreprocessor

    nb = nbformat.read(leaky_nb, as_version=4)
    exporter = HTMLExporter()
    exporter.register_preprocessor(SecureCheckPreprocessor(), enabled=True)
    resources = {"metadata": {"path": str(leaky_nb.parent), "name": "leaky"}}
    # When the notebook is exported
    html, out = exporter.from_notebook_node(nb, resources)
    # Then the HTML is untouched and the scan waits in the resources
    data = out[RESOURCE_KEY]
    assert "<html" in html
    assert [f.rule for f in data["result"].findings] == ["github-token"]
    assert [v.rule for v in data["violations"]] == ["github-token"]
    # When it is told to fail on a breach
    strict = SecureCheckPreprocessor(fail=True)
    # Then the conversion stops with the policy's reason
    with pytest.raises(PolicyFailed, match=r"secure-check policy failed for leaky\.ipynb"):
        strict.preprocess(nb, resources)
