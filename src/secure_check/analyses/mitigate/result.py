"""The mitigation result: candidates, the recommendation and its cost, the plot, the estimator."""

from __future__ import annotations

import functools
from typing import Any, ClassVar

from secure_check.analyses.mitigate.estimator import MitigatedModel
from secure_check.analyses.rich import AnalysisResult, fmt, plots_html, table_html

ORIGINAL = "original"
# NOTE: the model's name, the constraint and the notes are the user's: core.page escapes them.
_HEAD = "<p>{{ caption }}</p><p><b>Recommendation:</b> {{ text }}</p>"
_NOTES = "{% if notes %}<ul>{% for n in notes %}<li>{{ n }}</li>{% endfor %}</ul>{% endif %}"
LEGAL_NOTE = (
    "The {method} model reads the sensitive feature ({columns}) when it predicts: it treats "
    "people differently by group on purpose. Using a protected attribute in individual decisions "
    "can be unlawful disparate treatment (e.g. US credit: ECOA/Regulation B; US employment: "
    "Title VII section 703(l)); processing special-category data needs a condition under GDPR "
    "Art. 9, and the EU AI Act Art. 10(5) allows it for bias detection and correction only "
    "with safeguards. Have this reviewed before deployment."
)


class MitigationResult(AnalysisResult):
    """Result of :func:`secure_check.mitigate`; ``estimator`` is the recommended fitted model.

    Attributes
    ----------
    candidates : list of dict
        The original model first, then one row per method: held-out metric and disparity with
        intervals, their change against the original (paired intervals), or the error.
    recommendation : dict
        ``method`` and ``text`` (the plain sentence with its cost).
    estimators : dict
        ``{method: MitigatedModel}`` for each method that fitted.
    """

    mime_type: ClassVar[str] = "application/vnd.secure-check.mitigation+json"
    title: ClassVar[str] = "Mitigation"

    def __init__(
        self,
        candidates: list[dict[str, Any]],
        recommendation: dict[str, Any],
        estimators: dict[str, MitigatedModel],
        findings: list[dict[str, Any]],
        meta: dict[str, Any],
    ) -> None:
        self.candidates = candidates
        self.recommendation = recommendation
        self.estimators = estimators
        self.findings = findings
        self.meta = meta

    @property
    def estimator(self) -> Any:
        """The recommended fitted model (:class:`MitigatedModel`); None: keep the original."""
        return self.estimators.get(self.recommendation["method"])

    @property
    def needs_sensitive_at_prediction(self) -> bool:
        """Whether the recommended model reads the sensitive feature when it predicts."""
        chosen = self.estimator
        return bool(chosen is not None and chosen.needs_sensitive)

    @functools.cached_property
    def plots(self) -> dict[str, str]:
        """``{"trade-off": PNG data URI}``: metric against disparity, the original marked."""
        from secure_check.analyses.plots import tradeoff

        nan = (float("nan"), float("nan"))
        points = [
            (c["method"], c["disparity"], c["metric"], _pair(c.get("disparity_ci", nan)),
             _pair(c.get("metric_ci", nan)))
            for c in self.candidates if c.get("error") is None
        ]  # fmt: skip
        uri = tradeoff(
            points,
            xlabel=f"{self.meta['disparity']} (held out; lower is fairer)",
            ylabel=self.meta["metric"],
            title="Trade-off: each method against the original (star)",
            marked=ORIGINAL,
        )
        return {"trade-off": uri}

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form: candidates, recommendation, findings, plots, meta."""
        from secure_check.analyses.fairness.result import jsonable

        return dict(
            jsonable(
                {
                    "candidates": self.candidates,
                    "recommendation": self.recommendation,
                    "needs_sensitive_at_prediction": self.needs_sensitive_at_prediction,
                    "findings": self.findings,
                    "plots": self.plots,
                    "meta": self.meta,
                }
            )
        )

    def _text_summary(self) -> str:
        lines = [self._caption(), f"Recommendation: {self.recommendation['text']}"]
        for c in self.candidates:
            if c.get("error"):
                lines.append(f"  {c['method']}: failed: {c['error']}")
            else:
                lines.append(
                    f"  {c['method']}: {self.meta['metric']} {fmt(c['metric'])}, "
                    f"{self.meta['disparity']} {fmt(c['disparity'])}"
                )
        return "\n".join(lines)

    def _caption(self) -> str:
        m = self.meta
        return (
            f"{m['model']} · constraint {m['constraint']} · {m['n_train']} training rows, "
            f"{m['n_test']} held out ({m['held_out']})"
        )

    def _html_body(self) -> str:
        rows = [
            [c["method"], c.get("label", ""), c.get("metric"), _ci(c.get("metric_ci")),
             c.get("disparity"), _ci(c.get("disparity_ci")), _ci(c.get("disparity_change_ci")),
             "yes" if c.get("needs_sensitive") else "no", c.get("error") or ""]
            for c in self.candidates
        ]  # fmt: skip
        header = [
            "method", "how", self.meta["metric"], "CI", self.meta["disparity"], "CI",
            "change CI", "reads sensitive", "error",
        ]  # fmt: skip
        from secure_check.core.page import render

        return (
            render(_HEAD, caption=self._caption(), text=self.recommendation["text"])
            + table_html(header, rows)
            + render(_NOTES, notes=self.meta.get("notes", []))
            + plots_html(self.plots)
        )


def _pair(value: Any) -> tuple[float, float]:
    lo, hi = value
    return (float("nan") if lo is None else lo, float("nan") if hi is None else hi)


def _ci(value: Any) -> str:
    if value is None:
        return "—"
    lo, hi = value
    if lo is None or hi is None or lo != lo or hi != hi:
        return "—"
    return f"{lo:.3f} to {hi:.3f}"
