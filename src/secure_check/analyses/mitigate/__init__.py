"""Bias mitigation: fairlearn's post-processing, reductions and pre-processing, held out."""

from secure_check.analyses.mitigate.analyze import mitigate

__all__ = ["mitigate"]
