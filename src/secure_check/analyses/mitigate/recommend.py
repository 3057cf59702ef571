"""The plain recommendation: which candidate to adopt, and what it costs."""

from __future__ import annotations

import math
from typing import Any

from secure_check.analyses.fairness.disparity import DEFAULT_THRESHOLDS

KEEP = (
    "Keep the original model: no method lowered the {disparity} beyond its {level:.0%} interval "
    "on the {n} held-out rows (original {before:.2f})."
)
ADOPT = (
    "Adopt {method} ({label}): {words} {before:.2f} -> {after:.2f} (change {change:+.2f}, "
    "{level:.0%} CI {lo:+.2f} to {hi:+.2f}) for {cost}."
)
READS = " It reads the sensitive feature when it predicts (see the card's regulation block)."
UNDER = " The original is already within the threshold ({threshold:.2f}); mitigation is optional."


def recommend(candidates: list[dict[str, Any]], meta: dict[str, Any]) -> dict[str, Any]:
    """Pick the candidate to adopt and say why in one sentence with its cost.

    Only candidates whose disparity fell beyond the paired interval of the change count. Of
    those within the disparity's threshold the most accurate wins; if none is within it, the
    fairest.
    """
    original, rest = candidates[0], [c for c in candidates[1:] if c.get("error") is None]
    disparity = meta["disparity"]
    threshold = DEFAULT_THRESHOLDS.get(disparity, 0.1)
    real = [c for c in rest if _finite_below(c.get("disparity_change_ci"))]
    if not real:
        text = KEEP.format(
            disparity=disparity.replace("_", " "), level=meta["ci_level"], n=meta["n_test"],
            before=original["disparity"],
        )  # fmt: skip
        return {"method": "original", "text": text, "threshold": threshold}
    within = [c for c in real if c["disparity"] <= threshold]
    best = (
        max(within, key=lambda c: c["metric"])
        if within
        else min(real, key=lambda c: c["disparity"])
    )
    lo, hi = best["disparity_change_ci"]
    text = ADOPT.format(
        method=best["method"], label=best["label"], words=disparity.replace("_", " "),
        before=original["disparity"], after=best["disparity"],
        change=best["disparity"] - original["disparity"], level=meta["ci_level"], lo=lo, hi=hi,
        cost=_cost(original["metric"], best["metric"], meta["metric"]),
    )  # fmt: skip
    if best.get("needs_sensitive"):
        text += READS
    if original["disparity"] <= threshold:
        text += UNDER.format(threshold=threshold)
    return {"method": best["method"], "text": text, "threshold": threshold}


def _cost(before: float, after: float, metric: str) -> str:
    points = (before - after) * 100
    if abs(points) < 0.05:
        return f"no change in {metric} ({before:.3f})"
    if points < 0:
        return f"a gain of {-points:.1f} points of {metric} ({before:.3f} -> {after:.3f})"
    return f"{points:.1f} points of {metric} ({before:.3f} -> {after:.3f})"


def _finite_below(ci: Any) -> bool:
    if ci is None or ci[1] is None:
        return False
    return math.isfinite(ci[1]) and ci[1] < 0
