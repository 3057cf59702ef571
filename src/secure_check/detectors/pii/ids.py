"""National identifiers validated by python-stdnum.

Structured ids (a Spanish DNI, an Italian codice fiscale, a Finnish HETU, a formatted CPF or
NIR, a UK NINO) are matched anywhere; bare digit runs (German IdNr, Dutch BSN, PESEL, Aadhaar,
Canadian SIN) only after their own label, because any long number passes a check digit by chance.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
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

_NINO_PREFIX_BAD = frozenset({"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"})


@dataclasses.dataclass(frozen=True)
class IdRule:
    """One national id: its pattern, the stdnum module that checks it, the label it needs.

    ``words`` are lowercase label substrings: a labelled rule only looks at the 60 characters
    after one of them, and ``label`` must then match just before the number.
    """

    kind: str
    body: str
    module: str
    words: tuple[str, ...] = ()
    label: re.Pattern[str] | None = None

    @functools.cached_property
    def pattern(self) -> re.Pattern[str]:
        """The id's pattern with its right-hand boundary."""
        return re.compile(f"(?:{self.body})" + _END)


_END = r"(?![\w]|[.-]\w)"


def _label(words: str) -> re.Pattern[str]:
    return re.compile(words, re.I)


# NOTE: each body starts with a single character class so that the regex engine seeks fast.
RULES = (
    IdRule("es-dni", r"[0-9][0-9]{7}-?[A-Z]", "stdnum.es.dni"),
    IdRule("es-nie", r"[XYZ]-?[0-9]{7}-?[A-Z]", "stdnum.es.nie"),
    IdRule("it-codicefiscale", r"[A-Z][A-Z]{5}[0-9]{2}[A-EHLMPR-T][0-9]{2}[A-Z][0-9]{3}[A-Z]",
           "stdnum.it.codicefiscale"),
    IdRule("fi-hetu", r"[0-9][0-9]{5}[-+A][0-9]{3}[0-9A-Y]", "stdnum.fi.hetu"),
    IdRule("br-cpf", r"[0-9][0-9]{2}\.[0-9]{3}\.[0-9]{3}-[0-9]{2}", "stdnum.br.cpf"),
    IdRule("fr-nir", r"[12] [0-9]{2} [0-9]{2} (?:[0-9]{2}|2[AB]) [0-9]{3} [0-9]{3} [0-9]{2}",
           "stdnum.fr.nir"),
    IdRule("fr-nir", r"[12][0-9]{4}(?:[0-9]{2}|2[AB])[0-9]{8}", "stdnum.fr.nir",
           ("nir", "sécurité sociale", "securite sociale", "insee"),
           _label(r"\bnir\b|s[ée]curit[ée] sociale|insee")),
    IdRule("gb-nino", r"[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-D]",
           "",
           ("nino", "national insurance", "ni no", "ni number"),
           _label(r"\bnino\b|national insurance|\bni (?:no|number)")),
    IdRule("de-idnr", r"[0-9]{2} ?[0-9]{3} ?[0-9]{3} ?[0-9]{3}", "stdnum.de.idnr",
           ("idnr", "steuer", "identifikationsnummer", "tax id", "tax_id", "taxid"),
           _label(r"idnr|steuer-?id|identifikationsnummer|tax[ _-]?id")),
    IdRule("nl-bsn", r"[0-9]{4}\.?[0-9]{2}\.?[0-9]{3}", "stdnum.nl.bsn",
           ("bsn", "burgerservicenummer", "sofi"), _label(r"\bbsn\b|burgerservicenummer|sofi")),
    IdRule("pl-pesel", r"[0-9]{11}", "stdnum.pl.pesel", ("pesel",), _label(r"pesel")),
    IdRule("br-cpf", r"[0-9]{11}", "stdnum.br.cpf", ("cpf",), _label(r"\bcpf\b")),
    IdRule("in-aadhaar", r"[0-9]{4} ?[0-9]{4} ?[0-9]{4}", "stdnum.in_.aadhaar",
           ("aadhaar", "aadhar", "uidai"), _label(r"aadhaa?r|uidai")),
    IdRule("pt-nif", r"(?:PT)?[0-9]{9}", "stdnum.pt.nif", ("nif", "contribuinte"),
           _label(r"\bnif\b|contribuinte")),
    IdRule("ca-sin", r"[0-9]{3}[ -]?[0-9]{3}[ -]?[0-9]{3}", "stdnum.ca.sin",
           ("sin:", "sin ", "sin=", "sin#", "social insurance"),
           _label(r"\bsin\b|social insurance")),
)  # fmt: skip
_STRUCTURED = tuple(r for r in RULES if r.label is None)
# NOTE: two passes cover every structured id, each starting with one character class so that
# the engine seeks fast; which id it is gets settled on the (rare) match.
_DIGIT_LED = re.compile(
    r"[0-9](?:[0-9]{7}-?[A-Z]|[0-9]{5}[-+A][0-9]{3}[0-9A-Y]|[0-9]{2}\.[0-9]{3}\.[0-9]{3}-[0-9]{2}"
    r"| [0-9]{2} [0-9]{2} (?:[0-9]{2}|2[AB]) [0-9]{3} [0-9]{3} [0-9]{2})" + _END
)
_LETTER_LED = re.compile(
    r"[A-Z](?:-?[0-9]{7}-?[A-Z]|[A-Z]{5}[0-9]{2}[A-EHLMPR-T][0-9]{2}[A-Z][0-9]{3}[A-Z])" + _END
)
_LABELLED = tuple(r for r in RULES if r.label is not None)
_HINT = re.compile(r"[0-9][0-9]")


@functools.cache
def _module(name: str) -> Any:
    return importlib.import_module(name)  # NOTE: stdnum modules load on first candidate only


def valid_id(rule: IdRule, raw: str) -> bool:
    """Whether ``raw`` passes the checks of ``rule``'s identifier."""
    if rule.kind == "gb-nino":
        return raw.replace(" ", "")[:2] not in _NINO_PREFIX_BAD
    return bool(_module(rule.module).is_valid(raw))


def find_national_ids(text: str) -> Iterator[tuple[int, int, str, float, str]]:
    """(start, end, compact value, confidence, kind) of each national id found."""
    if not _HINT.search(text):
        return
    for rx in (_DIGIT_LED, _LETTER_LED):
        for m in rx.finditer(text):
            rule = next((r for r in _STRUCTURED if r.pattern.fullmatch(m.group())), None)
            if rule and clear_before(text, m.start(), ".-") and valid_id(rule, m.group()):
                yield m.start(), m.end(), _value(rule, m.group()), 0.8, rule.kind
    for rule in _LABELLED:
        if labels_in(text, rule.words):
            yield from _labelled(text, rule)


def _labelled(text: str, rule: IdRule) -> Iterator[tuple[int, int, str, float, str]]:
    assert rule.label is not None
    for at in label_positions(text, rule.words):
        for m in rule.pattern.finditer(text, at, min(at + 60, len(text))):
            if not clear_before(text, m.start(), ".-"):
                continue
            if rule.label.search(context_before(text, m.start())) and valid_id(rule, m.group()):
                yield m.start(), m.end(), _value(rule, m.group()), 0.85, rule.kind


def _value(rule: IdRule, raw: str) -> str:
    compact = re.sub(r"[ .-]", "", raw).upper()
    if rule.kind == "pt-nif":
        compact = compact.removeprefix("PT")  # NOTE: one fingerprint with or without the VAT prefix
    return f"{rule.kind}:{compact}"


def id_matches(text: str) -> Iterator[Match]:
    """Yield the national ids of ``text`` in the common match shape."""
    for start, end, value, confidence, _kind in find_national_ids(text):
        yield start, end, value, confidence


@functools.cache
def _any_id() -> re.Pattern[str]:
    """Every id shape in one pattern (all share their flags)."""
    return re.compile("|".join(f"(?:{r.pattern.pattern})" for r in RULES), RULES[0].pattern.flags)


def is_national_id(value: str, labelled: bool = False) -> bool:
    """Whether a whole cell is a national id (bare numbers only when the header names one)."""
    value = value.strip()
    if _any_id().fullmatch(value) is None:
        return False  # NOTE: one C-level try of every shape before a Python loop over them
    return any(
        (rule.label is None or labelled)
        and rule.pattern.fullmatch(value) is not None
        and valid_id(rule, value)
        for rule in RULES
    )
