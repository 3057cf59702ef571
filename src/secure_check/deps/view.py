"""Text and HTML views of a dependency audit (for the notebook and the terminal)."""

from __future__ import annotations

from collections.abc import Sequence
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


# NOTE: package names, versions and licences come from the notebook and the environment:
# rendered by Jinja2 with auto-escaping (core.page).
_HTML = (
    '<div class="secure-check-deps"><style>.secure-check-deps .flag{color:#b35c00;'
    "font-weight:bold}</style><p>Vulnerabilities: <b>{{ status }}</b></p>"
    "<table><tr><th>package</th><th>version</th><th>licence</th><th>class</th>"
    "<th>advisories</th><th>used by</th></tr>{% for p in packages %}<tr><td>{{ p.name }}</td>"
    "<td>{{ p.version or 'not installed' }}</td><td>{{ p.licence or '-' }}</td>"
    "<td{% if p.licence_class in flagged %} class=flag{% endif %}>{{ p.licence_class }}</td>"
    "<td>{{ p.vulnerabilities | length }}</td><td>{{ p.sources | join(', ') }}</td></tr>"
    "{% endfor %}</table><ul>{% for f in findings %}<li><b>{{ f.severity.value }}</b> "
    "{{ f.rule }}: {{ f.message }}</li>{% endfor %}</ul></div>"
)


def to_html(report: DependencyReport) -> str:
    """Return a table of packages (licence, class, advisories) and the problems found."""
    from secure_check.core.page import render

    return render(
        _HTML, status=report.vulnerability_status, packages=report.packages,
        findings=report.findings, flagged=_ROW_KINDS,
    )  # fmt: skip
