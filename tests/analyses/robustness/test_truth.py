"""Attacks measured against the truth: never above clean accuracy, frozen columns, clear errors."""

import numpy as np
import pandas as pd
import pytest
from sklearn.compose import make_column_transformer
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder
from sklearn.svm import LinearSVC

import secure_check
from secure_check.analyses.robustness import analyze

pytestmark = [
    pytest.mark.filterwarnings("ignore:PyTorch not found:UserWarning"),
    pytest.mark.filterwarnings("ignore::FutureWarning"),
]


@pytest.fixture(scope="module")
def hmda(credit_numeric, credit):
    """HMDA (real data) with yes/no flags as 0/1: 600 training rows, 300 test rows."""
    X, y = credit_numeric.iloc[:900], np.asarray(credit.y)[:900]
    return X.iloc[:600], y[:600], X.iloc[600:], y[600:]


@pytest.mark.parametrize("model", [LogisticRegression(max_iter=2000), LinearSVC()])
def test_attacks_never_raise_accuracy(hmda, model):
    # Given a linear model on real data that gets some rows wrong
    X_tr, y_tr, X_te, y_te = hmda
    model.fit(X_tr, y_tr)
    # When FGSM and PGD run at four eps against the true labels
    report = secure_check.robustness(
        model, X_te, y_te, eps=[0.01, 0.05, 0.1, 0.2], attacks=["fgsm", "pgd"],
        samples=150, progress=False, immutable=[],
    )  # fmt: skip
    # Then adversarial accuracy never exceeds the sample's clean accuracy, and falls with eps
    for row in report.attacks:
        assert row["adversarial_accuracy"] <= row["clean_accuracy"] + 1e-12
        n_fooled = round(row["success_rate"] * row["correct"])
        expected = (row["correct"] - n_fooled) / row["samples"]
        assert row["adversarial_accuracy"] == pytest.approx(expected)
    fgsm = [r["adversarial_accuracy"] for r in report.attacks if r["attack"] == "fgsm"]
    assert fgsm == sorted(fgsm, reverse=True) and fgsm[-1] < fgsm[0]
    assert report.to_dict()["meta"]["attack_labels"].startswith("true labels")


def test_categorical_and_sensitive_columns_are_immutable():
    # Given a pipeline over a categorical column, a sensitive numeric column and two numbers
    rng = np.random.default_rng(0)
    n = 300
    X = pd.DataFrame({
        "edu": rng.choice(["HS-grad", "Bachelors", "Doctorate"], n),
        "race": rng.integers(0, 2, n),
        "a": rng.normal(size=n), "b": rng.normal(size=n),
    })  # fmt: skip
    y = ((X["a"] + (X["edu"] == "Doctorate") + 0.5 * X["race"]) > 0.5).astype(int)
    pre = make_column_transformer((OneHotEncoder(), ["edu"]), remainder="passthrough")
    model = make_pipeline(pre, RandomForestClassifier(n_estimators=20, random_state=0))
    model.fit(X.iloc[:200], y.iloc[:200])
    # When a decision-based attack runs with race named as sensitive
    report = secure_check.robustness(
        model, X.iloc[200:], y.iloc[200:], sensitive_features="race", attacks=["hsj"],
        samples=15, progress=False, budget=30,
    )  # fmt: skip
    # Then only the numeric non-sensitive columns may move, and none of the others did
    meta = report.to_dict()["meta"]
    assert meta["mutable_features"] == ["a", "b"]
    assert meta["immutable_features"] == ["edu", "race"]
    html = report._repr_mimebundle_()["text/html"]
    assert "Attacks may change: a, b. Immutable: edu, race." in html
    run = report.run("hsj", None)
    adv = report.adversarial_examples("hsj", None)
    before = X.iloc[200:].reset_index(drop=True).iloc[run.rows]
    assert (adv["edu"].to_numpy() == before["edu"].to_numpy()).all()
    assert (adv["race"].to_numpy() == before["race"].to_numpy()).all()


def test_one_row_x_gets_a_clear_error(hmda):
    X_tr, y_tr, X_te, y_te = hmda
    model = LogisticRegression(max_iter=2000).fit(X_tr, y_tr)
    with pytest.raises(ValueError) as info:
        secure_check.robustness(model, X_te.iloc[:1], y_te[:1], progress=False)
    assert str(info.value) == analyze.TOO_FEW_ROWS.format(n=1)


def test_one_class_labels_keep_the_other_probes(hmda):
    # Given held-out rows of one class only, and the training set
    X_tr, y_tr, X_te, y_te = hmda
    model = LogisticRegression(max_iter=2000).fit(X_tr, y_tr)
    ones = y_te == 0
    # When
    report = secure_check.robustness(
        model, X_te[ones], y_te[ones], X_train=X_tr, y_train=y_tr, attacks=["fgsm"],
        eps=[0.1], samples=50, progress=False,
    )  # fmt: skip
    # Then membership inference says why it was skipped; the attack and the screen still ran
    assert report.membership_inference["skipped"] == analyze.ONE_CLASS.format(label=0)
    assert report.attacks and report.attacks[0]["samples"] == 50
    assert "skipped" not in report.poisoning


class _NeedsTwoRows:
    """A real-world failure: a model that cannot predict one row at a time (batch statistics)."""

    def __init__(self, model):
        self.model, self.classes_ = model, model.classes_

    def predict_proba(self, X):
        if len(X) < 2:
            raise ValueError("this model needs at least 2 rows per call")
        return self.model.predict_proba(X)

    def predict(self, X):
        return self.predict_proba(X).argmax(axis=1)


def test_a_failing_attack_is_reported_and_the_rest_kept(hmda):
    # Given a model that fails on the one-row queries decision-based attacks make
    X_tr, y_tr, X_te, y_te = hmda
    model = _NeedsTwoRows(LogisticRegression(max_iter=2000).fit(X_tr, y_tr))
    # When
    report = secure_check.robustness(
        model, X_te, y_te, X_train=X_tr, y_train=y_tr, attacks=["hsj"], samples=5,
        progress=False, budget=20,
    )  # fmt: skip
    # Then the failure is reported with its reason, and the privacy and poisoning probes stand
    (failed,) = report.to_dict()["meta"]["failed_attacks"]
    assert failed["attack"] == "hsj" and "needs at least 2 rows" in failed["error"]
    assert "attack failed: hsj" in report._repr_mimebundle_()["text/plain"]
    assert "auc" in report.membership_inference
    assert report.poisoning["rows_screened"] == len(X_tr)


def test_a_category_change_counts_as_a_full_step():
    # Given a space with one categorical column of 16 levels and one number, nothing frozen
    from secure_check.analyses.robustness.space import fit_space

    frame = pd.DataFrame({"edu": [f"e{i:02d}" for i in range(16)], "a": np.linspace(0, 1, 16)})
    space = fit_space(frame)
    space.freeze([])
    z0 = space.encode(frame.iloc[:2])
    moved = z0 + np.array([[1.0, 0.1], [1.0, 0.1]])  # next category, and 10% of the number's range
    # When projected under eps = 0.2 of each range, and under eps = 1
    small = space.project(moved, z0, 0.2 * space.span)
    whole = space.project(moved, z0, 1.0 * space.span)
    # Then the category only changes when eps pays for the whole range
    assert (small[:, 0] == z0[:, 0]).all() and np.allclose(small[:, 1], z0[:, 1] + 0.1)
    assert (whole[:, 0] == z0[:, 0] + 1).all()
