"""Bank data: payment card numbers (Luhn and issuer ranges) and IBANs (mod-97, stdnum)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

from secure_check.detectors.pii.rules import Match, clear_before, context_before

# --- payment cards --------------------------------------------------------------------------
# Grouped 4-4-4-(1-4)[-(1-3)], grouped 4-6-(4-5) (amex), or 12-19 bare digits. NOTE: the shared
# first four digits are matched once, and the runs before the look-ahead are possessive (giving
# a digit back leaves a digit next, which the look-ahead refuses anyway): inside a long run of
# digits each position costs one short try instead of ten.
_CARD = re.compile(
    r"[0-9]{4}(?:([ -])(?:[0-9]{4}\1[0-9]{4}\1[0-9]{1,4}+(?:\1[0-9]{1,3}+)?|[0-9]{6}\1[0-9]{4,5}+)"
    r"|[0-9]{8,15}+)(?![\w]|[.,/-][0-9])"
)
_CARD_CONTEXT = re.compile(r"card|\bcc\b|visa|master|amex|discover|payment|\bpan\b|credit", re.I)
_TEST_CARDS = frozenset(
    {"4111111111111111", "4242424242424242", "4012888888881881", "4000056655665556",
     "5555555555554444", "5105105105105100", "2223003122003222", "378282246310005",
     "371449635398431", "6011111111111117", "6011000990139424", "3530111333300000",
     "30569309025904", "38520000023237", "4222222222222", "5200828282828210"}
)  # fmt: skip


_MAESTRO = frozenset({5018, 5020, 5038, 5893, 6304, 6390, 6759, 6761, 6762, 6763})


def card_brand(digits: str) -> str | None:
    """Return the issuer of a card number by prefix and length (None when none fits)."""
    n, two, four = len(digits), int(digits[:2]), int(digits[:4])
    if digits[0] == "4" and n in (13, 16, 19):
        return "visa"
    if n == 16 and (51 <= two <= 55 or 2221 <= four <= 2720):
        return "mastercard"
    if n == 15 and two in (34, 37):
        return "amex"
    if 16 <= n <= 19 and (four == 6011 or 644 <= int(digits[:3]) <= 649 or two == 65):
        return "discover"
    if (16 <= n <= 19 and 3500 <= four <= 3589) or (n == 15 and four in (2131, 1800)):
        return "jcb"
    if 12 <= n <= 19 and four in _MAESTRO:
        return "maestro"
    if n == 14 and (300 <= int(digits[:3]) <= 305 or two in (36, 38, 39)):
        return "diners"
    if 16 <= n <= 19 and two == 62:
        return "unionpay"
    return None


def luhn_ok(digits: str) -> bool:
    """Check the Luhn (mod 10) digit."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        total += (d * 2 - 9 if d > 4 else d * 2) if i % 2 else d
    return total % 10 == 0


def _card_digits(raw: str) -> str | None:
    digits = raw.replace(" ", "").replace("-", "")
    if digits in _TEST_CARDS or len(set(digits)) < 4:
        return None
    return digits if card_brand(digits) and luhn_ok(digits) else None


def find_cards(text: str) -> Iterator[Match]:
    """Yield card numbers that pass Luhn with an issuer prefix (bare ones: a label or no crowd)."""
    for m in _CARD.finditer(text):
        digits = _card_digits(m.group()) if clear_before(text, m.start(), ".,/+-") else None
        if digits is None:
            continue
        if len(digits) != m.end() - m.start():
            yield m.start(), m.end(), digits, 0.9  # grouped as printed on a card
        elif _CARD_CONTEXT.search(context_before(text, m.start(), 60)):
            yield m.start(), m.end(), digits, 0.8
        elif len(digits) >= 14 and not _crowded(text, m.start(), m.end()):
            # NOTE: a bare 13-digit number is far more often an EAN-13 barcode than a card
            yield m.start(), m.end(), digits, 0.6


def _crowded(text: str, start: int, end: int) -> bool:
    """Whether a number sits among other numbers (a numeric table or array row)."""
    before = text[max(0, start - 4) : start].rstrip(" ,;\t[(")
    after = text[end : end + 4].lstrip(" ,;\t])")
    return before[-1:].isdigit() or after[:1].isdigit()


def is_card(value: str) -> bool:
    """Whether a whole cell is a card number."""
    m = _CARD.fullmatch(value.strip())
    return m is not None and _card_digits(m.group()) is not None


# --- IBAN ------------------------------------------------------------------------------------
_IBAN = re.compile(r"([A-Z][A-Z][0-9]{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?)(?![\w])")
_IBAN_EXAMPLES = frozenset(
    {"DE89370400440532013000", "GB82WEST12345698765432", "GB29NWBK60161331926819",
     "FR1420041010050500013M02606", "NL91ABNA0417164300", "CH9300762011623852957",
     "ES9121000418450200051332", "IT60X0542811101000000123456", "BE68539007547034",
     "AT611904300234573201", "PL61109010140000071219812874", "GB33BUKB20201555555555"}
)  # fmt: skip


@functools.lru_cache(maxsize=1)
def _iban_module() -> Any:
    from stdnum import iban  # NOTE: imported on the first IBAN-shaped string only

    return iban


def _iban_value(raw: str) -> str | None:
    compact = raw.replace(" ", "")
    if compact in _IBAN_EXAMPLES:
        return None
    return compact if _iban_module().is_valid(compact) else None


def find_ibans(text: str) -> Iterator[Match]:
    """IBANs (compact or grouped in fours) whose mod-97 and national checks pass."""
    for m in _IBAN.finditer(text):
        if not clear_before(text, m.start()):
            continue
        raw = m.group(1)
        value = _iban_value(raw)
        if value is None and " " in raw:  # NOTE: a trailing word group may have been swallowed
            raw = raw.rsplit(" ", 1)[0]
            value = _iban_value(raw)
        if value is not None:
            yield m.start(), m.start() + len(raw), value, 0.95


def is_iban(value: str) -> bool:
    """Whether a whole cell is an IBAN."""
    m = _IBAN.fullmatch(value.strip())
    return m is not None and _iban_value(m.group(1)) is not None
