"""Disparities between groups (named as fairlearn spells them) and the findings they raise."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from secure_check.analyses.fairness.metrics import Kind

# name -> (metrics compared, "difference" | "ratio"); equalized odds takes the worse of two rates.
DEFINITIONS: dict[Kind, dict[str, tuple[tuple[str, ...], str]]] = {
    "binary": {
        "demographic_parity_difference": (("selection_rate",), "difference"),
        "demographic_parity_ratio": (("selection_rate",), "ratio"),
        "equalized_odds_difference": (("recall", "false_positive_rate"), "difference"),
        "equalized_odds_ratio": (("recall", "false_positive_rate"), "ratio"),
        "equal_opportunity_difference": (("recall",), "difference"),
    },
    "multiclass": {
        "accuracy_difference": (("accuracy",), "difference"),
        "accuracy_ratio": (("accuracy",), "ratio"),
    },
    "regression": {
        "mean_absolute_error_difference": (("mean_absolute_error",), "difference"),
        "mean_absolute_error_ratio": (("mean_absolute_error",), "ratio"),
        "root_mean_squared_error_difference": (("root_mean_squared_error",), "difference"),
        "mean_prediction_ratio": (("mean_prediction",), "ratio"),
    },
}

# Defaults: the four-fifths rule for ratios, 0.1 for differences of rates.
DEFAULT_THRESHOLDS: dict[str, float] = {
    "demographic_parity_difference": 0.1,
    "demographic_parity_ratio": 0.8,
    "equalized_odds_difference": 0.1,
    "equalized_odds_ratio": 0.8,
    "equal_opportunity_difference": 0.1,
    "accuracy_difference": 0.1,
    "accuracy_ratio": 0.8,
    "mean_absolute_error_ratio": 0.8,
    "mean_prediction_ratio": 0.8,
}
UNKNOWN_THRESHOLD = "unknown disparity {name!r} in thresholds; known: {known}"

_METRIC_WORDS = {
    "selection_rate": "selection rate",
    "recall": "true positive rate",
    "false_positive_rate": "false positive rate",
    "accuracy": "accuracy",
    "mean_absolute_error": "mean absolute error",
    "root_mean_squared_error": "root mean squared error",
    "mean_prediction": "mean prediction",
}


_ADJUSTED = {"bh": "Benjamini-Hochberg", "holm": "Holm"}


@dataclasses.dataclass
class Disparity:
    """One disparity: its value, the metric behind it and the two groups at the extremes."""

    value: float
    metric: str
    low: int
    high: int


def thresholds_for(overrides: Mapping[str, float] | None) -> dict[str, float]:
    """Merge user thresholds into the defaults (``None`` as a value turns a check off)."""
    known = {name for defs in DEFINITIONS.values() for name in defs}
    merged = dict(DEFAULT_THRESHOLDS)
    for name, value in (overrides or {}).items():
        if name not in known:
            raise ValueError(UNKNOWN_THRESHOLD.format(name=name, known=sorted(known)))
        if value is None:
            merged.pop(name, None)
        else:
            merged[name] = float(value)
    return merged


def disparities(kind: Kind, stats: Mapping[str, np.ndarray]) -> dict[str, Disparity]:
    """Every disparity of ``kind`` from per-group metric arrays (NaN groups ignored)."""
    return {name: _one(stats, *spec) for name, spec in DEFINITIONS[kind].items()}


def _one(stats: Mapping[str, np.ndarray], metrics: Sequence[str], how: str) -> Disparity:
    best = Disparity(float("nan"), metrics[0], 0, 0)
    for metric in metrics:
        values = np.asarray(stats[metric], dtype=float)
        if not np.isfinite(values).any():
            continue
        low, high = int(np.nanargmin(values)), int(np.nanargmax(values))
        with np.errstate(divide="ignore", invalid="ignore"):
            value = (
                values[high] - values[low] if how == "difference" else values[low] / values[high]
            )
        worse = value > best.value if how == "difference" else value < best.value
        if np.isnan(best.value) or worse:
            best = Disparity(float(value), metric, low, high)
    return best


def finding(
    test: Any,
    labels: Sequence[str],
    threshold: float,
    level: float,
    favorable: Any = None,
    method: str = "bh",
) -> dict[str, Any]:
    """Build the finding for a pair ``test`` that Holm's procedure kept (medium; high when far)."""
    is_ratio = test.disparity.endswith("_ratio")
    value = test.value
    far = value < threshold * 0.75 if is_ratio else value > threshold * 2
    groups = (labels[test.low], labels[test.high])
    text = sentence(test, groups, threshold, level, favorable)
    return {
        "category": "fairness",
        "rule": test.disparity,
        "severity": "high" if far else "medium",
        "message": f"{text} ({_ADJUSTED[method]}-adjusted p={test.adjusted:.2g}).",
        "feature": test.feature,
        "metric": test.metric,
        "value": value,
        "ci": list(test.ci),
        "threshold": threshold,
        "groups": list(groups),
        "p_value": test.p_value,
        "adjusted_p_value": test.adjusted,
    }


def breaches(name: str, value: float, threshold: float) -> bool:
    """Whether a point estimate is on the wrong side of its threshold."""
    if not np.isfinite(value):
        return False
    return value < threshold if name.endswith("_ratio") else value > threshold


def sentence(
    t: Any, groups: tuple[str, str], threshold: float, level: float, favorable: Any = None
) -> str:
    """Describe the disparity between the two groups ``t`` names, with their own interval."""
    words = _METRIC_WORDS.get(t.metric, t.metric.replace("_", " "))
    ci = t.ci
    interval = f"{level:.0%} CI {ci[0]:.2f}-{ci[1]:.2f}" if np.isfinite(ci[0]) else "no CI"
    low, high = groups
    feature = t.feature
    if t.disparity == "demographic_parity_ratio":
        picked = "" if favorable is None else f" (predicted {favorable!r})"
        text = (
            f"group {low!r} of {feature} is selected{picked} at {t.value:.2f} times the rate of "
            f"group {high!r} ({interval}); the four-fifths rule asks for at least {threshold:.2f}"
        )
    elif t.disparity.endswith("_ratio"):
        text = (
            f"the {words} of group {low!r} of {feature} is {t.value:.2f} times that of group "
            f"{high!r} ({interval}); the threshold is {threshold:.2f}"
        )
    else:
        text = (
            f"the {words} of group {high!r} of {feature} exceeds that of group {low!r} by "
            f"{t.value:.2f} ({interval}); the threshold is {threshold:.2f}"
        )
    return text[0].upper() + text[1:]
