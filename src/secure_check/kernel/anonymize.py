"""Pure-pandas anonymisation: keyed hashing, masking, dropping, generalisation, k-anonymity."""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import re
from typing import Any

METHODS = ("hash", "mask", "drop", "generalize")
ERR_UNKNOWN_METHOD = "unknown method {method!r}; choose one of: " + ", ".join(METHODS)
ERR_UNKNOWN_COLUMN = "no column {column!r} in the data; columns are: {columns}"
ERR_HASH_NEEDS_KEY = "hashing needs a key (bytes)"
OTHER = "Other"
_AGE = re.compile(r"(^|_)age($|_)|^age", re.I)
_ZIP = re.compile(r"zip|postal|postcode|post_code|plz", re.I)
_DATE = re.compile(r"date|dob|birth|_at$|day", re.I)
_EMAIL = re.compile(r"^([^@\s]+)@([^@\s]+)$")


@dataclasses.dataclass
class Anonymized:
    """The anonymised copy, what was done to each column, and its k-anonymity."""

    frame: Any
    actions: dict[str, str]
    quasi_identifiers: list[str]
    k: int | None
    rows_below_k: int
    k_target: int


def anonymize(
    frame: Any,
    plan: dict[str, str],
    *,
    key: bytes | None = None,
    quasi_identifiers: list[str] | None = None,
    k_target: int = 5,
) -> Anonymized:
    """Return a copy of ``frame`` with each planned column transformed; ``frame`` is unchanged.

    ``plan`` maps column -> method (hash, mask, drop, generalize). k-anonymity is computed over
    ``quasi_identifiers`` (columns that survive) of the result.
    """
    for column, method in plan.items():
        if method not in METHODS:
            raise ValueError(ERR_UNKNOWN_METHOD.format(method=method))
        if column not in frame.columns:
            raise ValueError(
                ERR_UNKNOWN_COLUMN.format(column=column, columns=", ".join(map(str, frame.columns)))
            )
    out = frame.copy()
    actions: dict[str, str] = {}
    for column, method in plan.items():
        out, actions[column] = _apply(out, column, method, key, k_target)
    qis = [c for c in (quasi_identifiers or []) if c in out.columns]
    k, below = k_anonymity(out, qis, k_target)
    return Anonymized(out, actions, qis, k, below, k_target)


def _apply(
    frame: Any, column: str, method: str, key: bytes | None, k_target: int
) -> tuple[Any, str]:
    if method == "drop":
        return frame.drop(columns=[column]), "dropped"
    if method == "hash":
        frame[column] = hash_series(frame[column], key)
        return frame, "keyed hash (HMAC-SHA256)"
    if method == "mask":
        frame[column] = mask_series(frame[column])
        return frame, "masked"
    frame[column], action = generalize_series(frame[column], k_target)
    return frame, action


def hash_series(series: Any, key: bytes | None) -> Any:
    """HMAC-SHA256 of each value (16 hex characters); missing values stay missing."""
    if not key:
        raise ValueError(ERR_HASH_NEEDS_KEY)

    def one(value: Any) -> str:
        return hmac.new(key, str(value).encode(), hashlib.sha256).hexdigest()[:16]

    return series.map(one, na_action="ignore").astype("object")


def mask_value(value: Any) -> Any:
    """Mask one value: e-mails keep first letter and domain; others their last characters."""
    text = str(value)
    email = _EMAIL.match(text)
    if email:
        return f"{email.group(1)[0]}***@{email.group(2)}"
    keep = 4 if sum(c.isdigit() for c in text) >= 12 else (2 if len(text) >= 6 else 0)
    head = re.sub(r"[A-Za-z0-9]", "*", text[: len(text) - keep])
    return head + text[len(text) - keep :]


def mask_series(series: Any) -> Any:
    """Mask every value of ``series``; missing values stay missing."""
    return series.map(mask_value, na_action="ignore").astype("object")


def generalize_series(series: Any, k_target: int = 5) -> tuple[Any, str]:
    """Coarsen a quasi-identifier: ages to 10-year bands, dates to years, postcodes to a prefix.

    Other numbers go to quintile ranges; other text keeps values seen at least ``k_target``
    times and replaces the rarer ones by ``Other``.
    """
    import pandas as pd

    name = str(series.name)
    numeric = pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)
    if _ZIP.search(name):
        return zip_prefix(series), "postcode prefix (3 characters)"
    if pd.api.types.is_datetime64_any_dtype(series) or (_DATE.search(name) and not numeric):
        years = _years(series)
        if years is not None:
            return years, "year only"
    if numeric and _AGE.search(name):
        return age_bands(series), "10-year bands"
    if numeric:
        return _quantile_ranges(series), "quintile ranges"
    return _rare_to_other(series, k_target), f"values seen fewer than {k_target} times -> {OTHER}"


def age_bands(series: Any, width: int = 10) -> Any:
    """``37`` -> ``"30-39"``; missing stays missing."""

    def band(value: Any) -> str:
        low = int(value // width * width)
        return f"{low}-{low + width - 1}"

    return series.map(band, na_action="ignore").astype("object")


def zip_prefix(series: Any, keep: int = 3) -> Any:
    """``"94110"`` -> ``"941**"``; a number loses its trailing digits the same way."""

    def cut(value: Any) -> str:
        text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
        return text[:keep] + "*" * max(len(text) - keep, 0)

    return series.map(cut, na_action="ignore").astype("object")


def _years(series: Any) -> Any:
    import pandas as pd

    if pd.api.types.is_datetime64_any_dtype(series):
        parsed = series
    else:
        parsed = pd.to_datetime(series.astype("string"), errors="coerce", format="mixed")
    if parsed.notna().sum() < 0.8 * series.notna().sum():
        return None
    return parsed.dt.year.astype("Int64")


def _quantile_ranges(series: Any) -> Any:
    import pandas as pd

    bins = pd.qcut(series, q=5, duplicates="drop")
    return bins.astype(str).where(series.notna(), None).astype("object")


def _rare_to_other(series: Any, k_target: int) -> Any:
    counts = series.value_counts(dropna=True)
    rare = set(counts[counts < k_target].index)
    return series.map(lambda v: OTHER if v in rare else v, na_action="ignore").astype("object")


def k_anonymity(
    frame: Any, quasi_identifiers: list[str], k_target: int = 5
) -> tuple[int | None, int]:
    """(k, rows in groups smaller than ``k_target``) over ``quasi_identifiers``.

    k is the size of the smallest group of rows sharing the same quasi-identifier values
    (missing values form their own group); None when there are no quasi-identifiers or rows.
    """
    if not quasi_identifiers or len(frame) == 0:
        return None, 0
    sizes = frame.groupby(quasi_identifiers, dropna=False, observed=True).size()
    return int(sizes.min()), int(sizes[sizes < k_target].sum())
