"""Training-set poisoning screens: suspicious labels, outlying rows, ART activation clustering."""

from __future__ import annotations

from typing import Any

import numpy as np

from secure_check.analyses.robustness.space import FeatureSpace
from secure_check.analyses.robustness.target import Target, quiet

NOISE_THRESHOLD = 0.1
OUTLIER_Z = 4.0
MAX_ROWS = 3000
MAX_LISTED = 20


def screen(
    target: Target, X_train: Any, y_train: Any, z: np.ndarray, *, seed: int
) -> dict[str, Any]:
    """Label-noise and outlier screens of the training set (plus activation clustering for torch).

    ``label_noise``: rows whose given label gets an out-of-fold probability below
    ``NOISE_THRESHOLD`` from a clone of the model (mislabelled or flipped rows).
    ``outliers``: rows an IsolationForest isolates. ``suspects``: rows flagged by both.
    Row numbers are positions in ``X_train``; ``index`` holds its index labels.
    """
    rows = np.random.default_rng(seed).permutation(len(z))[:MAX_ROWS]
    rows.sort()
    noise = label_noise(target, _take(X_train, rows), np.asarray(y_train)[rows], z[rows], seed=seed)
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


def label_noise(target: Target, X: Any, y: Any, z: np.ndarray, *, seed: int) -> dict[str, Any]:
    """Out-of-fold probability of each row's own label; low values suggest a wrong label."""
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    classes, counts = np.unique(y, return_counts=True)
    folds = int(min(5, counts.min())) if len(classes) > 1 else 0
    if folds < 2:
        return {
            "skipped": "every class needs at least 2 training rows",
            "_mask": np.zeros(len(z), bool),
        }
    model, data, how = _screen_model(target, X, z, seed)
    cv = StratifiedKFold(folds, shuffle=True, random_state=seed)
    from threadpoolctl import threadpool_limits

    # NOTE: at most MAX_ROWS rows: OpenMP threads cost more than they save here (a 5-fold
    # HistGradientBoosting on 200 rows took 16.8 s with threads on a busy 2-core box, 0.5 s
    # without). robustness() already limits threads; this covers direct calls.
    with quiet(), threadpool_limits(limits=1):
        proba = cross_val_predict(model, data, y, cv=cv, method="predict_proba")
    own = proba[np.arange(len(y)), np.searchsorted(classes, y)]
    return {
        "model": how,
        "threshold": NOISE_THRESHOLD,
        "median_own_label_probability": float(np.median(own)),
        "_mask": own < NOISE_THRESHOLD,
    }


def _screen_model(target: Target, X: Any, z: np.ndarray, seed: int) -> tuple[Any, Any, str]:
    """Return a fresh clone of the model if sklearn can clone it, else a boosting stand-in."""
    from sklearn.base import clone

    try:
        model = clone(target.model)
        if hasattr(model, "random_state"):
            model.set_params(random_state=seed)
        return model, X, f"clone of {target.name}"
    except (TypeError, ValueError, RuntimeError):
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
