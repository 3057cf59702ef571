"""An estimator wrapper that counts the fits a reduction makes (its progress bar)."""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, clone

from secure_check.analyses.mitigate.estimator import weight_kwargs


class Counted(ClassifierMixin, BaseEstimator):  # type: ignore[misc]
    """Fit a copy of ``estimator`` and call ``tick()``; predictions come from that copy.

    fairlearn's reductions fit their estimator once per oracle call and pass ``sample_weight``;
    this forwards the weights (to a pipeline's last step) and advances the progress bar.
    """

    def __init__(self, estimator: Any = None, tick: Any = None) -> None:
        self.estimator = estimator
        self.tick = tick

    def fit(self, X: Any, y: Any, sample_weight: Any = None) -> Counted:
        """Fit a clone of the wrapped estimator with the reduction's weights."""
        self.estimator_ = clone(self.estimator)
        self.estimator_.fit(X, y, **weight_kwargs(self.estimator_, sample_weight))
        self.classes_ = getattr(self.estimator_, "classes_", np.unique(y))
        if self.tick is not None:
            self.tick()
        return self

    def predict(self, X: Any) -> Any:
        """Labels from the fitted copy."""
        return self.estimator_.predict(X)

    def predict_proba(self, X: Any) -> Any:
        """Probabilities from the fitted copy."""
        return self.estimator_.predict_proba(X)
