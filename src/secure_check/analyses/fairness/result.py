"""The fairness result: per-feature reports, JSON form, plots and rich display."""

from __future__ import annotations

import dataclasses
import functools
from typing import Any, ClassVar

import numpy as np

from secure_check.analyses.rich import AnalysisResult, fmt, plots_html, table_html

# NOTE: captions, notes and feature names come from the data and the user: core.page escapes them.
_CAPTION = "<p>{{ caption }}</p>"
_NOTES = "<ul class='jp-SecureCheck-notes'>{% for n in notes %}<li>{{ n }}</li>{% endfor %}</ul>"
_FEATURE = "<h4>By {{ name }}</h4>{{ groups }}{{ disparities }}"
_HEADLINE = {
    "binary": "selection_rate",
    "multiclass": "accuracy",
    "regression": "mean_absolute_error",
}


@dataclasses.dataclass
class FeatureReport:
    """Metrics of one sensitive feature (or intersection): MetricFrame, CIs, disparities."""

    name: str
    frame: Any  # fairlearn MetricFrame
    labels: list[str]
    codes: np.ndarray
    stats: dict[str, np.ndarray]
    disparities: dict[str, Any]
    group_ci: dict[str, list[tuple[float, float]]] = dataclasses.field(default_factory=dict)
    disparity_ci: dict[str, tuple[float, float]] = dataclasses.field(default_factory=dict)
    # disparity -> the most extreme pair of judged groups: groups, value, ci, p-values
    judged: dict[str, dict[str, Any]] = dataclasses.field(default_factory=dict)

    def by_group(self) -> dict[str, dict[str, float | None]]:
        """``{group: {metric: value}}`` with plain floats."""
        return {
            label: {m: _num(v[i]) for m, v in self.stats.items()}
            for i, label in enumerate(self.labels)
        }


class FairnessResult(AnalysisResult):
    """Result of :func:`secure_check.fairness`; ``to_dict()`` is what the model card reads."""

    mime_type: ClassVar[str] = "application/vnd.secure-check.fairness+json"
    title: ClassVar[str] = "Fairness"

    def __init__(
        self,
        overall: dict[str, float],
        reports: list[FeatureReport],
        slices: list[dict[str, Any]],
        findings: list[dict[str, Any]],
        meta: dict[str, Any],
        *,
        notes: list[str] | None = None,
    ) -> None:
        self.notes = list(notes or [])  # what the reader must know: favourable label, task, noise
        self.overall = overall
        self.reports = reports
        self.slices = slices
        self.findings = findings
        self.meta = meta

    @property
    def by_group(self) -> dict[str, dict[str, dict[str, float | None]]]:
        """``{feature: {group: {metric: value}}}``."""
        return {r.name: r.by_group() for r in self.reports}

    @property
    def disparities(self) -> dict[str, dict[str, float | None]]:
        """``{feature: {disparity name: value}}``."""
        return {r.name: {k: _num(d.value) for k, d in r.disparities.items()} for r in self.reports}

    @functools.cached_property
    def plots(self) -> dict[str, str]:
        """``{name: PNG data URI}``: headline metric by group (with CIs) and worst slices."""
        from secure_check.analyses.plots import barh

        metric = _HEADLINE[self.meta["task"]]
        out = {}
        for r in self.reports:
            ci = r.group_ci.get(metric)
            out[f"{metric} by {r.name}"] = barh(
                r.labels,
                [float(v) for v in r.stats[metric]],
                title=f"{metric} by {r.name}",
                xlabel=metric,
                errors=ci,
                reference=self.overall.get(metric),
            )
        if self.slices:
            out["worst slices"] = barh(
                [s["description"] for s in self.slices],
                [s["error"] for s in self.slices],
                title="Slices where the model does worse",
                xlabel="error",
                reference=self.slices[0]["overall_error"],
            )
        return out

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form: overall, by_group, disparities, findings, ci, slices, plots."""
        data: dict[str, Any] = jsonable(
            {
                "overall": self.overall,
                "by_group": self.by_group,
                "disparities": self.disparities,
                "findings": self.findings,
                "ci": {
                    "by_group": {
                        r.name: {
                            m: dict(zip(r.labels, map(list, c), strict=True))
                            for m, c in r.group_ci.items()
                        }
                        for r in self.reports
                    },
                    "disparities": {
                        r.name: {k: list(v) for k, v in r.disparity_ci.items()}
                        for r in self.reports
                    },
                },
                "pairs": {r.name: r.judged for r in self.reports},
                "notes": self.notes,
                "slices": self.slices,
                "plots": self.plots,
                "meta": self.meta,
            }
        )
        return data

    def _caption(self) -> str:
        return f"{self.meta['model']} · {self.meta['task']} · {self.meta['n_rows']} rows"

    def _text_summary(self) -> str:
        parts = [self._caption()]
        for r in self.reports:
            worst = ", ".join(f"{k}={fmt(_num(d.value))}" for k, d in r.disparities.items())
            parts.append(f"  {r.name}: {worst}")
        parts += [f"  note: {n}" for n in self.notes]
        return "\n".join(parts)

    def _html_body(self) -> str:
        from secure_check.core.page import render

        sections = [
            render(_CAPTION, caption=self._caption()),
            table_html(["metric", "overall"], self.overall.items()),
        ]
        if self.notes:
            sections.append(render(_NOTES, notes=self.notes))
        sections += [_feature_html(r) for r in self.reports]
        if self.slices:
            rows = [
                [s["description"], s["size"], s["error"], s["overall_error"], s["q_value"]]
                for s in self.slices
            ]
            sections.append(
                "<h4>Slices where the model does worse</h4>"
                + table_html(["slice", "size", "error", "overall", "q"], rows)
            )
        sections.append(plots_html(self.plots))
        return "".join(sections)


def _feature_html(r: FeatureReport) -> str:
    from secure_check.core.page import render, trusted

    metrics = list(r.stats)
    rows = [[label, *(r.stats[m][i] for m in metrics)] for i, label in enumerate(r.labels)]
    disparities = [[k, d.value, *_pair_cells(r.judged.get(k))] for k, d in r.disparities.items()]
    header = ["disparity", "value (all groups)", "judged pair", "pair value", "pair CI", "adj. p"]
    groups = trusted(table_html(["group", *metrics], rows))
    return render(
        _FEATURE, name=r.name, groups=groups, disparities=trusted(table_html(header, disparities))
    )


def _pair_cells(pair: dict[str, Any] | None) -> list[Any]:
    """Cells for the most extreme judged pair: names, value, its own interval, adjusted p."""
    if not pair:
        return ["—", None, "—", None]
    names = " vs ".join(map(str, pair["groups"]))
    return [names, pair["value"], _ci_text(tuple(pair["ci"])), pair["adjusted_p_value"]]


def _num(value: Any) -> float | None:
    value = float(value)
    return value if np.isfinite(value) else None


def _ci_text(ci: tuple[float, float] | None) -> str:
    return "—" if ci is None or not np.all(np.isfinite(ci)) else f"{ci[0]:.3f} to {ci[1]:.3f}"


def jsonable(value: Any) -> Any:
    """Return ``value`` with numpy scalars as Python ones and NaN/inf as None (for JSON)."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not np.isfinite(value):
        return None
    return value
