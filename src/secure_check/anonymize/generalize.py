"""Generalisation hierarchies for quasi-identifiers: each level coarser than the one before.

Level 1 is the usual first step (ages in 10-year bands, dates to the year, postcodes to three
characters, other numbers in quintiles, rare categories to ``Other``); the top level replaces
every value by ``*``. The k-anonymity search climbs these levels one column at a time.
"""

from __future__ import annotations

import re
from typing import Any

OTHER = "Other"
SUPPRESSED = "*"
MAX_LEVEL = 4
_AGE = re.compile(r"(^|_)age($|_)|^age", re.I)
_ZIP = re.compile(r"zip|postal|postcode|post_code|plz", re.I)
_DATE = re.compile(r"date|dob|birth|_at$|day", re.I)
_AGE_WIDTHS = {1: 10, 2: 20, 3: 40}
_ZIP_KEEP = {1: 3, 2: 2, 3: 1}
_QUANTILES = {1: 5, 2: 3, 3: 2}


def generalize_series(series: Any, k_target: int = 5, level: int = 1) -> tuple[Any, str]:
    """Coarsen a quasi-identifier to ``level`` (1 to MAX_LEVEL); return it and what was done."""
    import pandas as pd

    if level >= MAX_LEVEL:
        # NOTE: missing values too: "unknown" can single a person out as well as a value.
        return pd.Series(SUPPRESSED, index=series.index, dtype="object"), "suppressed"
    name = str(series.name)
    numeric = pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)
    if _ZIP.search(name):
        keep = _ZIP_KEEP[level]
        return zip_prefix(series, keep), f"postcode prefix ({keep} character(s))"
    if pd.api.types.is_datetime64_any_dtype(series) or (_DATE.search(name) and not numeric):
        years = _years(series, decade=level > 1)
        if years is not None:
            return years, "decade only" if level > 1 else "year only"
    if numeric and _AGE.search(name):
        width = _AGE_WIDTHS[level]
        return age_bands(series, width), f"{width}-year bands"
    if numeric:
        q = _QUANTILES[level]
        return quantile_ranges(series, q), f"{q} quantile ranges"
    floor = k_target * 4 ** (level - 1)
    return rare_to_other(series, floor), f"values seen fewer than {floor} times -> {OTHER}"


def age_bands(series: Any, width: int = 10) -> Any:
    """``37`` -> ``"30-39"`` (width 10); missing stays missing."""

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


def quantile_ranges(series: Any, q: int = 5) -> Any:
    """Replace numbers by the range of their quantile bin (as text)."""
    import pandas as pd

    bins = pd.qcut(series, q=q, duplicates="drop")
    return bins.astype(str).where(series.notna(), None).astype("object")


def rare_to_other(series: Any, floor: int) -> Any:
    """Replace values seen fewer than ``floor`` times by ``Other``."""
    counts = series.value_counts(dropna=True)
    rare = set(counts[counts < floor].index)
    return series.map(lambda v: OTHER if v in rare else v, na_action="ignore").astype("object")


def _years(series: Any, *, decade: bool = False) -> Any:
    import pandas as pd

    if pd.api.types.is_datetime64_any_dtype(series):
        parsed = series
    else:
        parsed = pd.to_datetime(series.astype("string"), errors="coerce", format="mixed")
    if parsed.notna().sum() < 0.8 * series.notna().sum():
        return None
    years = parsed.dt.year.astype("Int64")
    if decade:
        return years.map(lambda y: f"{y // 10 * 10}s", na_action="ignore").astype("object")
    return years
