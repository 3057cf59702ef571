"""Pure-pandas anonymisation: keyed hashing, masking, dropping, generalisation, k-anonymity."""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import re
from typing import Any

from secure_check.anonymize.generalize import MAX_LEVEL, generalize_series

METHODS = ("hash", "mask", "drop", "generalize")
# NOTE: "auto" lets the plan pick: generalise quasi-identifiers, hash the other PII columns.
AUTO = "auto"
CHOICES = (AUTO, *METHODS)
ERR_UNKNOWN_METHOD = "unknown method {method!r}; choose one of: " + ", ".join(METHODS)
ERR_UNKNOWN_COLUMN = "no column {column!r} in the data; columns are: {columns}"
ERR_HASH_NEEDS_KEY = "hashing needs a key (bytes)"
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
    levels: dict[str, int] = dataclasses.field(default_factory=dict)


def anonymize(
    frame: Any,
    plan: dict[str, str],
    *,
    key: bytes | None = None,
    quasi_identifiers: list[str] | None = None,
    k_target: int = 5,
    reach_k: bool = True,
) -> Anonymized:
    """Return a copy of ``frame`` with each planned column transformed; ``frame`` is unchanged.

    ``plan`` maps column -> method (hash, mask, drop, generalize). k-anonymity is computed over
    ``quasi_identifiers`` (columns that survive) of the result. With ``reach_k``, generalised
    quasi-identifiers are coarsened further, the one with most distinct values first (the
    Datafly heuristic), until k reaches ``k_target`` or nothing is left to coarsen.
    """
    _check(frame, plan)
    out = frame.copy()
    actions: dict[str, str] = {}
    for column, method in plan.items():
        out, actions[column] = _apply(out, column, method, key, k_target)
    qis = [c for c in (quasi_identifiers or []) if c in out.columns]
    levels = {c: 1 for c, m in plan.items() if m == "generalize" and c in qis}
    k, below = k_anonymity(out, qis, k_target)
    while reach_k and k is not None and k < k_target:
        coarser = _most_distinct(out, [c for c, lv in levels.items() if lv < MAX_LEVEL])
        if coarser is None:
            break
        levels[coarser] += 1
        out[coarser], actions[coarser] = generalize_series(
            frame[coarser], k_target, levels[coarser]
        )
        k, below = k_anonymity(out, qis, k_target)
    return Anonymized(out, actions, qis, k, below, k_target, levels)


def _check(frame: Any, plan: dict[str, str]) -> None:
    for column, method in plan.items():
        if method not in METHODS:
            raise ValueError(ERR_UNKNOWN_METHOD.format(method=method))
        if column not in frame.columns:
            columns = ", ".join(map(str, frame.columns))
            raise ValueError(ERR_UNKNOWN_COLUMN.format(column=column, columns=columns))


def _most_distinct(frame: Any, columns: list[str]) -> str | None:
    if not columns:
        return None
    return max(columns, key=lambda c: (frame[c].nunique(dropna=False), c))


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

    try:
        # NOTE: each distinct value is hashed once; columns repeat values a lot.
        mapping = {v: one(v) for v in series.dropna().unique()}
    except TypeError:  # unhashable values (lists, dicts) are hashed one by one
        return series.map(one, na_action="ignore").astype("object")
    return series.map(mapping).astype("object")


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
