"""What each analysis finding means and what to do next: one short text per rule.

The rich displays, the reports (``reports.rules.advice``) and the panel show these same texts.
``next`` is the exact ``%secure_check`` line to run next, written with the names the user gave
(``{model}``, ``{data}``, ``{target}``, ``{sensitive}``, ``{feature}``); ``None`` when the next
step is a change to the code or the data rather than a command.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any


@dataclasses.dataclass(frozen=True)
class Advice:
    """The plain words for one rule: a short label, why it matters, how to fix it, what to run."""

    label: str
    why: str
    fix: str
    next: str | None = None


_FAIRNESS_WHY = (
    "Groups of a sensitive feature are treated differently by the model; decisions built on it "
    "can discriminate and breach equal-treatment law."
)
_FAIRNESS_FIX = (
    "Find the features that stand in for the sensitive one and drop or rework them, retrain with a "
    "fairness constraint (fairlearn ExponentiatedGradient) or adjust thresholds per group "
    "(ThresholdOptimizer), and run the check again."
)
_EXPLAIN_NEXT = "%secure_check explain {model} --data {data} --sensitive {feature}"
_FAIRNESS_NEXT = (
    "%secure_check fairness {model} --data {data} --target {target} --sensitive {sensitive}"
)
_ROBUSTNESS_NEXT = "%secure_check robustness {model} --data {data} --target {target}"

_RULES: dict[str, Advice] = {
    "demographic_parity_ratio": Advice(
        "unequal selection rates", _FAIRNESS_WHY, _FAIRNESS_FIX, _EXPLAIN_NEXT
    ),
    "demographic_parity_difference": Advice(
        "unequal selection rates", _FAIRNESS_WHY, _FAIRNESS_FIX, _EXPLAIN_NEXT
    ),
    "equalized_odds_difference": Advice(
        "unequal error rates", _FAIRNESS_WHY, _FAIRNESS_FIX, _EXPLAIN_NEXT
    ),
    "equalized_odds_ratio": Advice(
        "unequal error rates", _FAIRNESS_WHY, _FAIRNESS_FIX, _EXPLAIN_NEXT
    ),
    "equal_opportunity_difference": Advice(
        "unequal true-positive rates", _FAIRNESS_WHY, _FAIRNESS_FIX, _EXPLAIN_NEXT
    ),
    "small_group": Advice(
        "groups too small to judge",
        "With so few rows a group's metrics are mostly noise: a real gap can hide in them.",
        "Collect more rows for the group, or merge it with a similar one, before judging "
        "fairness for it.",
    ),
    "underperforming_slice": Advice(
        "a slice where the model does worse",
        "The model errs more often for these rows; the people or cases in the slice bear the "
        "cost of its mistakes.",
        "Look at the slice's rows, add training data or a feature that explains them, and state "
        "the weakness as a limitation in the model card.",
    ),
    "proxy_feature": Advice(
        "a proxy for a sensitive feature",
        "A feature the model leans on tracks a sensitive attribute, so the model can "
        "discriminate through it even without the attribute.",
        "Drop or decorrelate the feature, or write down why it is needed; then check fairness "
        "for the attribute it stands in for.",
        _FAIRNESS_NEXT,
    ),
    "sensitive_feature_used": Advice(
        "a sensitive feature used directly",
        "The model takes a sensitive attribute as input and its predictions depend on it.",
        "Remove the attribute from the model's inputs unless the law and the use allow it, "
        "retrain, and check fairness again.",
        _FAIRNESS_NEXT,
    ),
    "budget_exhausted": Advice(
        "explanation cut short",
        "The time budget ran out, so the importances rest on fewer rows than asked.",
        "Give a larger budget or fewer rows.",
        "%secure_check explain {model} --data {data} --budget 120",
    ),
    "explainer_fallback": Advice(
        "approximate explainer used",
        "The exact explainer failed; the values come from a slower, approximate one.",
        "Usually nothing to do; read the values as estimates.",
    ),
    "adversarial-accuracy-drop": Advice(
        "fragile to small input changes",
        "Small changes to the inputs flip the model's predictions: noisy data or an attacker "
        "can change its decisions.",
        "Train with noise or adversarial augmentation, validate and clip inputs, or prefer a "
        "smoother model; then run the probe again.",
        _ROBUSTNESS_NEXT,
    ),
    "group-vulnerability": Advice(
        "some groups easier to fool",
        "Attacks succeed more often for one group: its members get less reliable decisions.",
        "Add training data for the group and augment it; check fairness for the same feature.",
        _FAIRNESS_NEXT,
    ),
    "membership-inference": Advice(
        "training rows can be identified",
        "An attacker with the model's scores can tell whether a person's row was in the "
        "training data: a personal-data leak.",
        "Reduce overfitting (regularise, stop early, more data), train with differential "
        "privacy, or expose labels instead of scores.",
    ),
    "label-only-membership": Advice(
        "training rows can be identified",
        "The model is much more accurate on rows it was trained on, which reveals who was in "
        "the training data even from labels alone.",
        "Reduce overfitting: regularise, stop early, or add training data.",
    ),
    "attribute-inference": Advice(
        "a sensitive attribute can be inferred",
        "The model's outputs let an attacker guess a sensitive attribute of training rows.",
        "Drop features correlated with the attribute, coarsen the outputs, or train with "
        "differential privacy.",
    ),
    "poisoning-label-noise": Advice(
        "suspicious training labels",
        "Mislabelled or flipped rows corrupt what the model learns and can be planted on purpose.",
        "Review the listed rows (result.to_dict()['poisoning']), fix or drop the wrong ones and "
        "retrain.",
    ),
    "poisoning-outliers": Advice(
        "outlying training rows",
        "Isolated rows can be data errors or injected poison.",
        "Check that the listed rows are genuine.",
    ),
    "poisoning-suspects": Advice(
        "likely poisoned training rows",
        "Rows that are both outliers and carry an unlikely label are the usual trace of poison.",
        "Remove or verify the listed rows, retrain, and run the screen again.",
        _ROBUSTNESS_NEXT,
    ),
}
_CATEGORY: dict[str, Advice] = {
    "fairness": Advice("a fairness gap", _FAIRNESS_WHY, _FAIRNESS_FIX, _EXPLAIN_NEXT),
    "explanation": Advice(
        "an explanation note",
        "The model's reasons may not be the ones intended.",
        "Review the feature and its importance.",
    ),
    "robustness": Advice(
        "a robustness weakness",
        "The model's decisions can be changed or corrupted.",
        "Harden the training data and the model, then run the probe again.",
        _ROBUSTNESS_NEXT,
    ),
    "privacy": Advice(
        "a privacy leak",
        "The model reveals information about its training data.",
        "Reduce overfitting or train with differential privacy.",
    ),
}
_DEFAULT = Advice("a finding", "The analysis flagged this.", "Review it.")
# The names a next step uses when the user's own are unknown (the Python API was called).
PLACEHOLDERS = {"model": "MODEL", "data": "X", "target": "y", "sensitive": "COLUMN"}


def advice(rule: str, category: str = "") -> Advice:
    """Return the texts for ``rule``: its own, else its category's, else a generic one."""
    if rule in _RULES:
        return _RULES[rule]
    if category == "fairness" and rule.endswith(("_ratio", "_difference")):
        metric = rule.rsplit("_", 1)[0].replace("_", " ")
        return dataclasses.replace(_CATEGORY["fairness"], label=f"unequal {metric} across groups")
    return _CATEGORY.get(category, _DEFAULT)


def rules() -> dict[str, Advice]:
    """Every rule with texts of its own (the reports and the panel serve them)."""
    return dict(_RULES)


def fill(template: str | None, finding: Mapping[str, Any], names: Mapping[str, str]) -> str | None:
    """Fill a next-step or fix template with the user's names and the finding's feature."""
    if template is None:
        return None
    given = {**PLACEHOLDERS, **{k: v for k, v in names.items() if v}}
    if finding.get("sensitive"):  # NOTE: a proxy names the attribute it stands in for
        given["sensitive"] = str(finding["sensitive"])
    feature = str(finding.get("feature") or given["sensitive"])
    if template.startswith("%secure_check"):  # NOTE: an intersection is typed as a,b
        feature = feature.replace(" & ", ",")
    return template.format(**{**given, "feature": feature})
