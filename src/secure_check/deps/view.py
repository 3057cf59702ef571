"""Text and HTML views of a dependency audit (for the notebook and the terminal)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any, Protocol

from secure_check.core.findings import Finding


class DependencyReport(Protocol):
    """What the views read of ``deps.audit.DependencyReport`` (typed here: no import cycle)."""

    @property
    def path(self) -> str: ...  # noqa: D102
    @property
    def packages(self) -> Sequence[Any]: ...  # noqa: D102
    @property
    def findings(self) -> Sequence[Finding]: ...  # noqa: D102
    @property
    def vulnerability_status(self) -> str: ...  # noqa: D102


# NOTE: `scan --deps` and `secure-check deps` end with the same line: how advisories were checked.
MSG_STATUS = "vulnerabilities: {status}"
NOTHING = "not checked: nothing to audit"
_ROW_KINDS = ("copyleft", "network-copyleft", "unknown", "weak-copyleft")


def to_text(report: DependencyReport) -> str:
    """Return a short summary: packages, problems and the vulnerability status."""
    lines = [
        f"dependencies of {report.path or 'the environment'}: {len(report.packages)} package(s), "
        f"{len(report.findings)} problem(s); vulnerabilities: {report.vulnerability_status}"
    ]
    lines += [f"  [{f.severity.value}] {f.rule}: {f.message}" for f in report.findings]
    return "\n".join(lines)


def to_html(report: DependencyReport) -> str:
    """Return a table of packages (licence, class, advisories) and the problems found."""
    rows = "".join(
        f"<tr><td>{escape(p.name)}</td><td>{escape(p.version or 'not installed')}</td>"
        f"<td>{escape(p.licence or '-')}</td>"
        f"<td{_flag(p.licence_class)}>{escape(p.licence_class)}</td>"
        f"<td>{len(p.vulnerabilities)}</td><td>{escape(', '.join(p.sources))}</td></tr>"
        for p in report.packages
    )
    problems = "".join(
        f"<li><b>{escape(f.severity.value)}</b> {escape(f.rule)}: {escape(f.message)}</li>"
        for f in report.findings
    )
    return (
        '<div class="secure-check-deps"><style>.secure-check-deps .flag{color:#b35c00;'
        "font-weight:bold}</style>"
        f"<p>Vulnerabilities: <b>{escape(report.vulnerability_status)}</b></p>"
        "<table><tr><th>package</th><th>version</th><th>licence</th><th>class</th>"
        f"<th>advisories</th><th>used by</th></tr>{rows}</table>"
        f"<ul>{problems}</ul></div>"
    )


def _flag(kind: str) -> str:
    return " class=flag" if kind in _ROW_KINDS else ""
