"""The explanation result: importances, per-group importances, proxies, PD/ICE, plots, display."""

from __future__ import annotations

import functools
from typing import Any, ClassVar

import numpy as np

from secure_check.analyses.rich import AnalysisResult, plots_html, table_html


class ExplanationResult(AnalysisResult):
    """Result of :func:`secure_check.explain`; ``to_dict()`` is what the model card reads.

    Attributes
    ----------
    importance : dict
        ``{raw feature: mean |SHAP|}``, most important first.
    values : ndarray
        SHAP values per explained row and raw feature (additive: ``values.sum(1) +
        base_values`` is the explained model output).
    base_values : ndarray
        The explainer's expected output, per row.
    data : DataFrame
        The explained raw rows.
    """

    mime_type: ClassVar[str] = "application/vnd.secure-check.explanation+json"
    title: ClassVar[str] = "Explanation"

    def __init__(
        self,
        importance: dict[str, float],
        values: np.ndarray,
        shap_values: Any,
        data: Any,
        names: list[str],
    ) -> None:
        self.importance = importance
        self.values = values
        self.base_values = shap_values.base_values
        self.encoded_values = shap_values.values
        self.data = data
        self.feature_names = names
        self.by_group: dict[str, dict[str, dict[str, float]]] = {}
        self.proxies: list[dict[str, Any]] = []
        self.findings: list[dict[str, Any]] = []
        self.sensitive: list[str] = []
        self.partial_dependence: dict[str, dict[str, Any]] = {}
        self.meta: dict[str, Any] = {}

    @functools.cached_property
    def plots(self) -> dict[str, str]:
        """``{name: PNG data URI}``: importance bar, beeswarm, per-group bars, PD/ICE curves."""
        from secure_check.analyses.explain import plots as ep

        out = {
            "importance": ep.importance_bar(self.importance),
            "beeswarm": ep.beeswarm(
                self.values, self.data, self.feature_names, list(self.importance)
            ),
        }
        for name, table in self.by_group.items():
            out[f"importance by {name}"] = ep.by_group(table, name, list(self.importance))
        for name, curve in self.partial_dependence.items():
            out[f"partial dependence: {name}"] = ep.pdp(name, curve)
        return out

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form: importance, by_group, proxies, findings, partial_dependence."""
        return {
            "importance": dict(self.importance),
            "by_group": self.by_group,
            "proxies": self.proxies,
            "findings": self.findings,
            "partial_dependence": {
                k: {"grid": v["grid"], "average": v["average"], "categorical": v["categorical"]}
                for k, v in self.partial_dependence.items()
            },
            "plots": self.plots,
            "meta": self.meta,
        }

    def _text_summary(self) -> str:
        top = ", ".join(f"{k}={v:.3g}" for k, v in list(self.importance.items())[:5])
        return (
            f"{self.meta.get('model')} · {self.meta.get('explainer')} explainer · "
            f"{self.meta.get('rows_explained')} rows\n  top features: {top}"
        )

    def _html_body(self) -> str:
        from secure_check.core.page import render

        meta = self.meta
        caption = (
            f"{meta.get('model')} · {meta.get('explainer')} explainer on "
            f"{meta.get('output')} · {meta.get('rows_explained')} rows · {meta.get('seconds')} s"
        )
        parts = [
            render("<p>{{ caption }}</p>", caption=caption),
            table_html(["feature", "mean |SHAP|"], list(self.importance.items())[:20]),
        ]
        if self.proxies:
            parts.append(
                "<h4>Associations with sensitive attributes</h4>"
                + table_html(
                    ["feature", "sensitive", "measure", "value", "rank"],
                    [
                        [p["feature"], p["sensitive"], p["measure"], p["association"], p["rank"]]
                        for p in self.proxies
                    ],
                )
            )
        parts.append(plots_html(self.plots))
        return "".join(parts)
