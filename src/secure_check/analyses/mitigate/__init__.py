"""Bias mitigation: fairlearn's post-processing, reductions and pre-processing, held out."""

from __future__ import annotations

from typing import Any

__all__ = ["mitigate"]


def __getattr__(name: str) -> Any:
    # NOTE: lazy, so the magic's parser can read constraints.py without loading the engine
    if name == "mitigate":
        from secure_check.analyses.mitigate.analyze import mitigate

        return mitigate
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
