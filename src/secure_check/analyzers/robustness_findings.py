"""Turn robustness, privacy and poisoning numbers into findings a reader can act on."""

from __future__ import annotations

from typing import Any

REFERENCE_EPS = 0.05
# (high, medium, low) thresholds for each rule
ACCURACY_DROP = (0.3, 0.1, 0.03)
GROUP_GAP = (0.4, 0.2, 0.2)
MIA_AUC = (0.7, 0.6, 0.55)
LABEL_ONLY_ADVANTAGE = (0.2, 0.1, 0.05)
ATTRIBUTE_ADVANTAGE = (0.1, 0.05, 0.02)
NOISE_RATE = (0.1, 0.03, 0.0)


def _severity(value: float, levels: tuple[float, float, float]) -> str | None:
    high, medium, low = levels
    if value >= high:
        return "high"
    if value >= medium:
        return "medium"
    passed = value >= low if low > 0 else value > low
    return "low" if passed else None


def _finding(category: str, rule: str, severity: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"category": category, "rule": rule, "severity": severity, "message": message, **extra}


def reference_eps(grid: tuple[float, ...]) -> float:
    """The eps findings quote: 0.05 of each feature's range, or the nearest one above it."""
    above = [e for e in grid if e >= REFERENCE_EPS]
    return min(above) if above else max(grid)


def evasion_findings(
    attacks: list[dict[str, Any]], grid: tuple[float, ...]
) -> list[dict[str, Any]]:
    """One finding per attack whose adversarial accuracy drops at the reference eps."""
    eps = reference_eps(grid)
    out = []
    for row in attacks:
        if row["eps"] != eps or row["clean_accuracy"] is None:
            continue
        drop = row["clean_accuracy"] - row["adversarial_accuracy"]
        severity = _severity(drop, ACCURACY_DROP)
        if severity is None:
            continue
        rate = row["success_rate"] or 0.0
        out.append(
            _finding(
                "robustness",
                "adversarial-accuracy-drop",
                severity,
                f"{row['name']}: changing each feature by at most {eps:.0%} of its range lowers "
                f"accuracy from {row['clean_accuracy']:.2f} to {row['adversarial_accuracy']:.2f} "
                f"({rate:.0%} of correct predictions flipped, {row['samples']} samples)",
                attack=row["name"],
                eps=eps,
            )
        )
    return out


def group_findings(gaps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The largest success-rate gap between sensitive groups, per attack, when it is wide."""
    seen, out = set(), []
    for gap in gaps:
        severity = _severity(gap["gap"], GROUP_GAP)
        if gap["name"] in seen or severity is None:
            continue
        seen.add(gap["name"])
        most, least = gap["most"], gap["least"]
        where = "" if gap["eps"] is None else f" at eps {gap['eps']:g}"
        out.append(
            _finding(
                "robustness",
                "group-vulnerability",
                severity,
                f"{gap['name']}{where}: group {most['group']!r} is fooled on "
                f"{most['success_rate']:.0%} of its correct predictions against "
                f"{least['success_rate']:.0%} for {least['group']!r}",
                attack=gap["name"],
                eps=gap["eps"],
            )
        )
    return out


def privacy_findings(mia: dict[str, Any], attr: dict[str, Any]) -> list[dict[str, Any]]:
    """Membership-inference and attribute-inference leakage findings."""
    out = []
    if "auc" in mia and (sev := _severity(mia["auc"], MIA_AUC)):
        out.append(
            _finding(
                "privacy",
                "membership-inference",
                sev,
                f"membership inference AUC {mia['auc']:.2f} (0.5 = no leakage, 1.0 = an attacker can "
                f"always tell whether a row was in the training set); advantage {mia['advantage']:.2f}",
                auc=mia["auc"],
            )
        )
    gap = mia.get("label_only", {})
    if "advantage" in gap and (sev := _severity(gap["advantage"], LABEL_ONLY_ADVANTAGE)):
        out.append(
            _finding(
                "privacy",
                "label-only-membership",
                sev,
                f"from labels alone an attacker gains {gap['advantage']:.2f} advantage: the model is "
                f"right on {gap['train_accuracy']:.0%} of training rows but {gap['test_accuracy']:.0%} "
                "of unseen rows (overfitting leaks membership)",
            )
        )
    if "advantage" in attr and (sev := _severity(attr["advantage"], ATTRIBUTE_ADVANTAGE)):
        out.append(
            _finding(
                "privacy",
                "attribute-inference",
                sev,
                f"the model's outputs let an attacker guess {attr['attribute']!r} of training rows "
                f"right {attr['accuracy']:.0%} of the time, against {attr['baseline_accuracy']:.0%} "
                "without them",
                attribute=attr["attribute"],
            )
        )
    return out


def poisoning_findings(screen: dict[str, Any]) -> list[dict[str, Any]]:
    """Label-noise, outlier and combined-suspect findings from the training-set screen."""
    out = []
    noise = screen.get("label_noise", {})
    if noise.get("count") and (sev := _severity(noise["rate"], NOISE_RATE)):
        out.append(
            _finding(
                "robustness",
                "poisoning-label-noise",
                sev,
                f"{noise['count']} training rows ({noise['rate']:.1%}) carry a label that a model "
                f"trained without them gives under {noise['threshold']:.0%} probability: mislabelled "
                "or flipped (poisoned) rows",
                rows=noise["rows"],
            )
        )
    outliers = screen.get("outliers", {})
    if outliers.get("count"):
        out.append(
            _finding(
                "robustness",
                "poisoning-outliers",
                "low",
                f"{outliers['count']} training rows ({outliers['rate']:.1%}) are isolated outliers "
                "(IsolationForest); check they are genuine",
                rows=outliers["rows"],
            )
        )
    suspects = screen.get("suspects", {})
    if suspects.get("count"):
        out.append(
            _finding(
                "robustness",
                "poisoning-suspects",
                "medium",
                f"{suspects['count']} training rows are both outliers and carry an unlikely label: "
                "the typical footprint of injected poison",
                rows=suspects["rows"],
            )
        )
    return out
