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

from secure_check.core.findings import Hit, Severity
from secure_check.core.notebook import Segment

ENTITIES = {"PERSON": "person-name", "LOCATION": "street-address"}
MIN_SCORE = 0.85
MAX_CHARS = 20_000
MODELS = ("en_core_web_lg", "en_core_web_md", "en_core_web_sm", "en_core_web_trf")
_PROSE_KINDS = frozenset({"markdown", "text/markdown", "text/plain", "stream"})


@functools.lru_cache(maxsize=1)
def engine() -> Any | None:
    """Return Presidio's AnalyzerEngine, or None when Presidio or a spaCy model is missing.

    Presidio downloads a missing spaCy model on its own; that must never happen here, so
    the engine is built only on a model that is already installed.
    """
    if os.environ.get("SECURE_CHECK_PRESIDIO", "1") == "0":
        return None
    model = installed_model()
    if model is None:
        return None
    try:
        from presidio_analyzer import AnalyzerEngine
        from presidio_analyzer.nlp_engine import NlpEngineProvider
    except ImportError:
        return None
    config = {"nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": model}]}
    try:
        nlp = NlpEngineProvider(nlp_configuration=config).create_engine()
        return AnalyzerEngine(nlp_engine=nlp, supported_languages=["en"])
    except (OSError, ValueError, ImportError):
        return None


def installed_model() -> str | None:
    """Return the first English spaCy model installed here (none is ever downloaded)."""
    try:
        import spacy.util  # NOTE: optional, with the `pii` extra
    except ImportError:
        return None
    return next((m for m in MODELS if spacy.util.is_package(m)), None)


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
