"""Training-set poisoning screens: suspicious labels, outlying rows, ART activation clustering."""

from __future__ import annotations

from typing import Any

import numpy as np

from secure_check.analyses.robustness.space import FeatureSpace
from secure_check.analyses.robustness.target import Target, quiet

ALPHA = 0.01  # a label-noise finding needs the training excess significant at this level
OUTLIER_Z = 4.0
MAX_ROWS = 3000
MAX_LISTED = 20
FOLDS = 5
METHOD = (
    "confident learning (Northcutt et al. 2021): out-of-fold class probabilities, a row is "
    "flagged when another class reaches its per-class threshold and beats the given label"
)


def screen(
    target: Target, X_train: Any, y_train: Any, z: np.ndarray, *, seed: int,
    held_out: tuple[np.ndarray, np.ndarray] | None = None,
) -> dict[str, Any]:  # fmt: skip
    """Label-noise and outlier screens of the training set (plus activation clustering for torch).

    ``label_noise``: rows whose given label the cross-validated model confidently disagrees
    with (confident learning). Real labels are noisy, so the same rule is applied to the
    held-out rows ``held_out`` (encoded X, class indices), scored by the same fold models: only
    a training rate significantly above the held-out one (one-sided, ``ALPHA``) is a finding.
    ``outliers``: rows an IsolationForest isolates. ``suspects``: rows flagged by both.
    Row numbers are positions in ``X_train``; ``index`` holds its index labels.
    """
    rows = np.random.default_rng(seed).permutation(len(z))[:MAX_ROWS]
    rows.sort()
    noise = label_noise(
        target, _take(X_train, rows), np.asarray(y_train)[rows], z[rows], seed=seed,
        held_out=held_out,
    )  # fmt: skip
    outliers = isolation(target.space, z[rows], seed=seed)
    result: dict[str, Any] = {
        "rows_screened": len(rows),
        "label_noise": noise,
        "outliers": outliers,
    }
    for part in (noise, outliers):
        part["rows"] = rows[part.pop("_mask")]
    both = np.intersect1d(noise["rows"], outliers["rows"])
    result["suspects"] = {"count": len(both), "rows": both[:MAX_LISTED].tolist()}
    labels = _index(X_train)
    for part in (noise, outliers):
        part["count"] = len(part["rows"])
        part["rate"] = part["count"] / max(len(rows), 1)
        part["index"] = [labels[i] for i in part["rows"][:MAX_LISTED]]
        part["rows"] = part["rows"][:MAX_LISTED].tolist()
    if target.kind == "torch":
        y_rows = np.asarray(y_train)[rows]
        for name, probe in (("activation_clustering", activation_clustering),
                            ("spectral_signatures", spectral_signatures)):  # fmt: skip
            found = probe(target, z[rows], y_rows)
            if "rows" in found:  # positions in the screened sample -> positions in X_train
                found["rows"] = rows[np.asarray(found["rows"], dtype=int)].tolist()
            result[name] = found
    return result


def label_noise(
    target: Target, X: Any, y: Any, z: np.ndarray, *, seed: int,
    held_out: tuple[np.ndarray, np.ndarray] | None = None,
) -> dict[str, Any]:  # fmt: skip
    """Confident-learning label issues in the training rows, compared with held-out rows."""
    codes = target.labels(y)
    counts = np.bincount(codes, minlength=target.n_classes)
    present = counts[counts > 0]
    if present.size < 2 or present.min() < 2:
        return {
            "skipped": "every class needs at least 2 training rows",
            "_mask": np.zeros(len(z), bool),
        }
    model, data, how = _screen_model(target, X, z, seed)
    test = None
    if held_out is not None and len(held_out[1]):
        z_te, y_te = held_out
        test = (z_te if data is z else target.space.decode(z_te), np.asarray(y_te))
    p_tr, p_te = _out_of_fold(model, data, codes, test, target.n_classes, seed)
    thresholds = _class_thresholds(p_tr, codes)
    mask = confident_issues(p_tr, codes, thresholds)
    out: dict[str, Any] = {
        "model": how,
        "method": METHOD,
        "class_thresholds": [None if not np.isfinite(t) else float(t) for t in thresholds],
        "median_own_label_probability": float(np.median(p_tr[np.arange(len(codes)), codes])),
        "_mask": mask,
    }
    if test is not None:
        held = confident_issues(p_te, test[1], thresholds)
        out.update(_compare(mask, held))
    return out


def confident_issues(proba: np.ndarray, labels: np.ndarray, thresholds: np.ndarray) -> np.ndarray:
    """Rows where some class reaches its threshold and the likeliest such class is not the label."""
    above = proba >= thresholds
    likeliest = np.where(above, proba, -1.0).argmax(axis=1)
    return np.asarray(above.any(axis=1) & (likeliest != labels))


def _class_thresholds(proba: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Per-class threshold: the mean probability of class j over rows labelled j."""
    k = proba.shape[1]
    with np.errstate(invalid="ignore"):
        t = np.array(
            [proba[labels == j, j].mean() if (labels == j).any() else np.inf for j in range(k)]
        )
    return np.asarray(t)


def _out_of_fold(
    model: Any, data: Any, codes: np.ndarray, test: tuple[Any, np.ndarray] | None,
    n_classes: int, seed: int,
) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """Out-of-fold probabilities of the training rows; held-out rows scored by the same folds."""
    from sklearn.base import clone
    from sklearn.model_selection import StratifiedKFold
    from threadpoolctl import threadpool_limits

    folds = int(min(FOLDS, np.bincount(codes)[np.bincount(codes) > 0].min()))
    cv = StratifiedKFold(folds, shuffle=True, random_state=seed)
    p_tr = np.zeros((len(codes), n_classes))
    n_te = 0 if test is None else len(test[1])
    p_te = np.zeros((n_te, n_classes))
    part = np.random.default_rng(seed).integers(0, folds, n_te)
    # NOTE: at most MAX_ROWS rows: OpenMP threads cost more than they save here (a 5-fold
    # HistGradientBoosting on 200 rows took 16.8 s with threads on a busy 2-core box, 0.5 s
    # without). robustness() already limits threads; this covers direct calls.
    with quiet(), threadpool_limits(limits=1):
        for f, (fit, out) in enumerate(cv.split(np.zeros(len(codes)), codes)):
            m = clone(model).fit(_take(data, fit), codes[fit])
            p_tr[out] = _proba(m, _take(data, out), n_classes)
            if test is not None and (part == f).any():
                p_te[part == f] = _proba(m, _take(test[0], np.flatnonzero(part == f)), n_classes)
    return p_tr, p_te


def _proba(model: Any, X: Any, n_classes: int) -> np.ndarray:
    """Probabilities in class-index columns (a fold may miss a rare class)."""
    raw = np.asarray(model.predict_proba(X), dtype=float)
    out = np.zeros((len(raw), n_classes))
    out[:, np.asarray(model.classes_, dtype=int)] = raw
    return out


def _compare(train: np.ndarray, held: np.ndarray) -> dict[str, Any]:
    """One-sided two-proportion test: more label issues in training than in held-out rows."""
    from secure_check.analyses.stats import proportion_test_greater

    counts = (np.asarray(a, dtype=float) for a in (train.sum(), train.size, held.sum(), held.size))
    p = float(proportion_test_greater(*counts))
    return {
        "held_out_rows": int(held.size),
        "held_out_rate": float(held.mean()),
        "excess_rate": float(train.mean() - held.mean()),
        "p_value": p,
        "alpha": ALPHA,
        "significant": p < ALPHA,
    }


def _screen_model(target: Target, X: Any, z: np.ndarray, seed: int) -> tuple[Any, Any, str]:
    """Return a fresh clone of the model if sklearn can clone it, else a boosting stand-in."""
    from sklearn.base import clone

    try:
        model = clone(target.model)
        if hasattr(model, "random_state"):
            model.set_params(random_state=seed)
        if not hasattr(model, "predict_proba"):
            raise TypeError("no predict_proba")
        return model, X, f"clone of {target.name}"
    except (TypeError, ValueError, RuntimeError, AttributeError):
        from sklearn.ensemble import HistGradientBoostingClassifier

        return (
            HistGradientBoostingClassifier(random_state=seed),
            z,
            "HistGradientBoostingClassifier",
        )


def isolation(space: FeatureSpace, z: np.ndarray, *, seed: int) -> dict[str, Any]:
    """Rows far more isolated than typical (IsolationForest score, robust z above OUTLIER_Z).

    NOTE: IsolationForest's own "auto" cut flags 10-15 % of plain Gaussian data; a robust
    z-score of the anomaly score keeps only rows that stand out from the rest.
    """
    from sklearn.ensemble import IsolationForest

    scaled = np.nan_to_num(space.scale(z), nan=0.5)
    forest = IsolationForest(n_estimators=100, random_state=seed).fit(scaled)
    score = -forest.score_samples(scaled)
    mad = 1.4826 * np.median(np.abs(score - np.median(score))) or 1e-12
    robust_z = (score - np.median(score)) / mad
    return {"model": "IsolationForest", "z_threshold": OUTLIER_Z, "_mask": robust_z > OUTLIER_Z}


def activation_clustering(target: Target, z: np.ndarray, y: Any) -> dict[str, Any]:
    """ART ActivationDefence on a torch network (clusters its last-layer activations per class)."""
    from art.defences.detector.poison import ActivationDefence

    return _neural_defence(target, z, y, ActivationDefence, nb_clusters=2, nb_dims=10, reduce="PCA")


def spectral_signatures(target: Target, z: np.ndarray, y: Any) -> dict[str, Any]:
    """ART SpectralSignatureDefense on a torch network (outliers along the top singular vector)."""
    from art.defences.detector.poison import SpectralSignatureDefense

    return _neural_defence(target, z, y, SpectralSignatureDefense)


def _neural_defence(target: Target, z: np.ndarray, y: Any, cls: Any, **kw: Any) -> dict[str, Any]:
    onehot = np.eye(target.n_classes)[target.labels(y)]
    try:
        defence = cls(target.white_box(), z.astype(np.float32), onehot)
        with quiet():
            _, is_clean = defence.detect_poison(**kw)
    except Exception as exc:  # noqa: BLE001 - a network ART cannot hook is reported, not fatal
        return {"skipped": f"{type(exc).__name__}: {exc}"}
    flagged = np.flatnonzero(np.asarray(is_clean) == 0)
    return {"count": len(flagged), "rows": flagged[:MAX_LISTED].tolist()}


def _take(X: Any, rows: np.ndarray) -> Any:
    return X.iloc[rows] if hasattr(X, "iloc") else np.asarray(X)[rows]


def _index(X: Any) -> list[Any]:
    index = getattr(X, "index", None)
    labels = list(index) if index is not None else list(range(len(X)))
    return [
        v.item() if hasattr(v, "item") else (v if isinstance(v, (int, str)) else str(v))
        for v in labels
    ]
