"""Rule metadata shared by the SARIF and HTML reports: names, help text and levels."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

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
