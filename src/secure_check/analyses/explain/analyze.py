"""Explanations: SHAP importances, per-group importances, proxy findings and PD/ICE curves.

Importances are reported on the raw input columns, also for pipelines with encoders.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from secure_check.analyses.data import as_frame, require_rows, resolve_sensitive
from secure_check.analyses.explain import proxy as explain_proxy
from secure_check.analyses.explain.pipeline import OTHER, build_target, to_raw
from secure_check.analyses.explain.result import ExplanationResult
from secure_check.analyses.explain.shap_values import compute
from secure_check.analyses.model import Task, as_model
from secure_check.core.extras import require
from secure_check.core.trail import audited

DEFAULT_BUDGET = 30.0
EXACT_MAX_ROWS = 20_000  # Tree/Linear SHAP are exact and fast: every row up to this many
AGNOSTIC_ROWS = 500  # model-agnostic explainers cost model calls per row: a seeded sample
ALL_ROWS = "all {n} rows explained"
SAMPLED = "a seeded sample of {n} of {total} rows explained"
SAMPLED_AGNOSTIC = (
    "a seeded sample of {n} of {total} rows explained: the explainer is model-agnostic "
    "(an estimate from model calls), so rankings can differ a little from all rows"
)
BAD_BUDGET = "budget must be a positive number of seconds; got {budget!r}"
BUDGET_HIT = (
    "The {budget:g} s budget ran out after {rows} of {total} rows; importances are estimated "
    "from those rows."
)
BAD_BACKGROUND = "background must have the columns of X: got {got}, expected {want}"
FALLBACK = "The {failed} explainer rejected the model ({error}); {used} was used instead."


@audited("explain")
def explain(
    model: Any,
    X: Any,
    *,
    sensitive_features: Any = None,
    background: Any = None,
    budget: float | None = None,
    explainer: str = "auto",
    max_rows: int | None = None,
    background_rows: int = 100,
    top_k: int = 5,
    proxy_threshold: float = 0.5,
    pdp: bool = True,
    pdp_features: list[str] | None = None,
    task: Task | None = None,
    progress: bool = True,
    seed: int = 0,
) -> ExplanationResult:
    """Explain a model with SHAP and check its important features for sensitive proxies.

    Parameters
    ----------
    model : estimator or Pipeline
        A fitted model with ``predict`` (fed raw rows of ``X``). Pipelines are explained on their
        encoded features and the importances summed back into the raw columns.
    X : DataFrame or array-like
        Rows to explain. Default: every row (up to 20,000) for the exact Tree and Linear
        explainers, a seeded sample of 500 for model-agnostic ones; ``meta["sampling"]`` says.
    sensitive_features : str, list of str, Series or DataFrame, optional
        Columns of ``X`` or aligned values: importance per group and the proxy check.
    background : DataFrame or array-like, optional
        Reference rows for the explainers (default: a sample of ``background_rows`` of ``X``).
    budget : float, optional
        Seconds SHAP may take (default 30); rows left when it runs out are skipped.
    explainer : {"auto", "tree", "linear", "exact", "permutation", "kernel"}
        ``auto`` picks by model type and falls back when an explainer rejects the model.
    top_k : int
        How many top features count as important (proxy check) and get PD/ICE plots.
    proxy_threshold : float
        Cross-validated Gini (2 AUC - 1, 0-1) of predicting the sensitive attribute from the
        feature alone, from which a feature is a proxy (one measure for every column type).
    pdp, pdp_features : bool, list of str
        Partial dependence and ICE for the top features and sensitive columns, or those named.

    Returns
    -------
    ExplanationResult
    """
    require("shap", feature="SHAP explanations", extra="explain")
    budget = _check_budget(budget)
    start = time.perf_counter()
    full = require_rows(as_frame(X))
    adapter = as_model(model, X, task=task)
    adapter.require_model("explain()")
    frame = adapter.inputs(full)  # sensitive columns the model never saw stay out of SHAP
    limit, sampling = _row_limit(adapter, explainer, max_rows, len(frame))
    rows = _sample(frame, limit, seed)
    bg = _background(frame, background, background_rows, seed)
    target, mapping, raw = build_target(adapter, rows, bg)
    sv = compute(target, requested=explainer, budget=budget, progress=progress)
    values, names = to_raw(sv.values, mapping, raw)
    result = ExplanationResult(_importance(values, names), values, sv, rows.iloc[: sv.rows], names)
    if sensitive_features is not None:
        index = rows.index[: sv.rows]
        _sensitive(result, (full, frame), index, sensitive_features, top_k, proxy_threshold)
    result.findings += _notices(sv, budget, len(rows))
    if pdp:
        _partial_dependence(result, model, rows, pdp_features, top_k, seed)
    result.meta.update(_meta(adapter, sv, target, len(rows), len(bg), budget), n_features=len(raw))
    result.meta.update(sampling=sampling.format(n=len(rows), total=len(frame)))
    result.meta.update(task_source=adapter.task_source, task_note=adapter.task_note)
    result.meta["seconds"] = round(time.perf_counter() - start, 4)
    return result


def _check_budget(budget: Any) -> float:
    budget = DEFAULT_BUDGET if budget is None else budget
    if isinstance(budget, bool) or not isinstance(budget, (int, float)) or not budget > 0:
        raise ValueError(BAD_BUDGET.format(budget=budget))
    return float(budget)


def _background(frame: Any, background: Any, n: int, seed: int) -> Any:
    if background is None:
        return _sample(frame, n, seed + 1)
    bg = as_frame(background)
    if list(bg.columns) != list(frame.columns):
        if bg.shape[1] != frame.shape[1] or not all(str(c).startswith("x") for c in bg.columns):
            raise ValueError(BAD_BACKGROUND.format(got=list(bg.columns), want=list(frame.columns)))
        bg.columns = frame.columns  # an unnamed array with the right width
    return _sample(bg, n, seed + 1)


def _meta(
    adapter: Any, sv: Any, target: Any, n_rows: int, n_bg: int, budget: float
) -> dict[str, Any]:
    return {
        "model": adapter.name,
        "task": adapter.task,
        "explainer": sv.explainer,
        "output": sv.output,
        "mode": target.mode,
        "rows_explained": sv.rows,
        "rows_requested": n_rows,
        "background_rows": n_bg,
        "budget": budget,
        "budget_hit": sv.budget_hit,
        "fallbacks": sv.fallbacks,
        "encoded_features": int(target.data.shape[1]),
    }


def _sample(frame: Any, n: int, seed: int) -> Any:
    if len(frame) <= n:
        return frame
    return frame.sample(n=n, random_state=seed)


def _importance(values: np.ndarray, names: list[str]) -> dict[str, float]:
    mean_abs = np.abs(values).mean(axis=0)
    order = np.argsort(-mean_abs, kind="stable")
    return {names[i]: float(mean_abs[i]) for i in order}


def _row_limit(adapter: Any, explainer: str, max_rows: int | None, n: int) -> tuple[int, str]:
    """Rows to explain: all for exact explainers (tree, linear), a sample for the others."""
    exact = adapter.family in ("tree", "linear") and explainer in ("auto", adapter.family)
    if max_rows is not None:
        return max_rows, SAMPLED if n > max_rows else ALL_ROWS
    if exact:
        return EXACT_MAX_ROWS, ALL_ROWS if n <= EXACT_MAX_ROWS else SAMPLED
    return AGNOSTIC_ROWS, SAMPLED_AGNOSTIC if n > AGNOSTIC_ROWS else ALL_ROWS


def _sensitive(
    result: ExplanationResult,
    frames: tuple[Any, Any],
    index: Any,
    spec: Any,
    top_k: int,
    threshold: float,
) -> None:
    full, frame = frames
    groups = resolve_sensitive(full, spec)
    sub = groups.loc[index].reset_index(drop=True)
    for name in groups.columns:
        table = {}
        for label in sorted(sub[name].unique()):
            mask = (sub[name] == label).to_numpy()
            table[str(label)] = _importance(result.values[mask], result.feature_names)
        result.by_group[str(name)] = table
    # NOTE: associations are stable on a 20,000-row sample; crosstabs on millions are slow.
    keep = _sample(frame, 20_000, 0).index
    found = explain_proxy.proxies(
        frame.loc[keep], groups.loc[keep], result.importance, threshold=threshold, top_k=top_k
    )
    result.proxies = found
    n = len([f for f in result.importance if f != OTHER])
    result.findings += explain_proxy.proxy_findings(found, n)
    direct = [str(c) for c in groups.columns if c in frame.columns]
    result.findings += explain_proxy.direct_use_findings(result.importance, direct, top_k=top_k)
    result.sensitive = [str(c) for c in groups.columns]


def _notices(sv: Any, budget: float, total: int) -> list[dict[str, Any]]:
    out = []
    if sv.budget_hit:
        out.append(
            {
                "category": "explanation",
                "rule": "budget_exhausted",
                "severity": "low",
                "message": BUDGET_HIT.format(budget=budget, rows=sv.rows, total=total),
            }
        )
    for fb in sv.fallbacks:
        out.append(
            {
                "category": "explanation",
                "rule": "explainer_fallback",
                "severity": "low",
                "message": FALLBACK.format(
                    failed=fb["explainer"], error=fb["error"], used=sv.explainer
                ),
            }
        )
    return out


def _partial_dependence(
    result: ExplanationResult,
    model: Any,
    rows: Any,
    features: list[str] | None,
    top_k: int,
    seed: int,
) -> None:
    from secure_check.analyses.explain.pdp import curves

    if features is None:
        top = [f for f in result.importance if f in rows.columns][: min(top_k, 3)]
        features = top + [s for s in result.sensitive if s in rows.columns and s not in top]
    sample = _sample(rows, 200, seed)
    result.partial_dependence, result.meta["pdp_skipped"] = curves(
        model, sample, features, seed=seed
    )
