"""Every analysis display leads with its verdict: headline, ranked issues with next steps, notes."""

from __future__ import annotations

import re

import pytest

import secure_check
from secure_check.analyses.advice import advice
from secure_check.analyses.rich import verdict

FINDINGS = [
    {"category": "fairness", "rule": "small_group", "severity": "low", "message": "tiny"},
    {"category": "fairness", "rule": "demographic_parity_ratio", "severity": "medium",
     "message": "Group 'yes' of afam is selected at 0.60 times...", "feature": "afam"},
    {"category": "explanation", "rule": "proxy_feature", "severity": "high",
     "message": "zip is a proxy for race", "feature": "zip", "sensitive": "race"},
]  # fmt: skip


def test_issues_are_ranked_and_low_ones_are_notes():
    v = verdict("Fairness", FINDINGS)
    assert v["status"] == "act"
    assert [i["rule"] for i in v["issues"]] == ["proxy_feature", "demographic_parity_ratio"]
    assert [i["rule"] for i in v["notes"]] == ["small_group"]
    assert v["headline"] == (
        "Fairness: 2 issues need attention: a proxy for a sensitive feature, "
        "unequal selection rates."
    )


def test_next_steps_quote_the_users_names_and_the_findings_feature():
    names = {"model": "clf", "data": "X_test", "target": "y_test", "sensitive": "sex"}
    v = verdict("Fairness", FINDINGS, names)
    proxy, parity = v["issues"]
    # the proxy's own sensitive attribute wins over the one the user typed
    assert proxy["next"] == (
        "%secure_check fairness clf --data X_test --target y_test --sensitive race"
    )
    assert parity["next"] == "%secure_check explain clf --data X_test --sensitive afam"
    assert "ThresholdOptimizer" in parity["fix"]


def test_without_names_the_next_step_uses_placeholders():
    (item,) = verdict("Fairness", FINDINGS[1:2])["issues"]
    assert item["next"] == "%secure_check explain MODEL --data X --sensitive afam"


@pytest.mark.parametrize(
    ("findings", "status", "headline"),
    [
        ([], "clear", "Explain: no issues found."),
        (FINDINGS[:1], "notes", "Explain: nothing needs attention; 1 low-severity note(s)."),
    ],
)
def test_quiet_verdicts(findings, status, headline):
    v = verdict("Explain", findings)
    assert (v["status"], v["headline"]) == (status, headline)


def test_every_known_rule_and_unknown_disparities_have_words():
    assert advice("equalized_odds_ratio", "fairness").label == "unequal error rates"
    assert advice("accuracy_ratio", "fairness").label == "unequal accuracy across groups"
    assert advice("no-such-rule", "privacy").label == "a privacy leak"
    assert advice("x", "").why


@pytest.fixture(scope="module")
def fairness(credit, credit_pipeline):
    result = secure_check.fairness(
        credit_pipeline, credit.X, credit.y, sensitive_features=["afam", "single"], n_boot=50
    )
    result.names = {"model": "clf", "data": "X", "target": "y", "sensitive": "afam,single"}
    return result


def test_the_html_display_starts_with_the_verdict_and_folds_the_evidence(fairness):
    page = fairness._repr_html_()
    body = re.sub(r"^<div[^>]*>", "", page)
    assert body.startswith('<p class="jp-SecureCheck-Verdict jp-mod-act"><b>Fairness: ')
    # the issues come before the evidence, and the evidence is folded
    assert page.index("Next: <code>%secure_check explain clf") < page.index("<details class")
    assert '<details class="jp-SecureCheck-Evidence">' in page
    assert page.index("jp-SecureCheck-Evidence") < page.index("<table>")


def test_the_json_leads_with_the_same_verdict(fairness):
    data = fairness._repr_mimebundle_()[fairness.mime_type]
    assert next(iter(data)) == "verdict"
    assert data["verdict"] == fairness.verdict()
    assert data["verdict"]["issues"][0]["severity"] == "high" or all(
        i["severity"] == "medium" for i in data["verdict"]["issues"]
    )
    text = fairness._repr_mimebundle_()["text/plain"]
    assert text.splitlines()[0] == data["verdict"]["headline"]


def test_the_html_lists_five_issues_open_folds_the_rest_and_explains_each_rule_once():
    from secure_check.analyses.rich import SHOWN_ISSUES, verdict_html

    rules = ["demographic_parity_ratio", "equalized_odds_difference"]  # one shared text
    many = [
        {**FINDINGS[1], "message": f"gap {i}", "rule": rules[i % 2]}
        for i in range(SHOWN_ISSUES + 3)
    ]
    page = verdict_html(verdict("Fairness", many))
    open_part, folded = page.split('<details class="jp-SecureCheck-More">')
    assert [f"gap {i}" in open_part for i in range(SHOWN_ISSUES + 3)] == [True] * 5 + [False] * 3
    assert "<summary>3 more issue(s)</summary>" in folded and 'start="6"' in folded
    assert page.count("equal-treatment law") == 1
