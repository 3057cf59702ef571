"""Clear refusals: regressors, multiclass targets, bad names; a failing method leaves the rest."""

import numpy as np
import pytest

import secure_check
from secure_check.analyses.mitigate import analyze, constraints


@pytest.mark.parametrize("method", sorted(constraints.METHODS))
def test_a_regressor_is_refused_saying_why_the_method_does_not_apply(credit_numeric, method):
    # Given a fitted regressor
    from sklearn.linear_model import LinearRegression

    X, y = credit_numeric.drop(columns=["pirat"]), credit_numeric["pirat"].to_numpy()
    model = LinearRegression().fit(X, y)
    # When it is mitigated
    with pytest.raises(ValueError) as err:
        secure_check.mitigate(model, X, y, sensitive_features="afam", method=method)
    # Then the message names the method, why, and what to use instead
    text = str(err.value)
    assert text.startswith(f"{method} does not apply to a regressor")
    assert constraints.METHODS[method].why_not_regression in text
    assert "BoundedGroupLoss" in text


def test_a_multiclass_target_is_refused(credit_numeric):
    from sklearn.linear_model import LogisticRegression

    y = np.arange(len(credit_numeric)) % 3
    model = LogisticRegression(max_iter=200).fit(credit_numeric, y)
    with pytest.raises(ValueError, match="needs a binary target; y has 3 classes"):
        secure_check.mitigate(model, credit_numeric, y, sensitive_features="afam")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"constraint": "parity"}, "unknown constraint 'parity'"),
        ({"method": "magic"}, "unknown method 'magic'"),
        ({"sensitive_features": "race"}, "must name column\\(s\\) of X"),
        ({"sensitive_features": "pirat"}, "distinct numeric values: mitigation needs groups"),
        ({"X_test": "given"}, "X_test and y_test go together"),
        ({"pos_label": 0, "constraint": "equal_opportunity"}, "larger label \\(1\\)"),
        ({"metric": "f7"}, "metric must be 'accuracy'"),
        ({"sensitive_features": "one"}, "has a single group in X: there is nothing to equalise"),
        ({"y": "with a gap"}, "y has 1 missing values"),
    ],
)
def test_bad_arguments_get_a_specific_message(credit_numeric, credit, kwargs, message):
    from sklearn.linear_model import LogisticRegression

    X = credit_numeric.assign(one=1)  # NOTE: a column with a single value
    model = LogisticRegression(max_iter=500).fit(X, credit.y)
    if kwargs.get("X_test") == "given":
        kwargs["X_test"] = X
    y = credit.y.astype(float).where(credit.y.index != 5) if kwargs.pop("y", None) else credit.y
    call = {"sensitive_features": "afam", "method": "threshold", "n_boot": 0, **kwargs}
    with pytest.raises(ValueError, match=message):
        secure_check.mitigate(model, X, y, progress=False, **call)


def test_a_method_that_cannot_apply_is_reported_and_the_others_go_on(credit_numeric, credit):
    # Given a model whose fit takes no sample_weight (reweighing cannot apply)
    from sklearn.neighbors import KNeighborsClassifier

    model = KNeighborsClassifier(25).fit(credit_numeric, credit.y)
    # When threshold and reweighing are asked for
    result = secure_check.mitigate(
        model,
        credit_numeric,
        credit.y,
        sensitive_features="afam",
        method=["threshold", "reweighing"],
        n_boot=50,
        progress=False,
    )
    rows = {c["method"]: c for c in result.candidates}
    # Then reweighing says why it failed and threshold still has its figures
    assert "takes sample_weight; KNeighborsClassifier does not" in rows["reweighing"]["error"]
    assert rows["threshold"]["error"] is None and rows["threshold"]["disparity"] is not None
    assert "reweighing" not in result.estimators


def test_string_labels_come_back_as_the_users_labels(credit_numeric, credit):
    # Given labels as text
    from sklearn.linear_model import LogisticRegression

    y = np.where(credit.y == 1, "deny", "approve")
    model = LogisticRegression(max_iter=500).fit(credit_numeric, y)
    # When mitigated by retraining
    result = secure_check.mitigate(
        model,
        credit_numeric,
        y,
        sensitive_features="afam",
        method="reweighing",
        n_boot=0,
        progress=False,
    )
    # Then the mitigated model predicts those labels, and 'deny' (the larger) was the positive one
    assert set(result.estimators["reweighing"].predict(credit_numeric)) <= {"approve", "deny"}
    assert result.meta["positive_label"] == "deny"
    assert analyze.ERR_POS_LABEL.startswith("fairlearn treats the larger label")
