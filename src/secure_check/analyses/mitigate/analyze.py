"""``secure_check.mitigate``: fit fairlearn's mitigations, compare them held out, recommend one."""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from secure_check.analyses.data import as_frame, as_target, is_categorical, require_rows
from secure_check.analyses.mitigate import candidates as cand
from secure_check.analyses.mitigate import constraints as cons
from secure_check.analyses.mitigate.estimator import group_key
from secure_check.analyses.mitigate.evaluate import score, split
from secure_check.analyses.mitigate.recommend import recommend
from secure_check.analyses.mitigate.result import LEGAL_NOTE, ORIGINAL, MitigationResult
from secure_check.analyses.model import as_model
from secure_check.core.extras import require

ERR_NOT_BINARY = cons.ERR_MULTICLASS
ERR_SENSITIVE_NAMES = (
    "sensitive_features must name column(s) of X ({columns}); to use values that are not in X, "
    "add them as a column first"
)
ERR_CONTINUOUS = (
    "sensitive column {name!r} has {n} distinct numeric values: mitigation needs groups. Bin it "
    "first (e.g. pd.cut) and pass the binned column"
)
ERR_TEST = "X_test and y_test go together: pass both or neither"
ERR_MISSING_Y = "y has {n} missing values: drop those rows (from X and y) first"
ERR_ONE_GROUP = "sensitive feature {columns} has a single group in X: there is nothing to equalise"
ERR_POS_LABEL = (
    "fairlearn treats the larger label ({larger!r}) as the positive class; with pos_label="
    "{given!r} the {constraint} constraint would equalise the wrong rate. Recode y so that the "
    "favourable label is the larger one"
)
SPLIT_NOTE = (
    "a stratified {pct:.0%} split we made (seed {seed}); the retrained methods never saw those "
    "rows, but if the original model was trained on them, its figures (and threshold's, which "
    "reuses it) are optimistic"
)
GIVEN_NOTE = "the test split you gave"
WARN_NOT_LOGGED = "secure-check: mitigate ran, but the audit log was not written: {detail}"


def mitigate(
    model: Any,
    X: Any,
    y: Any,
    *,
    sensitive_features: str | list[str],
    constraint: str = "demographic_parity",
    method: str | list[str] | None = None,
    X_test: Any = None,
    y_test: Any = None,
    metric: str | Callable[..., float] = "accuracy",
    pos_label: Any = None,
    test_size: float = 0.3,
    budget: float = 60.0,
    n_boot: int = 500,
    ci_level: float = 0.95,
    seed: int = 0,
    progress: bool = True,
) -> MitigationResult:
    """Mitigate a binary classifier's bias and compare the methods on held-out rows.

    Parameters
    ----------
    model : fitted classifier or Pipeline
        The original model. ``threshold`` keeps it; the other methods retrain an unfitted copy
        (scikit-learn ``clone``) on the training rows.
    X, y : DataFrame, array-like
        Training rows (and the held-out rows too when ``X_test`` is not given).
    sensitive_features : str or list of str
        Categorical column(s) of ``X`` (and ``X_test``); several columns are intersected.
    constraint : {"demographic_parity", "equalized_odds", "equal_opportunity",
        "true_positive_rate_parity"}
        The fairness constraint; the disparity it targets is what is compared.
    method : str or list of str, optional
        Any of ``threshold``, ``reductions`` (ExponentiatedGradient), ``grid_search``,
        ``reweighing``, ``correlation_remover``; default: all but ``grid_search``.
    X_test, y_test : optional
        Held-out rows; without them a stratified split of ``X, y`` is made (and said so).
    metric : "accuracy", "balanced_accuracy" or callable(y_true, y_pred)
        The performance measure (the callable gets labels encoded 1 = favourable).
    pos_label : optional
        The favourable label; must be the larger label (fairlearn's positive class).
    test_size : float
        Share of rows held out when no test split is given.
    budget : float
        Seconds for each reductions method; fixes its iterations from one timed fit.
    n_boot, ci_level, seed : int, float, int
        Bootstrap resamples, confidence level, seed (also of the randomised predictions).
    progress : bool
        Show a tqdm progress bar during the reductions.

    Returns
    -------
    MitigationResult
    """
    require("fairlearn", feature="mitigation", extra="fairness")
    start = time.perf_counter()
    spec = cons.check_constraint(constraint)
    adapter = as_model(model)
    adapter.require_model("mitigation")
    methods = cons.check_methods(method, adapter.task)
    data = _data(X, y, X_test, y_test, sensitive_features, test_size, seed)
    classes = np.unique(data["y_train"])
    _check_pos_label(classes, pos_label, constraint)
    y01 = (data["y_train"] == classes[-1]).astype(int)
    train = cand.Training(
        model, data["X_train"], y01, data["g_train"], data["columns"], classes, spec, seed,
        budget, progress,
    )  # fmt: skip
    estimators, rows = _fit_all(methods, train)
    candidates = _scored(
        adapter, estimators, rows, data, disparity=spec[2], metric=metric, pos_label=pos_label,
        n_boot=n_boot, level=ci_level, seed=seed,
    )  # fmt: skip
    meta = _meta(adapter.name, constraint, spec[2], metric, data, train)
    meta.update({"n_boot": n_boot, "ci_level": ci_level, "seed": seed, "budget": budget})
    advice = recommend(candidates, meta)
    meta["seconds"] = round(time.perf_counter() - start, 3)
    result = MitigationResult(candidates, advice, estimators, _findings(advice, estimators), meta)
    _log(model, data, result)
    return result


def _scored(
    adapter: Any,
    estimators: dict[str, Any],
    rows: list[dict[str, Any]],
    data: dict[str, Any],
    **how: Any,
) -> list[dict[str, Any]]:
    """Return the original first, then each method's row joined to its held-out figures."""
    preds = {ORIGINAL: adapter.predict(data["X_test"])}
    preds.update({n: e.predict(data["X_test"]) for n, e in estimators.items()})
    figures = score(preds, data["y_test"], data["g_test"], **how)
    first = {"method": ORIGINAL, "label": adapter.name, "needs_sensitive": False, "error": None}
    return [{**first, **figures[ORIGINAL]}] + [{**r, **figures.get(r["method"], {})} for r in rows]


def _meta(
    model: str, constraint: str, disparity: str, metric: Any, data: dict[str, Any], t: Any
) -> dict[str, Any]:
    return {
        "model": model, "constraint": constraint, "disparity": disparity,
        "metric": metric if isinstance(metric, str) else getattr(metric, "__name__", "metric"),
        "sensitive": data["columns"], "positive_label": _plain(t.classes[-1]),
        "held_out": data["note"], "n_train": len(t.y), "n_test": len(data["y_test"]),
        "notes": t.notes, "seconds": 0.0,
    }  # fmt: skip


def _checked(X: Any, y: Any, sensitive: Any) -> tuple[Any, np.ndarray, list[str]]:
    """Return the frame, the target and the sensitive column names (or a specific error)."""
    import pandas as pd

    frame = require_rows(as_frame(X))
    target = as_target(y, len(frame))
    columns = [sensitive] if isinstance(sensitive, str) else list(sensitive or [])
    if not columns or not all(isinstance(c, str) and c in frame.columns for c in columns):
        raise ValueError(ERR_SENSITIVE_NAMES.format(columns=list(map(str, frame.columns))))
    for name in columns:
        if not is_categorical(frame[name]):
            raise ValueError(ERR_CONTINUOUS.format(name=name, n=frame[name].nunique()))
    if group_key(frame[columns]).nunique() < 2:
        raise ValueError(ERR_ONE_GROUP.format(columns=", ".join(columns)))
    missing = int(pd.isna(target).sum())
    if missing:
        raise ValueError(ERR_MISSING_Y.format(n=missing))
    if len(np.unique(target)) != 2:
        raise ValueError(ERR_NOT_BINARY.format(n=len(np.unique(target))))
    return frame, target, columns


def _data(
    X: Any, y: Any, X_test: Any, y_test: Any, sensitive: Any, test_size: float, seed: int
) -> dict[str, Any]:
    frame, target, columns = _checked(X, y, sensitive)
    if (X_test is None) != (y_test is None):
        raise ValueError(ERR_TEST)
    if X_test is None:
        train, test = split(
            frame, target, group_key(frame[columns]), test_size=test_size, seed=seed
        )
        X_train, X_te = (frame.iloc[rows].reset_index(drop=True) for rows in (train, test))
        y_train, y_te = target[train], target[test]
        note = SPLIT_NOTE.format(pct=test_size, seed=seed)
    else:
        X_train, y_train = frame, target
        X_te = require_rows(as_frame(X_test))
        y_te = as_target(y_test, len(X_te))
        missing = [c for c in columns if c not in X_te.columns]
        if missing:
            raise ValueError(ERR_SENSITIVE_NAMES.format(columns=list(map(str, X_te.columns))))
        note = GIVEN_NOTE
    return {
        "X_train": X_train, "y_train": y_train, "g_train": group_key(X_train[columns]),
        "X_test": X_te, "y_test": y_te, "g_test": group_key(X_te[columns]).to_numpy(),
        "columns": columns, "note": note, "X": frame,
    }  # fmt: skip


def _check_pos_label(classes: np.ndarray, pos_label: Any, constraint: str) -> None:
    if pos_label is None or str(pos_label) == str(classes[-1]):
        return
    if constraint in ("equal_opportunity", "true_positive_rate_parity"):
        raise ValueError(
            ERR_POS_LABEL.format(larger=_plain(classes[-1]), given=pos_label, constraint=constraint)
        )


def _fit_all(
    methods: list[cons.Method], train: cand.Training
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Fit each method; one that fails is reported as such and the others go on."""
    estimators, rows = {}, []
    for m in methods:
        begun = time.perf_counter()
        row: dict[str, Any] = {
            "method": m.name,
            "label": m.label,
            "needs_sensitive": m.needs_sensitive,
        }
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", category=FutureWarning)
                estimators[m.name] = cand.fit(m, train)
            row["error"] = None
        except (ValueError, TypeError, ImportError) as e:
            row["error"] = f"{type(e).__name__}: {e}"
        row["fit_seconds"] = round(time.perf_counter() - begun, 3)
        rows.append(row)
    return estimators, rows


def _findings(advice: dict[str, Any], estimators: dict[str, Any]) -> list[dict[str, Any]]:
    chosen = estimators.get(advice["method"])
    if chosen is None or not chosen.needs_sensitive:
        return []
    message = LEGAL_NOTE.format(method=chosen.method, columns=", ".join(chosen.sensitive))
    return [{"category": "fairness", "rule": "sensitive_feature_at_prediction",
             "severity": "medium", "message": message, "columns": chosen.sensitive}]  # fmt: skip


def _log(model: Any, data: dict[str, Any], result: MitigationResult) -> None:
    """Append the run to the audit log: method, constraint, before/after figures, digests."""
    from secure_check.core import audit
    from secure_check.core.digests import frame_digest, model_digest

    digests = {"model": model_digest(model), "data:X": "sha256:" + frame_digest(data["X"])}
    for method, estimator in result.estimators.items():
        # NOTE: every fitted candidate, so a card of whichever one the user adopts cites this run
        digests[f"mitigated:{method}"] = model_digest(estimator)
    if result.meta["held_out"] == GIVEN_NOTE:
        digests["data:X_test"] = "sha256:" + frame_digest(data["X_test"])
    figures = {c["method"]: {"metric": c.get("metric"), "disparity": c.get("disparity")}
               for c in result.candidates if c.get("error") is None}  # fmt: skip
    try:
        audit.append(
            "mitigate", digests=digests, constraint=result.meta["constraint"],
            disparity=result.meta["disparity"], metric=result.meta["metric"],
            method=result.recommendation["method"], figures=figures,
            findings=len(result.findings), held_out=result.meta["held_out"],
        )  # fmt: skip
    except OSError as e:
        warnings.warn(WARN_NOT_LOGGED.format(detail=e), stacklevel=3)


def _plain(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value
