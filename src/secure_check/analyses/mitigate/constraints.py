"""Which constraints and methods exist, what each needs, the refusals."""

from __future__ import annotations

import dataclasses

CONSTRAINTS: dict[str, tuple[str, str, str]] = {
    # name -> (ThresholdOptimizer constraint, fairlearn.reductions moment, disparity it targets)
    "demographic_parity": (
        "demographic_parity", "DemographicParity", "demographic_parity_difference",
    ),
    "equalized_odds": ("equalized_odds", "EqualizedOdds", "equalized_odds_difference"),
    "equal_opportunity": (
        "true_positive_rate_parity", "TruePositiveRateParity", "equal_opportunity_difference",
    ),
    "true_positive_rate_parity": (
        "true_positive_rate_parity", "TruePositiveRateParity", "equal_opportunity_difference",
    ),
}  # fmt: skip


@dataclasses.dataclass(frozen=True)
class Method:
    """One mitigation method: the fairlearn piece behind it and what it needs."""

    name: str
    label: str
    needs_sensitive: bool  # the fitted model reads the sensitive feature when it predicts
    refits: bool  # trains a copy of the model (needs a clonable scikit-learn estimator)
    why_not_regression: str


METHODS: dict[str, Method] = {
    m.name: m
    for m in (
        Method(
            "threshold", "ThresholdOptimizer (group-specific thresholds)", True, False,
            "it picks a decision threshold per group on a classifier's scores",
        ),
        Method(
            "reductions", "ExponentiatedGradient (constrained retraining)", False, True,
            "its demographic-parity and equalized-odds constraints are defined on class labels",
        ),
        Method(
            "grid_search", "GridSearch (constrained retraining)", False, True,
            "its demographic-parity and equalized-odds constraints are defined on class labels",
        ),
        Method(
            "reweighing", "sample reweighing (Kamiran & Calders)", False, True,
            "its weights balance each group against each class label",
        ),
        Method(
            "correlation_remover", "CorrelationRemover (decorrelated features)", True, True,
            "the constraints it is judged by are defined on class labels",
        ),
    )
}  # fmt: skip
DEFAULT_METHODS = ("threshold", "reductions", "reweighing", "correlation_remover")

ERR_CONSTRAINT = "unknown constraint {name!r}; choose one of {known}"
ERR_METHOD = "unknown method {name!r}; choose one of {known}"
ERR_REGRESSOR = (
    "{method} does not apply to a regressor: {why}. secure_check.mitigate handles binary "
    "classifiers; for a regressor, fairlearn's ExponentiatedGradient with a BoundedGroupLoss "
    "constraint is the tool to call directly"
)
ERR_MULTICLASS = (
    "mitigation needs a binary target; y has {n} classes. fairlearn's ThresholdOptimizer and its "
    "classification constraints are defined for two classes"
)


def check_constraint(name: str) -> tuple[str, str, str]:
    """Return the (threshold, moment, disparity) names of ``name``, or raise ValueError."""
    if name not in CONSTRAINTS:
        raise ValueError(ERR_CONSTRAINT.format(name=name, known=sorted(CONSTRAINTS)))
    return CONSTRAINTS[name]


def check_methods(method: str | list[str] | tuple[str, ...] | None, task: str) -> list[Method]:
    """Resolve ``method`` (one name, several, or None for the defaults) for a model's task."""
    names = (
        list(DEFAULT_METHODS)
        if method is None
        else [method]
        if isinstance(method, str)
        else list(method)
    )
    for name in names:
        if name not in METHODS:
            raise ValueError(ERR_METHOD.format(name=name, known=sorted(METHODS)))
    chosen = [METHODS[n] for n in dict.fromkeys(names)]
    if task == "regression":
        first = chosen[0]
        raise ValueError(ERR_REGRESSOR.format(method=first.name, why=first.why_not_regression))
    return chosen
