"""Each analysis result's HTML escapes what came from the data: column, group and model names.

The results are built directly with the payload in every text field the data or the user
controls (a column named ``<script>``, a group label, the model's name, an attack's error),
so every branch of each ``_html_body`` runs without fitting a model.
"""

from types import SimpleNamespace

import numpy as np
import pytest

from xss import PAYLOADS, assert_inert, text_of


def _finding(t: str) -> dict[str, object]:
    return {"category": "fairness", "rule": t, "severity": "high", "message": t, "feature": t}


def fairness(t: str):
    from secure_check.analyses.fairness.result import FairnessResult, FeatureReport

    judged = {"groups": [t, "b"], "value": 0.1, "ci": (0.0, 0.2), "adjusted_p_value": 0.03}
    report = FeatureReport(
        name=t, frame=None, labels=[t, "b"], codes=np.array([0, 1]),
        stats={"selection_rate": np.array([0.5, 0.6])},
        disparities={"difference": SimpleNamespace(value=0.1)}, judged={"difference": judged},
    )  # fmt: skip
    slices = [{"description": t, "size": 3, "error": 0.2, "overall_error": 0.1, "q_value": 0.04}]
    result = FairnessResult(
        {"selection_rate": 0.55}, [report], slices, [_finding(t)],
        {"model": t, "task": "binary", "n_rows": 10}, notes=[t],
    )  # fmt: skip
    result.plots = {t: t}  # NOTE: no matplotlib; a payload as plot name and URI
    return result


def explanation(t: str):
    from secure_check.analyses.explain.result import ExplanationResult

    shap = SimpleNamespace(base_values=np.zeros(1), values=np.zeros((1, 1)))
    result = ExplanationResult({t: 0.3}, np.zeros((1, 1)), shap, None, [t])
    result.proxies = [{"feature": t, "sensitive": t, "measure": t, "association": 0.4, "rank": 1}]
    result.findings = [_finding(t)]
    result.meta = {"model": t, "explainer": t, "output": t, "rows_explained": 5, "seconds": 1}
    result.plots = {t: t}
    return result


def mitigation(t: str):
    from secure_check.analyses.mitigate.result import MitigationResult

    candidate = {"method": t, "label": t, "metric": 0.5, "metric_ci": (0.4, 0.6),
                 "disparity": 0.1, "needs_sensitive": True, "error": t}  # fmt: skip
    meta = {"model": t, "constraint": t, "n_train": 5, "n_test": 3, "held_out": t,
            "metric": t, "disparity": t, "notes": [t]}  # fmt: skip
    result = MitigationResult([candidate], {"method": t, "text": t}, {}, [_finding(t)], meta)
    result.plots = {t: t}
    return result


def robustness(t: str):
    from secure_check.analyses.robustness.report import RobustnessReport

    attack = {"name": t, "eps": 0.1, "samples": 5, "adversarial_accuracy": 0.5,
              "success_rate": 0.3, "median_perturbation": {"l2": 0.1, "linf": 0.1}}  # fmt: skip
    group = {"group": t, "name": t, "eps": None, "samples": 3, "clean_accuracy": 0.9,
             "adversarial_accuracy": 0.4, "success_rate": 0.2}  # fmt: skip
    part = {"count": 1, "rate": 0.1, "index": [t]}
    return RobustnessReport(
        model=t, clean_accuracy=0.9, attacks=[attack], groups=[group],
        most_changed_features=[{"feature": t, "share": 0.3, "mean_change_range": 0.1}],
        changed_by_group={}, membership_inference={"auc": 0.6, "advantage": 0.1,
                                                   "label_only": {"auc": 0.5, "advantage": 0.0}},
        attribute_inference={"attribute": t, "accuracy": 0.7, "advantage": 0.1},
        poisoning={"rows_screened": 10, "label_noise": part, "outliers": part},
        findings=[_finding(t)], plots={t: t},
        meta={"mutable_features": [t], "immutable_features": [t], "attack_labels": t,
              "failed_attacks": [{"attack": t, "error": t}]},
    )  # fmt: skip


RESULTS = {"fairness": fairness, "explain": explanation, "mitigate": mitigation,
           "robustness": robustness}  # fmt: skip


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("kind", sorted(RESULTS))
def test_an_analysis_display_shows_payloads_as_text(kind, payload):
    # Given a result whose every data-derived text is a payload
    result = RESULTS[kind](payload)
    # When it is displayed as HTML
    page = result._repr_mimebundle_()["text/html"]
    # Then nothing is active: the payload reads as text, in the evidence's tables
    tags = assert_inert(page)
    assert "table" in tags and "details" in tags and "img" not in tags
    assert text_of(page).count(payload) >= 3
