"""Column-level PII: what a table column holds, judged by its header and a sample of its values.

Used in the kernel (`%secure_check pii VAR` on a DataFrame) and by the notebook scanner on
DataFrame outputs (HTML and text reprs), so that a 1,000-row table is one finding per column.
"""

from __future__ import annotations

import dataclasses
import math
import random
import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any, Literal

from secure_check.core.findings import Severity
from secure_check.detectors.pii.bank import is_card, is_iban
from secure_check.detectors.pii.dob import is_date
from secure_check.detectors.pii.ids import is_national_id
from secure_check.detectors.pii.ip import is_ip
from secure_check.detectors.pii.names import FIRST_NAMES, SURNAMES, TITLES
from secure_check.detectors.pii.phone import is_phone
from secure_check.detectors.pii.rules import is_email, is_ssn

By = Literal["header", "values", "both"]
ERR_NOT_TABULAR = (
    "profile_frame takes a pandas DataFrame or Series, a list (of values or of dicts) "
    "or a dict of columns, not {type}"
)
KIND_SEVERITY = {
    "email": Severity.MEDIUM, "phone": Severity.MEDIUM, "us-ssn": Severity.HIGH,
    "credit-card": Severity.HIGH, "iban": Severity.HIGH, "national-id": Severity.HIGH,
    "ip-address": Severity.LOW, "date-of-birth": Severity.MEDIUM,
    "person-name": Severity.MEDIUM, "street-address": Severity.MEDIUM,
}  # fmt: skip
KIND_LABEL = {
    "email": "e-mail addresses", "phone": "phone numbers", "us-ssn": "US social security numbers",
    "credit-card": "payment card numbers", "iban": "IBANs", "national-id": "national identifiers",
    "ip-address": "IP addresses", "date-of-birth": "dates of birth",
    "person-name": "person names", "street-address": "street addresses",
}  # fmt: skip
_HEADER = {
    "email": r"e_?mail|mail_?addr\w*|^mail$|^mails$",
    "phone": (
        r"phone|^tel$|^tel_|telephone|mobile|^cell$|cell_?phone|^fax|msisdn|"
        r"^contact_?(no|number)$"
    ),
    "us-ssn": r"(^|_)ssn($|_)|social_?sec",
    "credit-card": r"card_?(num|no|number)|^cc(_?(num|no|number))?$|credit_?card|^pan$",
    "iban": r"iban|bank_?account",
    "national-id": (
        r"national_?id|passport|tax_?id|"
        r"(^|_)(nino|bsn|pesel|aadhaa?r|cpf|idnr|dni|nir|sin)($|_)"
    ),
    "ip-address": r"(^|_)ip($|_)|ip_?addr|remote_?addr",
    "date-of-birth": (
        r"(^|_)dob($|_)|birth|geburts|naissance|nacimiento|nascita|(^|_)born($|_)|urodzenia"
    ),
    "person-name": (
        r"^(first|last|full|given|family|middle|maiden|sur|fore|customer|client|patient|person|"
        r"employee|contact|owner|holder|student|member|applicant|passenger|driver|author|"
        r"card_?holder|account_?holder|emp|cust)_?names?$|^(name|names|surname|forename)$"
        r"|^(first|last|given|family|vorname|nachname|prenom|nom|nombre|apellidos?|cognome|"
        r"nome|naam|voornaam|achternaam|imie|nazwisko|kunde|cliente?|customer|patient|"
        r"employee|contact|full)$"
    ),
    "street-address": (
        r"street|(^|_)addr(ess)?(_?\d|_?line\d?)?$|home_?address|mailing_?address|"
        r"adresse|anschrift|direccion|domicilio|indirizzo|endereco|^adres$"
    ),
}  # fmt: skip
_HEADER_RE = {kind: re.compile(pattern) for kind, pattern in _HEADER.items()}
_NOT_ADDRESS = re.compile(r"(^|_)(ip|mac|e_?mail|web|url|memory|mem|ptr|pointer|hw|bit)")
_STREET = re.compile(
    r"^\d{1,6}[a-z]?,? [\w .'-]{2,40} (street|st|avenue|ave|road|rd|lane|ln|drive|dr|boulevard|"
    r"blvd|court|ct|way|place|pl|terrace|parkway|pkwy|circle|cir|highway|hwy|square|sq)\b"
    r"|\b[\w-]+(strasse|straße|str\.|weg|gasse|platz) \d{1,5}\b|^\d{1,5},? (rue|avenue|boulevard|"
    r"chemin|via|viale|calle|avenida|rua) ",
    re.I,
)
_WORDS = re.compile(r"^[^\W\d_][\w'\u2019.-]*(?:,? [^\W\d_][\w'\u2019.-]*){0,4}$")
# NOTE: these headers say what the values are, and it is not personal (1.2.3.4 is a version).
_NOT_PII_HEADER = re.compile(r"version|release|(^|_)build|hash|checksum|(^|_)sha\d*|md5|uuid|guid")
_VALUE_SHARE = 0.5  # of the sampled non-empty values, to call a column by its values alone
_BOTH_SHARE = 0.2  # enough when the header says the same kind


@dataclasses.dataclass(frozen=True)
class ColumnPII:
    """One column that holds personal data: which kind, how sure, and how it was found."""

    column: str
    kind: str
    share: float
    matched: int
    sampled: int
    severity: Severity
    by: By

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready fields (severity as its string)."""
        data = dataclasses.asdict(self)
        data["severity"] = self.severity.value
        return data

    def describe(self) -> str:
        """Name the column, the kind and the share in one line, never a value."""
        how = {"both": "header and values", "values": "values", "header": "header"}[self.by]
        return (
            f"column {self.column!r} holds {KIND_LABEL[self.kind]}: {self.share:.0%} of "
            f"{self.sampled} sampled values match (found by {how})"
        )


def header_key(name: object) -> str:
    """Return a header in ASCII snake case (``Email Address``, ``emailAddress``, ``Prénom``)."""
    text = unicodedata.normalize("NFKD", str(name).strip()).encode("ascii", "ignore").decode()
    key = re.sub(r"(?<=[a-z])(?=[A-Z])", "_", text)
    return re.sub(r"[^a-z0-9]+", "_", key.lower()).strip("_")


def header_kind(name: str) -> str | None:
    """Return the PII kind a column header names (``Email Address`` -> email), or None."""
    key = header_key(name)
    for kind, pattern in _HEADER_RE.items():
        if pattern.search(key):
            if kind == "street-address" and _NOT_ADDRESS.search(key):
                continue
            return kind
    return None


def looks_like_name(value: str, labelled: bool = False) -> bool:
    """Tell a person's name by the bundled lists: ``Ann Lee``, ``Lee, Ann``, ``Dr. Ann B. Lee``.

    Under a name header, ``ANN LEE`` counts too (elsewhere all-caps words are acronyms).
    """
    if not _WORDS.match(value) or (value.upper() == value and not labelled):
        return False
    tokens = [t.strip(".,").lower() for t in value.replace(",", " ").split()]
    tokens = [t for t in tokens if t and t not in TITLES]
    if not tokens or len(tokens) > 4:
        return False
    tokens = [_fold(t) for t in tokens]
    return any(t in FIRST_NAMES for t in tokens) or (
        (len(tokens) > 1 or labelled) and tokens[-1] in SURNAMES
    )


def _fold(token: str) -> str:
    return unicodedata.normalize("NFKD", token).encode("ascii", "ignore").decode()


def _is_wordy(value: str) -> bool:
    return bool(_WORDS.match(value)) and any(ch.isupper() for ch in value[:1])


def _is_address(value: str) -> bool:
    return bool(_STREET.search(value))


def _checkers(header: str | None) -> dict[str, Callable[[str], bool]]:
    return {
        "email": is_email,
        "us-ssn": lambda v: is_ssn(v, labelled=header == "us-ssn"),
        "credit-card": is_card,
        "iban": is_iban,
        "phone": lambda v: is_phone(v, labelled=header == "phone"),
        "ip-address": is_ip,
        "national-id": lambda v: is_national_id(v, labelled=header == "national-id"),
        "person-name": lambda v: looks_like_name(v, labelled=header == "person-name"),
        "street-address": _is_address,
        "date-of-birth": lambda v: header == "date-of-birth" and is_date(v),
    }


def _texts(values: Sequence[object], sample: int, seed: int) -> list[str]:
    picked = list(values)
    if len(picked) > sample:
        picked = random.Random(seed).sample(picked, sample)
    out = []
    for v in picked:
        if v is None or (isinstance(v, float) and math.isnan(v)):
            continue
        text = str(v).strip()
        if text and text.lower() not in ("nan", "none", "nat", "<na>", "null", "..."):
            out.append(text)
    return out


def profile_column(
    name: str, values: Sequence[object], *, sample: int = 1000, seed: int = 0
) -> list[ColumnPII]:
    """Return the PII kinds one column holds (usually none or one), strongest first.

    Parameters
    ----------
    name : str
        The column header; it names a kind (``email``, ``dob``, ``last_name``...) or not.
    values : sequence
        The column's values; empty and missing ones are ignored.
    sample : int
        At most this many values are checked (a seeded random sample of larger columns).
    seed : int
        Seed of that sample, so that a profile is reproducible.
    """
    texts = _texts(values, sample, seed)
    if not texts or _NOT_PII_HEADER.search(header_key(name)):
        return []
    header = header_kind(name)
    found = [
        c
        for kind, check in _checkers(header).items()
        if (c := _judge(name, kind, header, check, texts))
    ]
    found.sort(key=lambda c: (c.by == "both", c.share), reverse=True)
    return found[:1] if found and found[0].by == "both" else found


def _judge(
    name: str, kind: str, header: str | None, check: Callable[[str], bool], texts: list[str]
) -> ColumnPII | None:
    matched = _count(check, texts, probe=kind != header)
    if matched == 0 and kind != header:
        return None  # NOTE: as _decide would say (no share, no header): without its reading
    by = _decide(name, kind, header, matched / len(texts), texts)
    if by is None:
        return None
    share = round(matched / len(texts), 3)
    return ColumnPII(str(name), kind, share, matched, len(texts), KIND_SEVERITY[kind], by)


def _count(check: Callable[[str], bool], texts: list[str], probe: bool) -> int:
    # NOTE: a kind the header does not name must show up in the first values, or it is skipped.
    head = sum(1 for t in texts[:40] if check(t))
    if probe and head == 0:
        return 0
    return head + sum(1 for t in texts[40:] if check(t))


def _decide(name: str, kind: str, header: str | None, share: float, texts: list[str]) -> By | None:
    if kind == "person-name":
        return _decide_name(name, header, share, texts)
    if header == kind:
        if share >= _BOTH_SHARE:
            return "both"
        if kind == "street-address" and _share(_has_letters_and_digits, texts) >= _VALUE_SHARE:
            return "header"
        return None
    return "values" if share >= _VALUE_SHARE else None


_ROLE_HEADERS = frozenset({"name", "names", "customer", "client", "cliente", "kunde", "patient",
                           "employee", "contact", "full", "nombre", "nome", "naam"})  # fmt: skip


def _decide_name(name: str, header: str | None, share: float, texts: list[str]) -> By | None:
    """Names: a bare ``name`` header needs full names (products and places have names too).

    Name-part headers (``first``, ``last``, ``Vorname``, ``nom``) take single words in any case.
    """
    full = _share(_is_full_name, texts)
    if header != "person-name":
        return "values" if share >= _VALUE_SHARE and full >= _VALUE_SHARE else None
    if header_key(name) in _ROLE_HEADERS:
        if full < _VALUE_SHARE:
            return None
        if share >= _BOTH_SHARE:
            return "both"
        if header_key(name) in ("name", "names"):
            return None  # NOTE: airports, products and Pokémon have names too
        return "header" if _share(_is_wordy_any_case, texts) >= _VALUE_SHARE else None
    if share >= _BOTH_SHARE:
        return "both"
    return "header" if _share(_is_wordy_any_case, texts) >= _VALUE_SHARE else None


def _is_wordy_any_case(value: str) -> bool:
    return bool(_WORDS.match(value))


def _is_full_name(value: str) -> bool:
    return len(value.replace(",", " ").split()) >= 2


def _share(check: Callable[[str], bool], texts: list[str]) -> float:
    return sum(1 for t in texts if check(t)) / len(texts)


def _has_letters_and_digits(value: str) -> bool:
    return any(ch.isdigit() for ch in value) and sum(ch.isalpha() for ch in value) >= 3


def profile_frame(
    data: Any, *, sample: int = 1000, seed: int = 0, name: str = "value"
) -> list[ColumnPII]:
    """Profile every column of a DataFrame, Series, list (of values or dicts) or dict of columns.

    pandas is imported only when ``data`` is a pandas object. A list of plain values is one
    column called ``name``. Raises ``TypeError`` for anything else.
    """
    found: list[ColumnPII] = []
    for column, values in _columns(data, name, sample, seed):
        found.extend(profile_column(column, values, sample=sample, seed=seed))
    return found


def _columns(data: Any, name: str, sample: int, seed: int) -> list[tuple[str, Sequence[object]]]:
    if type(data).__module__.startswith("pandas"):
        return _pandas_columns(data, name, sample, seed)
    if isinstance(data, dict):
        if all(isinstance(v, (list, tuple)) for v in data.values()):
            return [(str(k), list(v)) for k, v in data.items()]
        return [("key", [str(k) for k in data]), (name, list(data.values()))]
    if isinstance(data, (list, tuple)):
        if data and all(isinstance(v, dict) for v in data):
            keys = list(dict.fromkeys(k for row in data for k in row))
            return [(str(k), [row.get(k) for row in data]) for k in keys]
        return [(name, list(data))]
    raise TypeError(ERR_NOT_TABULAR.format(type=type(data).__name__))


def _pandas_columns(
    data: Any, name: str, sample: int, seed: int
) -> list[tuple[str, Sequence[object]]]:
    import pandas as pd

    if isinstance(data, pd.Series):
        data = data.to_frame(name=str(data.name) if data.name is not None else name)
    if not isinstance(data, pd.DataFrame):
        raise TypeError(ERR_NOT_TABULAR.format(type=type(data).__name__))
    if len(data) > sample:
        data = data.sample(n=sample, random_state=seed)
    out = []
    for i, column in enumerate(data.columns):
        label = " ".join(map(str, column)) if isinstance(column, tuple) else str(column)
        out.append((label, data.iloc[:, i].tolist()))
    return out
