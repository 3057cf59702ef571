"""The model under attack: probabilities over the encoded space, and the ART estimator for it."""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator
from typing import Any

import numpy as np

from secure_check.analyses.robustness.space import FeatureSpace
from secure_check.core.extras import missing

NOT_A_CLASSIFIER = (
    "robustness probes need a fitted classifier with predict_proba() or predict(), or a "
    "predict_proba callable; got {kind}"
)
REGRESSOR = (
    "robustness probes attack classifiers; {name} is a regressor (its outputs are not classes)"
)
PROBA_SHAPE = "the model returned probabilities of shape {shape} for {n} rows and {k} classes"
UNKNOWN_LABEL = (
    "y holds labels the model does not know ({labels}); the model's classes are {classes}"
)
PREDICT_FAILED = "the model could not predict on X ({error}); is it fitted on data shaped like X?"

SMALL_BATCH = 512
_NOISY = (
    "X does not have valid feature names",
    "X has feature names",
    "PyTorch not found",
)


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """Silence the third-party warnings that every ART call would otherwise repeat."""
    with warnings.catch_warnings():
        for message in _NOISY:
            warnings.filterwarnings("ignore", message=f".*{message}")
        yield


def import_art() -> Any:
    """Import ART (its "PyTorch not found" warning silenced) or explain which extra is missing."""
    try:
        with quiet():
            import art.attacks.evasion
            import art.attacks.inference.attribute_inference
            import art.attacks.inference.membership_inference
            import art.estimators.classification
    except ImportError as exc:  # pragma: no cover - exercised by tests/install without extras
        raise ImportError(missing("robustness", "art")) from exc
    return art


class Target:
    """A classifier seen through the encoded feature space.

    Parameters
    ----------
    model : estimator, Pipeline, torch Module or callable
        Fitted classifier, or a function returning class probabilities.
    space : FeatureSpace
        The encoding of the model's input.
    y : array-like
        Labels, used for the class list when the model does not expose ``classes_``.
    """

    def __init__(self, model: Any, space: FeatureSpace, y: Any) -> None:
        self.model, self.space = model, space
        self.kind = _kind(model)
        if self.kind in ("sklearn", "xgboost", "lightgbm", "estimator") and _is_regressor(model):
            raise TypeError(REGRESSOR.format(name=type(model).__name__))
        classes = getattr(model, "classes_", None)
        self.classes = np.asarray(classes if classes is not None else np.unique(np.asarray(y)))
        self.calls = 0

    @property
    def name(self) -> str:
        """Readable model type (pipeline steps included)."""
        steps = getattr(self.model, "steps", None)
        if steps:
            return f"Pipeline({' > '.join(type(s).__name__ for _, s in steps)})"
        return getattr(self.model, "__name__", None) or type(self.model).__name__

    @property
    def n_classes(self) -> int:
        """Number of classes (at least 2: ART needs two output columns)."""
        return max(len(self.classes), 2)

    def labels(self, y: Any) -> np.ndarray:
        """Map labels to class indices (column positions of :meth:`proba`)."""
        y = np.asarray(y).reshape(-1)
        lookup = {c: i for i, c in enumerate(self.classes.tolist())}
        missing = sorted({str(v) for v in y.tolist() if v not in lookup})
        if missing:
            raise ValueError(
                UNKNOWN_LABEL.format(labels=", ".join(missing[:5]), classes=self.classes.tolist())
            )
        return np.asarray([lookup[v] for v in y.tolist()], dtype=int)

    def proba(self, Z: np.ndarray) -> np.ndarray:
        """Class probabilities ``(n, n_classes)`` for encoded rows."""
        self.calls += len(Z)
        if self.kind == "torch":
            return _softmax(self._torch().predict(np.asarray(Z, dtype=np.float32)))
        X = self.space.decode(Z)
        with quiet():
            out = self._raw_proba(X)
        return _two_columns(out, len(Z), self.n_classes)

    def _raw_proba(self, X: Any) -> np.ndarray:
        if self.kind == "lightgbm" and len(X) < SMALL_BATCH:
            # NOTE: attacks query a few rows at a time; LightGBM's OpenMP start-up then costs
            # ten times the prediction itself (18 ms against 1.7 ms per row on 2 cores).
            return np.asarray(self.model.predict_proba(X, num_threads=1), dtype=float)
        if hasattr(self.model, "predict_proba"):
            return np.asarray(self.model.predict_proba(X), dtype=float)
        if self.kind == "callable":
            return np.asarray(self.model(X), dtype=float)
        raw = np.asarray(self.model.predict(X))
        if raw.ndim == 2 and raw.shape[1] > 1 and raw.dtype.kind == "f":
            return raw  # Keras-style predict() that already returns class probabilities
        pred = raw.reshape(-1)
        onehot = np.zeros((len(pred), self.n_classes))
        onehot[np.arange(len(pred)), self.labels(pred)] = 1.0
        return onehot

    def predict(self, Z: np.ndarray) -> np.ndarray:
        """Predicted class indices for encoded rows."""
        return np.asarray(np.argmax(self.proba(Z), axis=1))

    def check(self, Z: np.ndarray) -> None:
        """Fail early, with a clear message, if the model cannot predict on these rows."""
        try:
            self.proba(Z[:2])
        except Exception as exc:
            raise ValueError(PREDICT_FAILED.format(error=f"{type(exc).__name__}: {exc}")) from exc

    def blackbox(self, *, scaled: bool) -> Any:
        """ART ``BlackBoxClassifier`` over the encoded space (scaled to [0, 1] if asked)."""
        from art.estimators.classification import BlackBoxClassifier

        space = self.space
        clip: tuple[Any, Any] = (0.0, 1.0)
        fn = lambda s: self.proba(space.unscale(s))  # noqa: E731 - a one-line adapter
        if not scaled:
            fn, clip = self.proba, self._clip()
        with quiet():
            return BlackBoxClassifier(fn, (len(space.columns),), self.n_classes, clip_values=clip)

    def white_box(self) -> Any | None:
        """Return an ART estimator with gradients (logistic regression, SVC, torch) or None."""
        if self.kind == "torch":
            return self._torch()
        pre, final = _split(_fitted(self.model))
        if self.kind != "sklearn" or not self.space.numeric:
            return None
        preprocessing = _affine(pre, len(self.space.columns))
        if preprocessing is None:
            return None
        from art.estimators.classification.scikitlearn import (
            ScikitlearnLogisticRegression,
            ScikitlearnSVC,
            SklearnClassifier,
        )

        with quiet():
            est = SklearnClassifier(final, clip_values=self._clip(), preprocessing=preprocessing)
        return est if isinstance(est, (ScikitlearnLogisticRegression, ScikitlearnSVC)) else None

    def single_tree(self) -> Any | None:
        """ART's decision-tree wrapper when the model is one sklearn tree on numeric input."""
        from sklearn.tree import DecisionTreeClassifier

        pre, final = _split(_fitted(self.model))
        if (
            pre is not None
            or not isinstance(final, DecisionTreeClassifier)
            or not self.space.numeric
        ):
            return None
        from art.estimators.classification.scikitlearn import ScikitlearnDecisionTreeClassifier

        return ScikitlearnDecisionTreeClassifier(final, clip_values=self._clip())

    def _clip(self) -> tuple[np.ndarray, np.ndarray]:
        # NOTE: ART refuses min >= max; a constant column gets a sliver that projection undoes
        lo, hi = self.space.lo, self.space.hi
        return lo.astype(np.float32), np.where(hi > lo, hi, lo + 1e-6).astype(np.float32)

    def _torch(self) -> Any:
        cached = getattr(self, "_torch_est", None)
        if cached is None:
            cached = self._torch_est = _torch_estimator(self.model, self.space, self.n_classes)
        return cached


def _kind(model: Any) -> str:
    module = type(model).__module__.split(".")[0]
    if module == "torch" or any(c.__module__.startswith("torch.") for c in type(model).__mro__):
        return "torch"
    if hasattr(model, "predict_proba") or hasattr(model, "predict"):
        return module if module in ("sklearn", "xgboost", "lightgbm") else "estimator"
    if callable(model):
        return "callable"
    raise TypeError(NOT_A_CLASSIFIER.format(kind=type(model).__name__))


def _is_regressor(model: Any) -> bool:
    if hasattr(model, "predict_proba"):
        return False
    from sklearn.base import is_regressor

    try:
        return bool(is_regressor(_split(model)[1]))
    except (AttributeError, TypeError):  # third-party models without sklearn tags
        return False


def _fitted(model: Any) -> Any:
    """Return the refitted best model inside a search (GridSearchCV and friends), or the model."""
    return getattr(model, "best_estimator_", model)


def _split(model: Any) -> tuple[Any | None, Any]:
    steps = getattr(model, "steps", None)
    if not steps:
        return None, model
    return (model[:-1] if len(steps) > 1 else None), steps[-1][1]


def _affine(pre: Any | None, n_features: int) -> tuple[np.ndarray, np.ndarray] | None:
    """Return the pipeline's scaling as ART's ``(mean, std)``, or None if not affine."""
    from sklearn.preprocessing import MinMaxScaler, StandardScaler

    mean, std = np.zeros(n_features), np.ones(n_features)
    for _, step in getattr(pre, "steps", []):
        if isinstance(step, StandardScaler):
            m = step.mean_ if step.mean_ is not None else 0.0
            s = step.scale_ if step.scale_ is not None else 1.0
        elif isinstance(step, MinMaxScaler):
            m, s = -step.min_ / step.scale_, 1.0 / step.scale_
        else:
            return None
        mean, std = mean + std * m, std * s
    return mean.astype(np.float32), std.astype(np.float32)


def _two_columns(out: np.ndarray, n: int, k: int) -> np.ndarray:
    if out.ndim == 1 or (out.ndim == 2 and out.shape[1] == 1 and k == 2):
        p = out.reshape(-1)
        out = np.column_stack([1.0 - p, p])
    if out.shape != (n, k):
        raise ValueError(PROBA_SHAPE.format(shape=out.shape, n=n, k=k))
    return out


def _softmax(logits: np.ndarray) -> np.ndarray:
    z = logits - logits.max(axis=1, keepdims=True)
    e = np.exp(z)
    return np.asarray(e / e.sum(axis=1, keepdims=True))


def _torch_estimator(model: Any, space: FeatureSpace, n_classes: int) -> Any:
    """ART PyTorchClassifier (on the GPU when there is one); torch is imported only here."""
    import torch
    from art.estimators.classification import PyTorchClassifier

    device = "gpu" if torch.cuda.is_available() else "cpu"
    with quiet():
        return PyTorchClassifier(
            model=model,
            loss=torch.nn.CrossEntropyLoss(),
            input_shape=(len(space.columns),),
            nb_classes=n_classes,
            clip_values=(space.lo.astype(np.float32), space.hi.astype(np.float32)),
            device_type=device,
        )
