"""Numbers from attack runs: adversarial accuracy per eps, success rate, perturbation, per group."""

from __future__ import annotations

from typing import Any

import numpy as np

from secure_check.analyses.robustness.evasion import LABELS, AttackRun
from secure_check.analyses.robustness.space import FeatureSpace

_TOL = 1e-6


def perturbation(run: AttackRun, space: FeatureSpace) -> dict[str, np.ndarray]:
    """Per-row L2 and Linf of the change in feature units, and Linf as a fraction of the range."""
    delta = run.x_adv - run.x
    share = np.abs(delta / space.span)
    for j in space.categories:  # NOTE: another category is a full step, not a code distance
        share[:, j] = (delta[:, j] != 0).astype(float)
    return {
        "l2": np.linalg.norm(delta, axis=1),
        "linf": np.abs(delta).max(axis=1, initial=0.0),
        "linf_range": share.max(axis=1, initial=0.0),
    }


def summarise(
    run: AttackRun, space: FeatureSpace, eps_grid: tuple[float, ...]
) -> list[dict[str, Any]]:
    """Rows of the ``attacks`` table for one run (one per eps for minimal-perturbation attacks)."""
    if run.eps is not None:
        return [_entry(run, space, run.eps, run.flipped)]
    size = perturbation(run, space)["linf_range"]
    rows = [_entry(run, space, e, run.flipped & (size <= e + _TOL)) for e in eps_grid]
    return [*rows, _entry(run, space, None, run.flipped)]


def _entry(
    run: AttackRun, space: FeatureSpace, eps: float | None, fooled: np.ndarray
) -> dict[str, Any]:
    correct = run.clean == run.y
    success = fooled & correct
    # NOTE: a row the model already gets wrong stays wrong: never more accurate than clean
    adversarial = correct & ~success
    return {
        "name": LABELS[run.name],
        "attack": run.name,
        "eps": eps,
        "kind": "bounded" if run.eps is not None else "minimal",
        "samples": len(run.rows),
        "clean_accuracy": _mean(correct),
        "adversarial_accuracy": _mean(adversarial),
        "success_rate": float(success.sum() / correct.sum()) if correct.any() else None,
        "correct": int(correct.sum()),
        "median_perturbation": _median(run, space, success),
        "seconds": round(run.seconds, 3),
        "estimator": run.estimator,
        "complete": run.complete,
    }


def _median(run: AttackRun, space: FeatureSpace, mask: np.ndarray) -> dict[str, float] | None:
    if not mask.any():
        return None
    sizes = perturbation(run, space)
    return {key: float(np.median(values[mask])) for key, values in sizes.items()}


def _mean(mask: np.ndarray) -> float | None:
    return float(np.mean(mask)) if len(mask) else None


def changed_features(
    runs: list[AttackRun], space: FeatureSpace, top: int = 5
) -> list[dict[str, Any]]:
    """Features most often changed by successful adversarial examples (over all runs)."""
    counts = np.zeros(len(space.columns))
    moved = np.zeros(len(space.columns))
    total = 0
    for run in runs:
        ok = run.flipped & (run.clean == run.y)
        delta = np.abs(run.x_adv[ok] - run.x[ok]) / space.span
        counts += (delta > _TOL).sum(axis=0)
        moved += delta.sum(axis=0)
        total += int(ok.sum())
    order = [j for j in np.argsort(-counts, kind="stable") if counts[j] > 0][:top]
    return [
        {
            "feature": space.columns[j],
            "share": float(counts[j] / total),
            "mean_change_range": float(moved[j] / counts[j]),
        }
        for j in order
    ]


def changed_by_group(
    runs: list[AttackRun], space: FeatureSpace, groups: np.ndarray, top: int = 5
) -> dict[str, list[dict[str, Any]]]:
    """Return :func:`changed_features` for each sensitive group's rows."""
    if not runs:
        return {}
    seen = np.unique(groups[np.concatenate([run.rows for run in runs])])
    return {
        str(g): changed_features([run.subset(groups[run.rows] == g) for run in runs], space, top)
        for g in seen
    }


def by_group(
    runs: list[AttackRun], space: FeatureSpace, groups: np.ndarray, eps_grid: tuple[float, ...]
) -> list[dict[str, Any]]:
    """Return the ``attacks`` table per sensitive group (``groups`` aligned with X's rows)."""
    out = []
    for run in runs:
        labels = groups[run.rows]
        for group in np.unique(labels):
            for row in summarise(run.subset(labels == group), space, eps_grid):
                out.append({"group": str(group), **row})
    return out


def group_gaps(table: list[dict[str, Any]], min_samples: int = 5) -> list[dict[str, Any]]:
    """For each attack and eps, the groups with the highest and lowest success rate."""
    keyed: dict[tuple[str, Any], list[dict[str, Any]]] = {}
    for row in table:
        if row["success_rate"] is not None and row["correct"] >= min_samples:
            keyed.setdefault((row["name"], row["eps"]), []).append(row)
    gaps = []
    for (name, eps), rows in keyed.items():
        if len(rows) < 2:
            continue
        hi = max(rows, key=lambda r: r["success_rate"])
        lo = min(rows, key=lambda r: r["success_rate"])
        gap = hi["success_rate"] - lo["success_rate"]
        p = _p_value(hi, lo)
        gaps.append({"name": name, "eps": eps, "gap": gap, "p_value": p, "most": hi, "least": lo})
    return sorted(gaps, key=lambda g: -g["gap"])


def _p_value(hi: dict[str, Any], lo: dict[str, Any]) -> float:
    """One-sided two-proportion test that the most-fooled group's success rate is higher."""
    from secure_check.analyses.stats import proportion_test_greater

    k1, n1 = hi["success_rate"] * hi["correct"], hi["correct"]
    k2, n2 = lo["success_rate"] * lo["correct"], lo["correct"]
    return float(proportion_test_greater(k1, n1, k2, n2))
