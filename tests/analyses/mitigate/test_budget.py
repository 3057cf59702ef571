"""Reductions: a time budget sets their iterations, a tqdm bar counts the fits, models pickle."""

import pickle

import numpy as np
import pytest

import secure_check
from secure_check.analyses.mitigate.candidates import reweighing_weights
from secure_check.analyses.mitigate.estimator import Tick


class _Bar:
    def __init__(self):
        self.n = 0

    def update(self, k):
        self.n += k


@pytest.mark.parametrize(
    ("method", "what"), [("reductions", "max_iter"), ("grid_search", "grid_size")]
)
def test_a_small_budget_caps_the_fits_and_says_so(credit_numeric, credit, method, what):
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(max_iter=500).fit(credit_numeric, credit.y)
    # When the budget allows almost nothing
    result = secure_check.mitigate(
        model,
        credit_numeric,
        credit.y,
        sensitive_features="afam",
        method=method,
        budget=1e-6,
        n_boot=0,
        progress=False,
    )
    # Then the fewest iterations run, and the note says how they were chosen
    (note,) = result.meta["notes"]
    assert f"{what} {3 if method == 'grid_search' else 5}:" in note
    assert "budget" in note
    assert result.estimators[method].inner is not None


def test_the_progress_bar_counts_each_fit_and_the_fitted_model_pickles(credit_numeric, credit):
    # Given a tick bound to a counting bar inside a reduction
    from fairlearn.reductions import DemographicParity, ExponentiatedGradient
    from sklearn.linear_model import LogisticRegression

    from secure_check.analyses.mitigate.counted import Counted

    bar = _Bar()
    eg = ExponentiatedGradient(
        Counted(LogisticRegression(max_iter=300), Tick(bar)),
        constraints=DemographicParity(),
        max_iter=8,
    )
    # When it fits
    eg.fit(credit_numeric, credit.y, sensitive_features=credit_numeric["afam"])
    # Then every oracle call ticked (one per iteration, plus fairlearn's own extra fits)
    assert bar.n >= eg.n_oracle_calls_ > 0
    # and the fitted model pickles without the bar, predicting the same
    loaded = pickle.loads(pickle.dumps(eg))
    assert loaded.predictors_.iloc[0].tick.bar is None
    assert np.array_equal(
        loaded.predict(credit_numeric, random_state=0), eg.predict(credit_numeric, random_state=0)
    )


def test_reweighing_weights_make_group_and_label_independent():
    # Given a group that is mostly positive
    groups = np.array(["a"] * 80 + ["b"] * 20)
    y = np.array([1] * 60 + [0] * 20 + [1] * 5 + [0] * 15)
    # When weighted
    w = reweighing_weights(y, groups)
    # Then the weighted positive rate is the same in both groups (and the total is kept)
    rate = [np.average(y[groups == g], weights=w[groups == g]) for g in ("a", "b")]
    assert rate[0] == pytest.approx(rate[1])
    assert w.sum() == pytest.approx(len(y))
