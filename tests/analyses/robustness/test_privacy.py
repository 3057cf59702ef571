"""Privacy and poisoning probes: membership/attribute inference, label-noise and outlier screens."""

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import make_classification
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression

import secure_check
from secure_check.analyses.robustness.poisoning import screen
from secure_check.analyses.robustness.privacy import NOT_A_FEATURE, NOT_CATEGORICAL, attribute
from secure_check.analyses.robustness.space import fit_space
from secure_check.analyses.robustness.target import Target

pytestmark = [
    pytest.mark.slow,
    pytest.mark.filterwarnings("ignore:PyTorch not found:UserWarning"),
    pytest.mark.filterwarnings("ignore::FutureWarning"),
]


def _noisy(seed=0):
    X, y = make_classification(
        n_samples=800, n_features=10, n_informative=5, flip_y=0.2, random_state=seed
    )
    return X[:400], y[:400], X[400:], y[400:]


def _probe(model, X_tr, y_tr, X_te, y_te, **kw):
    return secure_check.robustness(
        model, X_te, y_te, X_train=X_tr, y_train=y_tr, attacks=["hsj"], samples=2,
        progress=False, **kw,
    )  # fmt: skip


def test_overfit_model_leaks_membership_more_than_a_regularised_one():
    # Given an overfit forest and a regularised logistic regression on noisy labels
    X_tr, y_tr, X_te, y_te = _noisy()
    overfit = RandomForestClassifier(n_estimators=50, random_state=0).fit(X_tr, y_tr)
    regular = LogisticRegression(C=0.01).fit(X_tr, y_tr)
    # When both are probed
    leaky = _probe(overfit, X_tr, y_tr, X_te, y_te).membership_inference
    tight = _probe(regular, X_tr, y_tr, X_te, y_te).membership_inference
    # Then the overfit model scores a clearly higher attack AUC and label-only advantage
    assert leaky["auc"] > tight["auc"] + 0.1
    assert leaky["auc"] > 0.6 and 0.35 < tight["auc"] < 0.62
    assert leaky["label_only"]["advantage"] > tight["label_only"]["advantage"]
    assert leaky["label_only"]["train_accuracy"] == 1.0


def test_membership_finding_explains_the_score():
    X_tr, y_tr, X_te, y_te = _noisy(1)
    model = RandomForestClassifier(n_estimators=50, random_state=0).fit(X_tr, y_tr)
    report = _probe(model, X_tr, y_tr, X_te, y_te)
    found = [f for f in report.findings if f["rule"] == "membership-inference"]
    assert found and found[0]["category"] == "privacy"
    assert "0.5 = no leakage" in found[0]["message"]
    assert "membership inference ROC" in report.plots


@pytest.fixture(scope="module")
def leaky_attribute():
    # y = sex XOR (x0 > 0): the model's output plus x0 give sex away, x0 alone does not
    rng = np.random.default_rng(0)
    n = 600
    X = pd.DataFrame(
        {"x0": rng.normal(size=n), "x1": rng.normal(size=n), "sex": rng.integers(0, 2, n)}
    )
    y = ((X["x0"] > 0).astype(int) ^ X["sex"]).to_numpy()
    model = RandomForestClassifier(n_estimators=30, random_state=0).fit(X.iloc[:400], y[:400])
    return model, X, y


def test_attribute_inference_beats_its_baseline_when_the_model_leaks(leaky_attribute):
    # Given
    model, X, y = leaky_attribute
    # When the sensitive column is named
    report = _probe(model, X.iloc[:400], y[:400], X.iloc[400:], y[400:], sensitive_features="sex")
    attr = report.attribute_inference
    # Then the ART attack guesses it far better than the baseline without the model
    assert attr["attack"] == "AttributeInferenceBlackBox"
    assert attr["accuracy"] > attr["baseline_accuracy"] + 0.2
    assert any(f["rule"] == "attribute-inference" for f in report.findings)
    assert {g["group"] for g in report.groups} == {"0", "1"}


def test_attribute_inference_skips_what_it_cannot_attack(leaky_attribute):
    model, X, y = leaky_attribute
    space = fit_space(X)
    target = Target(model, space, y)
    train = (space.encode(X.iloc[:400]), target.labels(y[:400]))
    assert attribute(target, train, "age", seed=0) == {"skipped": NOT_A_FEATURE.format(name="age")}
    skipped = attribute(target, train, "x0", seed=0)["skipped"]
    assert skipped.startswith(NOT_CATEGORICAL.split("{n}")[0].format(name="x0"))


def test_screen_finds_flipped_labels_and_injected_outliers():
    # Given a clean, separable training set with 20 flipped labels and 5 far-away rows
    X, y = make_classification(
        n_samples=500, n_features=6, n_informative=4, class_sep=2.5, flip_y=0, random_state=3
    )
    rng = np.random.default_rng(0)
    flipped = rng.choice(400, 20, replace=False)
    y[flipped] = 1 - y[flipped]
    X[495:] = X[495:] + 25.0
    model = RandomForestClassifier(n_estimators=50, random_state=0).fit(X, y)
    space = fit_space(X)
    # When
    result = screen(Target(model, space, y), X, y, space.encode(X), seed=0)
    # Then most flagged labels are the flipped ones, and the outliers are the injected rows
    noisy = set(result["label_noise"]["rows"])
    assert len(noisy & set(flipped)) >= 12
    assert len(noisy - set(flipped)) <= 5
    assert set(range(495, 500)) <= set(result["outliers"]["rows"])
    assert result["outliers"]["count"] <= 15
