"""Phone numbers: phone-shaped text first, then the `phonenumbers` library decides.

Digit runs in numeric output are never handed to phonenumbers blindly: a candidate needs an
international prefix, a NANP shape ((201) 555-0123, 201-555-0123) or a phone label before it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

from .pii_rules import Match, context_before

_CANDIDATE = re.compile(
    r"(?<![\w+/.:$#=@-])"
    r"(?:\+\d{1,3}[ .-]?|00\d{1,3}[ .-])?(?:\(\d{1,5}\)[ .-]?)?\d{1,5}(?:[ .-]\d{1,5}){0,5}"
    r"(?:[ ]?(?:x|ext\.?)[ ]?\d{1,5})?"
    r"(?![\w]|[.,/:-]\d)"
)
_NANP = re.compile(r"(?:\+?1[ .-]?)?(?:\(\d{3}\)[ .-]?|\d{3}[.-]|\d{3} (?=\d{3} \d{4}))\d{3}[ .-]\d{4}")
_DATE_LIKE = re.compile(r"\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4}")
_CONTEXT = re.compile(
    r"phone|tel\b|tel[.:]|telephone|mobile|\bcell|fax|\bcall\b|contact|whatsapp|sms|"
    r"telefon|t[ée]l[ée]phone|handy|m[óo]vil|celular|cellulare|portable",
    re.I,
)
_REGIONS = ("US", "GB", "DE", "FR", "IN", "AU", "CA", "ES", "IT", "NL", "BR", "MX", "JP", "ZA")
_EXT = re.compile(r"[ ]?(?:x|ext\.?)[ ]?\d{1,5}$")


@functools.lru_cache(maxsize=1)
def _lib() -> Any:
    import phonenumbers  # NOTE: imported on the first phone-shaped candidate only

    return phonenumbers


def find_phones(text: str) -> Iterator[Match]:
    """Valid phone numbers written as phone numbers, normalised to E.164."""
    labelled_segment = _CONTEXT.search(text) is not None
    for m in _CANDIDATE.finditer(text):
        raw = m.group()
        digits = sum(ch.isdigit() for ch in raw)
        if not 7 <= digits <= 17 or _DATE_LIKE.fullmatch(raw):
            continue
        labelled = labelled_segment and bool(_CONTEXT.search(context_before(text, m.start())))
        found = classify(raw, labelled, _numeric_neighbours(text, m.start(), m.end()))
        if found is not None:
            yield m.start(), m.end(), found[0], found[1]


def classify(raw: str, labelled: bool, crowded: bool = False) -> tuple[str, float] | None:
    """(E.164 number, confidence) when ``raw`` is a real phone number written as one."""
    body = _EXT.sub("", raw)
    if body.startswith(("+", "00")):
        return _parse(body.replace("00", "+", 1) if body.startswith("00") else body, None, 0.9)
    if _NANP.fullmatch(body) and not (crowded and not labelled and "-" not in body and "(" not in body):
        found = _parse(body, "US", 0.8)
        if found or not labelled:
            return found
        return _possible(body, "US")
    if not labelled:
        return None
    for region in _REGIONS:
        found = _parse(body, region, 0.7)
        if found:
            return found
    return None


def _parse(raw: str, region: str | None, confidence: float) -> tuple[str, float] | None:
    lib = _lib()
    try:
        number = lib.parse(raw, region)
    except lib.NumberParseException:
        return None
    if not lib.is_valid_number(number):
        return None
    return lib.format_number(number, lib.PhoneNumberFormat.E164), confidence


def _possible(raw: str, region: str) -> tuple[str, float] | None:
    """A labelled NANP-shaped number that is possible but not assigned (made-up test data)."""
    lib = _lib()
    try:
        number = lib.parse(raw, region)
    except lib.NumberParseException:
        return None
    if not lib.is_possible_number(number):
        return None
    return lib.format_number(number, lib.PhoneNumberFormat.E164), 0.6


def _numeric_neighbours(text: str, start: int, end: int) -> bool:
    """Whether the candidate sits among other numbers (a numeric table or array row)."""
    before = text[max(0, start - 3) : start].rstrip()
    after = text[end : end + 3].lstrip()
    return (before[-1:].isdigit()) or (after[:1].isdigit())


def is_phone(value: str, labelled: bool = False) -> bool:
    """Whether a whole cell is a phone number; ``labelled`` when its header says phone."""
    value = value.strip()
    return bool(_CANDIDATE.fullmatch(value)) and classify(value, labelled) is not None
