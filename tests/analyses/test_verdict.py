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


def _gap(rule, severity, groups, feature="afam"):
    return {"category": "fairness", "rule": rule, "severity": severity, "feature": feature,
            "groups": groups, "message": f"{rule} differs"}  # fmt: skip


def test_metrics_of_one_gap_are_one_issue_that_keeps_every_finding():
    from secure_check.analyses.rich import verdict_html

    findings = [
        _gap("demographic_parity_ratio", "medium", ["yes", "no"]),
        _gap("equalized_odds_difference", "high", ["no", "yes"]),  # the same pair, other order
        _gap("equal_opportunity_difference", "medium", ["yes", "no"]),
        _gap("demographic_parity_ratio", "medium", ["yes", "no"], feature="single"),
        FINDINGS[2],
    ]
    v = verdict("Fairness", findings)
    assert v["headline"] == (
        "Fairness: 3 issues need attention: gap between 'afam=no' and 'afam=yes' (3 metrics), "
        "a proxy for a sensitive feature, unequal selection rates between 'single=yes' and "
        "'single=no'."
    )
    gap = v["issues"][0]
    assert gap["severity"] == "high" and gap["rule"] == "equalized_odds_difference"
    assert [m["rule"] for m in gap["findings"]] == [
        "equalized_odds_difference", "demographic_parity_ratio", "equal_opportunity_difference"
    ]  # fmt: skip
    assert gap["message"].endswith(
        "2 other metric(s): demographic parity ratio, equal opportunity difference."
    )
    page = verdict_html(v)
    assert '<details class="jp-SecureCheck-Metrics"><summary>3 metrics</summary>' in page
    assert all(f"[{f['severity']}] {f['message']}" in page for f in findings[:3])


def test_other_pairs_slices_and_small_groups_are_not_merged():
    findings = [
        _gap("demographic_parity_ratio", "medium", ["yes", "no"]),
        _gap("equalized_odds_difference", "medium", ["yes", "maybe"]),
        {**_gap("underperforming_slice", "medium", ["yes", "no"]), "groups": None},
        _gap("small_group", "low", ["a", "b"]),
    ]
    v = verdict("Fairness", findings)
    assert len(v["issues"]) == 3 and len(v["notes"]) == 1
    assert not any("findings" in i for i in v["issues"])


def test_an_intersection_names_each_column_of_its_groups():
    from secure_check.analyses.gaps import group_name

    assert group_name("race & sex", "b & f") == "race=b & sex=f"
    assert group_name("race & sex", "odd") == "race & sex=odd"


def test_on_a_real_data_set_the_headline_counts_gaps_not_metrics(fairness):
    serious = [f for f in fairness.findings if f["severity"] in ("high", "medium")]
    v = fairness.verdict()
    kept = sum(len(i.get("findings", [i])) for i in v["issues"])
    assert kept == len(serious)  # every finding is still there, inside its gap
    pairs = {(f["feature"], frozenset(f["groups"])) for f in serious if f.get("groups")}
    slices = {f["rule"] for f in serious if f["rule"] == "underperforming_slice"}
    others = [f for f in serious if not f.get("groups") and f["rule"] not in slices]
    assert len(v["issues"]) == len(pairs) + len(slices) + len(others)
    assert len(v["issues"]) < len(serious)  # HMDA, afam: 15 findings, 2 issues (see report)
    assert v["headline"].startswith(f"Fairness: {len(v['issues'])} issues need attention: gap ")


def test_the_slices_where_the_model_does_worse_are_one_issue():
    slices = [
        {"category": "fairness", "rule": "underperforming_slice", "severity": s,
         "message": f"worse where {d}", "description": d, "slice": {}}
        for s, d in [("medium", "a=1"), ("high", "b=2"), ("medium", "c=3"), ("medium", "d=4"),
                     ("medium", "e=5")]
    ]  # fmt: skip
    (item,) = verdict("Fairness", slices)["issues"]
    assert item["label"] == "5 slices where the model does worse" and item["severity"] == "high"
    assert item["message"] == "worse where b=2 Also worse in: a=1; c=3; d=4 and 1 more."
    assert len(item["findings"]) == 5
