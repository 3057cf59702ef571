"""Fit one mitigation candidate per method on the training rows (fairlearn does the work)."""

from __future__ import annotations

import dataclasses
import time
from typing import Any

import numpy as np

from secure_check.analyses.mitigate.constraints import Method
from secure_check.analyses.mitigate.estimator import (
    MitigatedModel,
    Tick,
    copy_model,
    weight_kwargs,
)

ERR_NO_WEIGHTS = "reweighing needs an estimator whose fit() takes sample_weight; {name} does not"
ERR_NEEDS_COLUMNS = (
    "{method} needs the sensitive feature as column(s) of X (it transforms them), not as "
    "separate values"
)
MAX_ITER, MIN_ITER = 50, 5  # fairlearn's default max_iter for ExponentiatedGradient
MAX_GRID, MIN_GRID = 20, 3


@dataclasses.dataclass
class Training:
    """What every method fits on: the training rows, labels 0/1 and group labels."""

    model: Any
    X: Any
    y: np.ndarray  # 1 = the larger label (scikit-learn's and fairlearn's positive class)
    groups: Any  # pandas Series of group labels
    columns: list[str]  # sensitive columns of X (empty when given as values)
    classes: np.ndarray
    constraint: tuple[str, str, str]
    seed: int
    budget: float
    progress: bool
    notes: list[str] = dataclasses.field(default_factory=list)
    fit_seconds: float | None = None


def fit(method: Method, t: Training) -> MitigatedModel:
    """Fit ``method`` on ``t`` and return the wrapped, picklable estimator."""
    inner = _FIT[method.name](t)
    return MitigatedModel(
        inner,
        method.name,
        t.columns,
        needs_sensitive=method.needs_sensitive,
        seed=t.seed,
        classes=t.classes,
    )


def _threshold(t: Training) -> Any:
    from fairlearn.postprocessing import ThresholdOptimizer

    opt = ThresholdOptimizer(
        estimator=t.model, constraints=t.constraint[0], prefit=True, predict_method="auto"
    )
    return opt.fit(t.X, t.y, sensitive_features=t.groups)


def _reductions(t: Training) -> Any:
    from fairlearn.reductions import ExponentiatedGradient

    n = _iterations(t, MIN_ITER, MAX_ITER, "ExponentiatedGradient max_iter")
    with _bar(t, n, "ExponentiatedGradient") as bar:
        eg = ExponentiatedGradient(_counted(t, bar), constraints=_moment(t), max_iter=n)
        return eg.fit(t.X, t.y, sensitive_features=t.groups)


def _grid_search(t: Training) -> Any:
    from fairlearn.reductions import GridSearch

    n = _iterations(t, MIN_GRID, MAX_GRID, "GridSearch grid_size")
    with _bar(t, n, "GridSearch") as bar:
        gs = GridSearch(_counted(t, bar), constraints=_moment(t), grid_size=n)
        return gs.fit(t.X, t.y, sensitive_features=t.groups)


def _reweighing(t: Training) -> Any:
    from sklearn.utils.validation import has_fit_parameter

    model = copy_model(t.model)
    final = model.steps[-1][1] if getattr(model, "steps", None) else model
    if not has_fit_parameter(final, "sample_weight"):
        raise TypeError(ERR_NO_WEIGHTS.format(name=type(final).__name__))
    return model.fit(t.X, t.y, **weight_kwargs(model, reweighing_weights(t.y, t.groups)))


def reweighing_weights(y: np.ndarray, groups: Any) -> np.ndarray:
    """Kamiran & Calders weights P(group) P(label) / P(group, label) per row."""
    import pandas as pd

    frame = pd.DataFrame({"g": np.asarray(groups).astype(str), "y": np.asarray(y)})
    p_g = frame["g"].map(frame["g"].value_counts(normalize=True))
    p_y = frame["y"].map(frame["y"].value_counts(normalize=True))
    p_gy = frame.groupby(["g", "y"])["y"].transform("size") / len(frame)
    return np.asarray(p_g * p_y / p_gy, dtype=float)


def _correlation_remover(t: Training) -> Any:
    from sklearn.pipeline import make_pipeline

    from secure_check.analyses.mitigate.decorrelate import Decorrelate

    if not t.columns:
        raise ValueError(ERR_NEEDS_COLUMNS.format(method="correlation_remover"))
    return make_pipeline(Decorrelate(t.columns), copy_model(t.model)).fit(t.X, t.y)


def _moment(t: Training) -> Any:
    from fairlearn import reductions

    return getattr(reductions, t.constraint[1])()


def _counted(t: Training, bar: Any) -> Any:
    from secure_check.analyses.mitigate.counted import Counted

    return Counted(copy_model(t.model), Tick(bar))


def _iterations(t: Training, low: int, high: int, what: str) -> int:
    """How many fits the time budget allows, from the time of one fit of the model."""
    if t.fit_seconds is None:
        start = time.perf_counter()
        copy_model(t.model).fit(t.X, t.y)
        t.fit_seconds = time.perf_counter() - start
    n = int(np.clip(t.budget / max(t.fit_seconds, 1e-6), low, high))
    t.notes.append(
        f"{what} {n}: a {t.budget:g} s budget at {t.fit_seconds:.3f} s per fit of the model"
    )
    return n


def _bar(t: Training, total: int, what: str) -> Any:
    from tqdm.auto import tqdm

    return tqdm(
        total=total, desc=f"secure-check mitigate: {what}", disable=not t.progress, leave=False
    )


_FIT = {
    "threshold": _threshold,
    "reductions": _reductions,
    "grid_search": _grid_search,
    "reweighing": _reweighing,
    "correlation_remover": _correlation_remover,
}
