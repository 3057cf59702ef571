"""Fairness analysis: group metrics, disparities and underperforming slices as findings.

fairlearn MetricFrame by group and intersection, seeded bootstrap CIs, disparities against
configurable thresholds, and subpopulation discovery under FDR control.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

import numpy as np

from secure_check.analyses.data import as_frame, as_target, require_rows, resolve_sensitive
from secure_check.analyses.fairness import disparity as disp
from secure_check.analyses.fairness.metrics import Outcomes, group_stats, metric_frame, prepare
from secure_check.analyses.fairness.result import FairnessResult, FeatureReport
from secure_check.analyses.model import Task, as_model
from secure_check.analyses.stats import bootstrap_indices, percentile_ci
from secure_check.core.extras import require
from secure_check.core.trail import audited

INTERSECTION_SEP = " & "
SMALL_GROUP = (
    "Group {group!r} of {feature} has only {count} rows (fewer than {minimum}): its metrics are "
    "too uncertain to judge."
)
SMALL_GROUPS = "{n} groups of {feature} have fewer than {minimum} rows, too few to judge: {groups}."
MISSING_TARGET = "y has {n} missing values: drop those rows (from X and y) first"
BAD_CI_LEVEL = "ci_level must be between 0 and 1 (exclusive); got {level}"


@audited("fairness")
def fairness(
    model: Any,
    X: Any,
    y: Any,
    *,
    sensitive_features: Any,
    pos_label: Any = None,
    task: Task | None = None,
    thresholds: Mapping[str, float] | None = None,
    intersections: bool = True,
    n_boot: int = 200,
    ci_level: float = 0.95,
    min_group_size: int = 30,
    discover: bool = True,
    alpha: float = 0.05,
    seed: int = 0,
) -> FairnessResult:
    """Assess a model's fairness across sensitive groups and find slices where it does worse.

    Parameters
    ----------
    model : estimator, Pipeline, XGBoost/LightGBM model, Predictions or array-like
        Anything with ``predict`` (fed ``X`` as given), or precomputed predictions.
    X : DataFrame or array-like
        Inputs, one row per example.
    y : array-like
        True labels or values.
    sensitive_features : str, list of str, Series or DataFrame
        Column names of ``X``, or values aligned with ``X``. Many-valued numbers are binned.
    pos_label : optional
        The favourable label for binary tasks (default: the larger label, as scikit-learn).
    task : {"classification", "regression"}, optional
        Overrides the task inferred from the model.
    thresholds : mapping, optional
        Per-disparity thresholds merged into :data:`DEFAULT_THRESHOLDS` (None disables one).
    intersections : bool
        Also analyse the intersection of all sensitive features.
    n_boot : int
        Bootstrap resamples for confidence intervals (0 disables them).
    ci_level : float
        Confidence level of the intervals.
    min_group_size : int
        Groups with fewer rows get a ``small_group`` finding.
    discover : bool
        Search single features and pairs of binned features for underperforming slices.
    alpha : float
        False discovery rate for the slice search (Benjamini-Hochberg).
    seed : int
        Seed for the bootstrap.

    Returns
    -------
    FairnessResult
    """
    require("fairlearn", feature="fairness analysis", extra="fairness")
    if not 0 < ci_level < 1:
        raise ValueError(BAD_CI_LEVEL.format(level=ci_level))
    start = time.perf_counter()
    frame = require_rows(as_frame(X))
    adapter = as_model(model, X, task=task)
    out = prepare(_target(y, len(frame)), adapter.predict(X), adapter.task, pos_label)
    groups = _groups(frame, sensitive_features, intersections)
    reports = [_feature_report(out, name, groups[name]) for name in groups.columns]
    _bootstrap(out, reports, n_boot, ci_level, seed)
    limits = disp.thresholds_for(thresholds)
    findings = _group_findings(reports, min_group_size)
    findings += _disparity_findings(reports, limits, ci_level)
    slices = _slices(frame, groups, out, alpha) if discover else []
    findings += [_slice_finding(s, out.kind) for s in slices]
    meta = {
        "model": adapter.name,
        "task": out.kind,
        "pos_label": out.pos_label,
        "n_rows": len(frame),
        "n_boot": n_boot,
        "ci_level": ci_level,
        "seed": seed,
        "thresholds": limits,
        "seconds": round(time.perf_counter() - start, 4),
    }
    overall = {k: float(v) for k, v in reports[0].frame.overall.items()}
    return FairnessResult(overall, reports, slices, findings, meta)


def _target(y: Any, n_rows: int) -> np.ndarray:
    import pandas as pd

    target = as_target(y, n_rows)
    missing = int(pd.isna(target).sum())
    if missing:
        raise ValueError(MISSING_TARGET.format(n=missing))
    return target


def _groups(frame: Any, sensitive_features: Any, intersections: bool) -> Any:
    groups = resolve_sensitive(frame, sensitive_features)
    if intersections and groups.shape[1] > 1:
        name = INTERSECTION_SEP.join(str(c) for c in groups.columns)
        groups[name] = groups.astype(str).agg(INTERSECTION_SEP.join, axis=1)
    return groups


def _feature_report(out: Outcomes, name: str, labels: Any) -> FeatureReport:
    import pandas as pd

    mf = metric_frame(out, labels.rename(name))
    order = [str(g) for g in mf.by_group.index]
    codes = np.asarray(pd.Categorical(labels, categories=order).codes)
    stats = {m: mf.by_group[m].to_numpy(dtype=float) for m in mf.by_group.columns}
    return FeatureReport(str(name), mf, order, codes, stats, disp.disparities(out.kind, stats))


def _bootstrap(
    out: Outcomes, reports: list[FeatureReport], n_boot: int, level: float, seed: int
) -> None:
    if n_boot <= 0:
        return
    samples: list[dict[str, list[Any]]] = [{} for _ in reports]
    for idx in bootstrap_indices(len(out.y_true), n_boot, seed):
        for report, store in zip(reports, samples, strict=True):
            stats = group_stats(out, report.codes, len(report.labels), idx)
            for metric, values in stats.items():
                store.setdefault(metric, []).append(values)
            for name, d in disp.disparities(out.kind, stats).items():
                store.setdefault(name, []).append(d.value)
    for report, store in zip(reports, samples, strict=True):
        for key, rows in store.items():
            arr = np.asarray(rows, dtype=float)
            if arr.ndim == 1:
                report.disparity_ci[key] = percentile_ci(arr, level)
            else:
                report.group_ci[key] = [
                    percentile_ci(arr[:, g], level) for g in range(arr.shape[1])
                ]


def _group_findings(reports: list[FeatureReport], minimum: int) -> list[dict[str, Any]]:
    found = []
    for report in reports:
        small = [
            (g, int(c))
            for g, c in zip(report.labels, report.stats["count"], strict=True)
            if c < minimum
        ]
        # NOTE: intersections can have dozens of tiny groups: one finding lists them all.
        if len(small) > 3:
            listed = ", ".join(f"{g!r} ({c})" for g, c in small[:10])
            more = f" and {len(small) - 10} more" if len(small) > 10 else ""
            message = SMALL_GROUPS.format(
                n=len(small), feature=report.name, minimum=minimum, groups=listed + more
            )
        elif small:
            found += [_small(report.name, [(g, c)], minimum) for g, c in small]
            continue
        else:
            continue
        found.append({**_small(report.name, small, minimum), "message": message})
    return found


def _small(feature: str, groups: list[tuple[str, int]], minimum: int) -> dict[str, Any]:
    group, count = groups[0]
    return {
        "category": "fairness",
        "rule": "small_group",
        "severity": "low",
        "message": SMALL_GROUP.format(group=group, feature=feature, count=count, minimum=minimum),
        "feature": feature,
        "groups": [g for g, _ in groups],
        "count": sum(c for _, c in groups) if len(groups) > 1 else count,
    }


def _disparity_findings(
    reports: list[FeatureReport], limits: dict[str, float], level: float
) -> list[dict[str, Any]]:
    found = []
    for report in reports:
        for name, d in report.disparities.items():
            if name not in limits:
                continue
            ci = report.disparity_ci.get(name, (float("nan"), float("nan")))
            item = disp.finding(
                report.name, name, d, ci, report.labels, report.stats, limits[name], level
            )
            if item is not None:
                found.append(item)
    return found


def _slices(frame: Any, groups: Any, out: Outcomes, alpha: float) -> list[dict[str, Any]]:
    from secure_check.analyses.fairness.slices import discover

    extra = [c for c in groups.columns if c not in frame.columns and INTERSECTION_SEP not in c]
    data = frame.join(groups[extra]) if extra else frame
    if out.kind == "regression":
        return discover(data, np.abs(out.y_pred - out.y_true), binary=False, alpha=alpha)
    return discover(data, (out.y_pred != out.y_true).astype(float), binary=True, alpha=alpha)


def _slice_finding(s: dict[str, Any], kind: str) -> dict[str, Any]:
    what = "mean absolute error" if kind == "regression" else "error rate"
    where = " and ".join(f"{k}={v}" for k, v in s["slice"].items())
    severity = "high" if s["error"] >= 2 * s["overall_error"] else "medium"
    message = (
        f"The model does worse where {where} (n={s['size']}): {what} {s['error']:.2f} "
        f"against {s['overall_error']:.2f} overall (FDR-adjusted p={s['q_value']:.2g})."
    )
    return {
        "category": "fairness",
        "rule": "underperforming_slice",
        "severity": severity,
        "message": message,
        **s,
    }
