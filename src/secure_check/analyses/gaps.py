"""One issue per gap: fairness findings about the same groups of a feature are merged.

A loan model that treats two groups differently usually breaches several disparity metrics
at once (selection rate, error rates, true-positive rate); listed one by one they read as many
problems when the user has one to fix. The verdict names each gap once and keeps every
metric's finding inside it (``findings``), so nothing is lost. The slices where the model
does worse are one issue the same way: one weakness of the model, seen in several places.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

_SEP = " & "  # NOTE: as fairness.analyze.INTERSECTION_SEP names an intersection and its groups


def merge_gaps(items: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Merge ranked verdict items that concern the same (feature, pair of groups).

    The merged item takes the place and the severity of its most severe member (``items`` are
    ranked); its ``findings`` hold every member, its message says which metrics agree.
    Items that are not pair disparities pass through as they are.
    """
    order: list[Mapping[str, Any] | tuple[str, ...]] = []
    merged: dict[tuple[str, ...], list[Mapping[str, Any]]] = {}
    for item in items:
        key = _gap(item)
        if key is not None and key in merged:
            merged[key].append(item)
            continue
        if key is not None:
            merged[key] = [item]
        order.append(item if key is None else key)
    return [_merged(merged[x]) if isinstance(x, tuple) else dict(x) for x in order]


def pair_name(feature: str, groups: Sequence[Any]) -> str:
    """Name a pair in words: ``'afam=yes' and 'afam=no'`` (an intersection: each column)."""
    return " and ".join(repr(group_name(feature, str(g))) for g in groups)


def group_name(feature: str, group: str) -> str:
    """Name one group with its feature: ``afam=yes``; ``race=b & sex=f`` for an intersection."""
    columns, values = feature.split(_SEP), group.split(_SEP)
    if len(columns) > 1 and len(columns) == len(values):
        return _SEP.join(f"{c}={v}" for c, v in zip(columns, values, strict=True))
    return f"{feature}={group}"


def _gap(item: Mapping[str, Any]) -> tuple[str, ...] | None:
    if item.get("category") != "fairness":
        return None
    if item.get("rule") == _SLICE:
        return (_SLICE,)
    groups, feature = item.get("groups"), item.get("feature")
    if not feature or not isinstance(groups, list) or len(groups) != 2:
        return None
    if item.get("rule") == "small_group":
        return None
    return ("pair", str(feature), *sorted(map(str, groups)))


_SLICE = "underperforming_slice"
_LISTED = 3  # slices named in the merged message; all of them stay under ``findings``


def _merged(members: list[Mapping[str, Any]]) -> dict[str, Any]:
    first = members[0]
    if first.get("rule") == _SLICE:
        return _slices(members)
    where = pair_name(str(first["feature"]), first["groups"])
    if len(members) == 1:
        return {**first, "label": f"{first['label']} between {where}"}
    others = ", ".join(str(m["rule"]).replace("_", " ") for m in members[1:])
    message = (
        f"{first['message']} The same pair also differs on {len(members) - 1} other "
        f"metric(s): {others}."
    )
    return {
        **first,
        "label": f"gap between {where} ({len(members)} metrics)",
        "message": message,
        "findings": [dict(m) for m in members],
    }


def _slices(members: list[Mapping[str, Any]]) -> dict[str, Any]:
    first = members[0]
    if len(members) == 1:
        return dict(first)
    names = [str(m.get("description") or m["message"]) for m in members[1:]]
    more = f" and {len(names) - _LISTED} more" if len(names) > _LISTED else ""
    return {
        **first,
        "label": f"{len(members)} slices where the model does worse",
        "message": f"{first['message']} Also worse in: {'; '.join(names[:_LISTED])}{more}.",
        "findings": [dict(m) for m in members],
    }
