"""Per-group binary metrics from confusion counts: fast enough to score every bootstrap resample.

The fairness analysis judges groups with exact intervals (fairness/pairs.py); mitigation needs
a paired bootstrap of a difference of differences, which no closed form covers, so it keeps
these bincount-based figures.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from secure_check.analyses.fairness.metrics import Outcomes


def group_stats(out: Outcomes, codes: np.ndarray, n_groups: int, idx: Any = None) -> dict[str, Any]:
    """Return per-group metric arrays of a binary task (rows ``idx`` when resampling)."""

    def take(a: np.ndarray) -> np.ndarray:
        return a if idx is None else a[idx]

    cell = take(codes) * 4 + take(out.y_true) * 2 + take(out.y_pred)
    tn, fp, fn, tp = np.bincount(cell, minlength=4 * n_groups).reshape(n_groups, 4).T.astype(float)
    return binary_from_counts(tn, fp, fn, tp)


def binary_from_counts(tn: Any, fp: Any, fn: Any, tp: Any) -> dict[str, Any]:
    """Return the binary metrics fairlearn reports, from confusion counts (any shape)."""
    n = tn + fp + fn + tp
    with np.errstate(divide="ignore", invalid="ignore"):
        tpr, tnr = tp / (tp + fn), tn / (tn + fp)
        return {
            "count": n,
            "accuracy": (tp + tn) / n,
            "balanced_accuracy": np.where(
                np.isnan(tpr), tnr, np.where(np.isnan(tnr), tpr, (tpr + tnr) / 2)
            ),
            "precision": tp / (tp + fp),
            "recall": tpr,
            "false_positive_rate": fp / (fp + tn),
            "selection_rate": (tp + fp) / n,
        }


def bootstrap_indices(n: int, n_boot: int, seed: int) -> Any:
    """Yield ``n_boot`` arrays of row indices drawn with replacement (seeded)."""
    rng = np.random.default_rng(seed)
    for _ in range(n_boot):
        yield rng.integers(0, n, n)


def percentile_ci(samples: np.ndarray, level: float = 0.95) -> tuple[float, float]:
    """Return the percentile interval of ``samples`` (NaNs ignored; NaN if too few remain)."""
    finite = samples[np.isfinite(samples)]
    if finite.size < max(10, samples.size // 2):
        return (float("nan"), float("nan"))
    tail = (1.0 - level) / 2.0 * 100.0
    lo, hi = np.percentile(finite, [tail, 100.0 - tail])
    return (float(lo), float(hi))
