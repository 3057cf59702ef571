"""Intervals by simulation with known truth: coverage of rates, differences and ratios; Holm."""

import numpy as np
import pytest

from secure_check.analyses import intervals as iv

RUNS = 2000


@pytest.mark.parametrize("n", [10, 20, 50, 500])
@pytest.mark.parametrize(("p1", "p2"), [(0.05, 0.2), (0.3, 0.5), (0.5, 0.5), (0.1, 0.9)])
def test_coverage_at_least_93_percent(n, p1, p2):
    # Given two groups of n rows with known rates, drawn RUNS times (seeded)
    rng = np.random.default_rng(n)
    k1, k2 = rng.binomial(n, p1, RUNS), rng.binomial(n, p2, RUNS)
    b1, b2 = iv.clopper_pearson(k1, n), iv.clopper_pearson(k2, n)
    e1, e2 = k1 / n, k2 / n
    # When the three intervals are built
    lo_d, hi_d = iv.mover_difference(e1, b1, e2, b2)
    lo_r, hi_r = iv.mover_ratio(e1, b1, e2, b2)
    # Then each holds the truth in at least 93% of runs (nominal 95%)
    assert np.mean((b1[0] <= p1) & (p1 <= b1[1])) >= 0.93
    assert np.mean((lo_d <= p1 - p2) & (p1 - p2 <= hi_d)) >= 0.93
    ok = e2 > 0  # a ratio over a zero rate is undefined and reported as such
    assert np.mean(((lo_r <= p1 / p2) & (p1 / p2 <= hi_r))[ok]) >= 0.93
    assert np.isnan(lo_r[~ok]).all()


def test_small_group_interval_is_honest():
    # Given the case: 20 rows, true selection rate 0.05
    rng = np.random.default_rng(7)
    k = rng.binomial(20, 0.05, RUNS)
    lo, hi = iv.clopper_pearson(k, 20)
    # Then it covers at least nominally (the percentile bootstrap managed 63%) and is wide
    assert np.mean((lo <= 0.05) & (0.05 <= hi)) >= 0.95
    assert np.median(hi - lo) > 0.15


def test_mean_interval_coverage():
    # Given means of 20 exponential values (skewed), true mean 1
    rng = np.random.default_rng(3)
    x = rng.exponential(size=(RUNS, 20))
    lo, hi = iv.mean_interval(x.mean(1), x.var(1, ddof=1), 20)
    # Then the t interval covers near nominal
    assert np.mean((lo <= 1) & (1 <= hi)) >= 0.90


def test_holm_matches_the_textbook_example():
    # Given p-values 0.01, 0.04, 0.03, 0.005 (Holm 1979 style)
    adjusted = iv.holm([0.01, 0.04, 0.03, 0.005])
    # Then sorted p x (m - rank), made monotone
    assert adjusted.tolist() == pytest.approx([0.03, 0.06, 0.06, 0.02])
    assert iv.holm([]).size == 0


def test_level_p_value_reads_nested_intervals():
    # Given 30 of 100 against a claim "rate > 0.2": p is where the lower bound meets 0.2
    def shown(level):
        return iv.clopper_pearson(30, 100, level)[0] > 0.2

    p = iv.level_p_value(shown, (1,))[0]
    # Then the interval at 1 - p just touches 0.2, and at 95% it excludes 0.2
    assert iv.clopper_pearson(30, 100, 1 - p)[0] == pytest.approx(0.2, abs=1e-4)
    assert p < 0.05
