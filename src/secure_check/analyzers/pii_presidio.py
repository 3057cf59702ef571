"""Optional Presidio pass for person names and street addresses in prose.

Runs only when the `pii` extra (presidio-analyzer) and a spaCy English model are installed;
otherwise it yields nothing and costs one failed import, once. Names and addresses in tables
are found by header and by value in pii_columns without it.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from typing import Any

from ..core.findings import Hit, Severity
from ..core.notebook import Segment

ENTITIES = {"PERSON": "person-name", "LOCATION": "street-address"}
MIN_SCORE = 0.85
MAX_CHARS = 20_000
_PROSE_KINDS = frozenset({"markdown", "text/markdown", "text/plain", "stream"})


@functools.lru_cache(maxsize=1)
def engine() -> Any | None:
    """Return Presidio's AnalyzerEngine, or None when Presidio or its spaCy model is missing."""
    if os.environ.get("SECURE_CHECK_PRESIDIO", "1") == "0":
        return None
    try:
        from presidio_analyzer import AnalyzerEngine  # NOTE: optional extra `pii`
    except ImportError:
        return None
    try:
        return AnalyzerEngine()
    except (OSError, ValueError, ImportError):  # NOTE: no spaCy model installed: stay offline
        return None


def presidio_hits(segment: Segment) -> Iterator[Hit]:
    """Person names and addresses Presidio finds in prose segments (nothing without it)."""
    if segment.kind not in _PROSE_KINDS or len(segment.text) > MAX_CHARS:
        return
    analyzer = engine()
    if analyzer is None:
        return
    for result in analyzer.analyze(segment.text, entities=list(ENTITIES), language="en"):
        if result.score >= MIN_SCORE:
            value = segment.text[result.start : result.end]
            rule = ENTITIES[result.entity_type]
            yield Hit(rule, "pii", result.start, result.end, value.lower(), Severity.MEDIUM,
                      float(result.score), f"{rule.replace('-', ' ')} (Presidio)")  # fmt: skip
