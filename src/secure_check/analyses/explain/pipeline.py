"""Prepare what SHAP explains, and map importances back to the raw input columns.

For a pipeline the preprocessing runs once and the final estimator is explained on the encoded
features; a column map (found by perturbing one raw column at a time, with the encoder's feature
names as a fallback) then sums the SHAP values of encoded columns into their raw column, which
keeps additivity.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from secure_check.analyses.explain.shap_values import Target
from secure_check.analyses.model import ModelAdapter, estimator_family

OTHER = "(other)"
NON_NUMERIC = (
    "columns {columns} are not numeric and the model is not a pipeline that encodes them: "
    "SHAP needs numeric features (wrap the model in a Pipeline with its encoder)"
)


def build_target(
    adapter: ModelAdapter, rows: Any, background: Any
) -> tuple[Target, np.ndarray, list[str]]:
    """Return the SHAP target, the column map (encoded x raw) and the raw column names.

    Parameters
    ----------
    adapter : ModelAdapter
        The model (a callable one: precomputed predictions cannot be explained).
    rows, background : DataFrame
        Raw rows to explain and raw background rows.
    """
    adapter.require_model("explain()")
    pre, final = adapter.split()
    raw = [str(c) for c in rows.columns]
    if pre is None:
        _check_numeric(rows)
        data, bg = _numeric(rows), lambda: _numeric(background)
        mapping, mode = np.eye(len(raw)), "features"
    else:
        data, bg = _dense(pre.transform(rows)), lambda: _dense(pre.transform(background))
        mapping, mode = column_map(pre, background, raw, width=data.shape[1]), "encoded features"
        if (np.count_nonzero(mapping, axis=1) > 1).any():
            # NOTE: features that mix raw columns (PCA, interactions) cannot be split fairly:
            # explain the whole pipeline on the raw columns instead.
            return _end_to_end(adapter, rows, background), np.eye(len(raw)), raw
    prepare = _with_names(final, rows.columns) if pre is None else (lambda z: z)
    f, output, positive = _output_function(adapter, final, prepare)
    target = Target(final, f, output, positive, data, bg, estimator_family(final), mode)
    return target, mapping, raw


def _end_to_end(adapter: ModelAdapter, rows: Any, background: Any) -> Target:
    import pandas as pd

    codec = _Codec(pd.concat([rows, background], ignore_index=True))
    f, output, positive = _output_function(adapter, adapter.model, codec.decode)
    return Target(
        adapter.model,
        f,
        output,
        positive,
        codec.encode(rows),
        lambda: codec.encode(background),
        "other",
        "end to end on raw columns",
    )


class _Codec:
    """Raw columns as numbers for the maskers: text categories become codes and back."""

    def __init__(self, sample: Any) -> None:
        import pandas as pd

        self.columns = list(sample.columns)
        self.categories = {
            c: pd.unique(sample[c])
            for c in self.columns
            if not pd.api.types.is_numeric_dtype(sample[c])
        }

    def encode(self, frame: Any) -> np.ndarray:
        import pandas as pd

        cols = [
            pd.Categorical(frame[c], categories=self.categories[c]).codes.astype(float)
            if c in self.categories
            else frame[c].to_numpy(dtype=float)
            for c in self.columns
        ]
        return np.column_stack(cols)

    def decode(self, z: np.ndarray) -> Any:
        import pandas as pd

        out = {}
        for j, c in enumerate(self.columns):
            if c in self.categories:
                cats = self.categories[c]
                out[c] = cats[np.clip(np.rint(z[:, j]).astype(int), 0, len(cats) - 1)]
            else:
                out[c] = z[:, j]
        return pd.DataFrame(out)


def column_map(pre: Any, sample: Any, raw: list[str], *, width: int) -> np.ndarray:
    """Matrix (encoded features x raw columns) whose rows sum to 1: who feeds which feature.

    An encoded feature whose name names exactly one raw column (``standardscaler__age``,
    ``onehotencoder__colour_red``) belongs to it. Otherwise a raw column feeds an encoded
    feature when shuffling that column changes the feature.
    """
    names = _feature_names(pre, width)
    links = np.zeros((width, len(raw)))
    for i, name in enumerate(names or []):
        j = _match_name(name, raw)
        if j is not None:
            links[i, j] = 1.0
    if (links.sum(axis=1) == 0).any():
        unnamed = links.sum(axis=1) == 0
        links[unnamed] = _perturbation_links(pre, sample, raw)[unnamed]
    normalised: np.ndarray = links / np.maximum(links.sum(axis=1, keepdims=True), 1.0)
    return normalised


def _perturbation_links(pre: Any, sample: Any, raw: list[str]) -> np.ndarray:
    import pandas as pd

    sample = sample.iloc[:64]
    order = np.random.default_rng(0).permutation(len(sample))
    blocks = [sample]
    for col in sample.columns:
        moved = sample.copy()
        moved[col] = sample[col].to_numpy()[order]
        blocks.append(moved)
    # NOTE: one transform of all shuffled copies stacked: per-call overhead dominates otherwise.
    out = _dense(pre.transform(pd.concat(blocks, ignore_index=True)))
    out = out.reshape(len(blocks), len(sample), -1)
    base = out[0]
    links = np.zeros((base.shape[1], len(raw)))
    for j in range(len(raw)):
        changed = ~np.isclose(out[j + 1], base, equal_nan=True)
        links[changed.any(axis=0), j] = 1.0
    return links


def to_raw(values: np.ndarray, mapping: np.ndarray, raw: list[str]) -> tuple[np.ndarray, list[str]]:
    """Sum encoded SHAP values into raw columns; unmapped features go to ``(other)``."""
    out = values @ mapping
    lost = mapping.sum(axis=1) == 0
    if lost.any():
        return np.column_stack([out, values[:, lost].sum(axis=1)]), [*raw, OTHER]
    return out, list(raw)


def _with_names(final: Any, columns: Any) -> Any:
    """Feed arrays as DataFrames to estimators fitted on named columns (no sklearn warning)."""
    if not hasattr(final, "feature_names_in_"):
        return lambda z: z
    import pandas as pd

    return lambda z: pd.DataFrame(z, columns=columns)


def _output_function(adapter: ModelAdapter, final: Any, frame: Any) -> tuple[Any, str, int]:
    if adapter.task == "regression":
        return (lambda z: np.asarray(final.predict(frame(z)), dtype=float)), "prediction", 0
    if hasattr(final, "predict_proba"):
        return (lambda z: final.predict_proba(frame(z))[:, -1]), "probability of the last class", -1
    return (
        (lambda z: np.asarray(final.decision_function(frame(z)), dtype=float)),
        "decision function",
        -1,
    )


def _check_numeric(frame: Any) -> None:
    import pandas as pd

    bad = [str(c) for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c])]
    if bad:
        raise ValueError(NON_NUMERIC.format(columns=bad))


def _numeric(frame: Any) -> np.ndarray:
    return np.asarray(frame.to_numpy(dtype=float))


def _dense(matrix: Any) -> np.ndarray:
    if hasattr(matrix, "toarray"):
        matrix = matrix.toarray()
    if hasattr(matrix, "to_numpy"):
        matrix = matrix.to_numpy()
    return np.asarray(matrix, dtype=float)


def _feature_names(pre: Any, width: int) -> list[str] | None:
    try:
        names = [str(n) for n in pre.get_feature_names_out()]
    except Exception:  # noqa: BLE001 - transformers without names: perturbation alone decides
        return None
    return names if len(names) == width else None


def _match_name(name: str, raw: list[str]) -> int | None:
    """Return the one raw column an encoded name refers to (None: no or several columns)."""
    stem = name.split("__", 1)[-1]
    hits = [j for j, col in enumerate(raw) if stem == col or stem.startswith(col + "_")]
    return hits[0] if len(hits) == 1 else None
