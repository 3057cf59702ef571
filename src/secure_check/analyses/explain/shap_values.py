"""SHAP values with automatic explainer choice, a time budget, a progress bar and fallbacks.

Tree ensembles get TreeExplainer, linear models LinearExplainer, the rest Exact (few features)
or Permutation; Kernel is the last resort. When an explainer rejects the model the next one is
tried and the reason is kept.
"""

from __future__ import annotations

import dataclasses
import functools
import time
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

UNKNOWN_EXPLAINER = "unknown explainer {name!r}; choose from {known}"
ALL_FAILED = "no SHAP explainer accepted the model: {reasons}"
EXPLAINERS = ("tree", "linear", "exact", "permutation", "kernel")
_EXACT_MAX_FEATURES = 8


@dataclasses.dataclass
class Target:
    """What SHAP explains: the final estimator on (transformed) numeric features."""

    estimator: Any
    f: Callable[[np.ndarray], np.ndarray]  # the explained output as a function of features
    output: str  # "probability", "value", ...
    positive: int  # column of the positive class in multi-output values
    data: np.ndarray
    make_background: Callable[[], np.ndarray]  # encoded lazily: TreeExplainer needs none
    family: str
    mode: str = "features"  # "features", "encoded features" or "end to end on raw columns"

    @functools.cached_property
    def background(self) -> np.ndarray:
        """Background rows in the explained feature space."""
        return self.make_background()


@dataclasses.dataclass
class ShapValues:
    """SHAP values of the explained rows in the explainer's feature space."""

    values: np.ndarray  # (n, M) for the explained output
    base_values: np.ndarray  # (n,)
    explainer: str
    output: str
    rows: int
    budget_hit: bool = False
    fallbacks: list[dict[str, str]] = dataclasses.field(default_factory=list)


def order_for(target: Target, requested: str) -> list[str]:
    """Explainers to try, best first, for ``requested`` ("auto" or a name)."""
    if requested != "auto":
        if requested not in EXPLAINERS:
            raise ValueError(UNKNOWN_EXPLAINER.format(name=requested, known=["auto", *EXPLAINERS]))
        return [requested]
    sampling = "exact" if target.data.shape[1] <= _EXACT_MAX_FEATURES else "permutation"
    first = {"tree": ["tree"], "linear": ["linear"]}.get(target.family, [])
    return [*first, sampling, "kernel"]


def compute(
    target: Target, *, requested: str = "auto", budget: float = 30.0, progress: bool = True
) -> ShapValues:
    """Run the first explainer that works, in batches, until done or out of ``budget`` seconds."""
    fallbacks: list[dict[str, str]] = []
    for name in order_for(target, requested):
        try:
            result = _run(name, target, budget, progress)
        except Exception as exc:  # noqa: BLE001 - any rejection means: try the next explainer
            fallbacks.append({"explainer": name, "error": f"{type(exc).__name__}: {exc}"[:300]})
            continue
        result.fallbacks = fallbacks
        return result
    raise RuntimeError(ALL_FAILED.format(reasons=fallbacks))


def _run(name: str, target: Target, budget: float, progress: bool) -> ShapValues:
    from tqdm.auto import tqdm

    explain_batch = _BUILDERS[name](target)
    n = len(target.data)
    # NOTE: tree and linear explainers are fast but pay a fixed cost per call: big batches.
    batch = max(256, n // 10) if name in ("tree", "linear") else max(1, min(25, n // 10))
    start, done, values, bases = time.perf_counter(), 0, [], []
    with tqdm(total=n, desc=f"SHAP ({name})", disable=not progress, leave=False) as bar:
        while done < n:
            v, b = explain_batch(target.data[done : done + batch])
            values.append(_pick(v, target.positive))
            bases.append(np.broadcast_to(np.asarray(b, dtype=float), (len(v),)))
            done += len(v)
            bar.update(len(v))
            if time.perf_counter() - start > budget:
                break
    return ShapValues(
        np.concatenate(values),
        np.concatenate(bases).astype(float),
        name,
        _output(name, target),
        done,
        budget_hit=done < n,
    )


def _tree(target: Target) -> Callable[[np.ndarray], tuple[Any, Any]]:
    import shap

    explainer = shap.TreeExplainer(target.estimator)

    def run(rows: np.ndarray) -> tuple[Any, Any]:
        with warnings.catch_warnings():
            # NOTE: shap announces a change of LightGBM's output format on every call; _pick
            # handles both formats.
            warnings.filterwarnings("ignore", message=".*output has changed to a list.*")
            values = explainer.shap_values(rows)
        return values, _class_base(explainer.expected_value, target.positive)

    return run


def _linear(target: Target) -> Callable[[np.ndarray], tuple[Any, Any]]:
    import shap

    explainer = shap.LinearExplainer(target.estimator, shap.maskers.Independent(target.background))
    return lambda rows: (
        explainer.shap_values(rows),
        _class_base(explainer.expected_value, target.positive),
    )


def _sampling(kind: str) -> Callable[[Target], Callable[[np.ndarray], tuple[Any, Any]]]:
    def build(target: Target) -> Callable[[np.ndarray], tuple[Any, Any]]:
        import shap

        masker = shap.maskers.Independent(target.background, max_samples=len(target.background))
        m = target.data.shape[1]
        if kind == "exact":
            explainer = shap.ExactExplainer(target.f, masker)
            return lambda rows: _unpack(explainer(rows, silent=True))
        explainer = shap.PermutationExplainer(target.f, masker)
        # NOTE: five antithetic permutations (at most shap's default of 500 evaluations) keep
        # the cost per row near 5 x (2M + 1) model calls on the background.
        evals = max(2 * m + 1, min(500, 5 * (2 * m + 1)))
        return lambda rows: _unpack(explainer(rows, max_evals=evals, silent=True))

    return build


def _kernel(target: Target) -> Callable[[np.ndarray], tuple[Any, Any]]:
    import shap

    summary = shap.kmeans(target.background, min(10, len(target.background)))
    explainer = shap.KernelExplainer(target.f, summary)
    nsamples = min(2 * target.data.shape[1] + 512, 2048)
    return lambda rows: (
        explainer.shap_values(rows, nsamples=nsamples, silent=True),
        _class_base(explainer.expected_value, 0),
    )


def _unpack(explanation: Any) -> tuple[Any, Any]:
    return explanation.values, explanation.base_values


_BUILDERS: dict[str, Callable[[Target], Callable[[np.ndarray], tuple[Any, Any]]]] = {
    "tree": _tree,
    "linear": _linear,
    "exact": _sampling("exact"),
    "permutation": _sampling("permutation"),
    "kernel": _kernel,
}


def _pick(values: Any, positive: int) -> np.ndarray:
    """Reduce multi-output SHAP values to the explained output (the positive class)."""
    if isinstance(values, list):  # older shap: one array per class
        values = np.stack(values, axis=-1)
    arr = np.asarray(values, dtype=float)
    return arr[..., positive] if arr.ndim == 3 else arr


def _class_base(expected: Any, positive: int) -> float:
    """Return the expected value of the explained output (per class: take the positive)."""
    arr = np.asarray(expected, dtype=float).reshape(-1)
    return float(arr[0] if arr.size == 1 else arr[positive])


def _output(name: str, target: Target) -> str:
    if target.output == "prediction":  # NOTE: a regressor's output is its prediction, no margin
        return "prediction (the regressor's output)"
    if name == "tree":
        return "raw model output (margin for boosted trees, probability for forests)"
    if name == "linear":
        return "linear margin (decision function)"
    return target.output
