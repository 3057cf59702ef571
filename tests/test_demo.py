"""`python -m secure_check.demo`: scans the bundled notebooks and writes the three reports."""

from __future__ import annotations

import json
import re

import pytest

from secure_check import demo


def test_demo_writes_reports_with_findings_and_the_malformed_file(tmp_path, capsys):
    # When
    code = demo.main(["--out", str(tmp_path / "demo-report"), "--no-notebook"])
    out = capsys.readouterr().out
    # Then
    assert code == 0
    report = json.loads((tmp_path / "demo-report" / "report.json").read_text())
    by_path = {f["path"] for f in report["findings"]}
    assert {"customer_cleaning.ipynb", "model_training.ipynb"} <= by_path
    assert "clean_analysis.ipynb" not in by_path
    assert {f["category"] for f in report["findings"]} == {"secret", "pii"}
    assert {f["where"] for f in report["findings"]} >= {"source", "output"}
    assert [e["path"] for e in report["errors"]] == ["broken_export.ipynb"]
    for name in ("report.html", "report.json", "report.sarif"):
        assert str(tmp_path / "demo-report" / name) in out
    assert "report.html" in out and "finding" in out


def test_demo_reports_hold_no_planted_value(tmp_path, capsys):
    # Given: the raw values planted in the bundled notebooks
    planted = set()
    for nb in demo.demo_notebooks():
        text = nb.read_text(encoding="utf-8")
        planted |= set(
            re.findall(r"ghp_[A-Za-z0-9]{36}|sk-proj-[\w-]{40,}|postgresql://[^'\s\"]+", text)
        )
        planted |= set(re.findall(r"<td>([\w.+-]+@[\w-]+\.[\w.]+)</td>", text))
        planted |= set(re.findall(r"'ssn': '(\d{3}-\d{2}-\d{4})'", text))
        planted |= set(re.findall(r"'card_number': '([\d -]{15,23})'", text))
    assert len(planted) >= 10
    # When
    demo.main(["--out", str(tmp_path), "--no-notebook"])
    outputs = [capsys.readouterr().out] + [p.read_text() for p in tmp_path.iterdir()]
    # Then
    for text in outputs:
        assert not [v for v in planted if v in text]


@pytest.mark.slow
def test_demo_notebook_is_executed_with_every_magics_output(tmp_path, capsys, monkeypatch):
    # When the demo runs with its notebook, into a relative folder as `make demo` does
    monkeypatch.chdir(tmp_path)
    demo.main(["--out", demo.DEFAULT_OUT])
    out = capsys.readouterr().out
    # Then it says how to open it, and the magics' outputs are saved in it, where it says
    path = tmp_path / demo.DEFAULT_OUT / demo.NOTEBOOK_NAME
    assert "make lab" in out and f"{demo.DEFAULT_OUT}/{demo.NOTEBOOK_NAME}" in out
    assert not (tmp_path / demo.DEFAULT_OUT / demo.DEFAULT_OUT).exists()
    nb = json.loads(path.read_text())
    mimes = {m for c in nb["cells"] for o in c.get("outputs", []) for m in o.get("data", {})}
    kinds = ("findings", "pii", "fairness", "explanation", "robustness", "dependencies")
    assert {f"application/vnd.secure-check.{k}+json" for k in kinds} <= mimes
    errors = [o for c in nb["cells"] for o in c.get("outputs", []) if o["output_type"] == "error"]
    assert errors == []
    # and each analysis output leads with its verdict
    for c in nb["cells"]:
        for o in c.get("outputs", []):
            for mime, data in o.get("data", {}).items():
                if mime.endswith(
                    ("fairness+json", "explanation+json", "robustness+json", "dependencies+json")
                ):
                    assert next(iter(data)) == "verdict"
    # and the planted token is a real-format one the scan found (never printed raw)
    assert demo.synthetic_github_token() not in out
