"""Small statistics used by the analyses: tests, FDR control, association."""

from __future__ import annotations

from typing import Any

import numpy as np


def proportion_test_greater(k1: np.ndarray, n1: np.ndarray, k2: np.ndarray, n2: np.ndarray) -> Any:
    """One-sided pooled two-proportion z-test that rate 1 (k1/n1) exceeds rate 2 (k2/n2).

    Returns
    -------
    ndarray
        p-values (1.0 where a group is empty or the pooled rate is 0 or 1).
    """
    from scipy.stats import norm

    k1, n1, k2, n2 = (np.asarray(a, dtype=float) for a in (k1, n1, k2, n2))
    with np.errstate(divide="ignore", invalid="ignore"):
        pooled = (k1 + k2) / (n1 + n2)
        se = np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
        z = (k1 / n1 - k2 / n2) / se
    p = norm.sf(z)
    return np.where(np.isfinite(p), p, 1.0)


def mean_test_greater(s1: Any, q1: Any, n1: Any, s2: Any, q2: Any, n2: Any) -> Any:
    """Test one-sided (Welch z) that mean 1 exceeds mean 2, from sums and sums of squares."""
    from scipy.stats import norm

    s1, q1, n1, s2, q2, n2 = (np.asarray(a, dtype=float) for a in (s1, q1, n1, s2, q2, n2))
    with np.errstate(divide="ignore", invalid="ignore"):
        m1, m2 = s1 / n1, s2 / n2
        v1 = np.maximum(q1 / n1 - m1**2, 0) * n1 / (n1 - 1)
        v2 = np.maximum(q2 / n2 - m2**2, 0) * n2 / (n2 - 1)
        z = (m1 - m2) / np.sqrt(v1 / n1 + v2 / n2)
    p = norm.sf(z)
    return np.where(np.isfinite(p), p, 1.0)


def benjamini_hochberg(p_values: Any, alpha: float = 0.05) -> np.ndarray:
    """Boolean mask of discoveries under Benjamini-Hochberg FDR control at ``alpha``."""
    p = np.asarray(p_values, dtype=float)
    m = p.size
    if m == 0:
        return np.zeros(0, dtype=bool)
    order = np.argsort(p)
    passed = p[order] <= alpha * np.arange(1, m + 1) / m
    keep = np.zeros(m, dtype=bool)
    if passed.any():
        keep[order[: np.flatnonzero(passed).max() + 1]] = True
    return keep


def cramers_v(a: Any, b: Any) -> float:
    """Bias-corrected Cramér's V between two categorical variables (0 = none, 1 = perfect)."""
    import pandas as pd

    table = pd.crosstab(pd.Series(np.asarray(a)), pd.Series(np.asarray(b))).to_numpy(float)
    n = table.sum()
    r, k = table.shape
    if n == 0 or r < 2 or k < 2:
        return 0.0
    expected = table.sum(1, keepdims=True) * table.sum(0, keepdims=True) / n
    chi2 = float(((table - expected) ** 2 / expected).sum())
    phi2 = max(0.0, chi2 / n - (k - 1) * (r - 1) / (n - 1))
    rc, kc = r - (r - 1) ** 2 / (n - 1), k - (k - 1) ** 2 / (n - 1)
    denom = min(kc - 1, rc - 1)
    return float(np.sqrt(phi2 / denom)) if denom > 0 else 0.0


def correlation_ratio(categories: Any, values: Any) -> float:
    """Correlation ratio eta: how much of a numeric variable's variance the categories explain."""
    codes, _ = _codes(categories)
    x = np.asarray(values, dtype=float)
    ok = np.isfinite(x)
    codes, x = codes[ok], x[ok]
    total = float(((x - x.mean()) ** 2).sum()) if x.size else 0.0
    if total == 0.0:
        return 0.0
    counts = np.bincount(codes)
    means = np.bincount(codes, weights=x) / np.maximum(counts, 1)
    between = float((counts * (means - x.mean()) ** 2).sum())
    return float(np.sqrt(between / total))


def _codes(values: Any) -> tuple[np.ndarray, np.ndarray]:
    uniques, codes = np.unique(np.asarray(values).astype(str), return_inverse=True)
    return codes.reshape(-1), uniques
