"""Held-out evaluation: one metric and the targeted disparity per candidate, with paired intervals.

Every candidate is scored on the same held-out rows and the same bootstrap resamples, so the
change against the original model gets its own (paired) interval.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from secure_check.analyses.fairness.disparity import disparities
from secure_check.analyses.fairness.metrics import Outcomes, group_stats, prepare
from secure_check.analyses.stats import bootstrap_indices, percentile_ci

ERR_METRIC = (
    "metric must be 'accuracy', 'balanced_accuracy' or a function(y_true, y_pred); got {m!r}"
)
BUILTIN_METRICS = ("accuracy", "balanced_accuracy")


def interval(samples: np.ndarray, level: float) -> tuple[float, float]:
    """Return the one interval every mitigation figure uses (the fairness analysis's method)."""
    return percentile_ci(np.asarray(samples, dtype=float), level)


def split(
    frame: Any, y: np.ndarray, groups: Any, *, test_size: float, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Return row indices (train, test) stratified by label and group.

    Stratified by label alone when a label-group stratum is too small to split.
    """
    from sklearn.model_selection import train_test_split

    rows = np.arange(len(frame))
    strata = np.char.add(np.asarray(y).astype(str), np.asarray(groups).astype(str))
    _, counts = np.unique(strata, return_counts=True)
    stratify = strata if counts.min() >= 2 else np.asarray(y).astype(str)
    train, test = train_test_split(rows, test_size=test_size, random_state=seed, stratify=stratify)
    return np.sort(train), np.sort(test)


def score(
    predictions: Mapping[str, np.ndarray],
    y_true: np.ndarray,
    groups: Any,
    *,
    disparity: str,
    metric: str | Callable[..., float],
    pos_label: Any,
    n_boot: int,
    level: float,
    seed: int,
) -> dict[str, dict[str, Any]]:
    """Score each candidate's held-out predictions (the first one is the original model)."""
    if not (metric in BUILTIN_METRICS or callable(metric)):
        raise ValueError(ERR_METRIC.format(m=metric))
    labels, codes = np.unique(np.asarray(groups).astype(str), return_inverse=True)
    pos = _pos_label(y_true, pos_label)
    outs = {n: prepare(y_true, p, "classification", pos) for n, p in predictions.items()}
    args = (codes, len(labels), disparity, metric)
    out = {n: {**_figures(o, *args), "groups": labels.tolist()} for n, o in outs.items()}
    if n_boot <= 0:
        return out
    draws: dict[str, list[tuple[float, float]]] = {n: [] for n in outs}
    for idx in bootstrap_indices(len(y_true), n_boot, seed):
        for name, o in outs.items():
            f = _figures(o, *args, idx)
            draws[name].append((f["metric"], f["disparity"]))
    base = np.asarray(draws[next(iter(outs))])
    for name, rows in draws.items():
        arr = np.asarray(rows)
        out[name]["metric_ci"] = interval(arr[:, 0], level)
        out[name]["disparity_ci"] = interval(arr[:, 1], level)
        out[name]["metric_change_ci"] = interval(arr[:, 0] - base[:, 0], level)
        out[name]["disparity_change_ci"] = interval(arr[:, 1] - base[:, 1], level)
    return out


def _pos_label(y_true: np.ndarray, pos_label: Any) -> Any:
    """Return the favourable label: the one given, else y's larger label (as fairlearn)."""
    return np.unique(y_true)[-1] if pos_label is None else pos_label


def _figures(
    out: Outcomes,
    codes: np.ndarray,
    n_groups: int,
    disparity: str,
    metric: str | Callable[..., float],
    idx: Any = None,
) -> dict[str, Any]:
    yt, yp, g = (
        (out.y_true, out.y_pred, codes)
        if idx is None
        else (out.y_true[idx], out.y_pred[idx], codes[idx])
    )
    sub = dataclasses.replace(out, y_true=yt, y_pred=yp)
    stats = group_stats(sub, g, n_groups)
    value = disparities("binary", stats)[disparity].value
    if callable(metric):
        score = float(metric(yt, yp))
    else:
        score = float(group_stats(sub, np.zeros(len(yt), dtype=int), 1)[metric][0])
    if idx is not None:
        return {"metric": score, "disparity": float(value)}
    keep = ("count", "selection_rate", "recall", "false_positive_rate")
    return {
        "metric": score,
        "disparity": float(value),
        "by_group": {m: [float(v) for v in stats[m]] for m in keep},
    }
