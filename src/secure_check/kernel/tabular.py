"""`%secure_check pii` and `anonymize`: objects to frames, PII profile, anonymisation plan."""

from __future__ import annotations

import re
from typing import Any

from secure_check.anonymize.methods import AUTO, CHOICES
from secure_check.kernel.views import Table

PII_MIME = "application/vnd.secure-check.pii+json"
ANON_MIME = "application/vnd.secure-check.anonymize+json"
ERR_NOT_TABULAR = (
    "{name} is a {type}; %secure_check {command} takes a pandas DataFrame or Series, "
    "a list (of strings or of dicts) or a dict"
)
ERR_NOTHING_TO_DO = (
    "no column of {name} looks personal; name the columns to treat with --columns a,b"
)
QUASI_IDENTIFIER = re.compile(
    r"(^|_)(age|dob|birth|birthdate|birthday|zip|zipcode|postal|postcode|plz|gender|sex|"
    r"date|city|town|county|state|region|nationality|ethnicity|race|occupation|job|marital)($|_)",
    re.I,
)
# PII kinds (as profile_frame names them) that are quasi-identifiers, not direct identifiers
QUASI_KINDS = frozenset(
    {
        "age",
        "date_of_birth",
        "dob",
        "date",
        "zip",
        "postal_code",
        "postcode",
        "gender",
        "sex",
        "location",
        "city",
        "ethnicity",
        "race",
        "nationality",
    }
)


def to_frame(obj: Any, name: str, command: str) -> Any:
    """Return a DataFrame for a DataFrame, Series, list or dict; ValueError otherwise."""
    import pandas as pd

    if isinstance(obj, pd.DataFrame):
        return obj
    if isinstance(obj, pd.Series):
        return obj.to_frame(name=str(obj.name) if obj.name is not None else name)
    if isinstance(obj, dict):
        if obj and all(isinstance(v, (list, tuple)) for v in obj.values()):
            return pd.DataFrame({str(k): pd.Series(list(v)) for k, v in obj.items()})
        return pd.DataFrame({"key": [str(k) for k in obj], "value": list(obj.values())})
    if isinstance(obj, (list, tuple)):
        if obj and all(isinstance(v, dict) for v in obj):
            return pd.DataFrame.from_records(list(obj))
        return pd.DataFrame({name: list(obj)})
    raise ValueError(ERR_NOT_TABULAR.format(name=name, type=type(obj).__name__, command=command))


def profile(frame: Any, sample_rows: int) -> list[dict[str, Any]]:
    """Per-column PII profile rows: column, kind, share (and whatever else the engine adds)."""
    from secure_check.detectors.pii.columns import profile_frame

    # NOTE: the profiler samples each column itself (seeded), so large frames stay quick.
    result = profile_frame(frame, sample=sample_rows)
    return [_as_row(r) for r in _rows(result)]


def _rows(result: Any) -> list[Any]:
    if hasattr(result, "to_dict") and hasattr(result, "columns"):  # a DataFrame
        return list(result.to_dict(orient="records"))
    for attr in ("columns", "rows", "findings"):
        value = getattr(result, attr, None)
        if isinstance(value, list):
            return value
    return list(result)


def _as_row(item: Any) -> dict[str, Any]:
    if isinstance(item, dict):
        return dict(item)
    if hasattr(item, "to_dict"):
        return dict(item.to_dict())
    return {k: v for k, v in vars(item).items() if not k.startswith("_")}


def profile_table(rows: list[dict[str, Any]], name: str, n_rows: int) -> Table:
    """Build the rich display of a PII profile."""
    shown = [r for r in rows if r.get("kind")]
    table_rows = [
        (
            r.get("column"),
            r.get("kind"),
            _pct(r.get("share")),
            r.get("severity", ""),
            r.get("by", ""),
        )
        for r in shown
    ]
    title = f"PII in {name}: {len(shown)} column(s) of {n_rows} row(s)"
    note = "" if shown else "No column looks personal."
    data = {"variable": name, "rows": n_rows, "columns": [_jsonable(r) for r in shown]}
    return Table(
        title,
        ["column", "kind", "share", "severity", "found by"],
        table_rows,
        note=note,
        mime=PII_MIME,
        data=data,
        verdict=_pii_verdict(shown, name),
    )


def _pii_verdict(shown: list[dict[str, Any]], name: str) -> dict[str, Any]:
    """Say first which columns hold personal data and the line that anonymises them."""
    from secure_check.analyses.advice import Advice
    from secure_check.analyses.rich import verdict
    from secure_check.reports.rules import advice

    def advise(rule: str, category: str) -> Advice:
        words = advice(rule, category)
        return Advice(
            str(words["label"]), str(words["why"]), str(words["fix"] or ""),
            f"%secure_check anonymize {name} --into {name}_safe",
        )  # fmt: skip

    items = [
        {
            "category": "pii",
            "rule": str(r.get("kind")),
            "severity": str(r.get("severity") or "medium"),
            "message": f"column {r.get('column')!r} holds {r.get('kind')} "
            f"({_pct(r.get('share'))} of the rows)",
        }
        for r in shown
    ]
    return verdict(f"PII in {name}", items, advise=advise)


def plan_columns(
    frame: Any, rows: list[dict[str, Any]], columns: list[str] | None, method: str
) -> tuple[dict[str, str], list[str]]:
    """(column -> method, quasi-identifier columns) for an anonymisation run.

    ``auto`` hashes direct identifiers and generalises quasi-identifiers; any other method
    applies to every chosen column. A column written ``name:method`` gets its own method.
    """
    kinds = {str(r.get("column")): str(r.get("kind") or "") for r in rows if r.get("kind")}
    quasi = [str(c) for c in frame.columns if is_quasi(str(c), kinds.get(str(c), ""))]
    found = [str(c) for c in frame.columns if str(c) in kinds or str(c) in quasi]
    plan: dict[str, str] = {}
    for item in columns or found:
        head, _, tail = item.rpartition(":")
        column, own = (head, tail) if tail in CHOICES and head else (item, "")
        chosen = own or method
        if chosen == AUTO:
            chosen = "generalize" if column in quasi else "hash"
        plan[column] = chosen
    return plan, quasi


def is_quasi(column: str, kind: str) -> bool:
    """Whether a column is a quasi-identifier (age, birth date, postcode, gender, place...)."""
    return kind.lower() in QUASI_KINDS or bool(QUASI_IDENTIFIER.search(column))


def anonymize_table(result: Any, name: str, into: str, key_source: str) -> Table:
    """Build the rich display of an anonymisation run, with its k-anonymity."""
    rows = [(column, action) for column, action in result.actions.items()]
    if result.k is None:
        k_text = "k-anonymity: no quasi-identifier column left to group by."
    else:
        verdict = "meets" if result.k >= result.k_target else "is below"
        k_text = (
            f"k-anonymity over {', '.join(result.quasi_identifiers)}: k = {result.k} "
            f"({verdict} the target {result.k_target}; "
            f"{result.rows_below_k} row(s) in smaller groups)."
        )
    note = f"{k_text}\nResult stored in `{into}`. Hash key from {key_source}."
    data = {
        "variable": name,
        "into": into,
        "actions": result.actions,
        "quasi_identifiers": result.quasi_identifiers,
        "k": result.k,
        "k_target": result.k_target,
        "rows_below_k": result.rows_below_k,
    }
    return Table(
        f"Anonymised {name} -> {into}",
        ["column", "treatment"],
        rows,
        note=note,
        mime=ANON_MIME,
        data=data,
    )


def _pct(value: Any) -> str:
    return f"{float(value):.0%}" if isinstance(value, (int, float)) else str(value or "")


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in row.items():
        if isinstance(v, (str, int, float, bool)) or v is None:
            out[k] = v
        elif isinstance(v, (list, tuple)):
            out[k] = [x if isinstance(x, (str, int, float, bool)) else str(x) for x in v]
        else:
            out[k] = str(v)
    return out
