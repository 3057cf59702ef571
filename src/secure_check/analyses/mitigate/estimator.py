"""The fitted estimators mitigation returns: picklable and deterministic."""

from __future__ import annotations

from typing import Any

import numpy as np

ERR_NEEDS_SENSITIVE = (
    "this mitigated model ({method}) reads the sensitive feature when it predicts: pass "
    "sensitive_features=... (or keep the column(s) {columns} in X)"
)


class MitigatedModel:
    """A mitigated classifier with ``predict(X, sensitive_features=None)``.

    Parameters
    ----------
    inner : fitted estimator
        fairlearn's ThresholdOptimizer / ExponentiatedGradient / GridSearch, or a refitted model.
    method : str
        The method that made it (``threshold``, ``reductions``, ...).
    sensitive : list of str
        Columns of ``X`` that hold the sensitive feature, when it was given by name.
    needs_sensitive : bool
        Whether predictions read the sensitive feature (group-specific thresholds do).
    seed : int
        Fixes the randomised predictions of ThresholdOptimizer and ExponentiatedGradient, so
        the same rows always get the same labels (and the reported figures reproduce).
    """

    _estimator_type = "classifier"  # NOTE: read by the model adapter (no sklearn tags here)

    def __init__(
        self,
        inner: Any,
        method: str,
        sensitive: list[str],
        *,
        needs_sensitive: bool,
        seed: int = 0,
        classes: Any = None,
    ) -> None:
        self.inner = inner
        self.method = method
        self.sensitive = list(sensitive)
        self.needs_sensitive = needs_sensitive
        self.seed = seed
        self.classes_ = None if classes is None else np.asarray(classes)

    def predict(self, X: Any, sensitive_features: Any = None) -> Any:
        """Predicted labels for ``X`` (same rows, same labels: the randomisation is seeded)."""
        if self.method == "threshold":
            groups = self._groups(X, sensitive_features)
            out = self.inner.predict(X, sensitive_features=groups, random_state=self.seed)
        elif self.method == "reductions":
            out = self.inner.predict(X, random_state=self.seed)
        else:
            out = self.inner.predict(X)
        # NOTE: every method was fitted on labels 0/1; give the user's labels back.
        return out if self.classes_ is None else self.classes_[np.asarray(out).astype(int)]

    def _groups(self, X: Any, given: Any) -> Any:
        if given is not None:
            return given
        columns = getattr(X, "columns", ())
        if self.sensitive and all(c in columns for c in self.sensitive):
            return group_key(X[self.sensitive])
        raise ValueError(ERR_NEEDS_SENSITIVE.format(method=self.method, columns=self.sensitive))

    def __repr__(self) -> str:
        reads = ", reads the sensitive feature" if self.needs_sensitive else ""
        return f"MitigatedModel({self.method}{reads})"


class Tick:
    """Advance a progress bar; copies share the bar; pickles drop it."""

    def __init__(self, bar: Any = None) -> None:
        self.bar = bar

    def __call__(self) -> None:
        """Count one fit."""
        if self.bar is not None:
            self.bar.update(1)

    def __deepcopy__(self, memo: dict[int, Any]) -> Tick:
        return self  # NOTE: sklearn's clone deep-copies parameters; the bar must stay shared

    def __getstate__(self) -> dict[str, Any]:
        return {"bar": None}


def weight_kwargs(estimator: Any, weights: Any) -> dict[str, Any]:
    """``{sample_weight: w}``, addressed to a pipeline's last step (``step__sample_weight``)."""
    if weights is None:
        return {}
    steps = getattr(estimator, "steps", None)
    key = f"{steps[-1][0]}__sample_weight" if steps else "sample_weight"
    return {key: weights}


def copy_model(model: Any) -> Any:
    """Return an unfitted copy of ``model`` (scikit-learn ``clone``), or raise a clear TypeError."""
    from sklearn.base import clone

    try:
        return clone(model)
    except TypeError as e:
        raise TypeError(
            f"cannot make an unfitted copy of {type(model).__name__} to retrain it ({e}); "
            "use method='threshold', which keeps the fitted model"
        ) from None


def group_key(frame: Any) -> Any:
    """One group label per row: the sensitive values as text, joined with `` & ``."""
    columns = [frame[c].astype(str) for c in frame.columns]
    key = columns[0]
    for column in columns[1:]:  # NOTE: vectorised; a row-wise join costs ~70 ms per 2000 rows
        key = key + " & " + column
    return key.rename(" & ".join(map(str, frame.columns)))
