"""SHAP explanations: additivity, agreement with shap called directly, choice and fallbacks."""

import numpy as np
import pandas as pd
import pytest
import shap
from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import KNeighborsClassifier

import secure_check
from secure_check.analyses.explain import analyze as explain_mod
from secure_check.analyses.explain.shap_values import ALL_FAILED, UNKNOWN_EXPLAINER
from secure_check.analyses.model import NEEDS_MODEL

pytestmark = [
    pytest.mark.filterwarnings("ignore::UserWarning:sklearn"),
    pytest.mark.filterwarnings("ignore::FutureWarning"),
]

ROWS = 120


def _explain(model, X, **kwargs):
    kwargs.setdefault("pdp", False)
    return secure_check.explain(model, X, max_rows=ROWS, progress=False, **kwargs)


def _additivity(result, expected):
    return np.abs(result.values.sum(axis=1) + result.base_values - expected).max()


@pytest.mark.parametrize(
    ("name", "make", "output"),
    [
        (
            "gbm",
            lambda: GradientBoostingClassifier(n_estimators=30, max_depth=3, random_state=0),
            lambda m, X: m.decision_function(X),
        ),
        (
            "forest",
            lambda: RandomForestClassifier(n_estimators=20, max_depth=5, random_state=0),
            lambda m, X: m.predict_proba(X)[:, 1],
        ),
        (
            "logistic",
            lambda: LogisticRegression(max_iter=2000),
            lambda m, X: m.decision_function(X),
        ),
    ],
)
def test_additivity_tree_and_linear(credit, credit_numeric, name, make, output):
    # Given a tree ensemble or a linear model on numeric HMDA features
    model = make().fit(credit_numeric, credit.y)
    # When
    res = _explain(model, credit_numeric)
    # Then SHAP values plus the expected value give the model output row by row
    assert res.meta["explainer"] == ("linear" if name == "logistic" else "tree")
    assert _additivity(res, output(model, res.data)) < 1e-6


@pytest.mark.parametrize("library", ["lightgbm", "xgboost"])
def test_additivity_boosting_libraries(credit, credit_numeric, library):
    # Given LightGBM / XGBoost classifiers, explained in margin (log-odds) space
    if library == "lightgbm":
        from lightgbm import LGBMClassifier

        model = LGBMClassifier(n_estimators=30, verbose=-1, random_state=0, n_jobs=1)
    else:
        from xgboost import XGBClassifier

        model = XGBClassifier(n_estimators=30, max_depth=3, random_state=0, n_jobs=1)
    model.fit(credit_numeric, credit.y)
    # When
    res = _explain(model, credit_numeric)
    # Then
    p = model.predict_proba(res.data)[:, 1]
    assert res.meta["explainer"] == "tree"
    assert _additivity(res, np.log(p / (1 - p))) < 1e-4


def test_pipeline_additivity_and_raw_columns(credit, credit_pipeline):
    # Given a one-hot + scaler + logistic pipeline on raw DataFrame columns
    # When
    res = _explain(credit_pipeline, credit.X)
    # Then importances are named by the 13 raw columns, not the 20 encoded ones
    assert set(res.importance) == set(credit.X.columns)
    assert res.meta["encoded_features"] > res.meta["n_features"] == 13
    # And summing encoded SHAP per raw column keeps additivity with the pipeline's output
    assert _additivity(res, credit_pipeline.decision_function(res.data)) < 1e-6


def test_pipeline_mapping_sums_encoded_columns(credit, credit_pipeline):
    # Given SHAP on the encoded features, computed by shap directly
    res = _explain(credit_pipeline, credit.X)
    pre = credit_pipeline[:-1]
    names = list(pre.get_feature_names_out())
    # Then each raw column carries the sum of its encoded columns
    afam = [i for i, n in enumerate(names) if n.startswith("onehotencoder__afam_")]
    assert len(afam) == 2
    got = res.values[:, res.feature_names.index("afam")]
    np.testing.assert_allclose(got, res.encoded_values[:, afam].sum(axis=1), atol=1e-12)
    pirat = names.index("standardscaler__pirat")
    np.testing.assert_allclose(
        res.values[:, res.feature_names.index("pirat")], res.encoded_values[:, pirat], atol=1e-12
    )


def test_importance_agrees_with_shap_called_directly(credit, credit_numeric):
    # Given a gradient-boosting model and shap's TreeExplainer used by hand
    model = GradientBoostingClassifier(n_estimators=30, max_depth=3, random_state=0)
    model.fit(credit_numeric, credit.y)
    res = _explain(model, credit_numeric)
    direct = shap.TreeExplainer(model).shap_values(res.data.to_numpy(dtype=float))
    # Then the values and the mean |SHAP| importances are the same
    np.testing.assert_allclose(res.values, direct, atol=1e-10)
    for j, col in enumerate(credit_numeric.columns):
        assert res.importance[col] == pytest.approx(np.abs(direct[:, j]).mean())
    assert list(res.importance.values()) == sorted(res.importance.values(), reverse=True)


@pytest.mark.parametrize(("n_features", "explainer"), [(5, "exact"), (12, "permutation")])
def test_model_agnostic_explainers_are_additive(rng, n_features, explainer):
    # Given a k-NN classifier (no tree or linear structure)
    X = pd.DataFrame(
        rng.normal(size=(300, n_features)), columns=[f"f{i}" for i in range(n_features)]
    )
    y = (X["f0"] + X["f1"] > 0).astype(int)
    model = KNeighborsClassifier(n_neighbors=15).fit(X, y)
    # When
    res = secure_check.explain(model, X, max_rows=20, background_rows=30, progress=False, pdp=False)
    # Then the choice follows the feature count and values add up to the probability
    assert res.meta["explainer"] == explainer
    assert _additivity(res, model.predict_proba(res.data)[:, 1]) < 1e-6
    assert set(list(res.importance)[:2]) == {"f0", "f1"}


class DecisionTreeLookalike:
    """Named like a tree model so auto-choice tries TreeExplainer, which rejects it."""

    def __init__(self, inner):
        self.inner = inner
        self.classes_ = inner.classes_

    def predict(self, X):
        return self.inner.predict(X)

    def predict_proba(self, X):
        return self.inner.predict_proba(X)


def test_fallback_when_explainer_rejects_the_model(rng):
    # Given a model that TreeExplainer will not take
    X = pd.DataFrame(rng.normal(size=(200, 4)), columns=list("abcd"))
    y = (X["a"] > 0).astype(int)
    model = DecisionTreeLookalike(KNeighborsClassifier().fit(X.to_numpy(), y))
    # When
    res = secure_check.explain(model, X, max_rows=10, background_rows=20, progress=False, pdp=False)
    # Then the next explainer ran and the rejection is reported
    assert res.meta["explainer"] == "exact"
    assert res.meta["fallbacks"][0]["explainer"] == "tree"
    (fb,) = [f for f in res.findings if f["rule"] == "explainer_fallback"]
    assert fb["message"].startswith("The tree explainer rejected the model (")


def test_forced_explainer_that_fails_raises(rng):
    X = pd.DataFrame(rng.normal(size=(100, 3)), columns=list("abc"))
    model = KNeighborsClassifier().fit(X, (X["a"] > 0).astype(int))
    with pytest.raises(RuntimeError, match=ALL_FAILED.split("{")[0]):
        secure_check.explain(model, X, explainer="tree", progress=False, pdp=False)


def test_budget_stops_early_and_says_so(credit, credit_numeric):
    # Given a permutation explainer and a budget too small for all rows
    model = KNeighborsClassifier().fit(credit_numeric[:500], credit.y[:500])
    # When
    res = secure_check.explain(
        model,
        credit_numeric,
        budget=0.01,
        max_rows=60,
        background_rows=10,
        progress=False,
        pdp=False,
    )
    # Then fewer rows were explained, and a finding tells so
    assert res.meta["budget_hit"] is True
    assert 0 < res.meta["rows_explained"] < 60 == res.meta["rows_requested"]
    assert len(res.values) == res.meta["rows_explained"] == len(res.data)
    (note,) = [f for f in res.findings if f["rule"] == "budget_exhausted"]
    assert note["message"] == explain_mod.BUDGET_HIT.format(
        budget=0.01, rows=res.meta["rows_explained"], total=60
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"budget": 0}, explain_mod.BAD_BUDGET.format(budget=0)),
        ({"budget": "fast"}, explain_mod.BAD_BUDGET.format(budget="fast")),
        ({"explainer": "magic"}, UNKNOWN_EXPLAINER.split("{")[0] + "'magic'"),
    ],
)
def test_bad_options(credit, credit_numeric, kwargs, message):
    model = LogisticRegression(max_iter=500).fit(credit_numeric, credit.y)
    with pytest.raises(ValueError) as info:
        _explain(model, credit_numeric, **kwargs)
    assert message in str(info.value)


def test_precomputed_predictions_cannot_be_explained(credit):
    with pytest.raises(ValueError) as info:
        _explain(np.zeros(len(credit.X)), credit.X)
    assert str(info.value) == NEEDS_MODEL.format(what="explain()")


def test_text_columns_without_encoder_get_a_clear_error(credit):
    model = KNeighborsClassifier()
    model.fit(np.zeros((4, 13)), [0, 1, 0, 1])
    with pytest.raises(ValueError, match="are not numeric and the model is not a pipeline"):
        _explain(model, credit.X)


def test_kernel_explainer_when_asked(rng):
    # Given a small model and the last-resort explainer requested by name
    X = pd.DataFrame(rng.normal(size=(150, 4)), columns=list("abcd"))
    model = KNeighborsClassifier(n_neighbors=10).fit(X, (X["a"] - X["b"] > 0).astype(int))
    # When
    res = secure_check.explain(
        model, X, explainer="kernel", max_rows=8, background_rows=20, progress=False, pdp=False
    )
    # Then Kernel SHAP ran (against a k-means summary) and its values add up
    assert res.meta["explainer"] == "kernel"
    assert _additivity(res, model.predict_proba(res.data)[:, 1]) < 1e-6
