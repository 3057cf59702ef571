"""Evasion probes on models trained here: examples really flip, stay within eps and stay valid."""

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import make_classification
from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier

import secure_check

pytestmark = [
    pytest.mark.slow,
    pytest.mark.filterwarnings("ignore:PyTorch not found:UserWarning"),
    pytest.mark.filterwarnings("ignore::FutureWarning"),
]


@pytest.fixture(scope="module")
def data():
    X, y = make_classification(
        n_samples=240, n_features=6, n_informative=4, n_redundant=0, random_state=0
    )
    frame = pd.DataFrame(X * [1, 10, 100, 1, 5, 0.1], columns=[f"f{i}" for i in range(6)])
    return frame.iloc[:160], y[:160], frame.iloc[160:], y[160:]


def _flips_and_bounds(report, model, X, name, eps):
    run = report.run(name, eps)
    adv = report.adversarial_examples(name, eps)
    before = model.predict(X.iloc[run.rows])
    after = model.predict(adv)
    flipped = before != after
    return run, adv, flipped


@pytest.mark.parametrize(
    "model",
    [
        LogisticRegression(max_iter=500),
        make_pipeline(StandardScaler(), LogisticRegression()),
        GridSearchCV(
            make_pipeline(StandardScaler(), LogisticRegression()),
            {"logisticregression__C": [0.1, 1]},
        ),
    ],
    ids=["logreg", "scaled-pipeline", "grid-search"],
)
def test_gradient_attacks_flip_within_eps(data, model):
    # Given a differentiable model
    X_tr, y_tr, X_te, y_te = data
    model.fit(X_tr, y_tr)
    # When FGSM/PGD run at two eps
    report = secure_check.robustness(
        model, X_te, y_te, eps=[0.05, 0.3], attacks=["fgsm", "pgd"], progress=False
    )
    # Then white-box estimators were used, and at eps=0.3 PGD flips most predictions
    assert report.meta["estimators"]["pgd"] == "ScikitlearnLogisticRegression"
    span = (pd.concat([X_tr, X_te]).max() - pd.concat([X_tr, X_te]).min()).to_numpy()
    for eps in (0.05, 0.3):
        run, adv, flipped = _flips_and_bounds(report, model, X_te, "pgd", eps)
        delta = np.abs(adv.to_numpy() - X_te.iloc[run.rows].to_numpy())
        assert np.all(delta <= eps * span + 1e-9)
        assert np.array_equal(flipped, run.flipped)
    strong = next(r for r in report.attacks if r["attack"] == "pgd" and r["eps"] == 0.3)
    weak = next(r for r in report.attacks if r["attack"] == "pgd" and r["eps"] == 0.05)
    assert strong["success_rate"] > 0.5
    assert strong["adversarial_accuracy"] < weak["adversarial_accuracy"] <= 1.0


@pytest.mark.parametrize(
    ("model", "attack", "estimator"),
    [
        (RandomForestClassifier(n_estimators=20, random_state=0), "hsj", "BlackBoxClassifier"),
        (
            GradientBoostingClassifier(n_estimators=20, random_state=0),
            "boundary",
            "BlackBoxClassifier",
        ),
        (
            DecisionTreeClassifier(max_depth=4, random_state=0),
            "decision_tree",
            "ScikitlearnDecisionTreeClassifier",
        ),
    ],
    ids=["forest-hsj", "boosting-boundary", "tree-attack"],
)
def test_black_box_and_tree_attacks_really_flip(data, model, attack, estimator):
    # Given a tree model
    X_tr, y_tr, X_te, y_te = data
    model.fit(X_tr, y_tr)
    # When a minimal-perturbation attack runs on a few rows
    report = secure_check.robustness(
        model, X_te, y_te, attacks=[attack], samples=10, progress=False, budget=30
    )
    run, _, flipped = _flips_and_bounds(report, model, X_te, attack, None)
    # Then the examples it counts as successful really change the model's prediction
    assert report.meta["estimators"][attack] == estimator
    assert flipped.any()
    assert np.array_equal(flipped, run.flipped)
    summary = next(r for r in report.attacks if r["attack"] == attack and r["eps"] is None)
    assert summary["median_perturbation"]["linf_range"] > 0
    assert report.most_changed_features


def test_lightgbm_through_black_box(data):
    lightgbm = pytest.importorskip("lightgbm")
    # Given
    X_tr, y_tr, X_te, y_te = data
    model = lightgbm.LGBMClassifier(n_estimators=30, verbose=-1, random_state=0).fit(X_tr, y_tr)
    # When
    report = secure_check.robustness(
        model, X_te, y_te, attacks=["hsj"], samples=6, progress=False, budget=30
    )
    # Then
    run, _, flipped = _flips_and_bounds(report, model, X_te, "hsj", None)
    assert report.meta["model_kind"] == "lightgbm"
    assert flipped.any() and np.array_equal(flipped, run.flipped)


def test_integer_and_categorical_features_stay_valid():
    # Given a pipeline on a frame with integer, categorical and float columns
    from sklearn.compose import make_column_transformer
    from sklearn.preprocessing import OneHotEncoder

    rng = np.random.default_rng(1)
    n = 300
    X = pd.DataFrame(
        {
            "age": rng.integers(18, 80, n),
            "children": rng.integers(0, 5, n),
            "city": rng.choice(["Lyon", "Nice", "Paris"], n),
            "income": rng.normal(50, 15, n),
        }
    )
    y = ((X["age"] > 45) ^ (X["city"] == "Nice") ^ (X["income"] > 55)).astype(int).to_numpy()
    encode = make_column_transformer((OneHotEncoder(), ["city"]), remainder="passthrough")
    model = make_pipeline(encode, RandomForestClassifier(n_estimators=20, random_state=0))
    model.fit(X.iloc[:200], y[:200])
    # When
    report = secure_check.robustness(
        model, X.iloc[200:], y[200:], attacks=["hsj"], samples=6, progress=False, budget=30
    )
    adv = report.adversarial_examples("hsj")
    # Then integers are whole and in range, categories are real ones, flips are real
    for col in ("age", "children"):
        assert np.all(adv[col] == np.round(adv[col]))
        assert adv[col].between(X[col].min(), X[col].max()).all()
    assert set(adv["city"]) <= {"Lyon", "Nice", "Paris"}
    assert report.meta["integer_features"] == ["age", "children", "city"]
    assert report.meta["categorical_features"] == ["city"]
    run = report.run("hsj")
    assert np.array_equal(
        model.predict(adv) != model.predict(X.iloc[200:].iloc[run.rows]), run.flipped
    )


def test_same_seed_same_result(data):
    # Given
    X_tr, y_tr, X_te, y_te = data
    model = LogisticRegression(max_iter=500).fit(X_tr, y_tr)

    def probe(seed):
        report = secure_check.robustness(
            model,
            X_te,
            y_te,
            attacks=["pgd", "hsj"],
            eps=0.1,
            seed=seed,
            samples=6,
            progress=False,
        )
        out = report.to_dict()
        for row in out["attacks"]:
            row.pop("seconds")
        return out["attacks"], report.run("hsj").x_adv

    # When the probe runs twice under one seed
    first, second = probe(3), probe(3)
    # Then the numbers and the examples are identical
    assert first[0] == second[0]
    assert np.array_equal(first[1], second[1])


def test_torch_mlp_is_attacked_with_gradients(data):
    torch = pytest.importorskip("torch")
    # Given a small MLP trained here
    X_tr, y_tr, X_te, y_te = data
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(6, 16), torch.nn.ReLU(), torch.nn.Linear(16, 2))
    scale = float(np.abs(X_tr.to_numpy()).max())
    xt = torch.tensor(X_tr.to_numpy() / scale, dtype=torch.float32)
    opt = torch.optim.Adam(net.parameters(), lr=0.05)
    for _ in range(200):
        opt.zero_grad()
        torch.nn.functional.cross_entropy(net(xt), torch.tensor(y_tr)).backward()
        opt.step()
    # When
    report = secure_check.robustness(
        net, (X_te.to_numpy() / scale).astype("float32"), y_te,
        X_train=(X_tr.to_numpy() / scale).astype("float32"), y_train=y_tr,
        attacks=["pgd"], eps=0.3, progress=False,
    )  # fmt: skip
    # Then gradients drive PGD, and ART's neural-net poisoning defences ran on the network
    assert report.meta["estimators"]["pgd"] == "PyTorchClassifier"
    assert report.attacks[0]["success_rate"] > 0
    for defence in ("activation_clustering", "spectral_signatures"):
        assert 0 <= report.poisoning[defence]["count"] <= len(X_tr)
