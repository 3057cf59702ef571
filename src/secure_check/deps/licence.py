"""Classify a distribution's licence from its metadata: permissive, copyleft or unknown."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

PERMISSIVE, WEAK, STRONG, NETWORK, UNKNOWN = (
    "permissive",
    "weak-copyleft",
    "copyleft",
    "network-copyleft",
    "unknown",
)
# NOTE: from least to most restrictive; dual licences (OR, several classifiers) take the least.
_ORDER = (PERMISSIVE, WEAK, UNKNOWN, STRONG, NETWORK)
SEVERITY = {NETWORK: "high", STRONG: "medium", UNKNOWN: "low", WEAK: "low"}
_PATTERNS = (
    (NETWORK, re.compile(r"\bAGPL|Affero", re.I)),
    (
        WEAK,
        re.compile(
            r"\bLGPL|Lesser General|Library General|\bMPL\b|Mozilla|\bEPL\b|Eclipse|CDDL", re.I
        ),
    ),
    (STRONG, re.compile(r"\bGPL|General Public License|EUPL|OSL-3|Sleepycat", re.I)),
    (
        PERMISSIVE,
        re.compile(
            r"\bMIT\b|BSD|Apache|\bISC\b|PSF|Python Software Foundation|Zlib|Unlicense|CC0|"
            r"Public Domain|HPND|\b0BSD\b|BSL-1|Boost|\bPython-2|MIT-CMU|W3C|UPL",
            re.I,
        ),
    ),
)
_OTHER = re.compile(r"Other/Proprietary|Proprietary|Commercial", re.I)


def licence_of(metadata: Any) -> tuple[str, str]:
    """Return ``(licence text to show, class)`` for a distribution's metadata.

    PEP 639 ``License-Expression`` wins, then ``License ::`` classifiers, then a short
    ``License`` field (long ones are the full licence text, matched on the first line).
    """
    expression = (metadata.get("License-Expression") or "").strip()
    if expression:
        return expression, classify_expression(expression)
    classifiers = [
        c.split("::")[-1].strip()
        for c in metadata.get_all("Classifier") or []
        if c.startswith("License ::") and c.strip() != "License :: OSI Approved"
    ]
    if classifiers:
        return "; ".join(classifiers), least([classify(c) for c in classifiers])
    field = (metadata.get("License") or "").strip().splitlines()
    first = field[0].strip()[:100] if field else ""
    if not first or first.upper() in ("UNKNOWN", "NONE"):
        return "", UNKNOWN
    return first, classify(first)


def classify(text: str) -> str:
    """Classify one licence name or SPDX id."""
    if _OTHER.search(text):
        return UNKNOWN
    for kind, pattern in _PATTERNS:
        if pattern.search(text):
            return kind
    return UNKNOWN


def classify_expression(expression: str) -> str:
    """Classify an SPDX expression: ``OR`` takes the least restrictive, ``AND`` the most."""
    alternatives = re.split(r"\s+OR\s+", expression.strip("() "), flags=re.I)
    return least(
        [
            most(
                [
                    classify(p)
                    for p in re.split(r"\s+AND\s+|\s+WITH\s+", a, flags=re.I)
                    if not p.upper().endswith("EXCEPTION")
                ]
            )
            for a in alternatives
        ]
    )


def least(kinds: Sequence[str]) -> str:
    """Return the least restrictive of ``kinds``."""
    return min(kinds, key=_ORDER.index) if kinds else UNKNOWN


def most(kinds: Sequence[str]) -> str:
    """Return the most restrictive of ``kinds``."""
    return max(kinds, key=_ORDER.index) if kinds else UNKNOWN
