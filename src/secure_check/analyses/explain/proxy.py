"""Proxy check: important features that predict a sensitive attribute.

One measure for every column type: how well the feature alone predicts the sensitive group,
out of fold. Each value of the feature (numbers with more than ``MAX_CELLS`` distinct values
cut into ``BINS`` quantile bins) gets the smoothed group frequencies of the training folds;
the held-out rows are scored with them and the AUC (one-vs-rest, macro) is reported as the
Gini coefficient ``2 * AUC - 1``, 0 = no information, 1 = the feature gives the group away.
An integer zip code and the same zip as text score alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

MEASURE = "cross-validated Gini (2 AUC - 1) of predicting it from this feature"
MAX_CELLS = 50
BINS = 20
FOLDS = 5
SMOOTHING = 2.0

PROXY = (
    "{feature} is a likely proxy for {sensitive}: {measure} {value:.2f} with {sensitive}, and it "
    "ranks {rank} of {total} by mean |SHAP|."
)
DIRECT = (
    "The model uses the sensitive attribute {feature} directly: it ranks {rank} of {total} by "
    "mean |SHAP| ({share:.0%} of the total)."
)


def association(feature: Any, groups: Any, *, seed: int = 0) -> tuple[str, float]:
    """Return ``(measure, value)``: how well ``feature`` predicts ``groups`` (0 to 1)."""
    auc = predictability(feature, groups, seed=seed)
    return MEASURE, max(0.0, 2.0 * auc - 1.0)


def predictability(feature: Any, groups: Any, *, seed: int = 0) -> float:
    """Out-of-fold AUC (macro one-vs-rest) of the group from a lookup table of the feature."""
    import pandas as pd
    from sklearn.metrics import roc_auc_score

    cells = _cells(pd.Series(feature).reset_index(drop=True))
    g, names = pd.factorize(pd.Series(np.asarray(groups)).astype(str))
    k, n = len(names), len(cells)
    if k < 2 or n < 2 * FOLDS:
        return 0.5
    fold = np.random.default_rng(seed).permutation(n) % FOLDS
    scores = np.zeros((n, k))
    for f in range(FOLDS):
        fit = fold != f
        counts = np.zeros((cells.max() + 1, k))
        np.add.at(counts, (cells[fit], g[fit]), 1.0)
        prior = np.bincount(g[fit], minlength=k) / fit.sum()
        table = (counts + SMOOTHING * prior) / (counts.sum(1, keepdims=True) + SMOOTHING)
        scores[~fit] = table[cells[~fit]]
    aucs = [roc_auc_score(g == j, scores[:, j]) for j in range(k) if 0 < (g == j).sum() < n]
    return float(np.mean(aucs)) if aucs else 0.5


def _cells(series: Any) -> np.ndarray:
    """Integer cell per row: the value itself, or a quantile bin for many-valued numbers."""
    import pandas as pd

    numeric = pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)
    if numeric and series.nunique() > MAX_CELLS:
        series = pd.qcut(series, q=BINS, duplicates="drop").astype(str)
    codes, _ = pd.factorize(series.astype(object).where(series.notna(), "(missing)").astype(str))
    return np.asarray(codes)


def proxies(
    frame: Any,
    groups: Any,
    importance: Mapping[str, float],
    *,
    threshold: float = 0.5,
    top_k: int = 5,
) -> list[dict[str, Any]]:
    """Return (feature, sensitive) pairs with association >= ``threshold``, strongest first.

    Each entry holds the measure, its value, the feature's importance and rank, and ``flagged``:
    True when the feature is also among the ``top_k`` most important or has 10% of the total.
    """
    ranks = {name: i + 1 for i, name in enumerate(importance)}
    total = sum(importance.values()) or 1.0
    out = []
    for sensitive in groups.columns:
        for feature in frame.columns:
            if feature == sensitive or feature not in importance:
                continue
            measure, value = association(frame[feature], groups[sensitive])
            if value < threshold:
                continue
            share = importance[feature] / total
            out.append(
                {
                    "feature": str(feature),
                    "sensitive": str(sensitive),
                    "measure": measure,
                    "association": round(value, 4),
                    "importance": importance[feature],
                    "rank": ranks[feature],
                    "flagged": ranks[feature] <= top_k or share >= 0.1,
                }
            )
    return sorted(out, key=lambda p: -p["association"])


def proxy_findings(found: list[dict[str, Any]], n_features: int) -> list[dict[str, Any]]:
    """One finding per flagged proxy (high when the association or the rank is strong)."""
    out = []
    for p in found:
        if not p["flagged"]:
            continue
        strong = p["association"] >= 0.8 or (p["association"] >= 0.6 and p["rank"] <= 3)
        message = PROXY.format(
            feature=p["feature"],
            sensitive=p["sensitive"],
            measure=p["measure"],
            value=p["association"],
            rank=p["rank"],
            total=n_features,
        )
        out.append(
            {
                "category": "explanation",
                "rule": "proxy_feature",
                "severity": "high" if strong else "medium",
                "message": message,
                **p,
            }
        )
    return out


def direct_use_findings(
    importance: Mapping[str, float], sensitive: list[str], *, top_k: int = 5
) -> list[dict[str, Any]]:
    """Return findings for sensitive attributes the model takes as inputs and leans on."""
    ranks = {name: i + 1 for i, name in enumerate(importance)}
    total = sum(importance.values()) or 1.0
    out = []
    for name in sensitive:
        if name not in ranks:
            continue
        share = importance[name] / total
        if ranks[name] > top_k and share < 0.05:
            continue
        message = DIRECT.format(feature=name, rank=ranks[name], total=len(ranks), share=share)
        out.append(
            {
                "category": "explanation",
                "rule": "sensitive_feature_used",
                "severity": "medium",
                "message": message,
                "feature": name,
                "rank": ranks[name],
                "importance": importance[name],
            }
        )
    return out
