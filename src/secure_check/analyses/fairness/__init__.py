"""Subpopulation fairness: group metrics, disparities with intervals, underperforming slices."""

from secure_check.analyses.fairness.analyze import fairness

__all__ = ["fairness"]
