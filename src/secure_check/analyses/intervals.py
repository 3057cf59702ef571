"""Confidence intervals with stated coverage and Holm's multiplicity adjustment.

Rates get Clopper-Pearson intervals (coverage at least nominal for every n and rate), means a
Student t interval. Differences and ratios of two independent estimates use MOVER (method of
variance estimates recovery: Newcombe 1998 for differences, Donner & Zou 2012 for ratios),
built from the two groups' own intervals, so they inherit the small-sample behaviour of those.
"""

from __future__ import annotations

from typing import Any

import numpy as np

Bounds = tuple[np.ndarray, np.ndarray]


def clopper_pearson(k: Any, n: Any, level: float = 0.95) -> Bounds:
    """Exact (Clopper-Pearson) interval for the rate ``k / n``; NaN where ``n == 0``."""
    from scipy.stats import beta

    k, n = np.asarray(k, dtype=float), np.asarray(n, dtype=float)
    tail = (1.0 - level) / 2.0
    with np.errstate(divide="ignore", invalid="ignore"):
        lo = np.where(k > 0, beta.ppf(tail, k, n - k + 1), 0.0)
        hi = np.where(k < n, beta.ppf(1 - tail, k + 1, n - k), 1.0)
    empty = n <= 0
    return np.where(empty, np.nan, lo), np.where(empty, np.nan, hi)


def mean_interval(mean: Any, var: Any, n: Any, level: float = 0.95) -> Bounds:
    """Student t interval for a mean from its sample variance; NaN below two rows."""
    from scipy.stats import t

    mean, var, n = (np.asarray(a, dtype=float) for a in (mean, var, n))
    with np.errstate(divide="ignore", invalid="ignore"):
        half = t.ppf(0.5 + level / 2.0, np.maximum(n - 1, 1)) * np.sqrt(var / n)
    half = np.where(n >= 2, half, np.nan)
    return mean - half, mean + half


def mover_difference(e1: Any, b1: Bounds, e2: Any, b2: Bounds) -> Bounds:
    """Interval for ``e1 - e2`` from each estimate's own interval (Newcombe's hybrid score)."""
    (l1, u1), (l2, u2) = b1, b2
    d = np.asarray(e1, dtype=float) - np.asarray(e2, dtype=float)
    lo = d - np.sqrt((e1 - l1) ** 2 + (u2 - e2) ** 2)
    hi = d + np.sqrt((u1 - e1) ** 2 + (e2 - l2) ** 2)
    return lo, hi


def ratio_upper_margin(theta: Any, e1: Any, b1: Bounds, e2: Any, b2: Bounds) -> np.ndarray:
    """MOVER upper limit of ``e1 - theta * e2``: negative means ``e1 / e2 < theta`` is shown."""
    (_, u1), (l2, _) = b1, b2
    return np.asarray(e1 - theta * e2 + np.sqrt((u1 - e1) ** 2 + (theta * (e2 - l2)) ** 2))


def ratio_lower_margin(theta: Any, e1: Any, b1: Bounds, e2: Any, b2: Bounds) -> np.ndarray:
    """MOVER lower limit of ``e1 - theta * e2``: positive means ``e1 / e2 > theta`` is shown."""
    (l1, _), (_, u2) = b1, b2
    return np.asarray(e1 - theta * e2 - np.sqrt((e1 - l1) ** 2 + (theta * (u2 - e2)) ** 2))


def mover_ratio(e1: Any, b1: Bounds, e2: Any, b2: Bounds, top: float = 1e6) -> Bounds:
    """Interval for ``e1 / e2`` (non-negative estimates): the ratios MOVER cannot reject.

    Solved by bisection on the two margins, which decrease in ``theta`` (Fieller's idea).
    """
    args = (e1, b1, e2, b2)
    lo = _root(lambda th: ratio_lower_margin(th, *args), top)
    hi = _root(lambda th: ratio_upper_margin(th, *args), top)
    bad = ~np.isfinite(np.asarray(e2, dtype=float)) | (np.asarray(e2, dtype=float) <= 0)
    return np.where(bad, np.nan, lo), np.where(bad, np.nan, hi)


def _root(margin: Any, top: float) -> np.ndarray:
    """Smallest theta in [0, top] where the decreasing ``margin`` drops to 0 (0 or top at ends)."""
    m0 = margin(np.float64(0.0))
    a, b = np.zeros_like(m0, dtype=float), np.full_like(m0, top, dtype=float)
    for _ in range(80):
        mid = (a + b) / 2
        above = margin(mid) > 0
        a, b = np.where(above, mid, a), np.where(above, b, mid)
    return np.where(m0 <= 0, 0.0, (a + b) / 2)


def holm(p_values: Any) -> np.ndarray:
    """Holm step-down adjusted p-values (family-wise error control under any dependence)."""
    p = np.asarray(p_values, dtype=float)
    if p.size == 0:
        return p
    order = np.argsort(p)
    ranked = np.minimum(1.0, p[order] * (p.size - np.arange(p.size)))
    adjusted = np.empty_like(p)
    adjusted[order] = np.maximum.accumulate(ranked)
    return adjusted


def benjamini_hochberg(p_values: Any) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values (q-values): false discovery rate control.

    Under the complete null (no real disparity anywhere) this is also family-wise control.
    """
    p = np.asarray(p_values, dtype=float)
    if p.size == 0:
        return p
    order = np.argsort(p)
    ranked = p[order] * p.size / np.arange(1, p.size + 1)
    adjusted = np.empty_like(p)
    adjusted[order] = np.minimum(1.0, np.minimum.accumulate(ranked[::-1])[::-1])
    return adjusted


def level_p_value(shown: Any, shape: tuple[int, ...], steps: int = 40) -> np.ndarray:
    """Smallest alpha at which ``shown(level)`` still holds: a p-value read off nested intervals.

    ``shown(level)`` returns a boolean array (``shape``): whether the claim's interval at
    ``level`` (an array of ``shape``) excludes the null. Intervals widen as the level rises,
    so the answer is monotone and bisection finds the boundary.
    """
    lo, hi = np.zeros(shape), np.ones(shape)  # alpha: not shown at lo, shown at hi
    ever = np.asarray(shown(np.full(shape, 1e-9)), dtype=bool)
    for _ in range(steps):
        mid = (lo + hi) / 2
        ok = np.asarray(shown(1.0 - mid), dtype=bool)
        lo, hi = np.where(ok, lo, mid), np.where(ok, mid, hi)
    return np.where(ever, hi, 1.0)
