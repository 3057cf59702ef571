"""Privacy probes with ART: membership inference (black-box and label-only), attribute inference."""

from __future__ import annotations

from typing import Any

import numpy as np

from secure_check.analyses.robustness.target import Target, quiet

TOO_FEW = "needs at least {need} rows on each side of the train/test split; got {got}"
NOT_A_FEATURE = "the sensitive attribute {name!r} is not a model input, so it cannot be inferred"
NOT_CATEGORICAL = (
    "the sensitive attribute {name!r} has {n} distinct values; attribute inference needs 2 to {max}"
)
MIN_ROWS = 20
MAX_LEVELS = 10


def _split_sample(n: int, cap: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Seeded halves of a sample of at most ``cap`` of ``n`` rows: (fit, evaluate)."""
    rows = rng.permutation(n)[:cap]
    half = len(rows) // 2
    return rows[:half], rows[half:]


def membership(
    target: Target,
    train: tuple[np.ndarray, np.ndarray],
    test: tuple[np.ndarray, np.ndarray],
    *,
    seed: int,
    cap: int = 1000,
) -> dict[str, Any]:
    """Black-box and label-only membership inference on the given train/test split.

    The attack model is fitted on one half of each side and scored on the other half:
    ``auc`` 0.5 means the model's outputs say nothing about who was in the training set.
    """
    (z_tr, y_tr), (z_te, y_te) = train, test
    n = min(len(z_tr), len(z_te), cap)
    if n < MIN_ROWS:
        return {"skipped": TOO_FEW.format(need=MIN_ROWS, got=n)}
    rng = np.random.default_rng(seed)
    fit_tr, ev_tr = _split_sample(len(z_tr), n, rng)
    fit_te, ev_te = _split_sample(len(z_te), n, rng)
    box = target.blackbox(scaled=False)
    members, others = (z_tr[ev_tr], y_tr[ev_tr]), (z_te[ev_te], y_te[ev_te])
    fit = (z_tr[fit_tr], y_tr[fit_tr], z_te[fit_te], y_te[fit_te])
    result = _black_box(box, fit, members, others, seed)
    result["label_only"] = _label_only(box, members, others)
    return result


Rows = tuple[np.ndarray, np.ndarray]


def _black_box(
    box: Any, fit: tuple[np.ndarray, ...], members: Rows, others: Rows, seed: int
) -> dict[str, Any]:
    """ART MembershipInferenceBlackBox: a forest learns members from the model's outputs."""
    from art.attacks.inference.membership_inference import MembershipInferenceBlackBox
    from sklearn.ensemble import RandomForestClassifier

    attack = MembershipInferenceBlackBox(box, input_type="prediction", attack_model_type="rf")
    # NOTE: ART tests `if attack_model:`, which calls len() on an unfitted forest; set it after.
    attack.attack_model = RandomForestClassifier(min_samples_leaf=5, random_state=seed)
    with quiet():
        attack.fit(*fit)
        scores = [attack.infer(*rows, probabilities=True).reshape(-1) for rows in (members, others)]
    truth = np.r_[np.ones(len(scores[0])), np.zeros(len(scores[1]))]
    result = _roc(truth, np.concatenate(scores))
    return {**result, "samples": len(truth), "attack": "MembershipInferenceBlackBox"}


def _label_only(box: Any, members: Rows, others: Rows) -> dict[str, Any]:
    """ART LabelOnlyGapAttack: "member" whenever the model is right; advantage = TPR - FPR."""
    from art.attacks.inference.membership_inference import LabelOnlyGapAttack

    gap = LabelOnlyGapAttack(box)
    with quiet():
        tpr = float(np.mean(gap.infer(*members)))
        fpr = float(np.mean(gap.infer(*others)))
    return {
        "attack": "LabelOnlyGapAttack",
        "auc": 0.5 + (tpr - fpr) / 2,
        "advantage": tpr - fpr,
        "train_accuracy": tpr,
        "test_accuracy": fpr,
    }


def _roc(truth: np.ndarray, scores: np.ndarray) -> dict[str, Any]:
    from sklearn.metrics import roc_auc_score, roc_curve

    fpr, tpr, _ = roc_curve(truth, scores)
    keep = np.unique(np.linspace(0, len(fpr) - 1, min(len(fpr), 50)).astype(int))
    return {
        "auc": float(roc_auc_score(truth, scores)),
        "advantage": float(np.max(tpr - fpr)),
        "roc": {"fpr": fpr[keep].round(4).tolist(), "tpr": tpr[keep].round(4).tolist()},
    }


def attribute(
    target: Target,
    train: tuple[np.ndarray, np.ndarray],
    column: str,
    *,
    seed: int,
    cap: int = 1000,
) -> dict[str, Any]:
    """ART attribute inference of ``column`` from the model's outputs and the other features.

    Compares the attack's accuracy with ART's baseline that sees the other features but not
    the model's outputs: the difference (``advantage``) is what the model itself leaks.
    """
    columns = target.space.columns
    if column not in columns:
        return {"skipped": NOT_A_FEATURE.format(name=column)}
    j = columns.index(column)
    z = train[0]
    ok = np.flatnonzero(np.isfinite(z).all(axis=1))
    values = np.unique(z[ok, j])
    if not 2 <= len(values) <= MAX_LEVELS:
        return {"skipped": NOT_CATEGORICAL.format(name=column, n=len(values), max=MAX_LEVELS)}
    if len(ok) < 2 * MIN_ROWS:
        return {"skipped": TOO_FEW.format(need=2 * MIN_ROWS, got=len(ok))}
    fit, ev = (ok[r] for r in _split_sample(len(ok), cap, np.random.default_rng(seed)))
    guess, base = _infer_attribute(target, z[fit], z[ev], j, values, seed)
    truth = z[ev, j]
    accuracy, base_accuracy = float(np.mean(guess == truth)), float(np.mean(base == truth))
    majority = float(np.max(np.unique(truth, return_counts=True)[1]) / len(truth))
    return {
        "attribute": column,
        "attack": "AttributeInferenceBlackBox",
        "accuracy": accuracy,
        "baseline_accuracy": base_accuracy,
        "majority_rate": majority,
        "advantage": accuracy - max(base_accuracy, majority),
        "samples": len(ev),
    }


def _infer_attribute(
    target: Target, z_fit: np.ndarray, z_ev: np.ndarray, j: int, values: np.ndarray, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Guesses of column ``j`` by ART's black-box attack and by its model-free baseline."""
    from art.attacks.inference.attribute_inference import (
        AttributeInferenceBaseline,
        AttributeInferenceBlackBox,
    )
    from sklearn.ensemble import RandomForestClassifier

    box = target.blackbox(scaled=False)
    attack = AttributeInferenceBlackBox(box, attack_feature=j, attack_model_type="rf")
    baseline = AttributeInferenceBaseline(attack_feature=j, attack_model_type="rf")
    # NOTE: seeded forests set after construction (ART calls len() on an unfitted one).
    attack.attack_model, baseline.attack_model = (
        RandomForestClassifier(min_samples_leaf=3, random_state=seed) for _ in range(2)
    )
    rest = np.delete(z_ev, j, axis=1)
    with quiet():
        attack.fit(z_fit)
        baseline.fit(z_fit)
        # NOTE: ART fits on the predicted class as one column; infer must get the same shape.
        pred = np.argmax(box.predict(z_ev), axis=1).reshape(-1, 1)
        guess = attack.infer(rest, pred=pred, values=values.tolist())
        base = baseline.infer(rest, values=values.tolist())
    return np.asarray(guess).reshape(-1), np.asarray(base).reshape(-1)
