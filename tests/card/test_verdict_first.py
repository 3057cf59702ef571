"""The card and the nbconvert report put each analysis' verdict before its evidence."""

from __future__ import annotations

from secure_check.card.html import _fairness, _robustness
from secure_check.reports.exporter import _analysis_html

FINDINGS = [
    {"category": "fairness", "rule": "small_group", "severity": "low", "message": "few rows"},
    {"category": "fairness", "rule": "demographic_parity_ratio", "severity": "high",
     "message": "Group 'b' of sex is selected at 0.50 times the rate", "feature": "sex"},
]  # fmt: skip


def test_the_cards_fairness_section_opens_with_the_verdict():
    content = {"fairness": {"disparities": {"sex": {"demographic_parity_ratio": 0.5}},
                            "findings": FINDINGS}}  # fmt: skip
    page = _fairness(content, {})
    verdict = page.index("Fairness: 1 issue needs attention: unequal selection rates.")
    assert verdict < page.index("<table>")
    assert page.index("selected at 0.50") < page.index("1 low-severity note(s)")


def test_the_cards_robustness_section_says_when_nothing_needs_attention():
    content = {"robustness": {"findings": [], "attacks": [], "clean_accuracy": 0.9}}
    page = _robustness(content, {})
    assert page.index("Robustness: no issues found.") < page.index("Clean accuracy")


def test_the_exporter_report_leads_with_the_verdict_and_folds_the_evidence():
    page = _analysis_html({"mime": "application/vnd.secure-check.fairness+json",
                           "findings": FINDINGS, "verdict": {"headline": "all fine"}})  # fmt: skip
    # a verdict stored in the notebook is not trusted: it is recomputed from the findings
    assert "all fine" not in page
    assert page.index("1 issue needs attention") < page.index("<details><summary>Evidence")
    assert page.index("<details><summary>Evidence") < page.index("<table>")


def test_the_markdown_cards_sections_open_with_the_verdict():
    from secure_check.card import markdown

    content = {"fairness": {"disparities": {"sex": {"demographic_parity_ratio": 0.5}},
                            "findings": FINDINGS},
               "robustness": {"findings": [], "attacks": [], "clean_accuracy": 0.9}}  # fmt: skip
    page = markdown._fairness(content)
    body = page.split("## Fairness\n\n", 1)[1]
    assert body.startswith("**Fairness: 1 issue needs attention: unequal selection rates.**\n")
    assert body.index("selected at 0.50") < body.index("| sensitive feature |")
    assert body.index("ThresholdOptimizer") < body.index("| sensitive feature |")
    assert "<summary>1 low-severity note(s)</summary>" in body and "- [low] few rows" in body
    robust = markdown._robustness(content).split("\n\n", 1)[1]
    assert robust.startswith("**Robustness: no issues found.**\n")
    assert robust.index("no issues found") < robust.index("Clean accuracy")


def test_the_markdown_verdict_escapes_what_a_data_set_names():
    from secure_check.analyses.rich import verdict
    from secure_check.card.markdown import verdict_markdown

    hostile = [{**FINDINGS[1], "message": "Group '<img src=x onerror=alert(1)>' **bold**",
                "next": "x"}]  # fmt: skip
    text = verdict_markdown(verdict("Fairness", hostile))
    assert "<img" not in text and "&lt;img src=x" in text and "\\*\\*bold\\*\\*" in text


def test_a_merged_gap_keeps_its_metrics_folded_in_the_markdown():
    from secure_check.analyses.rich import verdict
    from secure_check.card.markdown import verdict_markdown

    gap = [
        {"category": "fairness", "rule": r, "severity": "medium", "feature": "sex",
         "groups": ["a", "b"], "message": f"{r} differs"}
        for r in ("demographic_parity_ratio", "equalized_odds_difference")
    ]  # fmt: skip
    text = verdict_markdown(verdict("Fairness", gap))
    assert text.startswith("**Fairness: 1 issue needs attention: gap between 'sex=a' and ")
    assert "   <details><summary>2 metrics</summary>" in text
    assert "   - [medium] equalized_odds_difference differs" in text
