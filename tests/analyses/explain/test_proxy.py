"""Proxy detection, importance by group, partial dependence and the explanation result."""

import json

import numpy as np
import pandas as pd
import pytest
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.inspection import partial_dependence

import secure_check
from secure_check.analyses.explain import proxy as explain_proxy
from secure_check.analyses.stats import correlation_ratio, cramers_v

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:sklearn")


@pytest.fixture(scope="module")
def planted():
    """Lending data where zip_code stands in for race and drives the outcome; noise does not."""
    rng = np.random.default_rng(7)
    n = 1500
    race = rng.choice(["a", "b"], n, p=[0.6, 0.4])
    # zip codes 0-4 are mostly race a, 5-9 mostly race b (90% of the time)
    same = rng.random(n) < 0.9
    high = np.where(same, race == "b", race == "a")
    zip_code = np.where(high, rng.integers(5, 10, n), rng.integers(0, 5, n))
    income = rng.normal(50, 10, n)
    noise = rng.normal(size=n)
    X = pd.DataFrame({"zip_code": zip_code, "income": income, "noise": noise})
    logit = 1.5 * (zip_code >= 5) + 0.05 * (income - 50)
    y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    model = GradientBoostingClassifier(n_estimators=40, max_depth=2, random_state=0).fit(X, y)
    return X, y, pd.Series(race, name="race"), model


@pytest.fixture(scope="module")
def result(planted):
    X, _, race, model = planted
    return secure_check.explain(model, X, sensitive_features=race, max_rows=300, progress=False)


def test_planted_proxy_is_found(result):
    # Then zip_code is reported as a proxy for race, and noise is not
    proxies = [f for f in result.findings if f["rule"] == "proxy_feature"]
    assert [p["feature"] for p in proxies] == ["zip_code"]
    assert proxies[0]["sensitive"] == "race"
    assert proxies[0]["message"].startswith("zip_code is a likely proxy for race: ")
    assert proxies[0]["severity"] == "high"
    assert all(p["feature"] != "noise" for p in result.proxies)


def test_sensitive_not_in_x_is_not_direct_use(result):
    # race is not a model input: no direct-use finding
    assert not [f for f in result.findings if f["rule"] == "sensitive_feature_used"]


def test_importance_by_group(result, planted):
    # Given the race of each explained row (result.data keeps the rows' index in X)
    _, _, race, _ = planted
    groups = race.loc[result.data.index].to_numpy()
    # Then by_group is mean |SHAP| within each race group
    table = result.by_group["race"]
    assert set(table) == {"a", "b"}
    for group, importances in table.items():
        rows = result.values[groups == group]
        for j, feature in enumerate(result.feature_names):
            assert importances[feature] == pytest.approx(np.abs(rows[:, j]).mean())


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (["x", "y"] * 200, ["x", "y"] * 200, 1.0),
        (["x", "y"] * 200, ["p"] * 200 + ["q"] * 200, 0.0),
    ],
)
def test_cramers_v_bounds(a, b, expected):
    assert cramers_v(a, b) == pytest.approx(expected, abs=0.01)


def test_correlation_ratio_matches_definition(rng):
    # Given values whose mean depends on the group
    groups = rng.choice(["g1", "g2", "g3"], 600)
    values = rng.normal(size=600) + np.where(groups == "g2", 2.0, 0.0)
    # Then eta^2 is the between-group share of the variance
    s = pd.Series(values)
    between = s.groupby(groups).agg(["mean", "size"])
    ss_between = (between["size"] * (between["mean"] - s.mean()) ** 2).sum()
    assert correlation_ratio(groups, values) ** 2 == pytest.approx(
        ss_between / ((s - s.mean()) ** 2).sum()
    )


def test_direct_use_of_sensitive_column(credit, credit_pipeline):
    # Given the HMDA pipeline that takes afam as an input
    res = secure_check.explain(
        credit_pipeline,
        credit.X,
        sensitive_features="afam",
        max_rows=150,
        progress=False,
        pdp=False,
    )
    # Then the direct use is reported with its rank
    (direct,) = [f for f in res.findings if f["rule"] == "sensitive_feature_used"]
    rank = list(res.importance).index("afam") + 1
    assert direct["rank"] == rank
    assert direct["message"].startswith(
        f"The model uses the sensitive attribute afam directly: it ranks {rank} of 13"
    )


def test_partial_dependence_agrees_with_sklearn(result, planted):
    # Given the curves for the top feature
    _X, _, _, model = planted
    curve = result.partial_dependence["zip_code"]
    # Then it is sklearn's partial dependence on the same rows, and it rises with zip_code
    rows = result.data.sample(n=200, random_state=0).astype({"zip_code": float})
    direct = partial_dependence(model, rows, ["zip_code"], kind="average", method="brute")
    np.testing.assert_allclose(curve["average"], direct["average"][-1])
    assert curve["average"][-1] > curve["average"][0]
    assert len(curve["individual"]) == 50


def test_to_dict_is_json_with_the_issue_keys(result):
    data = json.loads(json.dumps(result.to_dict()))
    assert {"importance", "by_group", "proxies", "findings", "plots", "meta"} <= set(data)
    assert next(iter(data["importance"])) == "zip_code"
    assert data["plots"]["beeswarm"].startswith("data:image/png;base64,")
    assert "partial dependence: zip_code" in data["plots"]
    assert data["meta"]["explainer"] == "tree"


def test_rich_display_has_the_mime_types(result):
    bundle = result._repr_mimebundle_()
    assert set(bundle) == {
        "text/plain",
        "text/html",
        "application/vnd.secure-check.explanation+json",
    }
    assert '<img alt="beeswarm" src="data:image/png;base64,' in bundle["text/html"]
    assert "zip_code is a likely proxy for race" in bundle["text/html"]
    assert "zip_code" in bundle["text/plain"]


def test_proxy_threshold_is_configurable(planted):
    X, _, race, model = planted
    res = secure_check.explain(
        model,
        X,
        sensitive_features=race,
        max_rows=100,
        progress=False,
        pdp=False,
        proxy_threshold=0.99,
    )
    assert not [f for f in res.findings if f["rule"] == "proxy_feature"]
    assert explain_proxy.PROXY.startswith("{feature} is a likely proxy for {sensitive}")


def test_numeric_zip_is_measured_like_the_same_zip_as_text():
    # Given the issue's case: 39 zip codes stored as integers, each 95% one race
    rng = np.random.default_rng(2)
    n = 3000
    zips = rng.integers(0, 39, n)
    majority = np.where(zips % 3 == 0, "b", np.where(zips % 3 == 1, "a", "c"))
    race = np.where(rng.random(n) < 0.95, majority, rng.choice(["a", "b", "c"], n))
    # When the association is measured for the integer, the text and a noise column
    as_int = explain_proxy.association(pd.Series(zips), race)
    as_text = explain_proxy.association(pd.Series(zips.astype(str)), race)
    noise = explain_proxy.association(pd.Series(rng.normal(size=n)), race)
    # Then one measure: both zips score alike and far above the 0.5 default, noise near 0
    assert as_int[0] == as_text[0] == explain_proxy.MEASURE
    assert as_int[1] == pytest.approx(as_text[1]) and as_int[1] > 0.8
    assert noise[1] < 0.1
