"""Explanations: SHAP importances, per-group importances, proxy findings, PD/ICE curves."""

from secure_check.analyses.explain.analyze import explain

__all__ = ["explain"]
