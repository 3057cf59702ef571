"""Group metrics for the fairness analysis.

Point estimates come from fairlearn's MetricFrame; intervals and pairwise tests from per-group
counts (pairs.py).
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from typing import Any, Literal

import numpy as np

Kind = Literal["binary", "multiclass", "regression"]

BINARY_METRICS = (
    "count",
    "accuracy",
    "balanced_accuracy",
    "precision",
    "recall",
    "false_positive_rate",
    "selection_rate",
)
MULTICLASS_METRICS = ("count", "accuracy", "balanced_accuracy")
REGRESSION_METRICS = ("count", "mean_absolute_error", "root_mean_squared_error", "mean_prediction")
POS_LABEL_MISSING = "pos_label {label!r} is not among the labels of y and the predictions: {labels}"


@dataclasses.dataclass
class Outcomes:
    """Targets and predictions ready for metrics (binary ones encoded 0/1, 1 = ``pos_label``)."""

    kind: Kind
    y_true: np.ndarray
    y_pred: np.ndarray
    pos_label: Any = None
    labels: np.ndarray | None = None
    favorable: Any = None  # favorable.Favorable for binary tasks: label, source, note


def prepare(y: np.ndarray, y_pred: np.ndarray, task: str, pos_label: Any = None) -> Outcomes:
    """Encode targets and predictions for the task; binary labels become 0/1."""
    if task == "regression":
        return Outcomes("regression", y.astype(float), y_pred.astype(float))
    labels = np.unique(np.concatenate([y.astype(object), y_pred.astype(object)]).astype(str))
    raw = np.unique(np.concatenate([y, y_pred]))
    if raw.size > 2:
        codes = {v: i for i, v in enumerate(labels)}
        encode = np.vectorize(lambda v: codes[str(v)])
        return Outcomes("multiclass", encode(y), encode(y_pred), labels=labels)
    from secure_check.analyses.fairness.favorable import choose

    fav = choose(raw, pos_label, _find_label)
    pos = raw[[str(v) == str(fav.label) for v in raw]][0]
    y01, p01 = (y == pos).astype(int), (y_pred == pos).astype(int)
    return Outcomes("binary", y01, p01, _plain(pos), favorable=fav)


def metric_functions(kind: Kind) -> dict[str, Callable[..., Any]]:
    """Return the MetricFrame metrics for ``kind``, named as fairlearn and sklearn spell them."""
    from fairlearn import metrics as fm
    from sklearn import metrics as sm

    if kind == "regression":
        return {
            "count": fm.count,
            "mean_absolute_error": sm.mean_absolute_error,
            "root_mean_squared_error": sm.root_mean_squared_error,
            "mean_prediction": fm.mean_prediction,
        }
    common = {"count": fm.count, "accuracy": sm.accuracy_score}
    common["balanced_accuracy"] = sm.balanced_accuracy_score
    if kind == "multiclass":
        return common
    return {
        **common,
        "precision": functools.partial(sm.precision_score, zero_division=0),
        "recall": functools.partial(sm.recall_score, zero_division=0),
        "false_positive_rate": fm.false_positive_rate,
        "selection_rate": fm.selection_rate,
    }


def metric_frame(out: Outcomes, groups: Any) -> Any:
    """Fairlearn ``MetricFrame`` of the task's metrics over ``groups`` (Series or DataFrame)."""
    import warnings

    from fairlearn.metrics import MetricFrame

    with warnings.catch_warnings():
        # NOTE: a single-class group makes balanced_accuracy warn; its value is still defined.
        warnings.filterwarnings("ignore", message=".*y_pred contains classes not in y_true.*")
        warnings.filterwarnings("ignore", message=".*Recall is ill-defined.*")
        return MetricFrame(
            metrics=metric_functions(out.kind),
            y_true=out.y_true,
            y_pred=out.y_pred,
            sensitive_features=groups,
        )


def _find_label(labels: np.ndarray, wanted: Any) -> Any:
    """Match ``wanted`` to a label, also by its text (``"1"`` from a command line means 1)."""
    for label in labels:
        if label == wanted or str(label) == str(wanted):
            return label
    raise ValueError(POS_LABEL_MISSING.format(label=wanted, labels=labels.tolist()))


def _plain(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value
