"""Card sections: evaluation, fairness, mitigation, explanation, robustness, scan, regulation."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

NOT_RUN = "not run"
REGULATION_KEYS = {
    "personal_data_categories": "Personal-data categories (GDPR Art. 30(1)(c); CCPA categories)",
    "purpose": "Purpose of processing (GDPR Art. 30(1)(b))",
    "lawful_basis": "Lawful basis (GDPR Art. 6 / Art. 9(2))",
    "retention": "Retention period (GDPR Art. 30(1)(f))",
    "data_subject_contact": "Contact for data-subject requests (GDPR Art. 15-22; CCPA)",
    "sensitive_attributes_for_bias_testing": (
        "Special-category data processed for bias testing (EU AI Act Art. 10(5))"
    ),
    "sensitive_data_deletion_date": "When that data is deleted (EU AI Act Art. 10(5)(e))",
    "sensitive_attributes_at_prediction": (
        "Sensitive attributes the model reads when it predicts (disparate treatment; GDPR Art. 9)"
    ),
    "sale_or_sharing": "Personal information sold or shared (CCPA 1798.115, 1798.120)",
    "human_oversight": "Human oversight measures (EU AI Act Art. 14; Annex IV(2)(e))",
    "risk_class": "AI Act risk class (Art. 6 and Annex III)",
}
NOT_STATED = "not stated"
ERR_REGULATION = "regulation must be a dict of {keys}; got {kind}"
ERR_EVALUATION = "cannot evaluate the model on X, y: {error}"
ERR_RESULT = "{what} must be a result object with to_dict() or a dict, not {kind}"
_KEEP = {
    "fairness": ("overall", "disparities", "by_group", "pairs", "findings", "notes", "meta"),
    "mitigation": (
        "candidates", "recommendation", "needs_sensitive_at_prediction", "findings", "meta",
    ),
    "explanation": ("importance", "by_group", "proxies", "partial_dependence", "findings", "meta"),
    "robustness": (
        "clean_accuracy", "attacks", "membership_inference", "attribute_inference",
        "poisoning", "most_changed_features", "findings", "meta",
    ),
}  # fmt: skip


def not_run(reason: str) -> dict[str, Any]:
    """Return a section whose analysis did not run, saying why."""
    return {"status": NOT_RUN, "reason": reason}


def analysis(kind: str, result: Any) -> tuple[dict[str, Any], dict[str, str]]:
    """Return (section, plots) for one analysis result (object with ``to_dict`` or a dict)."""
    if result is None:
        hint = {"explanation": "explain", "mitigation": "mitigate"}.get(kind, kind)
        return not_run(f"no {kind} result was given (run secure_check.{hint} first)"), {}
    if hasattr(result, "to_dict"):
        data = result.to_dict()
    elif isinstance(result, Mapping):
        data = dict(result)
    else:
        raise TypeError(ERR_RESULT.format(what=kind, kind=type(result).__name__))
    plots = {f"{kind}: {k}": v for k, v in (data.get("plots") or {}).items() if _is_png(v)}
    section = {k: data[k] for k in _KEEP[kind] if k in data}
    section = json.loads(json.dumps(section, default=_plain))
    section["status"] = "run"
    return section, plots


def sensitive_features(*analysed: Mapping[str, Any]) -> list[str]:
    """Names of the sensitive features that the fairness/explanation sections grouped by."""
    names: dict[str, None] = {}
    for section in analysed:
        for key in ("disparities", "by_group"):
            names.update(dict.fromkeys(map(str, section.get(key) or {})))
    return list(names)


def _is_png(value: Any) -> bool:
    return isinstance(value, str) and value.startswith("data:image/png;base64,")


def _plain(value: Any) -> Any:
    item = getattr(value, "item", None)
    if callable(item):
        try:
            return item()
        except (TypeError, ValueError):
            pass
    tolist = getattr(value, "tolist", None)
    return tolist() if callable(tolist) else str(value)


def evaluation(model: Any, X: Any, y: Any) -> dict[str, Any]:
    """Score ``model`` on ``(X, y)``: classification or regression metrics, by its task.

    A model that cannot predict leaves the section "not run"; a prediction that fails, or
    labels that do not match the rows, raise ``ValueError`` naming the cause.
    """
    if X is None or y is None:
        return not_run("no evaluation data was given (pass X and y)")
    if isinstance(model, (str, Path)):
        return not_run("the model was given as a file; it is not loaded to evaluate it")
    import numpy as np

    from secure_check.analyses.model import as_model

    try:
        adapter = as_model(model, X)
    except TypeError as e:  # NOTE: not a predictor (a transformer, a clusterer): nothing to score
        return not_run(str(e))
    y_true = np.asarray(y).ravel()
    try:
        y_pred = adapter.predict(X)
    except Exception as e:  # noqa: BLE001 - the model's own error, named, never a traceback
        raise ValueError(ERR_EVALUATION.format(error=f"{type(e).__name__}: {e}")) from None
    if len(y_pred) != len(y_true):
        raise ValueError(
            ERR_EVALUATION.format(error=f"{len(y_true)} labels for {len(y_pred)} rows")
        )
    if adapter.task == "regression":
        metrics = _regression(y_true, y_pred)
    else:
        metrics = _classification(adapter, X, y_true, y_pred)
    return {"status": "run", "task": adapter.task, "rows": len(y_true), "metrics": metrics}


def _classification(adapter: Any, X: Any, y_true: Any, y_pred: Any) -> dict[str, float]:
    from sklearn import metrics as m

    binary = len(set(y_true.tolist()) | set(y_pred.tolist())) <= 2
    average = "binary" if binary else "macro"
    pos = adapter.classes_[-1] if binary and adapter.classes_ is not None else None
    kw: dict[str, Any] = {"average": average, "zero_division": 0}
    if pos is not None:
        kw["pos_label"] = pos
    out = {
        "accuracy": m.accuracy_score(y_true, y_pred),
        "precision": m.precision_score(y_true, y_pred, **kw),
        "recall": m.recall_score(y_true, y_pred, **kw),
        "f1": m.f1_score(y_true, y_pred, **kw),
    }
    if binary and pos is not None and len(set(y_true.tolist())) == 2:
        try:
            out["roc_auc"] = m.roc_auc_score(y_true == pos, adapter.score(X, pos_label=pos))
        except ValueError:
            pass  # NOTE: no scores (e.g. a hard-voting ensemble): AUC left out
    return {k: round(float(v), 4) for k, v in out.items()}


def _regression(y_true: Any, y_pred: Any) -> dict[str, float]:
    from sklearn import metrics as m

    out = {
        "mae": m.mean_absolute_error(y_true, y_pred),
        "rmse": m.mean_squared_error(y_true, y_pred) ** 0.5,
        "r2": m.r2_score(y_true, y_pred),
    }
    return {k: round(float(v), 4) for k, v in out.items()}


def scan_summary(findings: Iterable[Any] | None, notebook: Path | None) -> dict[str, Any]:
    """Count security/privacy findings by rule, severity and category (never values)."""
    if findings is None:
        if notebook is None:
            return not_run("no notebook and no scan findings were given")
        from secure_check.core.scan import Scanner

        result = Scanner().scan_file(notebook)
        if result.error:
            return not_run(f"the notebook could not be scanned: {result.error}")
        findings = result.findings
    rows = [_finding_keys(f) for f in findings]
    open_rows = [r for r in rows if not r["accepted"]]
    return {
        "status": "run",
        "total": len(rows),
        "accepted": len(rows) - len(open_rows),
        "by_rule": dict(Counter(r["rule"] for r in open_rows).most_common()),
        "by_severity": dict(Counter(r["severity"] for r in open_rows).most_common()),
        "by_category": dict(Counter(r["category"] for r in open_rows).most_common()),
    }


def _finding_keys(finding: Any) -> dict[str, Any]:
    data = finding if isinstance(finding, Mapping) else finding.to_dict()
    severity = data.get("severity")
    return {
        "rule": str(data.get("rule")),
        "severity": str(getattr(severity, "value", severity)),
        "category": str(data.get("category")),
        "accepted": bool(data.get("accepted")),
    }


def regulation(
    given: Mapping[str, Any] | None,
    datasets: list[dict[str, Any]],
    sensitive: list[str] | None = None,
    mitigation: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Build the regulation section: every key stated or marked ``not stated``.

    Personal-data categories default to the PII kinds found in the datasets' columns; the
    attributes processed for bias testing default to the sensitive features the fairness and
    explanation analyses used (``sensitive``); the attributes read at prediction time to what
    the recorded mitigation needs (``mitigation``, the card's section).
    """
    if given is not None and not isinstance(given, Mapping):
        keys = ", ".join(REGULATION_KEYS)
        raise TypeError(ERR_REGULATION.format(keys=keys, kind=type(given).__name__))
    given = dict(given or {})
    found = sorted({p["kind"] for d in datasets for ps in d.get("pii", {}).values() for p in ps})
    out: dict[str, Any] = {}
    for key in REGULATION_KEYS:
        value = given.pop(key, None)
        if key == "personal_data_categories" and value is None and found:
            value = found
        if key == "sensitive_attributes_for_bias_testing" and value is None and sensitive:
            value = [f"{name} (used by the bias analyses in this card)" for name in sensitive]
        if key == "sensitive_attributes_at_prediction" and value is None:
            value = at_prediction(mitigation)
        out[key] = value if value not in (None, "", []) else NOT_STATED
    out["detected_personal_data"] = found
    out.update({str(k): v for k, v in given.items()})  # NOTE: extra keys kept as written
    return out


def regulation_rows(reg: Mapping[str, Any], listed: Callable[[Any], str]) -> list[list[str]]:
    """Label and value rows of the regulation section, shared by the HTML and Markdown cards."""
    rows = [[label, listed(reg.get(key))] for key, label in REGULATION_KEYS.items()]
    detected = listed(reg.get("detected_personal_data")) or "none"
    rows.append(["Personal data detected in the datasets", detected])
    extra = (k for k in reg if k not in REGULATION_KEYS and k != "detected_personal_data")
    return rows + [[k, listed(reg[k])] for k in extra]


DATASET_HEADER = ["dataset", "source", "sha256", "rows", "cols", "PII by column", "anonymisation"]


def dataset_rows(datasets: Iterable[Mapping[str, Any]]) -> tuple[list[str], list[list[Any]]]:
    """Header and rows of the data-provenance table, shared by the HTML and Markdown cards."""
    rows = []
    for d in datasets:
        pii = "; ".join(
            f"{col}: {', '.join(p['kind'] for p in ps)}" for col, ps in d["pii"].items()
        )
        where = d.get("path", d["source"])
        anonymised = d.get("anonymisation", "none stated")
        rows.append(
            [d["name"], where, d["sha256"], d["rows"], d["cols"], pii or "none found", anonymised]
        )
    return DATASET_HEADER, rows


AT_PREDICTION = (
    "{columns}: the adopted mitigation ({method}) reads them for every prediction, treating "
    "groups differently on purpose. That is disparate treatment, unlawful in some uses (e.g. US "
    "credit under ECOA/Regulation B, US employment under Title VII section 703(l)); GDPR Art. 9 "
    "needs a condition for special-category data; EU AI Act Art. 10(5) covers bias detection "
    "and correction with safeguards. Needs legal review before deployment."
)
NOT_AT_PREDICTION = "none: the adopted mitigation ({method}) does not read them when it predicts"


def at_prediction(mitigation: Mapping[str, Any] | None) -> str | None:
    """Say which sensitive attributes the recorded mitigation reads when it predicts (or None)."""
    if not mitigation or mitigation.get("status") != "run":
        return None
    method = (mitigation.get("recommendation") or {}).get("method", "original")
    if method == "original":
        return None
    if not mitigation.get("needs_sensitive_at_prediction"):
        return NOT_AT_PREDICTION.format(method=method)
    columns = ", ".join(map(str, (mitigation.get("meta") or {}).get("sensitive") or []))
    return AT_PREDICTION.format(columns=columns or "the sensitive feature", method=method)
