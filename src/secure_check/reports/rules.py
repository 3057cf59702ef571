"""Rule metadata shared by the SARIF and HTML reports: names, help text and levels."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from secure_check.reports.labels import label

if TYPE_CHECKING:
    from secure_check.core.findings import Finding

SARIF_LEVELS = {"high": "error", "medium": "warning", "low": "note"}
# NOTE: GitHub code scanning ranks security alerts by this property (0-10, >= 7 is "high").
SECURITY_SEVERITY = {"high": "8.0", "medium": "5.5", "low": "2.0"}

_HELP = {
    "secret": (
        "A credential ({rule}) is stored in the notebook. Treat it as leaked: revoke or rotate "
        "it, delete it from the cell and from every output (clear outputs before committing), and "
        "read it at run time from an environment variable or a secret store instead. If it is not "
        "a real credential, mark the line with `# pragma: allowlist secret` or accept it in the "
        "baseline (`secure-check scan --baseline FILE --update-baseline`)."
    ),
    "pii": (
        "Personal data ({rule}) is stored in the notebook, usually in an output such as a "
        "DataFrame preview. Clear or mask the output (show aggregates or synthetic rows), and keep "
        "the raw data outside the notebook. If the value is not personal data, add "
        "`# secure-check: ignore[{rule}]` or accept it in the baseline."
    ),
}
_DEFAULT_HELP = (
    "secure-check rule {rule} ({category}) matched here. Review the value; accept it in the "
    "baseline if it is intended."
)


# Why a finding matters and how to fix it, in the short form the panel shows under each one
# (the reports' longer help above says the same). Per rule where a rule has its own fix.
_WHY = {
    "secret": "Anyone who can read the notebook (a repository, a shared file, an export) can use "
    "this credential.",
    "pii": "Personal data in a notebook spreads with every copy of it; data-protection law "
    "(GDPR, HIPAA) limits where it may be kept.",
    "dependency": "A package the notebook uses has a known flaw, unclear terms or an unpinned "
    "version.",
}
_FIX = {
    "secret": 'Revoke or rotate it, then read it at run time: os.environ["NAME"] (Redact does '
    "this for a source line). Clear outputs that printed it.",
    "pii": "Clear the output or show masked, aggregated or synthetic rows "
    "(%secure_check anonymize DF --into SAFE); keep the raw data outside the notebook.",
    "dependency": "Upgrade to a fixed version, pin the version in %pip, or replace the package; "
    "see %secure_check deps.",
}
_RULE_FIX = {
    "github-token": "Revoke it at github.com/settings/tokens, then read the new one from "
    'os.environ["GITHUB_TOKEN"].',
    "aws-access-key": "Deactivate the key in IAM (Security credentials) and use a role or "
    'os.environ["AWS_ACCESS_KEY_ID"].',
    "aws-secret-key": "Deactivate the key pair in IAM and use a role or environment variables.",
    "openai-key": "Revoke it at platform.openai.com/api-keys; read it from "
    'os.environ["OPENAI_API_KEY"].',
    "anthropic-key": "Revoke it in the Anthropic console; read it from "
    'os.environ["ANTHROPIC_API_KEY"].',
    "huggingface-token": "Revoke it at huggingface.co/settings/tokens; use "
    "huggingface_hub.login() or HF_TOKEN.",
    "private-key": "Treat the key pair as compromised: replace it and revoke its certificate; "
    "load keys from a file outside the project.",
    "password": "Change the password, then read it from an environment variable or getpass().",
    "password-assignment": "Change the password, then read it with getpass() or from the "
    "environment.",
    "pii-column": "Drop or pseudonymise the column before display "
    "(%secure_check anonymize DF --into SAFE), or show df.describe().",
}


def advice(rule: str, category: str) -> dict[str, str | None]:
    """Return ``label``, ``why``, ``fix`` and ``next`` for a rule, as every view shows them.

    Secrets, PII and dependencies are explained here; the analyses' rules by
    ``secure_check.analyses.advice`` (their next step names a ``MODEL`` to fill in).
    """
    if category in _WHY:
        fix = _RULE_FIX.get(rule, _FIX[category])
        return {"label": label(rule, category), "why": _WHY[category], "fix": fix, "next": None}
    from secure_check.analyses.advice import advice as analysis_advice
    from secure_check.analyses.advice import fill

    a = analysis_advice(rule, category)
    return {
        "label": a.label,
        "why": a.why,
        "fix": fill(a.fix, {}, {}),
        "next": fill(a.next, {}, {}),
    }


def rule_name(rule: str) -> str:
    """Turn ``github-token`` into ``GithubToken`` (SARIF ``name`` is an identifier-like label)."""
    return "".join(part.capitalize() for part in rule.replace("_", "-").split("-") if part)


def help_text(rule: str, category: str) -> str:
    """Explain what the finding means and what to do about it (plain text, no raw values)."""
    return _HELP.get(category, _DEFAULT_HELP).format(rule=rule, category=category)


def first_by_rule(findings: Iterable[Finding]) -> dict[str, Finding]:
    """Return the first finding of each rule, in order of appearance (a rule's representative)."""
    out: dict[str, Finding] = {}
    for f in findings:
        out.setdefault(f.rule, f)
    return out


def describe(f: Finding) -> str:
    """Say where a finding sits, in words: ``cell 3 (id ab12), output 1, line 2``."""
    if f.cell_index is not None:
        cell = f"cell {f.cell_index}"
        head = f"{cell} (id {f.cell_id})" if f.cell_id else cell
    else:
        head = "notebook" if f.where == "metadata" else "file"
    return f"{head}, {describe_in_cell(f)}"


def describe_in_cell(f: Finding) -> str:
    """Say where a finding sits inside its cell: ``output 1, line 2``."""
    if f.where == "output" and f.output_index is not None:
        part = f"output {f.output_index}"
    else:
        part = "metadata" if f.where == "metadata" else "source"
    return f"{part}, line {f.line}"
