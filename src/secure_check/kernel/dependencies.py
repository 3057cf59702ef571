"""The `%secure_check deps` display: the verdict first, the package table folded below.

``deps.audit`` sits below the layer that holds the rules' words (``reports.rules``), so the
verdict is put on here, in the adapter, as the scan's view does (``kernel.views``).
"""

from __future__ import annotations

from typing import Any

from secure_check.deps.audit import MIME_TYPE, DependencyReport
from secure_check.deps.vulns import CHECKED

# NOTE: the verdict and the table are our own escaped markup (core.page); the rest is escaped.
_HTML = (
    '<div class="jp-SecureCheck-Analysis">{{ verdict }}<details class="jp-SecureCheck-Evidence">'
    "<summary>Evidence: {{ n }} package(s)</summary>{{ table }}</details></div>"
)


class DependencyView:
    """A dependency audit that displays its verdict before the packages (text, HTML, JSON).

    Everything else (``packages``, ``findings``, ``to_dict``...) is the audit's own.
    """

    def __init__(self, report: DependencyReport) -> None:
        self.report = report

    def __getattr__(self, name: str) -> Any:
        if name == "report":  # NOTE: not set yet (unpickling): no recursion
            raise AttributeError(name)
        return getattr(self.report, name)

    def verdict(self) -> dict[str, Any]:
        """Return the headline and the dependency findings ranked, each with how to fix it."""
        from secure_check.analyses.advice import Advice
        from secure_check.analyses.rich import verdict
        from secure_check.reports.rules import advice

        def advise(rule: str, category: str) -> Advice:
            return Advice(**advice(rule, category))  # type: ignore[arg-type]

        r = self.report
        items = [
            {"category": f.category, "rule": f.rule, "severity": f.severity.value,
             "message": f.message}
            for f in r.findings
            if not f.accepted
        ]  # fmt: skip
        v = verdict(f"Dependencies of {r.path or 'the environment'}", items, advise=advise)
        if r.vulnerability_status != CHECKED:
            # NOTE: "no issues" must not read as "no known vulnerabilities" when none were asked
            v["headline"] += f" Vulnerabilities {r.vulnerability_status}."
        return v

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        from secure_check.deps.view import to_text

        v = self.verdict()
        return {
            "text/plain": f"{v['headline']}\n{to_text(self.report)}",
            "text/html": self._html(v),
            MIME_TYPE: {"verdict": v, **self.report.to_dict()},
        }

    def _html(self, v: dict[str, Any]) -> str:
        from secure_check.analyses.rich import verdict_html
        from secure_check.core.page import render, trusted
        from secure_check.deps.view import to_html

        return render(
            _HTML, verdict=trusted(verdict_html(v)), n=len(self.report.packages),
            table=trusted(to_html(self.report)),
        )  # fmt: skip

    def __repr__(self) -> str:
        return str(self._repr_mimebundle_()["text/plain"])
