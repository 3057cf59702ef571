"""Proxy check: important features strongly associated with a sensitive attribute.

Association is Cramér's V (bias-corrected) for a categorical feature and the correlation ratio
(eta) for a numeric one, both against the sensitive attribute's groups; both run from 0 to 1.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from secure_check.analyses.data import is_categorical
from secure_check.analyses.stats import correlation_ratio, cramers_v

PROXY = (
    "{feature} is a likely proxy for {sensitive}: {measure} {value:.2f} with {sensitive}, and it "
    "ranks {rank} of {total} by mean |SHAP|."
)
DIRECT = (
    "The model uses the sensitive attribute {feature} directly: it ranks {rank} of {total} by "
    "mean |SHAP| ({share:.0%} of the total)."
)


def association(feature: Any, groups: Any) -> tuple[str, float]:
    """Return ``(measure, value)`` of the association between a feature and group labels."""
    if is_categorical(feature):
        return "Cramér's V", cramers_v(feature.astype(str), groups)
    return "correlation ratio", correlation_ratio(groups, feature)


def proxies(
    frame: Any,
    groups: Any,
    importance: Mapping[str, float],
    *,
    threshold: float = 0.5,
    top_k: int = 5,
) -> list[dict[str, Any]]:
    """Return (feature, sensitive) pairs with association >= ``threshold``, strongest first.

    Each entry holds the measure, its value, the feature's importance and rank, and ``flagged``:
    True when the feature is also among the ``top_k`` most important or has 10% of the total.
    """
    ranks = {name: i + 1 for i, name in enumerate(importance)}
    total = sum(importance.values()) or 1.0
    out = []
    for sensitive in groups.columns:
        for feature in frame.columns:
            if feature == sensitive or feature not in importance:
                continue
            measure, value = association(frame[feature], groups[sensitive])
            if value < threshold:
                continue
            share = importance[feature] / total
            out.append(
                {
                    "feature": str(feature),
                    "sensitive": str(sensitive),
                    "measure": measure,
                    "association": round(value, 4),
                    "importance": importance[feature],
                    "rank": ranks[feature],
                    "flagged": ranks[feature] <= top_k or share >= 0.1,
                }
            )
    return sorted(out, key=lambda p: -p["association"])


def proxy_findings(found: list[dict[str, Any]], n_features: int) -> list[dict[str, Any]]:
    """One finding per flagged proxy (high when the association or the rank is strong)."""
    out = []
    for p in found:
        if not p["flagged"]:
            continue
        strong = p["association"] >= 0.8 or (p["association"] >= 0.6 and p["rank"] <= 3)
        message = PROXY.format(
            feature=p["feature"],
            sensitive=p["sensitive"],
            measure=p["measure"],
            value=p["association"],
            rank=p["rank"],
            total=n_features,
        )
        out.append(
            {
                "category": "explanation",
                "rule": "proxy_feature",
                "severity": "high" if strong else "medium",
                "message": message,
                **p,
            }
        )
    return out


def direct_use_findings(
    importance: Mapping[str, float], sensitive: list[str], *, top_k: int = 5
) -> list[dict[str, Any]]:
    """Return findings for sensitive attributes the model takes as inputs and leans on."""
    ranks = {name: i + 1 for i, name in enumerate(importance)}
    total = sum(importance.values()) or 1.0
    out = []
    for name in sensitive:
        if name not in ranks:
            continue
        share = importance[name] / total
        if ranks[name] > top_k and share < 0.05:
            continue
        message = DIRECT.format(feature=name, rank=ranks[name], total=len(ranks), share=share)
        out.append(
            {
                "category": "explanation",
                "rule": "sensitive_feature_used",
                "severity": "medium",
                "message": message,
                "feature": name,
                "rank": ranks[name],
                "importance": importance[name],
            }
        )
    return out
