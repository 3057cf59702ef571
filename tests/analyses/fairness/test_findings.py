"""Fairness findings: disparities vs thresholds with CIs, small groups, slice discovery, errors."""

import numpy as np
import pandas as pd
import pytest

import secure_check
from secure_check.analyses import data as data_mod
from secure_check.analyses import model as model_mod
from secure_check.analyses.fairness import analyze as fairness_mod
from secure_check.analyses.fairness import disparity as disp
from secure_check.analyses.fairness.slices import discover

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:sklearn")


def _biased(rng, n=4000, rate_a=0.5, rate_b=0.25):
    """Predictions where group b is selected less often than group a."""
    group = rng.choice(["a", "b"], size=n)
    y = rng.integers(0, 2, n)
    rate = np.where(group == "a", rate_a, rate_b)
    y_pred = (rng.random(n) < rate).astype(int)
    return pd.DataFrame({"group": group, "noise": rng.normal(size=n)}), y, y_pred


def _rules(result, rule):
    return [f for f in result.findings if f["rule"] == rule]


def test_four_fifths_breach_is_a_finding_with_ci_and_groups(rng):
    # Given group b selected at half the rate of group a
    X, y, y_pred = _biased(rng)
    # When
    res = secure_check.fairness(y_pred, X, y, sensitive_features="group", discover=False)
    # Then one demographic_parity_ratio finding names both groups and the interval
    (found,) = _rules(res, "demographic_parity_ratio")
    assert found["groups"] == ["b", "a"]
    assert found["severity"] == "high"
    lo, hi = found["ci"]
    assert lo < found["value"] < hi < 0.8
    assert (
        f"selected (predicted 1) at {found['value']:.2f} times the rate of group 'a' (95% CI"
        in found["message"]
    )


def test_no_finding_when_rates_are_equal(rng):
    # Given equal selection rates
    X, y, y_pred = _biased(rng, rate_a=0.4, rate_b=0.4)
    # When
    res = secure_check.fairness(y_pred, X, y, sensitive_features="group", discover=False)
    # Then nothing is flagged
    assert [f for f in res.findings if f["rule"] in disp.DEFINITIONS["binary"]] == []


@pytest.mark.parametrize(
    ("thresholds", "expected"),
    [
        (None, True),
        ({"demographic_parity_ratio": 0.4}, False),
        ({"demographic_parity_ratio": None}, False),
        ({"demographic_parity_ratio": 0.95}, True),
    ],
)
def test_thresholds_are_configurable(rng, thresholds, expected):
    # Given a ratio of about 0.5
    X, y, y_pred = _biased(rng)
    # When
    res = secure_check.fairness(
        y_pred, X, y, sensitive_features="group", discover=False, thresholds=thresholds, n_boot=50
    )
    # Then
    assert bool(_rules(res, "demographic_parity_ratio")) is expected


def test_uncertain_gap_is_a_note_not_a_finding(rng):
    # Given a small sample where the interval straddles the threshold
    X, y, y_pred = _biased(rng, n=80, rate_a=0.5, rate_b=0.37)
    # When
    res = secure_check.fairness(y_pred, X, y, sensitive_features="group", discover=False)
    # Then no disparity finding, but a note names the pair, its interval and says "noise"
    assert _rules(res, "demographic_parity_ratio") == []
    pair = res.to_dict()["pairs"]["group"]["demographic_parity_ratio"]
    assert pair["value"] < 0.8 and pair["ci"][0] <= 0.8 <= pair["ci"][1]
    (note,) = [n for n in res.notes if "four-fifths" in n]
    assert "may be noise" in note and "Benjamini-Hochberg" in note


def test_small_group_warning(rng):
    # Given a group with 12 rows
    X, y, y_pred = _biased(rng, n=500)
    X.loc[:11, "group"] = "tiny"
    # When
    res = secure_check.fairness(y_pred, X, y, sensitive_features="group", discover=False, n_boot=20)
    # Then
    (small,) = _rules(res, "small_group")
    assert small["groups"] == ["tiny"] and small["count"] == 12
    assert small["message"] == fairness_mod.SMALL_GROUP.format(
        group="tiny", feature="group", count=12, minimum=30
    )


def test_intervals_are_deterministic_and_exact(rng):
    # Given the same inputs twice (different seeds)
    X, y, y_pred = _biased(rng, n=600)
    runs = [
        secure_check.fairness(
            y_pred, X, y, sensitive_features="group", discover=False, seed=s
        ).to_dict()["ci"]
        for s in (1, 2)
    ]
    # Then nothing is random: the intervals are Clopper-Pearson / MOVER
    assert runs[0] == runs[1]
    lo, hi = runs[0]["by_group"]["group"]["selection_rate"]["a"]
    assert 0 < lo < hi < 1


def test_numeric_sensitive_feature_is_binned(rng):
    # Given age as a many-valued number
    X, y, y_pred = _biased(rng, n=800)
    X["age"] = rng.integers(18, 80, len(X))
    # When
    res = secure_check.fairness(y_pred, X, y, sensitive_features="age", discover=False, n_boot=0)
    # Then it is analysed as four quantile bins
    assert len(res.by_group["age"]) == 4


def test_planted_bad_slice_is_found(rng):
    # Given a model that is right 90% of the time except where colour=red and size is large
    n = 4000
    frame = pd.DataFrame(
        {
            "colour": rng.choice(["red", "green", "blue"], n),
            "size": rng.normal(size=n),
            "weight": rng.normal(size=n),
        }
    )
    bad = ((frame["colour"] == "red") & (frame["size"] > frame["size"].quantile(0.75))).to_numpy()
    errors = (rng.random(n) < np.where(bad, 0.4, 0.1)).astype(float)
    # When
    slices = discover(frame, errors, binary=True)
    # Then the top slice is exactly the planted one
    top = slices[0]["slice"]
    assert top["colour"] == "red"
    assert (
        top["size"].endswith("]")
        and top["size"]
        == sorted(
            set(data_mod.group_labels(frame["size"])), key=lambda s: float(s.split(",")[0][1:])
        )[-1]
    )
    assert slices[0]["error"] > 0.3


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_no_slice_in_pure_noise(seed):
    # Given errors independent of every feature
    rng = np.random.default_rng(seed)
    n = 3000
    frame = pd.DataFrame(
        {
            "a": rng.choice(list("xyz"), n),
            "b": rng.normal(size=n),
            "c": rng.integers(0, 5, n),
            "d": rng.normal(size=n),
        }
    )
    errors = (rng.random(n) < 0.15).astype(float)
    # When / Then
    assert discover(frame, errors, binary=True) == []


def test_regression_slices_use_absolute_error(rng):
    # Given a regressor whose error is large on one category
    n = 2000
    frame = pd.DataFrame({"region": rng.choice(["n", "s", "e", "w"], n), "x": rng.normal(size=n)})
    errors = np.abs(rng.normal(size=n)) * np.where(frame["region"] == "s", 3.0, 1.0)
    # When
    slices = discover(frame, errors, binary=False)
    # Then
    assert slices[0]["slice"] == {"region": "s"}


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"sensitive_features": "zip"}, ValueError, data_mod.SENSITIVE_MISSING.split("{")[0]),
        ({"sensitive_features": []}, ValueError, data_mod.SENSITIVE_EMPTY),
        ({"sensitive_features": pd.Series([1, 2])}, ValueError, "sensitive features have 2 rows"),
        (
            {"sensitive_features": "group", "ci_level": 95},
            ValueError,
            fairness_mod.BAD_CI_LEVEL.format(level=95),
        ),
        (
            {"sensitive_features": "group", "thresholds": {"dp": 0.8}},
            ValueError,
            "unknown disparity 'dp'",
        ),
        ({"sensitive_features": "group", "pos_label": 7}, ValueError, "pos_label 7 is not among"),
    ],
)
def test_bad_input_gets_a_specific_error(rng, kwargs, error, message):
    # Given valid predictions
    X, y, y_pred = _biased(rng, n=100)
    # When / Then
    with pytest.raises(error) as info:
        secure_check.fairness(y_pred, X, y, **kwargs)
    assert message in str(info.value)


def test_not_a_model_and_length_mismatch(rng):
    X, y, y_pred = _biased(rng, n=100)
    with pytest.raises(TypeError, match="expected a fitted model with predict"):
        secure_check.fairness(object(), X, y, sensitive_features="group")
    with pytest.raises(ValueError, match=r"predictions has 99 rows but X has 100"):
        secure_check.fairness(y_pred[:99], X, y, sensitive_features="group")
    with pytest.raises(ValueError, match=r"y has 99 rows but X has 100"):
        secure_check.fairness(y_pred, X, y[:99], sensitive_features="group")
    y_missing = y.astype(float)
    y_missing[:3] = np.nan
    with pytest.raises(ValueError) as info:
        secure_check.fairness(y_pred, X, y_missing, sensitive_features="group")
    assert str(info.value) == fairness_mod.MISSING_TARGET.format(n=3)
    assert model_mod.LENGTH_MISMATCH.startswith("{what} has")


def test_many_small_groups_make_one_finding(rng):
    # Given a sensitive feature with 12 tiny groups next to two large ones
    X, y, y_pred = _biased(rng, n=600)
    X.loc[:59, "group"] = [f"t{i % 12}" for i in range(60)]
    # When
    res = secure_check.fairness(y_pred, X, y, sensitive_features="group", discover=False, n_boot=0)
    # Then one finding lists them (ten named, the rest counted)
    (small,) = _rules(res, "small_group")
    assert len(small["groups"]) == 12
    assert small["message"].startswith("12 groups of group have fewer than 30 rows")
    assert small["message"].endswith("and 2 more.")
