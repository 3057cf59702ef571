"""`python -m secure_check.demo`: scans the bundled notebooks and writes the three reports."""

from __future__ import annotations

import json
import re

from secure_check import demo


def test_demo_writes_reports_with_findings_and_the_malformed_file(tmp_path, capsys):
    # When
    code = demo.main(["--out", str(tmp_path / "demo-report")])
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
    demo.main(["--out", str(tmp_path)])
    outputs = [capsys.readouterr().out] + [p.read_text() for p in tmp_path.iterdir()]
    # Then
    for text in outputs:
        assert not [v for v in planted if v in text]
