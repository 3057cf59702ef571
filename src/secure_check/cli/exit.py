"""Exit codes, the program name and the exit-code rules every subcommand shares."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from secure_check.core.policy import Policy
    from secure_check.core.scan import FileResult

PROG = "secure-check"
EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2
MSG_POLICY_FAILED = "policy {source}: {n} violation(s)"


def fail(message: str) -> int:
    """Print ``secure-check: error: message`` on stderr and return the usage/read-error code.

    Parameters
    ----------
    message
        What went wrong, for a person.

    Returns
    -------
    int
        ``EXIT_ERROR`` (2).
    """
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return EXIT_ERROR


def exit_code(results: Sequence[FileResult], fail_on: str) -> int:
    """2 if any file was unreadable, else 1 if an unaccepted finding reaches ``fail_on``, else 0.

    Parameters
    ----------
    results
        One result per file scanned.
    fail_on
        ``high``, ``medium``, ``low`` or ``never`` (only read errors fail).

    Returns
    -------
    int
        ``EXIT_ERROR``, ``EXIT_FINDINGS`` or ``EXIT_OK``.
    """
    from secure_check.core.findings import Severity

    if any(r.error is not None for r in results):
        return EXIT_ERROR
    if fail_on == "never":
        return EXIT_OK
    threshold = Severity(fail_on)
    failing = any(f.severity >= threshold and not f.accepted for r in results for f in r.findings)
    return EXIT_FINDINGS if failing else EXIT_OK


def verdict(results: Sequence[FileResult], fail_on: str | None, policy: Policy | None) -> int:
    """2 on unreadable files; else 1 if ``--fail-on`` (or, without it, the policy) fails.

    Parameters
    ----------
    results
        One result per file scanned or audited.
    fail_on
        The ``--fail-on`` given on the command line; ``None`` defers to ``policy``.
    policy
        The policy that applies; ``None`` uses ``fail_on`` (``low`` when that is ``None`` too).

    Returns
    -------
    int
        ``EXIT_ERROR``, ``EXIT_FINDINGS`` (the violation count goes to stderr) or ``EXIT_OK``.
    """
    if policy is None or any(r.error is not None for r in results):
        return exit_code(results, fail_on or "low")
    violations = policy.evaluate(f for r in results for f in r.findings)
    if violations:
        print(MSG_POLICY_FAILED.format(source=policy.shown, n=len(violations)), file=sys.stderr)
        return EXIT_FINDINGS
    return EXIT_OK
