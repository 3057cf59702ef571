"""Partial dependence and ICE curves (sklearn.inspection) for chosen raw features."""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from typing import Any

import numpy as np

from secure_check.analyses.data import is_categorical


def curves(
    model: Any, frame: Any, features: Iterable[str], *, grid: int = 20, ice: int = 50, seed: int = 0
) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    """Partial dependence (and a sample of ICE lines) of ``model`` on each feature.

    Returns
    -------
    curves : dict
        ``{feature: {"grid": [...], "average": [...], "individual": [[...], ...],
        "categorical": bool}}``.
    skipped : dict
        ``{feature: reason}`` for features sklearn could not handle.
    """
    out: dict[str, dict[str, Any]] = {}
    skipped: dict[str, str] = {}
    for name in features:
        categorical = is_categorical(frame[name])
        if frame[name].dtype.kind in "iu":
            # NOTE: sklearn refuses integer columns (implicit rounding of the grid); use floats.
            frame = frame.astype({name: float})
        try:
            res = _compute(model, frame, name, grid, categorical)
        except Exception as exc:  # noqa: BLE001 - one odd column must not sink the analysis
            skipped[name] = f"{type(exc).__name__}: {exc}"[:300]
            continue
        individual = np.asarray(res["individual"])[-1]
        pick = np.random.default_rng(seed).permutation(len(individual))[:ice]
        out[name] = {
            "grid": [_plain(v) for v in res["grid_values"][0]],
            "average": np.asarray(res["average"])[-1].astype(float).tolist(),
            "individual": individual[pick].astype(float).tolist(),
            "categorical": categorical,
        }
    return out, skipped


def _compute(model: Any, frame: Any, name: str, grid: int, categorical: bool) -> Any:
    from sklearn.inspection import partial_dependence

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return partial_dependence(
            model,
            frame,
            [name],
            kind="both",
            grid_resolution=grid,
            categorical_features=[name] if categorical else None,
        )


def _plain(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value
