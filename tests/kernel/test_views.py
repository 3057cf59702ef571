"""The scan's view leads with its verdict: what to do first, then the table, folded."""

from __future__ import annotations

import random

from secure_check.core.scan import Scanner
from secure_check.kernel.views import FINDINGS_MIME, FindingsReport
from synth_secrets import github_classic_token


def test_the_scan_view_leads_with_a_verdict_that_says_how_to_fix():
    token = github_classic_token(random.Random(2))
    findings = Scanner().scan_text(f"x = 1\ntoken = '{token}'\n", "nb.ipynb")
    bundle = FindingsReport(findings, "nb.ipynb", "file")._repr_mimebundle_()
    page = bundle["text/html"]
    assert page.index("jp-SecureCheck-Verdict") < page.index("<details>") < page.index("<table>")
    assert "Scan of nb.ipynb: 1 issue needs attention: GitHub token." in page
    assert "github.com/settings/tokens" in page and token not in page
    data = bundle[FINDINGS_MIME]
    assert next(iter(data)) == "verdict" and data["findings"][0]["rule"] == "github-token"


def test_the_pii_view_leads_with_the_columns_to_anonymise_and_the_line_that_does_it():
    from secure_check.kernel.tabular import PII_MIME, profile_table

    rows = [
        {"column": "ssn", "kind": "us-ssn", "share": 1.0, "severity": "high", "by": "values"},
        {"column": "age", "kind": None},
    ]
    bundle = profile_table(rows, "customers", 5)._repr_mimebundle_()
    page = bundle["text/html"]
    assert "PII in customers: 1 issue needs attention: US Social Security number." in page
    assert "%secure_check anonymize customers --into customers_safe" in page
    assert page.index("jp-SecureCheck-Verdict") < page.index("<details>") < page.index("<table>")
    data = bundle[PII_MIME]
    assert next(iter(data)) == "verdict" and data["columns"][0]["column"] == "ssn"
