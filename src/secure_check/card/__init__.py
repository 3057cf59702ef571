"""Signed model cards: ``build_card`` writes README.md, model-card.json/.html and signs them.

Imports are lazy (PEP 562), so ``import secure_check.core.audit`` stays cheap.
"""

from __future__ import annotations

from typing import Any

_LAZY = {
    "build_card": "secure_check.card.build:build_card",
    "Card": "secure_check.card.result:Card",
    "keygen": "secure_check.card.sign:keygen",
}
__all__ = list(_LAZY)


def __getattr__(name: str) -> Any:
    target = _LAZY.get(name)
    if target is None:
        raise AttributeError(f"module 'secure_check.card' has no attribute {name!r}")
    import importlib

    module, attr = target.split(":")
    return getattr(importlib.import_module(module), attr)
