"""Phone numbers: phone-shaped text first, then the `phonenumbers` library decides.

Digit runs in numeric output are never handed to phonenumbers blindly: a candidate needs an
international prefix, a NANP shape ((201) 555-0123, 201-555-0123) or a phone label before it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

from secure_check.detectors.pii.rules import (
    Match,
    clear_before,
    context_before,
    label_positions,
    labels_in,
)

# NOTE: no look-behind at the start of these patterns: it would stop the regex engine from
# skipping ahead to the first possible character, which made this rule 10x slower.
_TAIL = r"(?:[ ]?(?:x|ext\.?)[ ]?[0-9]{1,5})?(?![\w]|[.,/:-][0-9])"
_INTERNATIONAL = re.compile(
    r"\+[0-9]{1,3}[ .-]?(?:\([0-9]{1,5}\)[ .-]?)?[0-9]{1,14}(?:[ .-][0-9]{1,14}){0,5}" + _TAIL
)
_PAREN = re.compile(r"\([0-9]{3}\)[ .-]?[0-9]{3}[ .-][0-9]{4}" + _TAIL)
# NOTE: 201-555-0123 and 201.555.0123 are sought from their middle separator, then widened.
_SEPARATED = re.compile(r"([.-])[0-9]{3}\1[0-9]{4}" + _TAIL)
_CANDIDATE = re.compile(
    r"(?:\+\d{1,3}[ .-]?|00\d{1,3}[ .-])?(?:\(\d{1,5}\)[ .-]?)?\d{1,14}(?:[ .-]\d{1,14}){0,5}"
    r"(?:[ ]?(?:x|ext\.?)[ ]?\d{1,5})?"
    r"(?![\w]|[.,/:-]\d)"
)
_NANP = re.compile(
    r"(?:\+?1[ .-]?)?(?:\(\d{3}\)[ .-]?|\d{3}[.-]|\d{3} (?=\d{3} \d{4}))\d{3}[ .-]\d{4}"
)
_DATE_LIKE = re.compile(r"\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4}")
_WORDS = ("phone", "tel:", "tel.", "tel ", "mobile", "cell:", "cell ", "fax", "call me", "call us",
          "contact", "whatsapp", "sms", "handy", "telefon", "téléphone", "móvil", "movil",
          "celular",
          "portable")  # fmt: skip
_CONTEXT = re.compile(
    r"phone|\btel\b|\btel[.:]|mobile|\bcell|\bfax|\bcall\b|contact|whatsapp|\bsms\b|"
    r"telefon|t[ée]l[ée]phone|handy|m[óo]vil|celular|cellulare|portable",
    re.I,
)
_REGIONS = ("US", "GB", "DE", "FR", "IN", "AU", "CA", "ES", "IT", "NL", "BR", "MX", "JP", "ZA")
_IPV4_SHAPE = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")
_DECIMAL = re.compile(r"[-+]?[0-9]*\.[0-9]+(?:[eE][-+]?[0-9]+)?")
_FORMATTED = re.compile(r"^\+[0-9]{1,3}(?:[ .-]|\()")
_EXT = re.compile(r"[ ]?(?:x|ext\.?)[ ]?\d{1,5}$")
_BANNED_BEFORE = "+/.$@-"


@functools.lru_cache(maxsize=1)
def _lib() -> Any:
    import phonenumbers  # NOTE: imported on the first phone-shaped candidate only

    return phonenumbers


def find_phones(text: str) -> Iterator[Match]:
    """Yield valid phone numbers written as phone numbers, normalised to E.164."""
    seen: set[int] = set()
    for start, end in _shaped(text):
        seen.add(start)
        found = _check(text, start, text[start:end], _labelled(text, start))
        if found is not None:
            yield start, end, found[0], found[1]
    if not labels_in(text, _WORDS):
        return
    for at in label_positions(text, _WORDS):
        window_end = text.find("\n", at)
        window_end = min(at + 60, len(text) if window_end < 0 else window_end)
        for m in _CANDIDATE.finditer(text, at, window_end):
            if m.start() not in seen and _CONTEXT.search(context_before(text, m.start())):
                seen.add(m.start())
                found = _check(text, m.start(), m.group(), True)
                if found is not None:
                    yield m.start(), m.end(), found[0], found[1]


def _shaped(text: str) -> Iterator[tuple[int, int]]:
    """Spans written the way phone numbers are: +44 ..., (201) 555-0123, 201-555-0123."""
    if "+" in text:
        for m in _INTERNATIONAL.finditer(text):
            yield m.start(), m.end()
    if "(" in text:
        for m in _PAREN.finditer(text):
            if not text[max(0, m.start() - 3) : m.start()].lstrip().startswith("+"):
                yield m.start(), m.end()
    for m in _SEPARATED.finditer(text):
        start = m.start() - 3
        if start >= 0 and text[start : m.start()].isdigit():
            sep = m.group(1)
            if text[max(start - 4, 0) : start] == "001" + sep:
                start -= 4  # NOTE: 001-415-555-0123, the international call prefix
            elif (
                text[max(start - 2, 0) : start] == "1" + sep and text[start - 3 : start - 2] != "+"
            ):
                start -= 2
            if text[start - 1 : start] != "+":
                yield start, m.end()


def _labelled(text: str, start: int) -> bool:
    return bool(_CONTEXT.search(context_before(text, start)))


def _check(text: str, start: int, raw: str, labelled: bool) -> tuple[str, float] | None:
    if not clear_before(text, start, _BANNED_BEFORE):
        return None
    digits = sum(ch.isdigit() for ch in raw)
    if not 7 <= digits <= 17 or _DATE_LIKE.fullmatch(raw) or _DECIMAL.fullmatch(raw):
        return None
    return classify(raw, labelled, numeric_neighbours(text, start, start + len(raw)))


def classify(raw: str, labelled: bool, crowded: bool = False) -> tuple[str, float] | None:
    """(E.164 number, confidence) when ``raw`` is a real phone number written as one."""
    body = _EXT.sub("", raw)
    if body.startswith(("+", "00")):
        plus = body.replace("00", "+", 1) if body.startswith("00") else body
        found = _parse(plus, None, 0.9)
        if found or not (labelled or _FORMATTED.search(plus)):
            return found
        return _possible(plus, None)  # NOTE: +CC and groups: written as a phone number
    if _IPV4_SHAPE.fullmatch(body):
        return None
    spaced_only = not re.search(r"[-.(]", body)
    if _NANP.fullmatch(body) and (labelled or not (spaced_only or (crowded and "." in body))):
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


def _possible(raw: str, region: str | None) -> tuple[str, float] | None:
    """Accept a number written as a phone number that is possible but unassigned (test data)."""
    lib = _lib()
    try:
        number = lib.parse(raw, region)
    except lib.NumberParseException:
        return None
    if not lib.is_possible_number(number):
        return None
    return lib.format_number(number, lib.PhoneNumberFormat.E164), 0.6


def numeric_neighbours(text: str, start: int, end: int) -> bool:
    """Whether the candidate sits among other numbers (a numeric table or array row)."""
    before = text[max(0, start - 3) : start].rstrip()
    after = text[end : end + 3].lstrip()
    return (before[-1:].isdigit()) or (after[:1].isdigit())


def is_phone(value: str, labelled: bool = False) -> bool:
    """Whether a whole cell is a phone number; ``labelled`` when its header says phone.

    A decimal number (0.4393, 7043.0) is never one, whatever the header says.
    """
    value = value.strip()
    if _DECIMAL.fullmatch(value) or sum(ch.isdigit() for ch in value) < 7:
        return False
    return bool(_CANDIDATE.fullmatch(value)) and classify(value, labelled) is not None
