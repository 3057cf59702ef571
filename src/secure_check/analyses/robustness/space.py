"""The space attacks move in: numeric encoding, valid ranges, integer and one-hot columns."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import numpy as np

UNKNOWN_CATEGORY = "column {column!r} holds a value that was not seen in X or X_train: {value!r}"
NOT_TABULAR = (
    "X must be a 2-D table (DataFrame or array of shape (n_rows, n_features)); got {shape}"
)
UNKNOWN_FROZEN = "immutable names columns the model does not take: {names} (columns: {columns})"
NO_COMPLETE_ROWS = "every row of X has a missing value: the attacks need complete rows to perturb"

_PREFIX = re.compile(r"^(.+?)[_=:.][^_=:.]+$")


@dataclasses.dataclass
class FeatureSpace:
    """How a model's tabular input maps to a float matrix an attack can perturb, and back.

    Categorical columns become integer codes; every column gets a valid range ``[lo, hi]``
    from the data; ``integer`` marks columns whose values are whole numbers (codes included);
    ``onehot`` lists column groups where each row has exactly one 1 (or at most one 1).
    """

    columns: list[str]
    lo: np.ndarray
    hi: np.ndarray
    integer: np.ndarray
    onehot: list[tuple[np.ndarray, bool]]
    categories: dict[int, np.ndarray]
    dtypes: dict[int, Any]
    frame: bool
    # columns no attack may change (categories, one-hot groups, sensitive attributes)
    frozen: np.ndarray = dataclasses.field(default_factory=lambda: np.zeros(0, bool))

    @property
    def mutable(self) -> np.ndarray:
        """1.0 where an attack may move the column, 0.0 where it is frozen (ART's ``mask``)."""
        frozen = self.frozen if self.frozen.size else np.zeros(len(self.columns), bool)
        return np.asarray(~frozen, dtype=np.float32)

    def default_frozen(self, sensitive: Any = ()) -> list[str]:
        """Columns frozen unless the caller says otherwise: categorical, one-hot, sensitive."""
        cols = set(self.categories) | {int(j) for cols, _ in self.onehot for j in cols}
        names = {self.columns[j] for j in cols} | {str(s) for s in sensitive}
        return [c for c in self.columns if c in names]

    def freeze(self, names: Any) -> None:
        """Freeze the named columns (raise ValueError for a name that is not a column)."""
        unknown = [str(n) for n in names if str(n) not in self.columns]
        if unknown:
            raise ValueError(UNKNOWN_FROZEN.format(names=unknown, columns=self.columns))
        wanted = {str(n) for n in names}
        self.frozen = np.asarray([c in wanted for c in self.columns], dtype=bool)

    @property
    def span(self) -> np.ndarray:
        """Width of each feature's range (1 for constant features, so ratios stay finite)."""
        return np.where(self.hi > self.lo, self.hi - self.lo, 1.0)

    @property
    def numeric(self) -> bool:
        """True when the model takes the encoded matrix as is (no categorical codes)."""
        return not self.categories

    def encode(self, X: Any) -> np.ndarray:
        """Return ``X`` as a float matrix in this space (NaN where a value is missing)."""
        frame = _frame(X, self.columns)
        out = np.empty((len(frame), len(self.columns)), dtype=float)
        for j, col in enumerate(self.columns):
            values = frame[col]
            if j in self.categories:
                out[:, j] = _codes(values, self.categories[j], col)
            else:
                out[:, j] = np.asarray(values, dtype=float)
        return out

    def decode(self, Z: np.ndarray) -> Any:
        """Turn an encoded matrix back into what the model was fitted on (frame or array)."""
        Z = np.clip(np.asarray(Z, dtype=float), self.lo, self.hi)
        if not self.frame:
            return Z
        import pandas as pd

        data: dict[str, Any] = {}
        for j, col in enumerate(self.columns):
            data[col] = self._decode_column(j, Z[:, j])
        return pd.DataFrame(data, columns=self.columns)

    def _decode_column(self, j: int, values: np.ndarray) -> Any:
        import pandas as pd

        dtype = self.dtypes.get(j)
        missing = np.isnan(values)
        if j in self.categories:
            cats = self.categories[j]
            idx = np.clip(np.round(np.nan_to_num(values, nan=-1)), -1, len(cats) - 1).astype(int)
            out = pd.Series(np.where(idx >= 0, cats[np.maximum(idx, 0)], None), dtype=object)
        elif pd.api.types.is_bool_dtype(dtype):
            if not missing.any() and not isinstance(dtype, pd.api.extensions.ExtensionDtype):
                return values > 0.5
            out = pd.Series((values > 0.5).astype(object), dtype=object).mask(missing, None)
        elif isinstance(dtype, pd.api.extensions.ExtensionDtype):  # e.g. nullable Int64
            out = pd.Series(np.where(missing, np.nan, np.round(values)))
        else:
            return values
        return _restore(out, dtype)

    def scale(self, Z: np.ndarray) -> np.ndarray:
        """Map to ``[0, 1]`` per feature (the space decision-based attacks search in)."""
        return np.asarray((Z - self.lo) / self.span, dtype=np.float32)

    def unscale(self, S: np.ndarray) -> np.ndarray:
        """Inverse of :meth:`scale`, clipped to the valid range."""
        return np.asarray(
            np.clip(self.lo + np.asarray(S, dtype=float) * self.span, self.lo, self.hi)
        )

    def project(
        self, Z_adv: np.ndarray, Z0: np.ndarray, eps: np.ndarray | None = None
    ) -> np.ndarray:
        """Make adversarial rows valid: in range, integers whole, one-hot groups one-hot.

        With ``eps`` (per-feature bound, feature units) no column moves further than its bound:
        integers round toward the original value, a one-hot group only switches when the
        bound allows a change of 1, and a categorical code only changes when the bound covers
        its whole range (a category change counts as a full step). Frozen columns never move.
        """
        Z = np.clip(np.asarray(Z_adv, dtype=float), self.lo, self.hi)
        if eps is not None:  # attacks run in float32: trim the rounding overshoot
            Z = np.clip(Z, Z0 - eps, Z0 + eps)
        delta = Z - Z0
        rounded = Z0 + np.round(delta)
        if eps is not None:
            too_far = np.abs(rounded - Z0) > eps + 1e-9
            rounded = np.where(too_far, Z0 + np.trunc(delta), rounded)
        Z = np.where(self.integer, rounded, Z)
        for cols, allow_none in self.onehot:
            Z[:, cols] = _one_hot(Z_adv[:, cols], allow_none)
            if eps is not None and np.any(eps[cols] < 1.0):
                Z[:, cols] = Z0[:, cols]
        Z = np.clip(Z, self.lo, self.hi)
        if eps is not None:  # NOTE: a category change is a full step: eps must cover the range
            for j in self.categories:
                if eps[j] < self.span[j]:
                    Z[:, j] = Z0[:, j]
        if self.frozen.any():
            Z[:, self.frozen] = Z0[:, self.frozen]
        return np.asarray(Z)


def fit_space(X: Any, *extra: Any) -> FeatureSpace:
    """Learn the encoding and valid ranges from ``X`` (and any further data, e.g. X_train)."""
    import pandas as pd

    is_frame = isinstance(X, pd.DataFrame)
    frames = [_frame(t, None) for t in (X, *extra) if t is not None]
    columns = [str(c) for c in frames[0].columns]
    frames = [f.set_axis([str(c) for c in f.columns], axis=1) for f in frames]
    both = pd.concat([f[columns] for f in frames], ignore_index=True)
    categories, dtypes = {}, {}
    for j, col in enumerate(columns):
        dtypes[j] = frames[0][col].dtype
        if not _is_number(both[col]):
            categories[j] = _category_values(both[col])
    space = FeatureSpace(
        columns, np.zeros(0), np.zeros(0), np.zeros(0, bool), [], categories, dtypes, is_frame
    )
    Z = space.encode(both)
    with np.errstate(all="ignore"):
        space.lo, space.hi = np.nanmin(Z, axis=0), np.nanmax(Z, axis=0)
    space.lo, space.hi = np.nan_to_num(space.lo), np.nan_to_num(space.hi)
    space.integer = _integer_columns(Z)
    space.onehot = _onehot_groups(Z, columns)
    return space


def complete_rows(Z: np.ndarray) -> np.ndarray:
    """Return the indices of rows without missing values (raise if there are none)."""
    rows = np.flatnonzero(np.isfinite(Z).all(axis=1))
    if rows.size == 0:
        raise ValueError(NO_COMPLETE_ROWS)
    return rows


def _frame(X: Any, columns: list[str] | None) -> Any:
    import pandas as pd

    if isinstance(X, pd.DataFrame):
        frame = X.reset_index(drop=True)
        return frame.set_axis([str(c) for c in frame.columns], axis=1)
    arr = np.asarray(X)
    if arr.ndim != 2:
        raise ValueError(NOT_TABULAR.format(shape=arr.shape))
    names = columns if columns is not None else [f"x{i}" for i in range(arr.shape[1])]
    return pd.DataFrame(arr, columns=names)


def _is_number(series: Any) -> bool:
    import pandas as pd

    # NOTE: strings of digits (zip codes, ids) and datetimes stay categories: the model was
    # fitted on them as such, so only values it has seen are decoded back.
    if isinstance(series.dtype, pd.CategoricalDtype):
        return False
    return bool(pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series))


def _restore(values: Any, dtype: Any) -> Any:
    """Cast decoded values back to the column's original dtype where pandas can."""
    try:
        return values.astype(dtype)
    except (TypeError, ValueError):
        return values


def _category_values(series: Any) -> np.ndarray:
    import pandas as pd

    if isinstance(series.dtype, pd.CategoricalDtype):
        return np.asarray(series.cat.categories, dtype=object)
    values = series.dropna().unique()
    return np.asarray(sorted(values, key=str), dtype=object)


def _codes(values: Any, cats: np.ndarray, column: str) -> np.ndarray:
    import pandas as pd

    codes = pd.Categorical(values.astype(object), categories=cats).codes.astype(float)
    unknown = (codes < 0) & values.notna().to_numpy()
    if unknown.any():
        raise ValueError(
            UNKNOWN_CATEGORY.format(column=column, value=str(values[unknown].iloc[0])[:40])
        )
    codes[codes < 0] = np.nan
    return np.asarray(codes, dtype=float)


def _integer_columns(Z: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        whole = np.where(np.isfinite(Z), Z == np.round(Z), True)
    return np.asarray(whole.all(axis=0))


def _onehot_groups(Z: np.ndarray, columns: list[str]) -> list[tuple[np.ndarray, bool]]:
    finite = np.isfinite(Z).all(axis=0)
    binary = finite & np.all((Z == 0) | (Z == 1), axis=0)
    groups: dict[str, list[int]] = {}
    for j in np.flatnonzero(binary):
        match = _PREFIX.match(columns[j])
        if match:
            groups.setdefault(match.group(1), []).append(int(j))
    found = [_as_group(Z, cols, True) for cols in groups.values() if len(cols) >= 2]
    if not found and not any(_PREFIX.match(c) for c in columns):
        found = [_as_group(Z, run, False) for run in _binary_runs(binary)]
    return [g for g in found if g is not None]


def _binary_runs(binary: np.ndarray) -> list[list[int]]:
    runs: list[list[int]] = [[]]
    for j, flag in enumerate(binary):
        if flag:
            runs[-1].append(j)
        elif runs[-1]:
            runs.append([])
    return [run for run in runs if len(run) >= 2]


def _as_group(Z: np.ndarray, cols: list[int], named: bool) -> tuple[np.ndarray, bool] | None:
    # NOTE: a "dummy" group (at most one 1, reference level all-zero) is only trusted when the
    # column names say the columns belong together; unnamed binary runs must sum to exactly 1.
    sums = Z[:, cols].sum(axis=1)
    if np.all(sums == 1):
        return np.asarray(cols), False
    if named and np.all(sums <= 1) and np.any(sums == 0):
        return np.asarray(cols), True
    return None


def _one_hot(values: np.ndarray, allow_none: bool) -> np.ndarray:
    out = np.zeros_like(values, dtype=float)
    best = np.argmax(values, axis=1)
    out[np.arange(len(values)), best] = 1.0
    if allow_none:
        out[values.max(axis=1) < 0.5] = 0.0
    return out
