"""Held-out evaluation: one metric and the targeted disparity per candidate, with paired intervals.

Every candidate is scored on the same held-out rows and the same bootstrap resamples, so the
change against the original model gets its own (paired) interval.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from secure_check.analyses.fairness.disparity import DEFINITIONS, disparities
from secure_check.analyses.fairness.metrics import Outcomes, prepare
from secure_check.analyses.mitigate.counts import (
    binary_from_counts,
    bootstrap_indices,
    group_stats,
    percentile_ci,
)

ERR_METRIC = (
    "metric must be 'accuracy', 'balanced_accuracy' or a function(y_true, y_pred); got {m!r}"
)
BUILTIN_METRICS = ("accuracy", "balanced_accuracy")
_CELLS = 4_000_000  # rows x resamples per bincount: about 100 MB of indices at most


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
    draws = {
        n: _resampled(o, codes, len(labels), disparity, metric, n_boot, seed)
        for n, o in outs.items()
    }
    base = draws[next(iter(outs))]
    for name, arr in draws.items():
        out[name]["metric_ci"] = interval(arr[:, 0], level)
        out[name]["disparity_ci"] = interval(arr[:, 1], level)
        out[name]["metric_change_ci"] = interval(arr[:, 0] - base[:, 0], level)
        out[name]["disparity_change_ci"] = interval(arr[:, 1] - base[:, 1], level)
    return out


def _resampled(
    out: Outcomes,
    codes: np.ndarray,
    n_groups: int,
    disparity: str,
    metric: str | Callable[..., float],
    n_boot: int,
    seed: int,
) -> np.ndarray:
    """(metric, disparity) on each bootstrap resample, many resamples per bincount.

    The same seed draws the same rows for every candidate: the change is paired.
    """
    draws = bootstrap_indices(len(out.y_true), n_boot, seed)
    block = max(1, _CELLS // max(len(out.y_true), 1))
    rows: list[np.ndarray] = []
    while len(rows) < n_boot:
        idx = np.stack([next(draws) for _ in range(min(block, n_boot - len(rows)))])
        rows.extend(_block(out, codes, n_groups, disparity, metric, idx))
    return np.asarray(rows, dtype=float)


def _block(
    out: Outcomes,
    codes: np.ndarray,
    n_groups: int,
    disparity: str,
    metric: str | Callable[..., float],
    idx: np.ndarray,
) -> np.ndarray:
    b = idx.shape[0]
    cell = ((np.arange(b)[:, None] * n_groups + codes[idx]) * 4
            + out.y_true[idx] * 2 + out.y_pred[idx])  # fmt: skip
    counts = np.bincount(cell.ravel(), minlength=b * n_groups * 4).reshape(b, n_groups, 4)
    tn, fp, fn, tp = np.moveaxis(counts.astype(float), -1, 0)
    stats = binary_from_counts(tn, fp, fn, tp)
    names, _how = DEFINITIONS["binary"][disparity]  # NOTE: the mitigation targets are differences
    with warnings.catch_warnings(), np.errstate(invalid="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)  # an all-NaN metric (no positives drawn)
        gaps = [np.nanmax(stats[m], axis=1) - np.nanmin(stats[m], axis=1) for m in names]
    value = functools.reduce(np.fmax, gaps)
    if callable(metric):
        score = np.array([metric(out.y_true[i], out.y_pred[i]) for i in idx], dtype=float)
    else:
        score = binary_from_counts(tn.sum(1), fp.sum(1), fn.sum(1), tp.sum(1))[metric]
    return np.column_stack([score, value])


def _pos_label(y_true: np.ndarray, pos_label: Any) -> Any:
    """Return the favourable label: the one given, else y's larger label (as fairlearn)."""
    return np.unique(y_true)[-1] if pos_label is None else pos_label


def _figures(
    out: Outcomes, codes: np.ndarray, n_groups: int, disparity: str, metric: Any
) -> dict[str, Any]:
    """Point figures on the held-out rows: the metric, the disparity and the group rates."""
    stats = group_stats(out, codes, n_groups)
    value = disparities("binary", stats)[disparity].value
    if callable(metric):
        score = float(metric(out.y_true, out.y_pred))
    else:
        score = float(group_stats(out, np.zeros(len(codes), dtype=int), 1)[metric][0])
    keep = ("count", "selection_rate", "recall", "false_positive_rate")
    return {
        "metric": score,
        "disparity": float(value),
        "by_group": {m: [float(v) for v in stats[m]] for m in keep},
    }
