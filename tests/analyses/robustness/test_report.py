"""The report (display, JSON, plots), per-group results, budgets and the errors bad input gets."""

import base64
import json

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import make_classification
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression

import secure_check
from secure_check.analyses.robustness.analyze import TRAIN_PAIR
from secure_check.analyses.robustness.budget import BAD_BUDGET
from secure_check.analyses.robustness.evasion import (
    BAD_EPS,
    BAD_SAMPLES,
    NOT_APPLICABLE,
    UNKNOWN_ATTACK,
)
from secure_check.analyses.robustness.report import MIME_TYPE
from secure_check.analyses.robustness.target import NOT_A_CLASSIFIER, PREDICT_FAILED

pytestmark = [
    pytest.mark.slow,
    pytest.mark.filterwarnings("ignore:PyTorch not found:UserWarning"),
    pytest.mark.filterwarnings("ignore::FutureWarning"),
]


@pytest.fixture(scope="module")
def split():
    X, y = make_classification(n_samples=300, n_features=5, n_informative=3, random_state=2)
    frame = pd.DataFrame(X, columns=list("abcde"))
    return frame.iloc[:200], y[:200], frame.iloc[200:], y[200:]


@pytest.fixture(scope="module")
def report(split):
    X_tr, y_tr, X_te, y_te = split
    model = LogisticRegression().fit(X_tr, y_tr)
    return secure_check.robustness(
        model, X_te, y_te, X_train=X_tr, y_train=y_tr, samples=20, progress=False
    )


def test_mimebundle_has_text_html_and_json(report):
    # When
    bundle = report._repr_mimebundle_()
    # Then
    assert set(bundle) == {"text/plain", "text/html", MIME_TYPE}
    assert "clean accuracy" in bundle["text/plain"]
    assert "<table>" in bundle["text/html"] and "<img" in bundle["text/html"]
    assert json.loads(json.dumps(bundle[MIME_TYPE])) == bundle[MIME_TYPE]


def test_to_dict_has_the_documented_keys(report):
    out = report.to_dict()
    assert {
        "clean_accuracy",
        "attacks",
        "membership_inference",
        "findings",
        "plots",
        "meta",
    } <= set(out)
    assert 0 <= out["clean_accuracy"] <= 1
    first = out["attacks"][0]
    assert {"name", "eps", "adversarial_accuracy", "success_rate", "median_perturbation"} <= set(
        first
    )
    assert {"auc", "advantage"} <= set(out["membership_inference"])
    assert [a["name"] for a in out["attacks"]][:1] == ["FGSM"]
    for finding in out["findings"]:
        assert finding["category"] in ("robustness", "privacy")
        assert finding["severity"] in ("low", "medium", "high")
        assert finding["rule"] and finding["message"]


def test_plots_are_embedded_pngs(report):
    for uri in report.plots.values():
        assert uri.startswith("data:image/png;base64,")
        assert base64.b64decode(uri.split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n"
    assert set(report.plots) == {"accuracy vs eps", "membership inference ROC"}


def test_a_predict_proba_callable_is_a_model(split):
    # Given only a function
    X_tr, y_tr, X_te, y_te = split
    fitted = LogisticRegression().fit(X_tr, y_tr)

    def predict_proba(rows):
        return fitted.predict_proba(rows)

    # When
    report = secure_check.robustness(
        predict_proba, X_te, y_te, attacks=["boundary"], samples=4, progress=False
    )
    # Then it is attacked as a black box
    assert report.meta["model_kind"] == "callable"
    assert report.meta["estimators"] == {"boundary": "BlackBoxClassifier"}
    assert report.clean_accuracy == pytest.approx(fitted.score(X_te, y_te))


def test_one_group_easier_to_fool_is_a_finding():
    # Given a linear model where group "near" sits at the decision boundary and "far" does not
    rng = np.random.default_rng(0)
    near = rng.uniform(-0.05, 0.05, 60)
    far = np.r_[rng.uniform(2, 3, 30), rng.uniform(-3, -2, 30)]
    x0 = np.r_[near, far]
    X = pd.DataFrame({"x0": x0, "x1": rng.normal(size=120)})
    y = (x0 > 0).astype(int)
    group = np.array(["near"] * 60 + ["far"] * 60)
    model = LogisticRegression(C=100).fit(X, y)
    # When
    report = secure_check.robustness(
        model, X, y, sensitive_features=pd.Series(group, name="zone"), attacks=["fgsm"],
        eps=0.05, progress=False,
    )  # fmt: skip
    # Then per-group numbers exist and the gap is reported against the right group
    rates = {g["group"]: g["success_rate"] for g in report.groups}
    assert rates["near"] > 0.8 and rates["far"] == 0.0
    found = [f for f in report.findings if f["rule"] == "group-vulnerability"]
    assert found and "'near'" in found[0]["message"]
    assert "x0" in [f["feature"] for f in report.changed_by_group["near"]]
    assert report.changed_by_group["far"] == []
    assert "success rate by group" in report.plots


def test_tiny_budget_truncates_and_says_so(split):
    X_tr, y_tr, X_te, y_te = split
    model = RandomForestClassifier(n_estimators=10, random_state=0).fit(X_tr, y_tr)
    report = secure_check.robustness(
        model, X_te, y_te, attacks=["hsj"], budget=0.01, progress=False
    )
    assert report.meta["truncated_by_budget"] == ["hsj"]
    assert report.attacks[-1]["samples"] == 1 and report.attacks[-1]["complete"] is False


class _Unfitted:
    def predict_proba(self, X):
        raise RuntimeError("call fit first")


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"X_train": "only"}, ValueError, TRAIN_PAIR),
        ({"eps": 0}, ValueError, BAD_EPS.format(eps=0)),
        ({"eps": [0.1, 2]}, ValueError, BAD_EPS.format(eps=[0.1, 2])),
        ({"budget": -1}, ValueError, BAD_BUDGET.format(budget=-1)),
        ({"samples": 0}, ValueError, BAD_SAMPLES.format(samples=0)),
        ({"attacks": ["nope"]}, ValueError, UNKNOWN_ATTACK.split(";")[0].format(name="nope")),
        ({"attacks": ["fgsm"], "model": "forest"}, ValueError,
         NOT_APPLICABLE.format(name="fgsm", need="gradients", model="RandomForestClassifier")),
        ({"model": object()}, TypeError, NOT_A_CLASSIFIER.format(kind="object")),
        ({"model": _Unfitted()}, ValueError, PREDICT_FAILED.split("(")[0]),
        ({"y": [0, 1]}, ValueError, "y has 2 rows but X has 100"),
    ],
    ids=["train-pair", "eps-zero", "eps-above-1", "budget", "samples", "attack", "no-gradients",
         "not-a-model", "unfitted", "y-length"],
)  # fmt: skip
def test_bad_input_gets_a_specific_error(split, kwargs, error, message):
    # Given
    X_tr, y_tr, X_te, y_te = split
    args = {"model": LogisticRegression().fit(X_tr, y_tr), "X": X_te, "y": y_te, **kwargs}
    if args["model"] == "forest":
        args["model"] = RandomForestClassifier(n_estimators=5).fit(X_tr, y_tr)
    # When / Then
    with pytest.raises(error) as caught:
        secure_check.robustness(progress=False, **args)
    assert message in str(caught.value)


def test_unknown_label_in_y_is_named(split):
    X_tr, y_tr, X_te, y_te = split
    model = LogisticRegression().fit(X_tr, y_tr)
    with pytest.raises(ValueError, match="labels the model does not know \\(7\\)"):
        secure_check.robustness(model, X_te, np.where(y_te == 1, 7, 0), progress=False)


def test_importing_the_package_does_not_import_art():
    import subprocess
    import sys

    code = "import secure_check, sys; print('art' in sys.modules, 'sklearn' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_a_regressor_is_refused_with_a_clear_message(split):
    from sklearn.linear_model import LinearRegression

    from secure_check.analyses.robustness.target import REGRESSOR

    X_tr, y_tr, X_te, y_te = split
    with pytest.raises(TypeError) as caught:
        secure_check.robustness(LinearRegression().fit(X_tr, y_tr), X_te, y_te, progress=False)
    assert str(caught.value) == REGRESSOR.format(name="LinearRegression")


def test_progress_bars_name_each_probe(split, capsys):
    # Given
    X_tr, y_tr, X_te, y_te = split
    model = LogisticRegression().fit(X_tr, y_tr)
    # When progress is on (the default)
    secure_check.robustness(
        model, X_te, y_te, X_train=X_tr, y_train=y_tr, attacks=["hsj"], samples=2
    )
    # Then tqdm reports the attack and the training-set probes
    err = capsys.readouterr().err
    assert "HopSkipJump" in err and "privacy and poisoning" in err


def test_extra_sensitive_column_defines_groups_but_is_not_attacked(split):
    # Given a model fitted without the sensitive column, and X that carries it
    from secure_check.analyses.robustness.privacy import NOT_A_FEATURE

    X_tr, y_tr, X_te, y_te = split
    model = LogisticRegression().fit(X_tr, y_tr)
    rng = np.random.default_rng(0)
    X_tr, X_te = (
        X.assign(sex=rng.choice(["f", "m"], len(X))) for X in (X_tr, X_te)
    )  # fmt: skip
    # When
    report = secure_check.robustness(
        model, X_te, y_te, X_train=X_tr, y_train=y_tr, sensitive_features="sex",
        attacks=["fgsm"], progress=False,
    )  # fmt: skip
    # Then only model inputs move, groups come from "sex", and inference says why it skipped
    assert report.space.columns == list("abcde")
    assert {g["group"] for g in report.groups} == {"f", "m"}
    assert report.attribute_inference == {"skipped": NOT_A_FEATURE.format(name="sex")}


@pytest.mark.parametrize("returns", ["labels", "probabilities"])
def test_models_with_predict_only_are_attacked(split, returns):
    # Given a model with predict() only: labels (label-only) or Keras-style probabilities
    X_tr, y_tr, X_te, y_te = split
    fitted = LogisticRegression().fit(X_tr, y_tr)

    class PredictOnly:
        def predict(self, X):
            return fitted.predict(X) if returns == "labels" else fitted.predict_proba(X)

    # When
    report = secure_check.robustness(
        PredictOnly(), X_te, y_te, X_train=X_tr, y_train=y_tr, attacks=["hsj"], samples=3,
        progress=False,
    )  # fmt: skip
    # Then predictions match the wrapped model and the probes ran
    assert report.clean_accuracy == pytest.approx(fitted.score(X_te, y_te))
    assert report.meta["model_kind"] == "estimator"
    assert "auc" in report.membership_inference
