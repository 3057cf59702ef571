"""Simulation with known truth: the paired interval of the change in disparity holds its level."""

import numpy as np
import pytest

from secure_check.analyses.mitigate.evaluate import score

RATES = {"original": (0.30, 0.50), "fairer": (0.35, 0.45)}  # selection rate of groups a, b


def _draw(rng, n, shift):
    groups = np.repeat(["a", "b"], n // 2)
    u = rng.random(n)
    b = (groups == "b").astype(int)
    preds = {}
    for name, (ra, rb) in RATES.items():
        v = u if name == "original" else (u + shift) % 1.0
        preds[name] = (v < np.where(b == 1, rb, ra)).astype(int)
    return preds, rng.integers(0, 2, n), groups


@pytest.mark.parametrize("n", [200, 600])
def test_the_change_interval_covers_the_true_change(n):
    # Given a fairer model that selects groups a, b at 0.35/0.45 where the original does 0.30/0.50
    # (true demographic-parity difference 0.20 -> 0.10; coupled like a moved threshold)
    rng = np.random.default_rng(7)
    truth = (0.45 - 0.35) - (0.50 - 0.30)
    hits, reps = 0, 300
    for rep in range(reps):
        preds, y, groups = _draw(rng, n, shift=0.0)
        # When its held-out figures are scored
        out = score(
            preds,
            y,
            groups,
            disparity="demographic_parity_difference",
            metric="accuracy",
            pos_label=1,
            n_boot=200,
            level=0.95,
            seed=rep,
        )
        lo, hi = out["fairer"]["disparity_change_ci"]
        hits += lo <= truth <= hi
    # Then the 95% interval covers the true change in at least 92% of runs
    assert hits / reps >= 0.92, hits / reps


def test_no_true_change_is_rarely_called_a_drop():
    # Given a "mitigated" model with the original's rates (true change 0), other rows selected
    RATES_NULL = {"original": (0.30, 0.50), "fairer": (0.30, 0.50)}
    rng = np.random.default_rng(11)
    drops, reps = 0, 300
    for rep in range(reps):
        groups = np.repeat(["a", "b"], 150)
        u = rng.random(300)
        preds = {
            name: (((u + 0.5 * (name == "fairer")) % 1.0) < np.where(groups == "b", rb, ra)).astype(
                int
            )
            for name, (ra, rb) in RATES_NULL.items()
        }
        out = score(
            preds,
            rng.integers(0, 2, 300),
            groups,
            disparity="demographic_parity_difference",
            metric="accuracy",
            pos_label=1,
            n_boot=200,
            level=0.95,
            seed=rep,
        )
        # When the change's interval lies wholly below zero, mitigate would call it a drop
        drops += out["fairer"]["disparity_change_ci"][1] < 0
    # Then that happens at most at the one-sided error rate (2.5%), with slack for 200 runs
    assert drops / reps <= 0.05, drops / reps
