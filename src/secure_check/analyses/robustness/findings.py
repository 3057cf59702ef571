"""Turn robustness, privacy and poisoning numbers into findings a reader can act on."""

from __future__ import annotations

from typing import Any

REFERENCE_EPS = 0.05
# (high, medium, low) thresholds for each rule
ACCURACY_DROP = (0.3, 0.1, 0.03)
GROUP_GAP = (0.4, 0.2, 0.2)
GROUP_P_VALUE = 0.05  # the gap must also be unlikely under equal rates (samples are small)
MIA_AUC = (0.7, 0.6, 0.55)
LABEL_ONLY_ADVANTAGE = (0.2, 0.1, 0.05)
ATTRIBUTE_ADVANTAGE = (0.1, 0.05, 0.02)
ALWAYS_LOW = (2.0, 2.0, 0.0)  # any rate above zero is a low finding (rates never reach 2)

MSG_ACCURACY = (
    "{name}: changing each feature by at most {eps:.0%} of its range lowers accuracy from "
    "{clean:.2f} to {adv:.2f} ({rate:.0%} of correct predictions flipped, {n} samples)"
)
MSG_GROUP = (
    "{name}{where}: group {most!r} is fooled on {most_rate:.0%} of its correct predictions "
    "against {least_rate:.0%} for {least!r} (p = {p:.3f})"
)
MSG_MIA = (
    "membership inference AUC {auc:.2f} (0.5 = no leakage, 1.0 = an attacker can always tell "
    "whether a row was in the training set); advantage {advantage:.2f}"
)
MSG_LABEL_ONLY = (
    "from labels alone an attacker gains {advantage:.2f} advantage: the model is right on "
    "{train_accuracy:.0%} of training rows but {test_accuracy:.0%} of unseen rows "
    "(overfitting leaks membership)"
)
MSG_ATTRIBUTE = (
    "the model's outputs let an attacker guess {attribute!r} of training rows right "
    "{accuracy:.0%} of the time, against {baseline_accuracy:.0%} without them"
)
MSG_NOISE = (
    "{count} training rows ({rate:.1%}) carry a label the cross-validated model confidently "
    "disagrees with, against {held_out_rate:.1%} of {held_out_rows} held-out rows (one-sided "
    "p={p_value:.2g}): more than the data's own label noise explains; mislabelled or flipped "
    "(poisoned) rows are likely among them"
)
MSG_OUTLIERS = (
    "{count} training rows ({rate:.1%}) are isolated outliers (IsolationForest); "
    "check they are genuine"
)


def _severity(value: float, levels: tuple[float, float, float]) -> str | None:
    high, medium, low = levels
    if value >= high:
        return "high"
    if value >= medium:
        return "medium"
    passed = value >= low if low > 0 else value > low
    return "low" if passed else None


def _add(
    out: list[dict[str, Any]], value: float, levels: tuple[float, float, float],
    rule: tuple[str, str], message: str, **extra: Any,
) -> None:  # fmt: skip
    """Append a finding for ``rule`` (category, name) when ``value`` reaches a severity."""
    severity = _severity(value, levels)
    if severity is not None:
        category, name = rule
        out.append(
            {"category": category, "rule": name, "severity": severity, "message": message, **extra}
        )


def reference_eps(grid: tuple[float, ...]) -> float:
    """Return the eps findings quote: 0.05 of each range, or the nearest one above it."""
    above = [e for e in grid if e >= REFERENCE_EPS]
    return min(above) if above else max(grid)


def evasion_findings(
    attacks: list[dict[str, Any]], grid: tuple[float, ...]
) -> list[dict[str, Any]]:
    """One finding per attack whose adversarial accuracy drops at the reference eps."""
    eps, out = reference_eps(grid), list[dict[str, Any]]()
    for row in attacks:
        if row["eps"] != eps or row["clean_accuracy"] is None:
            continue
        clean, adv = row["clean_accuracy"], row["adversarial_accuracy"]
        message = MSG_ACCURACY.format(
            name=row["name"], eps=eps, clean=clean, adv=adv, rate=row["success_rate"] or 0.0,
            n=row["samples"],
        )  # fmt: skip
        _add(out, clean - adv, ACCURACY_DROP, ("robustness", "adversarial-accuracy-drop"),
             message, attack=row["name"], eps=eps)  # fmt: skip
    return out


def group_findings(gaps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Report the widest significant success-rate gap between sensitive groups, per attack."""
    out: list[dict[str, Any]] = []
    for gap in gaps:
        if gap["p_value"] > GROUP_P_VALUE or any(f["attack"] == gap["name"] for f in out):
            continue
        most, least = gap["most"], gap["least"]
        message = MSG_GROUP.format(
            name=gap["name"], where="" if gap["eps"] is None else f" at eps {gap['eps']:g}",
            most=most["group"], most_rate=most["success_rate"], least=least["group"],
            least_rate=least["success_rate"], p=gap["p_value"],
        )  # fmt: skip
        _add(out, gap["gap"], GROUP_GAP, ("robustness", "group-vulnerability"), message,
             attack=gap["name"], eps=gap["eps"])  # fmt: skip
    return out


def privacy_findings(mia: dict[str, Any], attr: dict[str, Any]) -> list[dict[str, Any]]:
    """Membership-inference and attribute-inference leakage findings."""
    out: list[dict[str, Any]] = []
    if "auc" in mia:
        _add(out, mia["auc"], MIA_AUC, ("privacy", "membership-inference"),
             MSG_MIA.format(**mia), auc=mia["auc"])  # fmt: skip
    gap = mia.get("label_only", {})
    if "advantage" in gap:
        _add(out, gap["advantage"], LABEL_ONLY_ADVANTAGE, ("privacy", "label-only-membership"),
             MSG_LABEL_ONLY.format(**gap))  # fmt: skip
    if "advantage" in attr:
        _add(out, attr["advantage"], ATTRIBUTE_ADVANTAGE, ("privacy", "attribute-inference"),
             MSG_ATTRIBUTE.format(**attr), attribute=attr["attribute"])  # fmt: skip
    return out


def poisoning_findings(screen: dict[str, Any]) -> list[dict[str, Any]]:
    """Label-noise finding (only when training exceeds held-out noise) and outlier notes.

    NOTE: the old "outlier and unlikely label" suspects rule fired on clean real data; rows
    in both screens stay listed in the result but raise nothing on their own.
    """
    out: list[dict[str, Any]] = []
    noise = screen.get("label_noise", {})
    if noise.get("significant") and noise.get("count"):
        excess = noise["excess_rate"]
        _add(out, excess, (0.05, 0.0, -1.0), ("robustness", "poisoning-label-noise"),
             MSG_NOISE.format(**noise), rows=noise["rows"])  # fmt: skip
    part = screen.get("outliers", {})
    if part.get("count"):
        _add(out, part["rate"], ALWAYS_LOW, ("robustness", "poisoning-outliers"),
             MSG_OUTLIERS.format(**part), rows=part["rows"])  # fmt: skip
    return out
