"""Signed model cards: ``build_card`` writes README.md, model-card.json/.html and signs them.

Imports are lazy (PEP 562), so ``import secure_check.card.sign`` stays cheap.
"""

from __future__ import annotations

from typing import Any

from secure_check.core.extras import lazy_attribute

_LAZY = {
    "build_card": "secure_check.card.build:build_card",
    "Card": "secure_check.card.result:Card",
    "keygen": "secure_check.card.sign:keygen",
}
__all__ = list(_LAZY)


def __getattr__(name: str) -> Any:
    return lazy_attribute("secure_check.card", name, _LAZY)
