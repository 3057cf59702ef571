"""Subpopulation discovery: slices where the model errs significantly more than elsewhere.

Slices are single features or pairs of binned features; the one-sided tests against the rest of
the data are controlled for multiple comparisons with Benjamini-Hochberg.
"""

from __future__ import annotations

import dataclasses
import itertools
from typing import Any

import numpy as np

from secure_check.analyses.data import group_labels, is_categorical
from secure_check.analyses.stats import (
    benjamini_hochberg,
    mean_test_greater,
    proportion_test_greater,
)


@dataclasses.dataclass
class _Column:
    name: str
    codes: np.ndarray
    labels: list[str]


@dataclasses.dataclass
class _Tests:
    conditions: list[dict[str, str]] = dataclasses.field(default_factory=list)
    stats: list[np.ndarray] = dataclasses.field(
        default_factory=list
    )  # rows: n, sum, sum of squares


def discover(
    frame: Any,
    errors: np.ndarray,
    *,
    binary: bool,
    alpha: float = 0.05,
    min_size: int | None = None,
    top: int = 10,
    max_features: int = 30,
) -> list[dict[str, Any]]:
    """Slices whose mean error exceeds the rest's, significant after FDR control at ``alpha``.

    Parameters
    ----------
    frame : DataFrame
        Columns to slice on (numeric ones are cut into quartiles).
    errors : ndarray
        Per-row error: 0/1 misclassification (``binary=True``) or absolute error.
    """
    n = len(errors)
    min_size = min_size or max(20, int(0.01 * n))
    columns = [c for c in (_column(frame[name]) for name in frame.columns[:max_features]) if c]
    tests = _Tests()
    for col in columns:
        _add(tests, [col], errors, min_size)
    for a, b in itertools.combinations(columns, 2):
        _add(tests, [a, b], errors, min_size)
    if not tests.conditions:
        return []
    stats = np.concatenate(tests.stats, axis=1)
    p = _p_values(stats, errors, binary)
    keep = benjamini_hochberg(p, alpha)
    q = _adjusted(p)
    slices = [
        _describe(tests.conditions[i], stats[:, i], p[i], q[i], errors)
        for i in np.flatnonzero(keep)
    ]
    slices = _drop_redundant(slices)
    # NOTE: ranked by excess errors (size x gap), so a big slice that is somewhat worse
    # outranks a tiny one that is much worse.
    return sorted(slices, key=lambda s: -s["size"] * (s["error"] - s["overall_error"]))[:top]


def _column(series: Any, max_levels: int = 8) -> _Column | None:
    if not is_categorical(series, max_levels=max_levels):
        labels = group_labels(series, max_levels=max_levels)
    else:
        labels = series.astype(object).astype(str)
        if labels.nunique() > len(labels) // 2:
            return None  # identifier-like: a slice per row tells nothing
        top = labels.value_counts().index[:max_levels]
        labels = labels.where(labels.isin(top), "(other)")
    uniques, codes = np.unique(labels.to_numpy(str), return_inverse=True)
    return _Column(str(series.name), codes.reshape(-1), [str(u) for u in uniques])


def _add(tests: _Tests, cols: list[_Column], errors: np.ndarray, min_size: int) -> None:
    sizes = [len(c.labels) for c in cols]
    code = np.ravel_multi_index([c.codes for c in cols], sizes)
    cells = int(np.prod(sizes))
    n = np.bincount(code, minlength=cells).astype(float)
    s = np.bincount(code, errors, cells)
    q = np.bincount(code, errors**2, cells)
    ok = np.flatnonzero((n >= min_size) & (n <= len(errors) - min_size))
    for cell in ok:
        parts = np.unravel_index(cell, sizes)
        tests.conditions.append({c.name: c.labels[i] for c, i in zip(cols, parts, strict=True)})
    tests.stats.append(np.vstack([n[ok], s[ok], q[ok]]))


def _p_values(stats: np.ndarray, errors: np.ndarray, binary: bool) -> np.ndarray:
    n, s, q = stats
    total_n, total_s, total_q = len(errors), float(errors.sum()), float((errors**2).sum())
    if binary:
        return np.asarray(proportion_test_greater(s, n, total_s - s, total_n - n))
    return np.asarray(mean_test_greater(s, q, n, total_s - s, total_q - q, total_n - n))


def _adjusted(p: np.ndarray) -> np.ndarray:
    order = np.argsort(p)
    ranked = p[order] * p.size / np.arange(1, p.size + 1)
    q = np.empty_like(p)
    q[order] = np.minimum(1.0, np.minimum.accumulate(ranked[::-1])[::-1])
    return q


def _describe(
    cond: dict[str, str], stat: np.ndarray, p: float, q: float, errors: np.ndarray
) -> dict[str, Any]:
    n, s, _ = stat
    return {
        "slice": cond,
        "description": " & ".join(f"{k}={v}" for k, v in cond.items()),
        "size": int(n),
        "error": float(s / n),
        "overall_error": float(errors.mean()),
        "p_value": float(p),
        "q_value": float(q),
    }


def _drop_redundant(slices: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Keep a pair only if it is worse than each of its single-feature parents that were found."""
    singles = {next(iter(s["slice"].items())): s["error"] for s in slices if len(s["slice"]) == 1}
    out = []
    for s in slices:
        parents = [singles.get(item) for item in s["slice"].items()] if len(s["slice"]) > 1 else []
        if all(p is None or s["error"] > p * 1.1 for p in parents):
            out.append(s)
    return out
