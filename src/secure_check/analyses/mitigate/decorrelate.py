"""A transformer that decorrelates the numeric features from the sensitive ones.

Unlike fairlearn's CorrelationRemover it keeps the frame's columns (so the user's pipeline,
which may select columns by name, still fits): numeric columns are replaced by their
decorrelated values and the sensitive columns are set to one constant, so the model cannot
read them.
"""

from __future__ import annotations

from typing import Any

from sklearn.base import BaseEstimator, TransformerMixin

ERR_NO_NUMERIC = "correlation_remover needs numeric feature columns besides the sensitive ones"


class Decorrelate(TransformerMixin, BaseEstimator):  # type: ignore[misc]
    """Project numeric columns off the (one-hot encoded) sensitive columns.

    Parameters
    ----------
    sensitive : list of str
        Columns of ``X`` holding the sensitive feature(s).
    alpha : float
        1 removes the correlation fully; 0 leaves the data as it is (fairlearn's ``alpha``).
    """

    def __init__(self, sensitive: Any = None, alpha: float = 1.0) -> None:
        self.sensitive = sensitive
        self.alpha = alpha

    def fit(self, X: Any, y: Any = None) -> Decorrelate:
        """Learn the least-squares map from the sensitive columns to the numeric ones."""
        from fairlearn.preprocessing import CorrelationRemover

        self.numeric_ = [
            c for c in X.select_dtypes(include="number").columns if c not in self.sensitive
        ]
        if not self.numeric_:
            raise ValueError(ERR_NO_NUMERIC)
        self.levels_ = {c: sorted(map(str, X[c].unique())) for c in self.sensitive}
        self.constant_ = {c: X[c].mode().iloc[0] for c in self.sensitive}
        data, ids = self._design(X)
        self.remover_ = CorrelationRemover(sensitive_feature_ids=ids, alpha=self.alpha).fit(data)
        return self

    def transform(self, X: Any) -> Any:
        """Return ``X`` with decorrelated numeric columns and constant sensitive columns."""
        data, _ = self._design(X)
        out = X.copy()
        out[self.numeric_] = self.remover_.transform(data)
        for column, value in self.constant_.items():
            out[column] = value
        return out

    def _design(self, X: Any) -> tuple[Any, list[str]]:
        import pandas as pd

        parts = {c: X[c].astype(float).to_numpy() for c in self.numeric_}
        ids = []
        for column, levels in self.levels_.items():
            text = X[column].astype(str).to_numpy()
            for level in levels[1:]:  # NOTE: one level dropped: the columns would be collinear
                key = f"__sensitive__{column}={level}"
                parts[key] = (text == level).astype(float)
                ids.append(key)
        return pd.DataFrame(parts, index=X.index), ids
