"""Fairness numbers agree with fairlearn called directly on the same real data."""

import json

import numpy as np
import pandas as pd
import pytest
from fairlearn import metrics as fm
from sklearn import metrics as sm

import secure_check
from secure_check.analyses.fairness.analyze import INTERSECTION_SEP

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:sklearn")


@pytest.fixture(scope="module")
def result(credit, credit_pipeline):
    return secure_check.fairness(
        credit_pipeline, credit.X, credit.y, sensitive_features=["afam", "single"], n_boot=100
    )


def test_by_group_matches_metricframe(credit, credit_pipeline, result):
    # Given fairlearn's MetricFrame on the same predictions
    y_pred = credit_pipeline.predict(credit.X)
    mf = fm.MetricFrame(
        metrics={
            "accuracy": sm.accuracy_score,
            "recall": sm.recall_score,
            "precision": sm.precision_score,
            "false_positive_rate": fm.false_positive_rate,
            "selection_rate": fm.selection_rate,
            "count": fm.count,
            "balanced_accuracy": sm.balanced_accuracy_score,
        },
        y_true=credit.y,
        y_pred=y_pred,
        sensitive_features=credit.X["afam"],
    )
    # When / Then every metric of every group agrees
    for group, row in mf.by_group.iterrows():
        for metric, value in row.items():
            assert result.by_group["afam"][str(group)][metric] == pytest.approx(value)
    for metric, value in mf.overall.items():
        assert result.overall[metric] == pytest.approx(value)


@pytest.mark.parametrize(
    ("name", "function"),
    [
        ("demographic_parity_difference", fm.demographic_parity_difference),
        ("demographic_parity_ratio", fm.demographic_parity_ratio),
        ("equalized_odds_difference", fm.equalized_odds_difference),
        ("equalized_odds_ratio", fm.equalized_odds_ratio),
        ("equal_opportunity_difference", fm.equal_opportunity_difference),
    ],
)
@pytest.mark.parametrize("feature", ["afam", "single"])
def test_disparities_match_fairlearn(credit, credit_pipeline, result, name, function, feature):
    # Given fairlearn's disparity function on the same data
    expected = function(
        credit.y, credit_pipeline.predict(credit.X), sensitive_features=credit.X[feature]
    )
    # Then our value is the same number
    assert result.disparities[feature][name] == pytest.approx(expected)


def test_intersection_matches_multi_feature_metricframe(credit, credit_pipeline, result):
    # Given a MetricFrame over both sensitive columns (a MultiIndex of intersections)
    y_pred = credit_pipeline.predict(credit.X)
    mf = fm.MetricFrame(
        metrics={"selection_rate": fm.selection_rate},
        y_true=credit.y,
        y_pred=y_pred,
        sensitive_features=credit.X[["afam", "single"]],
    )
    key = "afam" + INTERSECTION_SEP + "single"
    # Then each intersection group carries the same selection rate
    for (afam, single), value in mf.by_group["selection_rate"].items():
        group = f"{afam}{INTERSECTION_SEP}{single}"
        assert result.by_group[key][group]["selection_rate"] == pytest.approx(value)
    assert result.disparities[key]["demographic_parity_difference"] == pytest.approx(
        fm.demographic_parity_difference(
            credit.y, y_pred, sensitive_features=credit.X[["afam", "single"]]
        )
    )


def test_regression_metrics_match_sklearn():
    # Given a regressor on CPS 1985 wages with gender as the sensitive feature
    from sklearn.ensemble import HistGradientBoostingRegressor

    from secure_check.analyses.data import load_demo_wages

    X, y, _ = load_demo_wages()
    Xn = pd.get_dummies(X, dtype=float)
    model = HistGradientBoostingRegressor(max_iter=30, random_state=0).fit(Xn, y)
    # When
    result = secure_check.fairness(model, Xn, y, sensitive_features=X["gender"], n_boot=50)
    # Then MAE and RMSE per group are sklearn's
    pred = model.predict(Xn)
    for group in ("male", "female"):
        mask = (X["gender"] == group).to_numpy()
        got = result.by_group["gender"][group]
        assert got["mean_absolute_error"] == pytest.approx(
            sm.mean_absolute_error(y[mask], pred[mask])
        )
        assert got["root_mean_squared_error"] == pytest.approx(
            sm.root_mean_squared_error(y[mask], pred[mask])
        )
    assert result.meta["task"] == "regression"
    assert "mean_absolute_error_ratio" in result.disparities["gender"]


def test_precomputed_predictions_equal_model_results(credit, credit_pipeline, result):
    # Given the pipeline's predictions passed instead of the model
    y_pred = credit_pipeline.predict(credit.X)
    # When
    pre = secure_check.fairness(
        y_pred, credit.X, credit.y, sensitive_features=["afam", "single"], n_boot=100
    )
    # Then the analysis is the same, bootstrap included (same seed)
    assert pre.by_group == result.by_group
    assert pre.to_dict()["ci"] == result.to_dict()["ci"]
    assert pre.meta["model"] == "precomputed predictions"


@pytest.mark.parametrize("library", ["lightgbm", "xgboost"])
def test_gradient_boosting_libraries(credit, credit_numeric, library):
    # Given a LightGBM or XGBoost classifier
    if library == "lightgbm":
        from lightgbm import LGBMClassifier

        model = LGBMClassifier(n_estimators=30, verbose=-1, random_state=0, n_jobs=1)
    else:
        from xgboost import XGBClassifier

        model = XGBClassifier(n_estimators=30, max_depth=3, random_state=0, n_jobs=1)
    model.fit(credit_numeric, credit.y)
    # When
    result = secure_check.fairness(
        model, credit_numeric, credit.y, sensitive_features="afam", n_boot=0, discover=False
    )
    # Then the numbers are fairlearn's on that model's predictions
    expected = fm.demographic_parity_ratio(
        credit.y, model.predict(credit_numeric), sensitive_features=credit_numeric["afam"]
    )
    assert result.disparities["afam"]["demographic_parity_ratio"] == pytest.approx(expected)


def test_string_labels_use_pos_label(credit, credit_pipeline):
    # Given labels as strings and the favourable label named
    y = np.where(credit.y == 1, "deny", "approve")
    y_pred = np.where(credit_pipeline.predict(credit.X) == 1, "deny", "approve")
    # When
    res = secure_check.fairness(
        y_pred,
        credit.X,
        y,
        sensitive_features="afam",
        pos_label="approve",
        n_boot=0,
        discover=False,
    )
    # Then the selection rate is the approval rate
    mask = (credit.X["afam"] == "yes").to_numpy()
    assert res.by_group["afam"]["yes"]["selection_rate"] == pytest.approx(
        np.mean(y_pred[mask] == "approve")
    )
    assert res.meta["pos_label"] == "approve"


def test_to_dict_is_json_with_the_issue_keys(result):
    # When
    data = json.loads(json.dumps(result.to_dict()))
    # Then
    assert {"overall", "by_group", "disparities", "findings", "plots", "meta"} <= set(data)
    assert set(data["by_group"]["afam"]) == {"no", "yes"}
    assert data["plots"]["selection_rate by afam"].startswith("data:image/png;base64,")
    assert data["meta"]["n_rows"] == 2380


def test_rich_display_has_the_mime_types(result):
    # When
    bundle = result._repr_mimebundle_()
    # Then
    assert set(bundle) == {"text/plain", "text/html", "application/vnd.secure-check.fairness+json"}
    assert '<img alt="selection_rate by afam" src="data:image/png;base64,' in bundle["text/html"]
    assert "demographic_parity_ratio" in bundle["text/plain"]


def test_pos_label_given_as_text_matches_numeric_labels(credit, credit_pipeline):
    # Given pos_label "0" as typed on the magic's command line, with 0/1 labels
    y_pred = credit_pipeline.predict(credit.X)
    res = secure_check.fairness(
        y_pred,
        credit.X,
        credit.y,
        sensitive_features="afam",
        pos_label="0",
        n_boot=0,
        discover=False,
    )
    # Then 0 is the selected label
    assert res.meta["pos_label"] == 0
    assert res.overall["selection_rate"] == pytest.approx(np.mean(y_pred == 0))
