"""Every rule a detector can report is named in words, the same words in every view."""

from __future__ import annotations

import random

from secure_check.core.scan import Scanner
from secure_check.reports.labels import label, labels
from secure_check.reports.rules import advice
from synth_secrets import github_classic_token


def _detector_rules() -> set[str]:
    from secure_check.deps import audit
    from secure_check.detectors.pii.analyzer import VALUE_RULES
    from secure_check.detectors.secrets.analyzer import ANCHORED_RULES, CONTEXT_RULES
    from secure_check.detectors.secrets.bridge import TYPE_RULES
    from secure_check.detectors.secrets.rules import GCP_RULE_ID, PEM_RULE_ID

    rules = {r.id for r in ANCHORED_RULES + CONTEXT_RULES}
    rules |= {rule for rule, _, _ in TYPE_RULES.values()} | {GCP_RULE_ID, PEM_RULE_ID}
    rules |= set(VALUE_RULES) | {"pii-column"}
    source = open(audit.__file__, encoding="utf-8").read()
    rules |= {r for r in labels() if f'"{r}"' in source}  # the audit's own rule ids
    return rules


def test_every_detector_rule_has_a_label_of_its_own():
    rules = _detector_rules()
    assert len(rules) > 60  # NOTE: the collection above really found the rule tables
    missing = sorted(r for r in rules if r not in labels())
    assert missing == []
    assert {"known-vulnerability", "unpinned-install"} <= rules


def test_labels_are_words_not_ids():
    assert label("us-ssn", "pii") == "US Social Security number"
    assert label("github-token", "secret") == "GitHub token"
    assert label("pii-column", "pii") == "column of personal data"
    bare = [r for r, words in labels().items() if words == r.replace("-", " ")]
    assert len(bare) < 10  # a few are plain words already (password, street address)


def test_an_unknown_rule_still_reads_as_its_kind_and_stays_traceable():
    assert label("acme-deploy-key", "secret") == "credential (acme deploy key)"
    assert label("custom_rule", "") == "custom rule"
    assert advice("acme-deploy-key", "secret")["label"] == "credential (acme deploy key)"


def test_the_reports_advice_and_the_scan_verdict_share_the_label():
    from secure_check.kernel.views import FindingsReport

    assert advice("us-ssn", "pii")["label"] == "US Social Security number"
    token = github_classic_token(random.Random(5))
    findings = Scanner().scan_text(f"token = '{token}'\n", "nb.ipynb")
    v = FindingsReport(findings, "nb.ipynb", "file").verdict()
    assert v["headline"] == "Scan of nb.ipynb: 1 issue needs attention: GitHub token."
    assert v["issues"][0]["label"] == advice("github-token", "secret")["label"]
