"""Robustness: ART evasion attacks, membership and attribute inference, poisoning screen."""

from secure_check.analyses.robustness.analyze import robustness

__all__ = ["robustness"]
