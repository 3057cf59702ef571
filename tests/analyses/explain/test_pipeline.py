"""Importances map back to raw columns for pipelines, by name or by perturbation."""

import numpy as np
import pandas as pd
import pytest
from sklearn.compose import make_column_transformer
from sklearn.decomposition import PCA
from sklearn.ensemble import GradientBoostingRegressor
from sklearn.linear_model import Ridge
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

import secure_check
from secure_check.analyses.data import load_demo_wages
from secure_check.analyses.explain.pipeline import column_map

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:sklearn")


@pytest.fixture(scope="module")
def wages():
    return load_demo_wages()


def _encoder(X):
    cats = list(X.select_dtypes(include="object").columns)
    nums = list(X.select_dtypes(include="number").columns)
    return make_column_transformer(
        (OneHotEncoder(handle_unknown="ignore"), cats), (StandardScaler(), nums)
    )


def test_regression_pipeline_is_additive_on_raw_columns(wages):
    # Given a gradient-boosting regressor behind one-hot encoding (CPS 1985 wages)
    X, y, sensitive = wages
    model = make_pipeline(_encoder(X), GradientBoostingRegressor(n_estimators=40, random_state=0))
    model.fit(X, y)
    # When
    res = secure_check.explain(
        model, X, sensitive_features=sensitive, max_rows=150, progress=False, pdp=False
    )
    # Then raw columns only, additive with the predicted wage, and per-group importances
    assert res.meta["mode"] == "encoded features"
    assert set(res.importance) == set(X.columns)
    err = np.abs(res.values.sum(axis=1) + res.base_values - model.predict(res.data)).max()
    assert err < 1e-6
    assert set(res.by_group) == {"gender", "ethnicity"}
    assert set(res.by_group["gender"]) == {"female", "male"}


def test_perturbation_maps_unnamed_features(rng):
    # Given a PCA whose outputs ("pca0", ...) name no raw column
    X = pd.DataFrame(rng.normal(size=(200, 3)), columns=["a", "b", "c"])
    y = 2 * X["a"] - X["b"]
    model = make_pipeline(StandardScaler(), PCA(n_components=3), Ridge()).fit(X, y)
    # When
    res = secure_check.explain(model, X, max_rows=50, progress=False, pdp=False)
    # Then the pipeline is explained end to end on the raw columns, keeping additivity
    assert res.meta["mode"] == "end to end on raw columns"
    assert res.meta["explainer"] == "exact"
    assert set(res.importance) == {"a", "b", "c"}
    err = np.abs(res.values.sum(axis=1) + res.base_values - model.predict(res.data)).max()
    assert err < 1e-6
    assert res.importance["c"] < 0.05 * res.importance["a"]


def test_ambiguous_names_fall_back_to_perturbation():
    # Given raw columns "age" and "age_group": "onehotencoder__age_group_x" could be either
    X = pd.DataFrame(
        {"age": ["group_x", "y", "y", "group_x"] * 10, "age_group": ["p", "q", "q", "p"][::-1] * 10}
    )
    pre = make_column_transformer((OneHotEncoder(), ["age", "age_group"])).fit(X)
    names = list(pre.get_feature_names_out())
    # When
    links = column_map(pre, X, ["age", "age_group"], width=len(names))
    # Then every encoded column is attributed to the column it really came from
    for name, row in zip(names, links, strict=True):
        expected = "age_group" if name.split("__")[1] in ("age_group_p", "age_group_q") else "age"
        assert row.tolist() == ([0.0, 1.0] if expected == "age_group" else [1.0, 0.0]), name


def test_multiclass_fairness_uses_accuracy(rng):
    # Given a three-class problem where group b gets worse accuracy
    n = 1500
    group = rng.choice(["a", "b"], n)
    y = rng.integers(0, 3, n)
    wrong = rng.random(n) < np.where(group == "b", 0.5, 0.1)
    y_pred = np.where(wrong, (y + 1) % 3, y)
    X = pd.DataFrame({"group": group})
    # When
    res = secure_check.fairness(y_pred, X, y, sensitive_features="group", discover=False)
    # Then the metrics are the multiclass ones and the accuracy gap is a finding
    assert res.meta["task"] == "multiclass"
    assert set(res.by_group["group"]["a"]) == {"count", "accuracy", "balanced_accuracy"}
    (gap,) = [f for f in res.findings if f["rule"] == "accuracy_difference"]
    assert gap["groups"] == ["b", "a"] and gap["severity"] == "high"


def test_end_to_end_with_text_columns(credit):
    # Given interactions of one-hot and scaled columns (encoded features mix raw columns)
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import PolynomialFeatures

    X = credit.X[["afam", "single", "pirat", "lvrat"]]
    pre = make_column_transformer(
        (OneHotEncoder(drop="if_binary"), ["afam", "single"]),
        (StandardScaler(), ["pirat", "lvrat"]),
    )
    model = make_pipeline(
        pre, PolynomialFeatures(2, interaction_only=True), LogisticRegression(max_iter=1000)
    ).fit(X, credit.y)
    # When
    res = secure_check.explain(
        model,
        X,
        sensitive_features="afam",
        max_rows=30,
        background_rows=30,
        progress=False,
        pdp=False,
    )
    # Then text categories went through the masker as codes and came back as text
    assert res.meta["mode"] == "end to end on raw columns"
    err = np.abs(res.values.sum(axis=1) + res.base_values - model.predict_proba(res.data)[:, 1])
    assert err.max() < 1e-6
    assert set(res.by_group["afam"]) == {"no", "yes"}
