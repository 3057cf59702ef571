"""The dependency audit as a report section: each notebook's packages and the advisory status."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from secure_check.deps.view import MSG_STATUS, NOTHING, to_html
from secure_check.reports import Section

if TYPE_CHECKING:
    from secure_check.deps.audit import DependencyReport


# NOTE: notebook paths and package fields are the notebook's: Jinja2 escapes them.
_SECTION = (
    "<h2>Dependencies</h2><p>Vulnerabilities: <b>{{ checked }}</b></p>"
    "{% for path, table in audits %}<h3>{{ path }}</h3>{{ table }}{% endfor %}"
)


def status(reports: Sequence[DependencyReport]) -> str:
    """Return whether advisories were checked (the first audit says so for the run)."""
    return reports[0].vulnerability_status if reports else NOTHING


def section(reports: Sequence[DependencyReport]) -> Section:
    """Return the package list of each audit and the status (findings stay with the scan)."""
    checked = status(reports)
    packages = [{k: v for k, v in r.to_dict().items() if k != "findings"} for r in reports]
    from secure_check.core.page import render, trusted

    audits = [(r.path, trusted(to_html(r))) for r in reports]
    html = render(_SECTION, checked=checked, audits=audits)
    json = {"vulnerability_status": checked, "reports": packages}
    return Section("dependencies", json, html, (MSG_STATUS.format(status=checked),))
