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

from .pii_rules import Match, context_before

_NINO_PREFIX_BAD = frozenset({"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"})


@dataclasses.dataclass(frozen=True)
class IdRule:
    """One national id: its pattern, the stdnum module that checks it, the label it needs."""

    kind: str
    pattern: re.Pattern[str]
    module: str
    label: re.Pattern[str] | None = None


def _re(body: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w.-])(?:" + body + r")(?![\w]|[.-]\w)")


def _label(words: str) -> re.Pattern[str]:
    return re.compile(words, re.I)


RULES = (
    IdRule("es-dni", _re(r"\d{8}-?[A-Z]"), "stdnum.es.dni"),
    IdRule("es-nie", _re(r"[XYZ]-?\d{7}-?[A-Z]"), "stdnum.es.nie"),
    IdRule("it-codicefiscale", _re(r"[A-Z]{6}\d{2}[A-EHLMPR-T]\d{2}[A-Z]\d{3}[A-Z]"),
           "stdnum.it.codicefiscale"),
    IdRule("fi-hetu", _re(r"\d{6}[-+A]\d{3}[0-9A-Y]"), "stdnum.fi.hetu"),
    IdRule("br-cpf", _re(r"\d{3}\.\d{3}\.\d{3}-\d{2}"), "stdnum.br.cpf"),
    IdRule("fr-nir", _re(r"[12] \d{2} \d{2} (?:\d{2}|2[AB]) \d{3} \d{3} \d{2}"), "stdnum.fr.nir"),
    IdRule("fr-nir", _re(r"[12]\d{4}(?:\d{2}|2[AB])\d{8}"), "stdnum.fr.nir",
           _label(r"\bnir\b|s[ée]curit[ée] sociale|insee")),
    IdRule("gb-nino", _re(r"[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]"), "",
           _label(r"\bnino\b|national insurance|\bni\b|\bni (?:no|number)")),
    IdRule("de-idnr", _re(r"\d{2} ?\d{3} ?\d{3} ?\d{3}"), "stdnum.de.idnr",
           _label(r"idnr|steuer-?id|identifikationsnummer|tax[ _-]?id")),
    IdRule("nl-bsn", _re(r"\d{4}\.?\d{2}\.?\d{3}|\d{9}"), "stdnum.nl.bsn",
           _label(r"\bbsn\b|burgerservicenummer|sofi")),
    IdRule("pl-pesel", _re(r"\d{11}"), "stdnum.pl.pesel", _label(r"pesel")),
    IdRule("br-cpf", _re(r"\d{11}"), "stdnum.br.cpf", _label(r"\bcpf\b")),
    IdRule("in-aadhaar", _re(r"\d{4} ?\d{4} ?\d{4}"), "stdnum.in_.aadhaar",
           _label(r"aadhaa?r|\buid\b|uidai")),
    IdRule("ca-sin", _re(r"\d{3}[ -]?\d{3}[ -]?\d{3}"), "stdnum.ca.sin",
           _label(r"\bsin\b|social insurance")),
)  # fmt: skip
_ANY_LABEL = re.compile("|".join(r.label.pattern for r in RULES if r.label), re.I)
_HINT = re.compile(r"\d\d")


@functools.lru_cache(maxsize=None)
def _module(name: str) -> Any:
    return importlib.import_module(name)  # NOTE: stdnum modules load on first candidate only


def valid_id(rule: IdRule, raw: str) -> bool:
    """Whether ``raw`` passes the checks of ``rule``'s identifier."""
    if rule.kind == "gb-nino":
        compact = raw.replace(" ", "")
        return compact[:2] not in _NINO_PREFIX_BAD
    return bool(_module(rule.module).is_valid(raw))


def find_national_ids(text: str) -> Iterator[tuple[int, int, str, float, str]]:
    """(start, end, compact value, confidence, kind) of each national id found."""
    if not _HINT.search(text):
        return
    labelled = _ANY_LABEL.search(text) is not None
    for rule in RULES:
        if rule.label is not None and not (labelled and rule.label.search(text)):
            continue
        for m in rule.pattern.finditer(text):
            raw = m.group()
            if rule.label is not None and not rule.label.search(context_before(text, m.start())):
                continue
            if valid_id(rule, raw):
                compact = re.sub(r"[\s.-]", "", raw).upper()
                yield m.start(), m.end(), f"{rule.kind}:{compact}", 0.85 if rule.label else 0.8, rule.kind


def id_matches(text: str) -> Iterator[Match]:
    """The national ids of ``text`` in the common match shape."""
    for start, end, value, confidence, _kind in find_national_ids(text):
        yield start, end, value, confidence


def is_national_id(value: str, labelled: bool = False) -> bool:
    """Whether a whole cell is a national id (bare numbers only when the header names one)."""
    value = value.strip()
    return any(
        (rule.label is None or labelled) and rule.pattern.fullmatch(value) and valid_id(rule, value)
        for rule in RULES
    )
