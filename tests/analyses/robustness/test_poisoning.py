"""The label-noise screen by simulation with known truth: planted flips caught, clean data quiet."""

import numpy as np
import pytest
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression

from secure_check.analyses.robustness.findings import poisoning_findings
from secure_check.analyses.robustness.poisoning import label_noise, screen
from secure_check.analyses.robustness.space import fit_space
from secure_check.analyses.robustness.target import Target

pytestmark = pytest.mark.filterwarnings("ignore:PyTorch not found:UserWarning")


def _run(seed, flip_rate):
    """Fit on a training set with ``flip_rate`` of labels flipped; screen it against clean test."""
    X, y = make_classification(
        n_samples=1600, n_features=6, n_informative=4, class_sep=1.5, flip_y=0.02,
        random_state=seed,
    )  # fmt: skip
    X_tr, y_tr, X_te, y_te = X[:1000], y[:1000].copy(), X[1000:], y[1000:]
    planted = np.random.default_rng(seed).choice(1000, int(flip_rate * 1000), replace=False)
    y_tr[planted] = 1 - y_tr[planted]
    model = LogisticRegression().fit(X_tr, y_tr)
    space = fit_space(X_tr, X_te)
    target = Target(model, space, y_tr)
    held = (space.encode(X_te), target.labels(y_te))
    noise = label_noise(target, X_tr, y_tr, space.encode(X_tr), seed=seed, held_out=held)
    return noise, planted


def test_planted_flips_are_caught_and_clean_data_is_quiet():
    # Given 8 seeded data sets with inherent 2% label noise: clean, 5% and 10% planted flips
    alarms = {0.0: 0, 0.05: 0, 0.1: 0}
    recall, fpr = [], []
    for seed in range(8):
        for rate in alarms:
            noise, planted = _run(seed, rate)
            alarms[rate] += bool(noise["significant"])
            if rate == 0.05:
                flagged = noise["_mask"]
                recall.append(flagged[planted].mean())
                fpr.append(np.delete(flagged, planted).mean())
    # Then clean data never raises the alarm and 10% flips always do (measured: 5% flips 5/8,
    # 3% flips 2/8 with 600 held-out rows: the held-out set bounds the power);
    # the flagged rows hold two thirds of the planted flips and few clean rows
    assert alarms[0.0] == 0
    assert alarms[0.1] == 8
    assert alarms[0.05] >= 4
    assert np.mean(recall) >= 0.6 and np.mean(fpr) <= 0.05


def test_finding_only_when_training_exceeds_held_out_noise():
    # Given the screen result of a clean run and of a poisoned run
    X, y = make_classification(n_samples=1600, n_features=6, class_sep=1.5, random_state=1)
    model = LogisticRegression().fit(X[:1000], y[:1000])
    space = fit_space(X)
    target = Target(model, space, y)
    held = (space.encode(X[1000:]), target.labels(y[1000:]))
    clean = screen(target, X[:1000], y[:1000], space.encode(X[:1000]), seed=0, held_out=held)
    y_bad = y[:1000].copy()
    y_bad[:80] = 1 - y_bad[:80]
    bad = screen(target, X[:1000], y_bad, space.encode(X[:1000]), seed=0, held_out=held)
    # Then only the poisoned one is a finding, and it lists row positions and the comparison
    assert not [f for f in poisoning_findings(clean) if f["rule"] == "poisoning-label-noise"]
    (found,) = [f for f in poisoning_findings(bad) if f["rule"] == "poisoning-label-noise"]
    assert found["severity"] in ("medium", "high") and "held-out rows" in found["message"]
    assert set(found["rows"]) <= set(range(80)) | set(range(80, 1000))
    assert len(set(bad["label_noise"]["rows"]) & set(range(80))) >= 15
