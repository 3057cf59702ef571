"""One adapter over estimators, pipelines, XGBoost/LightGBM and precomputed predictions.

Anything with ``predict`` (and ``predict_proba``) works; arrays count as predictions.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Literal

import numpy as np

NOT_A_MODEL = (
    "expected a fitted model with predict() or precomputed predictions (an array with one "
    "value per row of X); got {kind}"
)
LENGTH_MISMATCH = "{what} has {got} rows but X has {want}"
NO_SCORES = "{name} has neither predict_proba() nor decision_function(): scores are unavailable"
NEEDS_MODEL = "{what} needs a model to call; precomputed predictions are not enough"

TASK_NOTE = "Analysed as {task}: {why}."
TASK_REASONS = {
    "given": "the task was given",
    "model": "scikit-learn's estimator type of the model says so",
    "classes": "the model has classes_ or predict_proba",
    "target": "the model does not say, so the target's values decided",
    "predictions": "decided from the precomputed predictions' values",
    "default": "the model does not say and no target was given",
}

Task = Literal["classification", "regression"]
Family = Literal["tree", "linear", "other"]

_TREE_MODULES = ("xgboost", "lightgbm", "catboost")
_TREE_NAMES = ("DecisionTree", "RandomForest", "ExtraTrees", "GradientBoosting", "IsolationForest")
_LINEAR_NAMES = ("LinearSVC", "LinearSVR")


@dataclasses.dataclass
class Predictions:
    """Precomputed model outputs, for when the model itself is not at hand.

    Parameters
    ----------
    y_pred : array-like
        Predicted labels (classification) or values (regression), one per row.
    y_score : array-like, optional
        Score or probability of the positive class, one per row.
    """

    y_pred: Any
    y_score: Any = None


class ModelAdapter:
    """Uniform access to predictions, scores and the model's structure.

    Parameters
    ----------
    model : estimator, Pipeline, Predictions or array-like
        A fitted model with ``predict``, or precomputed predictions.
    task : {"classification", "regression"}, optional
        Overrides the task inferred from the model (or from the predictions).
    y : array-like, optional
        The target, consulted when the model itself does not say which task it solves.
    """

    def __init__(self, model: Any, *, task: Task | None = None, y: Any = None) -> None:
        if isinstance(model, ModelAdapter):
            task = task or model.task
            model = model.model
        self.model: Any = model
        self.precomputed = model if isinstance(model, Predictions) else None
        if self.precomputed is None and not callable(getattr(model, "predict", None)):
            raise TypeError(NOT_A_MODEL.format(kind=type(model).__name__))
        self.task: Task
        self.task_source: str
        self.task, self.task_source = (task, "given") if task else self._infer_task(y)

    @property
    def task_note(self) -> str:
        """One sentence: the task analysed and how it was decided (shared by all analyses)."""
        return TASK_NOTE.format(task=self.task, why=TASK_REASONS[self.task_source])

    @property
    def name(self) -> str:
        """Readable model type, e.g. ``Pipeline(ColumnTransformer > LogisticRegression)``."""
        if self.precomputed is not None:
            return "precomputed predictions"
        steps = getattr(self.model, "steps", None)
        if steps:
            inner = " > ".join(type(step).__name__ for _, step in steps)
            return f"{type(self.model).__name__}({inner})"
        return type(self.model).__name__

    @property
    def classes_(self) -> np.ndarray | None:
        """The classes in ``predict_proba`` column order, if the model exposes them."""
        classes = getattr(self.model, "classes_", None)
        return None if classes is None else np.asarray(classes)

    def inputs(self, X: Any) -> Any:
        """Return the columns of ``X`` the model was fitted on, when ``X`` holds more.

        NOTE: a sensitive column kept in the data frame for grouping (``--sensitive race``)
        but never a model feature is dropped before predicting.
        """
        names = getattr(self.model, "feature_names_in_", None)
        columns = getattr(X, "columns", None)
        if names is None or columns is None or list(columns) == list(names):
            return X
        return X[list(names)] if set(names) <= set(columns) else X

    def predict(self, X: Any) -> np.ndarray:
        """Predicted labels or values as a 1-D array (checked against ``len(X)``)."""
        if self.precomputed is not None:
            return _aligned(self.precomputed.y_pred, X, "predictions")
        return np.asarray(self.model.predict(self.inputs(X))).reshape(len(X), -1).squeeze(axis=1)

    def predict_proba(self, X: Any) -> np.ndarray | None:
        """Class probabilities (n, k), or None when the model has no ``predict_proba``."""
        if self.precomputed is not None or not hasattr(self.model, "predict_proba"):
            return None
        return np.asarray(self.model.predict_proba(self.inputs(X)))

    def score(self, X: Any, pos_label: Any = None) -> np.ndarray:
        """Score of the positive class (probability if available), or the regression output."""
        if self.precomputed is not None:
            if self.precomputed.y_score is None:
                raise ValueError(NO_SCORES.format(name=self.name))
            return _aligned(self.precomputed.y_score, X, "scores").astype(float)
        if self.task == "regression":
            return self.predict(X).astype(float)
        proba = self.predict_proba(X)
        if proba is not None:
            return proba[:, self._column(pos_label)]
        if hasattr(self.model, "decision_function"):
            return np.asarray(self.model.decision_function(self.inputs(X)), dtype=float)
        raise ValueError(NO_SCORES.format(name=self.name))

    def split(self) -> tuple[Any | None, Any]:
        """Return ``(preprocessor, final_estimator)``; no preprocessor (None) outside pipelines."""
        self.require_model("splitting the pipeline")
        steps = getattr(self.model, "steps", None)
        if not steps or len(steps) == 1:
            return None, steps[-1][1] if steps else self.model
        return self.model[:-1], steps[-1][1]

    @property
    def family(self) -> Family:
        """``tree`` / ``linear`` / ``other``: which of the final estimator's kind it is."""
        if self.precomputed is not None:
            return "other"
        return estimator_family(self.split()[1])

    def require_model(self, what: str) -> None:
        """Raise ValueError if only precomputed predictions are available."""
        if self.precomputed is not None:
            raise ValueError(NEEDS_MODEL.format(what=what))

    def _column(self, pos_label: Any) -> int:
        classes = self.classes_
        if pos_label is None or classes is None:
            return -1
        hits = np.flatnonzero(classes == pos_label)
        return int(hits[0]) if hits.size else -1

    def _infer_task(self, y: Any) -> tuple[Task, str]:
        if self.precomputed is not None:
            return _task_from_values(np.asarray(self.precomputed.y_pred)), "predictions"
        final = self.model.steps[-1][1] if getattr(self.model, "steps", None) else self.model
        kind = _estimator_type(final)
        if kind in ("classifier", "regressor"):
            return ("classification" if kind == "classifier" else "regression"), "model"
        if hasattr(final, "classes_") or hasattr(final, "predict_proba"):
            return "classification", "classes"
        if y is not None:
            return _task_from_values(np.asarray(y)), "target"
        return "regression", "default"


def as_model(model: Any, X: Any = None, *, task: Task | None = None, y: Any = None) -> ModelAdapter:
    """Wrap ``model``; a bare array-like with one value per row of ``X`` counts as predictions."""
    if X is not None and not callable(getattr(model, "predict", None)):
        if isinstance(model, (list, tuple, np.ndarray)) or hasattr(model, "to_numpy"):
            model = Predictions(model)
    return ModelAdapter(model, task=task, y=y)


def estimator_family(estimator: Any) -> Family:
    """Classify an estimator for explainer choice: tree ensembles, linear models, the rest."""
    cls = type(estimator)
    module, name = cls.__module__, cls.__name__
    if module.split(".")[0] in _TREE_MODULES or any(name.startswith(t) for t in _TREE_NAMES):
        return "tree"
    if module.startswith("sklearn.linear_model") or name in _LINEAR_NAMES:
        return "linear"
    return "other"


def _estimator_type(estimator: Any) -> str | None:
    try:
        from sklearn.utils import get_tags

        return str(get_tags(estimator).estimator_type)
    except Exception:  # noqa: BLE001 - third-party estimators may not implement sklearn tags
        return getattr(estimator, "_estimator_type", None)


def _task_from_values(values: np.ndarray) -> Task:
    if values.dtype.kind in "fc":
        finite = values[np.isfinite(values)]
        if finite.size and (np.unique(finite).size > 20 or np.any(finite != np.round(finite))):
            return "regression"
    return "classification"


def _aligned(values: Any, X: Any, what: str) -> np.ndarray:
    arr = np.asarray(values).reshape(-1) if np.ndim(values) <= 1 else np.asarray(values)
    if X is not None and len(arr) != len(X):
        raise ValueError(LENGTH_MISMATCH.format(what=what, got=len(arr), want=len(X)))
    return arr
