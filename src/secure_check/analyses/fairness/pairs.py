"""Per-group intervals and pairwise disparity tests with stated coverage.

Every disparity is judged between two named groups: the claim "group j's rate exceeds group i's
by more than the threshold" (or "i's is below ``threshold`` times j's") is tested for every
ordered pair of groups large enough to judge, a one-sided p-value is read off the nested MOVER
intervals, and Benjamini-Hochberg (or Holm) over all pairs, disparities and features controls
the false findings at ``alpha`` (with no real disparity, the chance of any finding).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

from secure_check.analyses import intervals as iv
from secure_check.analyses.fairness.metrics import Outcomes


@dataclasses.dataclass
class Parts:
    """What a group metric's interval is built from: a rate ``k/n`` or a mean (``sqrt`` of)."""

    kind: str  # "rate" | "mean" | "root_mean"
    est: np.ndarray
    a: np.ndarray  # k (rate) or sample variance (mean)
    n: np.ndarray

    def bounds(self, idx: Any, level: Any) -> iv.Bounds:
        """Intervals of groups ``idx`` at ``level`` (both broadcast)."""
        if self.kind == "rate":
            return iv.clopper_pearson(self.a[idx], self.n[idx], level)
        base = self.est[idx] ** 2 if self.kind == "root_mean" else self.est[idx]
        lo, hi = iv.mean_interval(base, self.a[idx], self.n[idx], level)
        if self.kind == "root_mean":
            return np.sqrt(np.maximum(lo, 0.0)), np.sqrt(np.maximum(hi, 0.0))
        return lo, hi


@dataclasses.dataclass
class PairTest:
    """One tested claim about two groups (``low`` worse off than ``high``)."""

    feature: str
    disparity: str
    metric: str
    low: int
    high: int
    value: float
    ci: tuple[float, float]
    p_value: float
    adjusted: float = 1.0


def group_parts(out: Outcomes, codes: np.ndarray, n_groups: int) -> dict[str, Parts]:
    """Interval ingredients of every rate or mean metric, per group."""
    g = np.asarray(codes)
    if out.kind == "regression":
        err = out.y_pred - out.y_true
        return {
            "mean_absolute_error": _mean(g, np.abs(err), n_groups),
            "root_mean_squared_error": _mean(g, err**2, n_groups, root=True),
            "mean_prediction": _mean(g, out.y_pred, n_groups),
        }
    count = np.bincount(g, minlength=n_groups).astype(float)
    right = np.bincount(g, out.y_true == out.y_pred, n_groups)
    parts = {"accuracy": _rate(right, count)}
    if out.kind == "binary":
        cell = g * 4 + out.y_true * 2 + out.y_pred
        tn, fp, fn, tp = np.bincount(cell, minlength=4 * n_groups).reshape(n_groups, 4).T
        parts["selection_rate"] = _rate(tp + fp, count)
        parts["recall"] = _rate(tp, tp + fn)
        parts["false_positive_rate"] = _rate(fp, fp + tn)
        parts["precision"] = _rate(tp, tp + fp)
    return parts


def group_intervals(parts: dict[str, Parts], level: float) -> dict[str, list[tuple[float, float]]]:
    """Nominal-level interval of each group for each metric."""
    out = {}
    for metric, p in parts.items():
        idx = np.arange(p.est.size)
        lo, hi = p.bounds(idx, level)
        out[metric] = [(float(a), float(b)) for a, b in zip(lo, hi, strict=True)]
    return out


def test_pairs(
    feature: str,
    name: str,
    metric: str,
    how: str,
    parts: Parts,
    judged: np.ndarray,
    *,
    threshold: float,
    level: float,
) -> list[PairTest]:
    """Test the disparity claim for every ordered pair of judged groups (``low`` != ``high``)."""
    low, high = (a.reshape(-1) for a in np.meshgrid(judged, judged, indexing="ij"))
    keep = (low != high) & np.isfinite(parts.est[low]) & np.isfinite(parts.est[high])
    if how == "ratio":
        keep &= parts.est[high] > 0
    low, high = low[keep], high[keep]
    if low.size == 0:
        return []

    def shown(lv: Any) -> np.ndarray:
        b_low, b_high = parts.bounds(low, lv), parts.bounds(high, lv)
        e_low, e_high = parts.est[low], parts.est[high]
        if how == "ratio":
            return iv.ratio_upper_margin(threshold, e_low, b_low, e_high, b_high) < 0
        return iv.mover_difference(e_high, b_high, e_low, b_low)[0] > threshold

    # NOTE: the claim is one-sided; a two-sided interval at 1 - 2p leaves p in that tail.
    p = iv.level_p_value(shown, low.shape) / 2
    lo, hi = pair_interval(parts, low, high, how, level)
    e_low, e_high = parts.est[low], parts.est[high]
    value = e_low / e_high if how == "ratio" else e_high - e_low
    return [
        PairTest(feature, name, metric, int(a), int(b), float(v), (float(c), float(d)), float(q))
        for a, b, v, c, d, q in zip(low, high, value, lo, hi, p, strict=True)
    ]


def pair_interval(parts: Parts, low: Any, high: Any, how: str, level: float) -> iv.Bounds:
    """MOVER interval of ``high - low`` (difference) or ``low / high`` (ratio)."""
    low, high = np.atleast_1d(low), np.atleast_1d(high)
    b_low, b_high = parts.bounds(low, level), parts.bounds(high, level)
    if how == "ratio":
        return iv.mover_ratio(parts.est[low], b_low, parts.est[high], b_high)
    return iv.mover_difference(parts.est[high], b_high, parts.est[low], b_low)


ADJUST = {"holm": iv.holm, "bh": iv.benjamini_hochberg}
BAD_METHOD = "multiplicity must be one of {known}; got {got!r}"


def adjust(tests: list[PairTest], thresholds: dict[str, float], method: str = "bh") -> int:
    """Set each test's adjusted p-value (Benjamini-Hochberg or Holm); return the family size.

    The family is every distinct claim: equal opportunity and equalized odds both test the
    true positive rate against the same threshold, which is one claim, counted once.
    """
    keys = [_claim(t, thresholds) for t in tests]
    distinct = {k: t.p_value for k, t in zip(keys, tests, strict=True)}
    if method not in ADJUST:
        raise ValueError(BAD_METHOD.format(known=sorted(ADJUST), got=method))
    adjusted = dict(zip(distinct, ADJUST[method](list(distinct.values())), strict=True))
    for key, t in zip(keys, tests, strict=True):
        t.adjusted = float(adjusted[key])
    return len(distinct)


def _claim(t: PairTest, thresholds: dict[str, float]) -> tuple[Any, ...]:
    how = "ratio" if t.disparity.endswith("_ratio") else "difference"
    return (t.feature, t.metric, how, thresholds[t.disparity], t.low, t.high)


def _rate(k: Any, n: Any) -> Parts:
    k, n = np.asarray(k, dtype=float), np.asarray(n, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return Parts("rate", k / n, k, n)


def _mean(g: np.ndarray, x: np.ndarray, n_groups: int, *, root: bool = False) -> Parts:
    n = np.bincount(g, minlength=n_groups).astype(float)
    s, q = np.bincount(g, x, n_groups), np.bincount(g, x**2, n_groups)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = s / n
        var = np.maximum(q / n - mean**2, 0.0) * n / (n - 1)
    return Parts("root_mean" if root else "mean", np.sqrt(mean) if root else mean, var, n)
