"""People's names and street addresses in text, found by their context first.

A name needs evidence beyond two capitalised words: a person label before it (``customer:``,
``full_name=``, ``Dear``, ``signed by``, ``Nombre:``) and, for a bare ``name`` label, a given
name or surname from the bundled lists or other personal data beside it. A street address needs
an address label (``address:``, ``Adresse``, ``ship to``) or a street word of a known form
(``12 Oak Street``, ``Ringstraße 5``, ``3, rue de la Paix``). Every pattern is linear: labels
are found by one alternation, values are matched from a fixed start within a bounded window.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator

from secure_check.detectors.pii.names import FIRST_NAMES, SURNAMES, TITLES
from secure_check.detectors.pii.rules import Match, label_positions

_WINDOW = 80  # characters after a label where its value may sit
_NEAR = 240  # characters around a bare-``name`` value searched for other personal data
_SEP = r"""\s{0,3}["']?\s{0,2}(?::|=|->|=>|\|)?\s{0,3}["']?\s{0,2}"""
# NOTE: labels that name a person whatever follows, and ones (``name``) that need more evidence.
_PERSON_KEYS = (
    r"full[ _-]?name|first[ _-]?name|last[ _-]?name|given[ _-]?name|family[ _-]?name|surname|"
    r"customer(?:[ _-]?name)?|client[ _-]?name|contact(?:[ _-]?(?:name|person))?|"
    r"patient(?:[ _-]?name)?|employee(?:[ _-]?name)?|applicant|recipient|account[ _-]?holder|"
    r"card[ _-]?holder|nombre(?:[ _-]completo)?|apellidos?|kunde|kundenname|vorname|nachname|"
    r"nom(?:[ _-]complet)?|pr[ée]nom|cognome|nome|naam|voornaam|achternaam|imi[eę]|nazwisko|"
    r"signed[ _-]by|prepared[ _-]for|attn\.?|dear|bill[ _-]?to|ship[ _-]?to[ _-]name"
)
# NOTE: no ``author``: a quote's or a package's author is public attribution.
_BARE_KEYS = r"name|person|owner|user[ _-]?name|member|reviewer"
_NAME_LABEL = re.compile(
    rf"(?<![\w.-])(?:(?P<person>{_PERSON_KEYS})|(?P<bare>{_BARE_KEYS}))(?![\w-])(?P<sep>{_SEP})",
    re.I,
)
_LETTER = r"[^\W\d_]"
_SERIES_FOOTER = re.compile(
    r"[^\n,]{0,60}, (?:dtype|Length):"
)  # NOTE: pandas prints ``Name: age, dtype:``
_TOKEN = rf"{_LETTER}(?:[\w'\u2019-]{{0,24}}{_LETTER})?\.?"
_NAME_VALUE = re.compile(rf"{_TOKEN}(?:,? {_TOKEN}){{0,4}}")
_NOT_NAME_WORDS = frozenset(
    """
    the a an and or of for to in on at by with from is are was be this that it its none null nan
    true false yes no n/a na unknown test example sample demo default model data dataset train
    column value values table file files key id type string str int float list dict object new
    all any my your our their his her name names user users admin root guest team group project
    """.split()
)

_ADDRESS_KEYS = (
    r"(?:home|street|postal|mailing|billing|shipping|delivery|residential|customer|patient)?"
    r"[ _-]?address(?:[ _-]?line[ _-]?1)?|street|adresse|anschrift|stra(?:ss|ß)e|"
    r"direcci[oó]n|domicilio|indirizzo|endere[cç]o|adres|adress|ship(?:ped)?[ _-]to|"
    r"lives[ _-]at|resides[ _-]at|located[ _-]at"
)
_ADDRESS_LABEL = re.compile(rf"(?<![\w.-])(?:{_ADDRESS_KEYS})(?![\w-])(?:{_SEP})", re.I)
_ADDRESS_VALUE = re.compile(r"[\w.,'\u2019/#º°-]{1,30}(?: [\w.,'\u2019/#º°-]{1,30}){1,7}")
_STREET_TYPES = (
    r"street|st|avenue|ave|road|rd|lane|ln|drive|dr|boulevard|blvd|court|ct|way|place|pl|"
    r"terrace|ter|parkway|pkwy|circle|cir|highway|hwy|square|sq|crescent|cres|close|grove|"
    r"gardens|mews|row|walk|trail|trl|alley|loop|run|pike|plaza|crossing|xing|ridge|hill|"
    r"hills|park|path|point|pt|view|vista|green|heights|hts|estates|field|fields|meadow|"
    r"meadows|mill|mills|junction|landing|harbor|harbour|shore|shores|springs|station|route|rte"
)
_TITLE_TYPES = "|".join(t.title() for t in _STREET_TYPES.split("|"))
# NOTE: US/UK/CA (``12 Oak Street``, Title Case: ``20 minutes. Run`` is not one), DE/NL
# (``Ringstraße 5``), FR/ES/IT/PT (``3, rue de``).
_FR_WORDS = r"rue|avenue|av\.|boulevard|bd|chemin|all[ée]e|impasse|place|quai|route|cours"
# NOTE: sought at the end of a house number (``7 O``: cheap to seek), then widened. The seek
# looks ahead for how either tail starts: a number before lower-case prose is not tried.
_US_SEEK = re.compile(rf"[0-9][A-Za-z]?,? (?=[A-Z][a-z'-]|(?i:{_FR_WORDS}) )")
_US_TAIL = re.compile(rf"(?:[A-Z][a-z'-]{{1,20}} ){{1,4}}(?:{_TITLE_TYPES})\.?(?![\w-])")
# NOTE: sought from the suffix (a literal the engine seeks fast), then widened to the word.
_DE_SUFFIX = re.compile(
    r"(?:stra(?:ss|ß)e|str\.|weg|gasse|platz|allee|ring|damm|straat|laan|plein|gracht|singel|"
    r"kade|dijk|steeg|hof|boulevard|Platz|Weg|Allee|Ring) \d{1,4}[a-z]?(?:-\d{1,4})?(?![\w-])"
)
_DIGIT = re.compile(r"[0-9]")
_ONE_WORD_STREET = re.compile(
    r"(?i)(?:stra(?:ss|ß)e|str\.|weg|gasse|platz|allee|ring|damm|straat|laan|plein|gracht|"
    r"singel|kade|dijk|steeg|hof|markt|park|boulevard)$"
)
_DE_WORD = re.compile(r"(?<![\w-])[A-ZÄÖÜ][\w-]{0,30}$")
# French (``3, rue de la Paix``): a house number, then the street word.
_FR_TAIL = re.compile(rf"(?:{_FR_WORDS}) (?:d[eu']s?|la|l'|des)?\s?[\w'-]{{2,30}}", re.I)
# Spanish, Italian, Portuguese (``Calle de Alcalá 12``): the street word, then the number.
_ES_WORDS = ("calle ", "c/ ", "avenida ", "avda. ", "paseo ", "plaza ", "camino ", "carrer ",
             "ronda ", "travesía ", "travesia ", "via ", "viale ", "piazza ", "corso ", "largo ",
             "rua ", "travessa ")  # fmt: skip
_ES_STREET = re.compile(
    r"(?<![\w-])(?:calle|c/|avenida|avda\.|paseo|plaza|camino|carrer|ronda|traves[ií]a|via|"
    r"viale|piazza|corso|largo|rua|travessa) (?:[\w'.-]{1,25} ){1,5}\d{1,4}(?![\w-])",
    re.I,
)
_ADDRESS_WORDS = ("address", "adres", "street", "anschrift", "straße", "strasse", "direcci",
                  "domicilio", "indirizzo", "endere", "ship to", "ship_to", "ship-to", "shipped to",
                  "shipping", "lives at", "resides at", "located at")  # fmt: skip
_PERSON_WORDS = ("name", "customer", "contact", "patient", "employee", "client", "holder",
                 "applicant", "recipient", "nombre", "apellido", "kunde", "vorname", "nachname",
                 "nom", "cognome", "naam", "imi", "nazwisko", "signed", "prepared", "attn", "dear",
                 "bill", "person", "owner", "user", "member", "reviewer")  # fmt: skip
# NOTE: other personal data beside a bare ``name`` value makes it a person's record.
_NEIGHBOURS = re.compile(
    r"@[\w-]{1,63}\.|e-?mail|courriel|correo|phone|\btel\b|t[ée]l[ée]f|mobile|birth|\bdob\b|"
    r"\bssn\b|social[ _-]?sec|address|adres|street|iban|card|\bcc_|passport|salary|diagnos|"
    r"patient|customer|gender|\bage\b",
    re.I,
)


def find_names(text: str) -> Iterator[Match]:
    """Yield people's names that sit after a person label."""
    for label in _label_matches(text, _PERSON_WORDS, _NAME_LABEL):
        if not _separated(label, text):
            continue
        value = _NAME_VALUE.match(text, label.end(), min(len(text), label.end() + _WINDOW))
        if value is None:
            continue
        raw = value.group()
        if label.group("person") is None and " " not in raw:
            continue  # NOTE: one word after a bare ``name`` label is never enough (_is_name)
        if _SERIES_FOOTER.match(text, label.end()):
            continue
        if text[value.end() : value.end() + 1] in ("=", ":") and " " in raw:
            raw = raw.rsplit(" ", 1)[0]  # NOTE: ``nombre=Leah Dale iban=...``: the next key
        name = _trim(raw)
        if name and _is_name(name, label.group("person") is not None, text, label.start()):
            start = value.start()
            yield start, start + len(name), name.lower(), 0.7


def _label_matches(
    text: str, words: tuple[str, ...], label: re.Pattern[str]
) -> Iterator[re.Match[str]]:
    """Yield matches of ``label`` at the key words of ``text`` (found fast by ``str.find``).

    A match starts where the identifier holding the word starts (``customer_name``).
    """
    tried = -1
    for at in label_positions(text, words):
        start = at
        while (
            start > 0 and at - start < 40 and (text[start - 1].isalnum() or text[start - 1] in "_-")
        ):
            start -= 1
        if start <= tried:
            continue
        tried = start
        match = label.match(text, start)
        if match is not None:
            yield match


def _separated(label: re.Match[str], text: str) -> bool:
    """Tell a label with a separator (``name: X``) or a prose cue (``Dear X``)."""
    sep = label.group("sep")
    if any(ch in sep for ch in ":=|>\"'"):
        return True
    cue = label.group().lower()
    return bool(sep) and cue.startswith(("dear", "signed", "prepared", "attn"))


def _trim(value: str) -> str:
    """Drop trailing words that start a new clause (``Ann Lee for the data``)."""
    head, comma, _ = value.partition(",")
    if comma and not _name_case(value):
        value = head  # NOTE: ``Ann Lee, email: ...``: the next field, not ``Lee, Ann``
    words = value.rstrip(".,").split(" ")
    while words and words[-1].lower().strip(".,") in _NOT_NAME_WORDS:
        words.pop()
    return " ".join(words).rstrip(".,")


def _is_name(name: str, person_label: bool, text: str, at: int) -> bool:
    tokens = [t.strip(".,").lower() for t in name.replace(",", " ").split()]
    tokens = [t for t in tokens if t and t not in TITLES and t.strip(".") not in _HONORIFICS]
    if not 1 <= len(tokens) <= 4 or any(t in _NOT_NAME_WORDS for t in tokens):
        return False
    if not _name_case(name):
        return False
    listed = any(_fold(t) in FIRST_NAMES or _fold(t) in SURNAMES for t in tokens)
    if len(tokens) == 1:
        return person_label and listed
    if person_label or listed:
        return True
    near = text[max(0, at - _NEAR) : at + _NEAR]
    return _NEIGHBOURS.search(near) is not None


_PARTICLES = frozenset("de van von der da di la le del dos du den ten y".split())
# NOTE: honorifics and degrees around a name (``pani Olga Muzyk``, ``Univ.Prof. Veit Jäntsch``).
_HONORIFICS = frozenset(
    "pan pani herr frau sr sra srta mme mlle m dott dr prof univ.prof mag dipl.-ing ing mba "
    "md phd dds dvm jr sr ii iii".split()
)


def _name_case(name: str) -> bool:
    """Names are written Title Case, all lower or all upper; ``my model`` style text is not."""
    words = [w for w in name.replace(",", " ").split() if w]
    if name.islower() or name.isupper():
        return True
    return all(w[0].isupper() or w.lower().strip(".") in _PARTICLES | _HONORIFICS for w in words)


@functools.lru_cache(maxsize=4096)
def _fold(token: str) -> str:
    """Lower case without accents, as the bundled lists are written."""
    return unicodedata.normalize("NFKD", token).encode("ascii", "ignore").decode().lower()


def find_addresses(text: str) -> Iterator[Match]:
    """Yield street addresses: after an address label, or of a known street form."""
    seen: list[tuple[int, int]] = []
    for label in _label_matches(text, _ADDRESS_WORDS, _ADDRESS_LABEL):
        end = min(len(text), label.end() + _WINDOW)
        value = _ADDRESS_VALUE.match(text, label.end(), end)
        if value is not None and _is_address(value.group()):
            raw = value.group().rstrip(".,;'\"")
            seen.append((value.start(), value.start() + len(raw)))
            yield value.start(), value.start() + len(raw), raw.lower(), 0.7
    if _DIGIT.search(text) is None:
        return
    spans = []
    for m in _US_SEEK.finditer(text):
        start = m.start()
        while start > 0 and text[start - 1].isdigit() and m.start() - start < 4:
            start -= 1
        tail = _US_TAIL.match(text, m.end()) or _FR_TAIL.match(text, m.end())
        if tail is not None and _clear(text, start):
            spans.append((start, tail.end()))
    for m in _DE_SUFFIX.finditer(text):
        word = _DE_WORD.search(text, max(0, m.start() - 31), m.start())
        if word is not None:
            spans.append((word.start(), m.end()))
    spans += [(m.start(), m.end()) for m in _label_matches(text, _ES_WORDS, _ES_STREET)]
    for start, end in spans:
        if not any(a <= start < b for a, b in seen):
            yield start, end, text[start:end].lower(), 0.6


def _clear(text: str, start: int) -> bool:
    return start == 0 or not (text[start - 1].isalnum() or text[start - 1] in "_.-")


def _is_address(value: str) -> bool:
    """Tell an address: a house number and two words of letters."""
    tokens = value.replace(",", " ").split()
    numbers = [t for t in tokens if re.fullmatch(r"\d{1,5}[A-Za-z]?(?:[/-]\d{1,4})?\.?", t)]
    words = [t for t in tokens if sum(ch.isalpha() for ch in t) >= 2]
    if not numbers or len(words) < 1 or any(t.lower().startswith("0x") for t in tokens):
        return False
    if len(words) == 1:  # NOTE: ``Adamhof 2``, ``Haufferring 44-62``: one street word
        return _ONE_WORD_STREET.search(words[0]) is not None
    return len(words) >= 2
