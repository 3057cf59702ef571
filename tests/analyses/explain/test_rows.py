"""Which rows are explained, what the output is called, sensitive columns outside the model."""

import numpy as np
import pandas as pd
import pytest
from sklearn.ensemble import GradientBoostingRegressor, RandomForestClassifier
from sklearn.linear_model import LogisticRegression

import secure_check
from secure_check.analyses.explain import analyze

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:sklearn")


@pytest.fixture(scope="module")
def people():
    rng = np.random.default_rng(4)
    n = 800
    X = pd.DataFrame({f"f{i}": rng.normal(size=n) for i in range(6)})
    race = pd.Series(rng.choice(["a", "b"], n), name="race")
    y = (X["f0"] + 0.8 * X["f1"] - 0.5 * X["f2"] + rng.normal(scale=0.5, size=n) > 0).astype(int)
    return X, y, race


def test_exact_explainer_explains_every_row_and_matches_shap(people):
    import shap

    # Given a forest on 800 rows (TreeExplainer is exact)
    X, y, _ = people
    model = RandomForestClassifier(n_estimators=30, random_state=0).fit(X, y)
    # When
    res = secure_check.explain(model, X, progress=False, pdp=False)
    # Then all rows are explained and the top-5 ranking equals shap's own on all rows
    assert res.meta["rows_explained"] == 800
    assert res.meta["sampling"] == analyze.ALL_ROWS.format(n=800)
    direct = shap.TreeExplainer(model).shap_values(X)
    direct = direct[..., 1] if np.ndim(direct) == 3 else direct[1]
    order = list(X.columns[np.argsort(-np.abs(direct).mean(axis=0), kind="stable")])
    assert list(res.importance)[:5] == order[:5]


@pytest.mark.slow
def test_model_agnostic_explainer_samples_and_says_so(people):
    X, y, _ = people
    model = RandomForestClassifier(n_estimators=10, random_state=0).fit(X, y)
    res = secure_check.explain(
        model, X, explainer="permutation", progress=False, pdp=False, budget=2
    )
    assert res.meta["rows_requested"] == analyze.AGNOSTIC_ROWS
    assert "model-agnostic" in res.meta["sampling"]


def test_regressor_output_is_a_prediction_not_a_margin(people):
    X, _, _ = people
    model = GradientBoostingRegressor(n_estimators=20, random_state=0).fit(X, X["f0"] * 3)
    res = secure_check.explain(model, X.iloc[:200], progress=False, pdp=False)
    assert "margin" not in res.meta["output"] and "decision" not in res.meta["output"]
    assert res.meta["output"].startswith("prediction")


def test_sensitive_columns_in_the_frame_but_not_the_model(people):
    # Given a model fitted without race, and a frame that carries race for grouping
    X, y, race = people
    model = LogisticRegression().fit(X, y)
    frame = X.assign(race=race)
    # When explain and fairness get the frame and name race
    res = secure_check.explain(model, frame, sensitive_features=["race"], progress=False, pdp=False)
    fair = secure_check.fairness(model, frame, y, sensitive_features=["race"], discover=False)
    # Then race is dropped before predicting: no SHAP value for it, groups by race are there
    assert "race" not in res.importance and set(res.by_group["race"]) == {"a", "b"}
    assert set(fair.by_group["race"]) == {"a", "b"}


class _PredictOnly:
    """A classifier with only predict() and classes_ (no sklearn tags, no predict_proba)."""

    def __init__(self, model):
        self.model, self.classes_ = model, model.classes_

    def predict(self, X):
        return self.model.predict(X)


def test_one_task_inference_for_all_analyses(people):
    X, y, race = people
    model = _PredictOnly(LogisticRegression().fit(X, y))
    fair = secure_check.fairness(model, X, y, sensitive_features=race, discover=False)
    assert fair.meta["task"] == "binary" and fair.meta["task_source"] == "classes"
    assert any(n.startswith("Analysed as classification") for n in fair.notes)
    rob = secure_check.robustness(
        model, X.iloc[:100], y.iloc[:100], attacks=["hsj"], samples=3, progress=False, budget=10
    )
    assert rob.to_dict()["meta"]["task_note"] == fair.notes[0]
