"""The exporter's report: the scan report plus the policy verdict and the notebook's analyses."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from secure_check.reports import Section

POLICY_PASSED = "policy passed"
POLICY_FAILED = "policy failed: {n} violation(s)"
NO_POLICY_FILE = "built-in defaults (no secure-check.toml or [tool.secure-check] found)"
_CSS = (
    "<style>.policy-failed h2{color:#b00020}.policy-passed h2{color:#1b7f3b}"
    ".analysis figure{display:inline-block;margin:0 1em 1em 0;vertical-align:top}"
    ".analysis img{max-width:480px;height:auto}.analysis figcaption{font-size:.85em}</style>"
)


def report(data: Mapping[str, Any], fmt: str) -> str:
    """Render ``resources["secure_check"]`` (see ``SecureCheckPreprocessor``) as ``fmt``.

    Parameters
    ----------
    data
        ``result`` (a ``FileResult``), ``analyses`` (dicts), ``violations``, ``policy``
        (the policy file or ``None``) and ``seconds``.
    fmt
        ``html``, ``json``, ``sarif`` or ``text``.
    """
    from secure_check.reports import Format, render

    seconds = float(data["seconds"])
    return render([data["result"]], cast("Format", fmt), seconds=seconds, sections=sections(data))


def sections(data: Mapping[str, Any]) -> list[Section]:
    """Return the policy verdict and the notebook's analyses as report sections."""
    from secure_check.reports import Section

    analyses = data["analyses"]
    policy = Section("policy", _policy_dict(data), _CSS + _policy_html(data), _policy_lines(data))
    html = "".join(_analysis_html(a) for a in analyses)
    return [policy, Section("analyses", [_without_plots(a) for a in analyses], html)]


def _policy_dict(data: Mapping[str, Any]) -> dict[str, Any]:
    violations = data["violations"]
    return {
        "file": data["policy"],
        "passed": not violations,
        "violations": [v.to_dict() for v in violations],
    }


def _policy_lines(data: Mapping[str, Any]) -> tuple[str, ...]:
    violations = data["violations"]
    head = POLICY_FAILED.format(n=len(violations)) if violations else POLICY_PASSED
    return (
        f"{head} ({data['policy'] or NO_POLICY_FILE})",
        *(f"  - {v.message}" for v in violations),
    )


def _policy_html(data: Mapping[str, Any]) -> str:
    violations = data["violations"]
    head = POLICY_FAILED.format(n=len(violations)) if violations else POLICY_PASSED
    from secure_check.core.page import render

    return render(
        _POLICY, css="policy-failed" if violations else "policy-passed", head=head,
        policy=str(data["policy"] or NO_POLICY_FILE), messages=[v.message for v in violations],
    )  # fmt: skip


# NOTE: the policy file's path and the violations' messages name notebook content.
_POLICY = (
    '<section class="policy {{ css }}"><h2>Policy</h2><p>{{ head }}. Policy: <code>{{ policy }}'
    "</code></p><ul>{% for m in messages %}<li>{{ m }}</li>{% endfor %}</ul></section>"
)


_ANALYSIS = (
    '<section class="analysis"><h2>{{ kind }}</h2>{{ head }}'
    "<details><summary>Evidence: every finding and plot</summary>"
    "<table><tr><th>severity</th><th>rule</th><th>finding</th></tr>"
    "{% for f in findings %}<tr><td>{{ f.get('severity', '') }}</td><td>{{ f.get('rule', '') }}"
    "</td><td>{{ f.get('message', '') }}</td></tr>{% endfor %}</table>{{ plots }}</details>"
    "</section>"
)


def _analysis_html(analysis: Mapping[str, Any]) -> str:
    from secure_check.analyses.rich import verdict, verdict_html
    from secure_check.core.page import figures, render, trusted

    kind = str(analysis.get("mime", "analysis")).split(".")[-1].split("+")[0]
    found = [f for f in analysis.get("findings") or [] if isinstance(f, Mapping)]
    # NOTE: recomputed from the findings: a stored "verdict" came from the notebook, which
    # anyone can edit, and this report must say what the findings say.
    head = trusted(verdict_html(verdict(kind.title(), found)))
    plots = analysis.get("plots")
    # NOTE: figures() embeds checked image data URIs only: a crafted notebook's "plot" cannot
    # carry onerror= or <script> into the report.
    shown = trusted(figures(plots)) if isinstance(plots, Mapping) else ""
    return render(_ANALYSIS, kind=kind.title(), head=head, findings=found, plots=shown)


def _without_plots(analysis: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in analysis.items() if k != "plots"}
