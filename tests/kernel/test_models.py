"""%secure_check explain and robustness run the real analyses (shap, ART) from the magic line."""

import numpy as np
import pandas as pd
import pytest

from secure_check.kernel.state import state_of

pytestmark = [
    pytest.mark.slow,
    pytest.mark.filterwarnings(
        "ignore::UserWarning", "ignore::FutureWarning", "ignore::RuntimeWarning"
    ),
]


@pytest.fixture
def forest(ip):
    from sklearn.ensemble import RandomForestClassifier

    rng = np.random.default_rng(0)
    X = pd.DataFrame(
        {"x1": rng.normal(size=200), "x2": rng.normal(size=200), "sex": rng.integers(0, 2, 200)}
    )
    y = (X["x1"] + X["sex"] > 0.5).astype(int)
    model = RandomForestClassifier(n_estimators=20, random_state=0).fit(X, y)
    ip.user_ns.update(forest=model, X=X, y=y)
    return model


def test_explain_and_robustness_from_the_magic_line(ip, forest):
    # When
    explanation = ip.run_line_magic("secure_check", "explain forest --data X --sensitive sex")
    probes = ip.run_line_magic(
        "secure_check", "robustness forest --data X --target y --budget 3 --eps 0.1 --seed 1"
    )
    # Then
    importance = explanation.to_dict()["importance"]
    assert max(importance, key=importance.get) == "x1"  # the feature the label depends on most
    report = probes.to_dict()
    assert report["clean_accuracy"] == pytest.approx(
        float((forest.predict(ip.user_ns["X"]) == ip.user_ns["y"]).mean())
    )
    assert report["attacks"] and {a["eps"] for a in report["attacks"]} <= {0.1, None}
    results = state_of(ip).results
    assert results["explain"] is explanation and results["robustness"] is probes
