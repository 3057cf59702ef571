"""``secure_check.robustness``: adversarial, privacy and poisoning probes of a model with ART."""

from __future__ import annotations

import dataclasses
import time
from typing import Any

from secure_check.core.extras import missing

try:
    import numpy as np
except ImportError as exc:  # pragma: no cover - exercised by an install without extras
    raise ImportError(missing("robustness", "numpy")) from exc

from secure_check.analyses.data import as_frame, as_target, resolve_sensitive
from secure_check.analyses.robustness.budget import DEFAULT_BUDGET, Budget, seeded
from secure_check.analyses.robustness.evasion import check_eps, check_samples, choose, run_evasion
from secure_check.analyses.robustness.findings import (
    evasion_findings,
    group_findings,
    poisoning_findings,
    privacy_findings,
    reference_eps,
)
from secure_check.analyses.robustness.metrics import (
    by_group,
    changed_by_group,
    changed_features,
    group_gaps,
    summarise,
)
from secure_check.analyses.robustness.poisoning import screen
from secure_check.analyses.robustness.privacy import attribute, membership
from secure_check.analyses.robustness.report import (
    RobustnessReport,
    accuracy_plot,
    group_plot,
    roc_plot,
)
from secure_check.analyses.robustness.space import FeatureSpace, complete_rows, fit_space
from secure_check.analyses.robustness.target import Target, import_art
from secure_check.core.trail import audited

TRAIN_PAIR = "X_train and y_train go together: pass both or neither"
NO_TRAIN = "no X_train/y_train given: membership inference and the poisoning screen need them"
NO_ATTRIBUTE = "no sensitive column named: sensitive_features='<column>' runs attribute inference"
TOO_FEW_ROWS = (
    "X has {n} row(s) and no X_train: each feature's valid range is learned from the data, so "
    "give at least 2 rows of X, or X_train"
)
ONE_CLASS = (
    "y holds one class only ({label!r}): membership inference compares members and non-members "
    "across classes; give held-out rows of at least two classes"
)
PROBE_FAILED = "{probe} failed and was skipped ({error}); the other probes' results stand"

__all__ = ["RobustnessReport", "robustness"]


@audited("robustness")
def robustness(
    model: Any,
    X: Any,
    y: Any,
    *,
    X_train: Any = None,
    y_train: Any = None,
    sensitive_features: Any = None,
    eps: Any = None,
    budget: float | None = None,
    seed: int = 0,
    attacks: Any = None,
    samples: int | None = None,
    progress: bool = True,
    immutable: Any = None,
) -> RobustnessReport:
    """Probe a fitted classifier with ART: evasion, membership/attribute inference, poisoning.

    Parameters
    ----------
    model : estimator, Pipeline, XGBoost/LightGBM model, torch Module or callable
        Fitted classifier; a callable is taken as ``predict_proba``.
    X, y : DataFrame or array, array-like
        Held-out rows and labels the attacks start from (non-members for membership inference).
    X_train, y_train : DataFrame or array, array-like, optional
        The training set: enables membership inference and the poisoning screen.
    sensitive_features : str, list of str, Series or array, optional
        Columns of ``X`` (or values aligned with it): every number is also given per group, and
        a named column that is a model input is the target of attribute inference.
    eps : float or sequence of float, optional
        Perturbation bounds as fractions of each feature's range (default 0.01, 0.05, 0.1, 0.2).
    budget : float, optional
        Seconds for all probes together (default 60). Evasion attacks stop starting new rows
        at 70 % of it; membership inference and the poisoning screen are bounded by row caps
        (1,000 and 3,000 rows). Results are deterministic under ``seed`` when no attack is
        cut short (``meta["truncated_by_budget"]`` is empty).
    seed : int
        Seeds the sampling, ART's internal randomness and the attack models.
    attacks : sequence of str, optional
        Override the attack set: ``fgsm``, ``pgd``, ``decision_tree``, ``hsj``, ``boundary``,
        ``zoo`` (default: chosen by model type).
    samples : int, optional
        At most this many rows per attack (each attack has its own default cap, 10 to 200).
    progress : bool
        Show tqdm progress bars.
    immutable : sequence of str, optional
        Columns no attack may change. Default: categorical columns, one-hot groups and the
        named sensitive columns (``meta["mutable_features"]`` lists what attacks may move).
        Pass ``[]`` to let every column move.

    Returns
    -------
    RobustnessReport
        Rich display in notebooks; ``to_dict()`` for JSON.
    """
    import_art()
    task_note = _task_note(model, y)
    opts = _Options(
        grid=check_eps(eps),
        samples=check_samples(samples),
        clock=Budget(DEFAULT_BUDGET if budget is None else budget, progress),
        seed=seed,
        attacks=attacks,
    )
    if (X_train is None) != (y_train is None):
        raise ValueError(TRAIN_PAIR)
    opts.groups = _groups(X, sensitive_features)
    opts.column = _attribute_column(X, sensitive_features)
    X, X_train = _model_columns(model, X), _model_columns(model, X_train)
    if X_train is None and len(X) < 2:
        raise ValueError(TOO_FEW_ROWS.format(n=len(X)))
    space = fit_space(X, X_train)
    space.freeze(
        space.default_frozen(_names(sensitive_features)) if immutable is None else immutable
    )
    Z = space.encode(X)
    y_all = as_target(y, len(Z))
    target = Target(model, space, y_all if y_train is None else np.r_[y_all, np.asarray(y_train)])
    from threadpoolctl import threadpool_limits

    # NOTE: attacks query a few rows at a time, and OpenMP/BLAS thread start-up then costs far
    # more than the prediction (HistGradientBoosting: 53 ms against 0.27 ms per 1-row call).
    with seeded(seed), threadpool_limits(limits=1):
        target.check(Z)
        report = _probe(target, (Z, target.labels(y_all)), (X_train, y_train), opts)
    report.meta["task_note"] = task_note
    return report


def _task_note(model: Any, y: Any) -> str | None:
    """Infer the task as fairness and explain do; refuse a regressor here."""
    from secure_check.analyses.model import as_model
    from secure_check.analyses.robustness.target import REGRESSOR

    if not callable(getattr(model, "predict", None)):
        return None  # a bare predict_proba callable: a classifier by contract
    adapter = as_model(model, y=y)
    if adapter.task == "regression":
        raise TypeError(REGRESSOR.format(name=type(model).__name__))
    return adapter.task_note


@dataclasses.dataclass
class _Options:
    """Checked options of one run, passed down together."""

    grid: tuple[float, ...]
    samples: int | None
    clock: Budget
    seed: int
    attacks: Any
    groups: np.ndarray | None = None
    column: str | None = None


def _probe(
    target: Target, test: tuple[np.ndarray, np.ndarray], train: tuple[Any, Any], opts: _Options
) -> RobustnessReport:
    space, (Z, y), grid = target.space, test, opts.grid
    clean = float(np.mean(target.predict(Z) == y))
    failed: list[dict[str, Any]] = []
    runs = run_evasion(
        target, Z, y, complete_rows(Z), names=choose(target, opts.attacks), eps=grid,
        budget=opts.clock, seed=opts.seed, groups=opts.groups, samples=opts.samples,
        failed=failed,
    )  # fmt: skip
    table = [row for run in runs for row in summarise(run, space, grid)]
    groups, changed = [], {}
    if opts.groups is not None:
        groups = by_group(runs, space, opts.groups, grid)
        changed = changed_by_group(runs, space, opts.groups)
    mia, attr, poison = _training_probes(target, test, train, opts)
    findings = (
        evasion_findings(table, grid)
        + group_findings(group_gaps(groups))
        + privacy_findings(mia, attr)
        + poisoning_findings(poison)
    )
    plots = _plots(clean, table, mia, groups, grid)
    return RobustnessReport(
        model=target.name, clean_accuracy=clean, attacks=table, groups=groups,
        most_changed_features=changed_features(runs, space), changed_by_group=changed,
        membership_inference=mia, attribute_inference=attr, poisoning=poison,
        findings=findings, plots=plots,
        meta={**_meta(target, runs, opts), "failed_attacks": failed}, runs=runs, space=space,
    )  # fmt: skip


def _plots(
    clean: float, table: list[dict[str, Any]], mia: dict[str, Any],
    groups: list[dict[str, Any]], grid: tuple[float, ...],
) -> dict[str, str]:  # fmt: skip
    """Accuracy vs eps always; the membership ROC and the per-group bars when there is data."""
    plots = {"accuracy vs eps": accuracy_plot(clean, table)}
    if "roc" in mia:
        plots["membership inference ROC"] = roc_plot(mia)
    by_group_png = group_plot(groups, reference_eps(grid))
    if by_group_png:
        plots["success rate by group"] = by_group_png
    return plots


def _training_probes(
    target: Target, test: tuple[np.ndarray, np.ndarray], train: tuple[Any, Any], opts: _Options
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    X_train, y_train = train
    if X_train is None:
        return {"skipped": NO_TRAIN}, {"skipped": NO_TRAIN}, {"skipped": NO_TRAIN}
    z_tr = target.space.encode(X_train)
    y_raw = as_target(y_train, len(z_tr))
    y_tr = target.labels(y_raw)
    classes = np.unique(test[1])
    with opts.clock.bar(3, "privacy and poisoning") as bar:
        if classes.size < 2:
            mia = {"skipped": ONE_CLASS.format(label=target.classes[classes[0]].item())}
        else:
            mia = _guard("membership inference", membership, target, (z_tr, y_tr), test,
                         seed=opts.seed)  # fmt: skip
        bar.update()
        attr = {"skipped": NO_ATTRIBUTE}
        if opts.column:
            attr = _guard("attribute inference", attribute, target, (z_tr, y_tr), opts.column,
                          seed=opts.seed)  # fmt: skip
        bar.update()
        poison = _guard("poisoning screen", screen, target, X_train, y_raw, z_tr,
                        seed=opts.seed, held_out=test)  # fmt: skip
        bar.update()
    return mia, attr, poison


def _guard(probe: str, fn: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """Run one probe; a failure becomes ``{"skipped": why}`` so the others' results stand."""
    try:
        return dict(fn(*args, **kwargs))
    except Exception as exc:  # noqa: BLE001 - report, keep going (the other probes are valid)
        error = f"{type(exc).__name__}: {exc}"[:300]
        return {"skipped": PROBE_FAILED.format(probe=probe, error=error), "error": error}


def _names(sensitive_features: Any) -> list[str]:
    """Column names among ``sensitive_features`` (a str, a list of str or a named Series)."""
    spec = sensitive_features
    if isinstance(spec, str):
        return [spec]
    if isinstance(spec, (list, tuple)):
        return [s for s in spec if isinstance(s, str)]
    name = getattr(spec, "name", None)
    return [str(name)] if name is not None else []


def _groups(X: Any, sensitive_features: Any) -> np.ndarray | None:
    """One label per row of X (columns joined as ``a=x & b=y`` when several are named)."""
    if sensitive_features is None:
        return None
    frame = resolve_sensitive(as_frame(X), sensitive_features)
    if frame.shape[1] == 1:
        return np.asarray(frame.iloc[:, 0].to_numpy(dtype=str))
    joined = frame.apply(lambda row: " & ".join(f"{c}={v}" for c, v in row.items()), axis=1)
    return np.asarray(joined.to_numpy(dtype=str))


def _model_columns(model: Any, X: Any) -> Any:
    """Keep the columns the model was fitted on when X holds more (e.g. the sensitive one).

    NOTE: attacks then move only real model inputs, and a sensitive column the model never
    saw still defines the groups but is not a target for attribute inference.
    """
    names = getattr(model, "feature_names_in_", None)
    columns = getattr(X, "columns", None)
    if names is None or columns is None or list(columns) == list(names):
        return X
    if not set(names) <= set(columns):
        return X
    return X[list(names)]


def _attribute_column(X: Any, sensitive_features: Any) -> str | None:
    """Return the first sensitive attribute given by name (a str or a named Series), if any."""
    spec = sensitive_features
    if isinstance(spec, (list, tuple)) and spec and isinstance(spec[0], str):
        spec = spec[0]
    name = spec if isinstance(spec, str) else getattr(spec, "name", None)
    return (
        str(name) if name is not None and str(name) in map(str, getattr(X, "columns", [])) else None
    )


def _meta(target: Target, runs: list[Any], opts: _Options) -> dict[str, Any]:
    import art

    space: FeatureSpace = target.space
    return {
        "seed": opts.seed,
        "budget_seconds": opts.clock.seconds,
        "seconds": round(time.monotonic() - opts.clock.started, 3),
        "samples_cap": opts.samples,
        "model_kind": target.kind,
        "classes": [str(c) for c in target.classes],
        "n_features": len(space.columns),
        "eps_grid": list(opts.grid),
        "eps_unit": "fraction of each feature's range over X and X_train",
        "estimators": {run.name: run.estimator for run in runs},
        "truncated_by_budget": sorted({run.name for run in runs if not run.complete}),
        "integer_features": [
            c for c, flag in zip(space.columns, space.integer, strict=True) if flag
        ],
        "categorical_features": [space.columns[j] for j in space.categories],
        "mutable_features": [c for c, m in zip(space.columns, space.mutable, strict=True) if m],
        "immutable_features": [
            c for c, m in zip(space.columns, space.mutable, strict=True) if not m
        ],
        "attack_labels": "true labels; rows already misclassified are left unperturbed",
        "onehot_groups": [[space.columns[j] for j in cols] for cols, _ in space.onehot],
        "model_queries": target.calls,
        "art_version": art.__version__,
    }
