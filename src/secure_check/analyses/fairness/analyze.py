"""Fairness analysis: group metrics, disparities and underperforming slices as findings.

fairlearn MetricFrame by group and intersection; exact (Clopper-Pearson) intervals for rates;
each disparity judged between two named groups with a MOVER interval, Holm's procedure over all
pairs, disparities and features; groups below ``min_group_size`` are "too small to judge"; and
subpopulation discovery under FDR control.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

import numpy as np

from secure_check.analyses.data import as_frame, as_target, require_rows, resolve_sensitive
from secure_check.analyses.fairness import disparity as disp
from secure_check.analyses.fairness import pairs
from secure_check.analyses.fairness.favorable import merge
from secure_check.analyses.fairness.metrics import Outcomes, metric_frame, prepare
from secure_check.analyses.fairness.result import FairnessResult, FeatureReport
from secure_check.analyses.model import Task, as_model
from secure_check.core.extras import require
from secure_check.core.trail import audited

INTERSECTION_SEP = " & "
SMALL_GROUP = (
    "Group {group!r} of {feature} has only {count} rows (fewer than {minimum}): too small to "
    "judge, so no disparity finding is drawn from it."
)
SMALL_GROUPS = "{n} groups of {feature} have fewer than {minimum} rows, too few to judge: {groups}."
NOT_SHOWN = (
    "{sentence}; not a finding: the gap is not significant after adjusting for {m} tests "
    "({method}, adjusted p={p:.2g}), so it may be noise."
)
METHOD_NAMES = {"bh": "Benjamini-Hochberg", "holm": "Holm"}
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
    favorable_label: Any = None,
    task: Task | None = None,
    thresholds: Mapping[str, float] | None = None,
    intersections: bool = True,
    n_boot: int = 200,
    ci_level: float = 0.95,
    min_group_size: int = 30,
    discover: bool = True,
    alpha: float = 0.05,
    multiplicity: str = "bh",
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
    pos_label, favorable_label : optional
        The favourable outcome of a binary task (the two names are aliases). Without it the
        label is inferred only from plain words (approved/denied, good/bad); otherwise the
        larger label is assumed and the result's ``notes`` say so.
    task : {"classification", "regression"}, optional
        Overrides the task inferred from the model.
    thresholds : mapping, optional
        Per-disparity thresholds merged into :data:`DEFAULT_THRESHOLDS` (None disables one).
    intersections : bool
        Also analyse the intersection of all sensitive features.
    n_boot : int
        Kept for compatibility; intervals are analytic now (Clopper-Pearson / t / MOVER).
    ci_level : float
        Confidence level of the intervals.
    min_group_size : int
        Groups with fewer rows are "too small to judge": a low ``small_group`` note, and they
        take no part in disparity tests.
    discover : bool
        Search single features and pairs of binned features for underperforming slices.
    alpha : float
        Error rate of the disparity findings and false discovery rate of the slice search.
    multiplicity : {"bh", "holm"}
        Adjustment over every pairwise disparity test: Benjamini-Hochberg (false discovery
        rate; with no real disparity anywhere, also the chance of any finding) or Holm
        (family-wise error rate, more conservative).
    seed : int
        Kept for compatibility (nothing is random any more).

    Returns
    -------
    FairnessResult
    """
    require("fairlearn", feature="fairness analysis", extra="fairness")
    if not 0 < ci_level < 1:
        raise ValueError(BAD_CI_LEVEL.format(level=ci_level))
    start = time.perf_counter()
    frame = require_rows(as_frame(X))
    target = _target(y, len(frame))
    adapter = as_model(model, X, task=task, y=target)
    out = prepare(target, adapter.predict(X), adapter.task, merge(pos_label, favorable_label))
    groups = _groups(frame, sensitive_features, intersections)
    reports = [_feature_report(out, name, groups[name]) for name in groups.columns]
    limits = disp.thresholds_for(thresholds)
    findings = _group_findings(reports, min_group_size)
    judged, notes, n_tests = _judge(
        out, reports, limits, min_group_size, ci_level, (alpha, multiplicity)
    )
    findings += judged
    notes = [adapter.task_note, *([out.favorable.note] if out.favorable else []), *notes]
    slices = _slices(frame, groups, out, alpha) if discover else []
    findings += [_slice_finding(s, out.kind) for s in slices]
    meta = {
        "model": adapter.name,
        "task": out.kind,
        "task_source": adapter.task_source,
        "pos_label": out.pos_label,
        "favorable_label": out.pos_label,
        "favorable_source": out.favorable.source if out.favorable else None,
        "n_rows": len(frame),
        "min_group_size": min_group_size,
        "alpha": alpha,
        "intervals": "Clopper-Pearson (rates), Student t (means); MOVER for differences/ratios",
        "multiplicity": f"{METHOD_NAMES[multiplicity]} over {n_tests} one-sided pairwise tests",
        "n_boot": n_boot,
        "ci_level": ci_level,
        "seed": seed,
        "thresholds": limits,
        "seconds": round(time.perf_counter() - start, 4),
    }
    overall = {k: float(v) for k, v in reports[0].frame.overall.items()}
    return FairnessResult(overall, reports, slices, findings, meta, notes=notes)


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


def _judge(
    out: Outcomes,
    reports: list[FeatureReport],
    limits: dict[str, float],
    minimum: int,
    level: float,
    control: tuple[float, str],
) -> tuple[list[dict[str, Any]], list[str], int]:
    """Pairwise disparity tests, adjusted over all of them; findings, notes and the test count."""
    alpha, method = control
    families: dict[tuple[int, str], list[pairs.PairTest]] = {}
    for r, report in enumerate(reports):
        parts = pairs.group_parts(out, report.codes, len(report.labels))
        report.group_ci.update(pairs.group_intervals(parts, level))
        judged = np.flatnonzero(report.stats["count"] >= minimum)
        for name, (metrics, how) in disp.DEFINITIONS[out.kind].items():
            if name in limits:
                families[(r, name)] = [
                    t
                    for m in metrics
                    for t in pairs.test_pairs(
                        report.name,
                        name,
                        m,
                        how,
                        parts[m],
                        judged,
                        threshold=limits[name],
                        level=level,
                    )
                ]
    everything = [t for tests in families.values() for t in tests]
    m = pairs.adjust(everything, limits, method)
    findings, notes = [], []
    fav = out.favorable.label if out.favorable else None
    for (r, name), tests in families.items():
        report, limit = reports[r], limits[name]
        worst = _most_extreme(name, tests)
        if worst is None:
            continue
        report.disparity_ci[name] = worst.ci
        report.judged[name] = _pair_json(worst, report.labels)
        shown = [t for t in tests if t.adjusted <= alpha]
        if shown:
            best = min(shown, key=lambda t: (t.adjusted, _badness(name, t)))
            findings.append(disp.finding(best, report.labels, limit, level, fav, method))
        elif disp.breaches(name, worst.value, limit):
            groups = (report.labels[worst.low], report.labels[worst.high])
            text = disp.sentence(worst, groups, limit, level, fav)
            note = NOT_SHOWN.format(
                sentence=text, m=m, method=METHOD_NAMES[method], p=worst.adjusted
            )
            notes += [] if note in notes else [note]
    return findings, notes, m


def _badness(name: str, t: pairs.PairTest) -> float:
    return t.value if name.endswith("_ratio") else -t.value


def _most_extreme(name: str, tests: list[pairs.PairTest]) -> pairs.PairTest | None:
    return min(tests, key=lambda t: _badness(name, t)) if tests else None


def _pair_json(t: pairs.PairTest, labels: list[str]) -> dict[str, Any]:
    return {
        "groups": [labels[t.low], labels[t.high]],
        "metric": t.metric,
        "value": t.value,
        "ci": list(t.ci),
        "p_value": t.p_value,
        "adjusted_p_value": t.adjusted,
    }


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
