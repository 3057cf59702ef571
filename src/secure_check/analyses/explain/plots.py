"""Plots for explanations: importance bars, a beeswarm, importance by group, PD/ICE curves."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from secure_check.analyses.plots import barh, new_figure, to_data_uri


def importance_bar(importance: Mapping[str, float], top: int = 15) -> str:
    """Mean |SHAP| per feature, largest on top."""
    names = list(importance)[:top]
    return barh(
        names,
        [importance[n] for n in names],
        title="Feature importance",
        xlabel="mean |SHAP value|",
    )


def beeswarm(
    values: np.ndarray, data: Any, names: list[str], order: list[str], top: int = 12
) -> str:
    """SHAP value per row and feature, coloured by the feature's value (low blue, high red)."""
    fig = new_figure(6.5, 0.38 * min(top, len(order)) + 1.2)
    ax = fig.add_subplot()
    rng = np.random.default_rng(0)
    shown = order[:top]
    for pos, name in enumerate(reversed(shown)):
        j = names.index(name)
        colour = _scaled(data[name]) if name in getattr(data, "columns", []) else None
        jitter = rng.uniform(-0.3, 0.3, len(values))
        ax.scatter(
            values[:, j],
            pos + jitter,
            c=colour if colour is not None else "#4c78a8",
            cmap="coolwarm",
            vmin=0,
            vmax=1,
            s=6,
            alpha=0.6,
            linewidths=0,
        )
    ax.set_yticks(range(len(shown)), list(reversed(shown)))
    ax.axvline(0, color="#999999", linewidth=0.8)
    ax.set_xlabel("SHAP value (impact on model output)")
    ax.set_title("SHAP beeswarm (colour: feature value, blue low to red high)", fontsize=10)
    return to_data_uri(fig)


def by_group(
    table: Mapping[str, Mapping[str, float]], feature: str, order: list[str], top: int = 8
) -> str:
    """Plot grouped bars: mean |SHAP| of the top features within each group of ``feature``."""
    groups = list(table)
    names = order[:top]
    fig = new_figure(6.5, 0.45 * len(names) + 1.2)
    ax = fig.add_subplot()
    height = 0.8 / max(1, len(groups))
    for k, group in enumerate(groups):
        pos = np.arange(len(names))[::-1] + k * height - 0.4 + height / 2
        ax.barh(pos, [table[group].get(n, 0.0) for n in names], height=height, label=str(group))
    ax.set_yticks(np.arange(len(names))[::-1], names)
    ax.legend(title=feature, fontsize=8)
    ax.set_xlabel("mean |SHAP value|")
    ax.set_title(f"Importance within each group of {feature}", fontsize=10)
    return to_data_uri(fig)


def pdp(name: str, curve: Mapping[str, Any]) -> str:
    """Partial dependence (thick) over ICE lines (thin) for one feature."""
    fig = new_figure(5.0, 3.2)
    ax = fig.add_subplot()
    grid = curve["grid"]
    x = np.arange(len(grid)) if curve["categorical"] else np.asarray(grid, dtype=float)
    for line in curve["individual"]:
        ax.plot(x, line, color="#4c78a8", alpha=0.15, linewidth=0.8)
    ax.plot(x, curve["average"], color="#d62728", linewidth=2.5, label="average (PD)")
    if curve["categorical"]:
        ax.set_xticks(x, [str(g) for g in grid])
    ax.set_xlabel(name)
    ax.set_ylabel("prediction (probability for classifiers)")
    ax.set_title(f"Partial dependence and ICE: {name}", fontsize=10)
    ax.legend(fontsize=8)
    return to_data_uri(fig)


def _scaled(column: Any) -> np.ndarray | None:
    import pandas as pd

    if not pd.api.types.is_numeric_dtype(column):
        codes = pd.Series(column).astype("category").cat.codes.to_numpy(dtype=float)
        column = np.where(codes < 0, np.nan, codes)
    arr = np.asarray(column, dtype=float)
    if not np.isfinite(arr).any():
        return np.full(arr.shape, 0.5)
    lo, hi = np.nanpercentile(arr, [5, 95])
    if hi <= lo:  # few distinct values (yes/no flags): the full range, not the percentiles
        lo, hi = np.nanmin(arr), np.nanmax(arr)
    return np.clip((arr - lo) / (hi - lo), 0, 1) if hi > lo else np.full(arr.shape, 0.5)
