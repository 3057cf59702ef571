"""Exit codes: unreadable files win, then findings at or above --fail-on, or the policy."""

from __future__ import annotations

import pytest

from secure_check.cli import exit as cli_exit
from secure_check.cli.exit import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK
from secure_check.core.findings import Finding, Severity
from secure_check.core.policy import Policy
from secure_check.core.scan import FileResult


@pytest.mark.parametrize(
    ("severities", "fail_on", "expected"),
    [
        ((), "low", EXIT_OK),
        (("low",), "low", EXIT_FINDINGS),
        (("low",), "medium", EXIT_OK),
        (("medium",), "medium", EXIT_FINDINGS),
        (("medium",), "high", EXIT_OK),
        (("high", "low"), "high", EXIT_FINDINGS),
        (("high",), "never", EXIT_OK),
    ],
)
def test_fail_on_threshold(severities, fail_on, expected):
    # Given
    findings = [
        Finding(
            "a.ipynb",
            0,
            "c",
            "source",
            None,
            1,
            1,
            "secret",
            "r",
            Severity(s),
            0.9,
            "sc1:x",
            "****",
        )
        for s in severities
    ]
    # When / Then
    assert cli_exit.exit_code([FileResult("a.ipynb", findings)], fail_on) == expected


def test_accepted_findings_do_not_fail():
    f = Finding(
        "a.ipynb", 0, "c", "source", None, 1, 1, "secret", "r", Severity.HIGH, 0.9, "sc1:x", "****"
    )
    f.accepted = True
    assert cli_exit.exit_code([FileResult("a.ipynb", [f])], "low") == EXIT_OK


def _high_secret() -> Finding:
    return Finding(
        "a.ipynb", 0, "c", "source", None, 1, 1, "secret", "r", Severity.HIGH, 0.9, "sc1:x", "****"
    )


def test_policy_decides_without_fail_on_and_unreadable_files_still_win(tmp_path, capsys):
    # Given a policy that fails secrets at high, and one that never fails
    (tmp_path / "strict").mkdir()
    (tmp_path / "strict" / "secure-check.toml").write_text('fail-on = "high"\n')
    (tmp_path / "lax").mkdir()
    (tmp_path / "lax" / "secure-check.toml").write_text('fail-on = "never"\n')
    strict, lax = Policy.load(tmp_path / "strict"), Policy.load(tmp_path / "lax")
    found = [FileResult("a.ipynb", [_high_secret()])]
    # When / Then: the strict policy fails and says why on stderr
    assert cli_exit.verdict(found, None, strict) == EXIT_FINDINGS
    assert f"policy {strict.source}: 1 violation(s)" in capsys.readouterr().err
    assert cli_exit.verdict(found, None, lax) == EXIT_OK
    # --fail-on given: no policy is passed and the threshold alone decides
    assert cli_exit.verdict(found, "never", None) == EXIT_OK
    assert cli_exit.verdict(found, None, None) == EXIT_FINDINGS  # NOTE: low by default
    unreadable = [*found, FileResult("b.ipynb", [], error="not a JSON document")]
    assert cli_exit.verdict(unreadable, None, lax) == EXIT_ERROR
