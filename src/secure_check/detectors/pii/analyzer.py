"""The PII analyzer: personal data in cell sources, outputs and metadata.

Value rules (e-mail, phone, US SSN, payment card, IBAN, national id, public IP, date of birth)
run on every segment behind cheap prefilters; DataFrame tables (HTML and text reprs) are
profiled column by column, so a 1,000-row table of e-mails is one finding, not 1,000.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from secure_check.core.findings import Hit, Severity
from secure_check.core.markup import read as read_markup
from secure_check.core.notebook import Segment
from secure_check.core.registry import Analyzer
from secure_check.detectors.pii.bank import find_cards, find_ibans
from secure_check.detectors.pii.dob import find_dobs
from secure_check.detectors.pii.ids import id_matches
from secure_check.detectors.pii.ip import find_ips
from secure_check.detectors.pii.people import find_addresses, find_names
from secure_check.detectors.pii.phone import find_phones
from secure_check.detectors.pii.presidio import presidio_hits
from secure_check.detectors.pii.rules import Match, find_emails, find_ssns, labels_in

if TYPE_CHECKING:
    from secure_check.detectors.pii.columns import ColumnPII
    from secure_check.detectors.pii.tables import Column

Finder = Callable[[str], Iterable[Match]]
# rule id -> (finder, severity, what the message calls it); the order is the order of checks
VALUE_RULES: dict[str, tuple[Finder, Severity, str]] = {
    "email": (find_emails, Severity.MEDIUM, "e-mail address"),
    "us-ssn": (find_ssns, Severity.HIGH, "US social security number"),
    "credit-card": (find_cards, Severity.HIGH, "payment card number (Luhn-valid, known issuer)"),
    "iban": (find_ibans, Severity.HIGH, "IBAN (valid check digits)"),
    "national-id": (id_matches, Severity.HIGH, "national identifier (valid checksum)"),
    "phone": (find_phones, Severity.MEDIUM, "phone number"),
    "ip-address": (find_ips, Severity.LOW, "public IP address"),
    "date-of-birth": (find_dobs, Severity.MEDIUM, "date of birth"),
    "person-name": (find_names, Severity.MEDIUM, "person's name"),
    "street-address": (find_addresses, Severity.MEDIUM, "street address"),
}
_DIGITS_NEEDED = frozenset(VALUE_RULES) - {"email", "person-name", "street-address"}
_HAS_DIGIT = re.compile(r"[0-9]")
_FILE_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,5}$")  # NOTE: of an attachment name
_DATA_URI = re.compile(r"data:[\w/+.-]{1,60};base64,[A-Za-z0-9+/=\s]{64,}")
_REGEX_DEMO = re.compile(r"\bre\.\w+\(|\.(?:findall|finditer|fullmatch|match|search|sub)\(")
_MIN_ROWS = 3
# NOTE: an output of more tables than this is a log, not a report: the first ones are profiled
# column by column, and every cell of the rest is still read by the value rules (e-mails,
# phones, cards...). Profiling costs ~60 us a table: 13,000 small tables in 1 MB took 0.8 s.
MAX_TABLES = 500
_CONTEXT_KINDS = frozenset({"person-name", "street-address"})
_TABLE_KINDS = frozenset({"text/plain", "stream"})
_PII_HEADER_WORDS = ("mail", "phone", "mobile", "ssn", "social", "card", "iban", "birth", "dob",
                     "name", "address", "street", "ip", "passport", "national", "tel")  # fmt: skip


class PIIAnalyzer(Analyzer):
    """Personal data: value rules everywhere, column profiles on DataFrame outputs."""

    name = "pii"

    def __init__(self) -> None:
        # NOTE: per thread, the cell and output being scanned (segments come in notebook order).
        self._local = threading.local()

    def scan(self, segment: Segment) -> Iterator[Hit]:
        """Yield PII hits in ``segment`` (raw spans; the scan loop redacts them)."""
        memory = self._memory(segment)
        text = segment.text
        scanned = _FILE_EXTENSION.sub(_blank, text) if segment.kind == "attachment" else text
        hits = list(value_hits(blank_data_uris(scanned)))
        if segment.kind == "code" and any(h.rule == "email" for h in hits):
            # NOTE: addresses written into a cell that runs a regex on them are its sample input
            memory.regex_demo = _REGEX_DEMO.search(text) is not None
        if memory.regex_demo:
            hits = [h for h in hits if h.rule != "email"]  # NOTE: sample input of a regex lesson
        columns, covered = column_hits(segment, bool(hits))
        kept = _uncovered(hits, text, covered) if covered else hits
        for hit in [*columns, *kept, *presidio_hits(segment)]:
            key = (hit.rule, hit.value.rsplit(":", 1)[0] if hit.rule == "pii-column" else hit.value)
            if segment.where != "output" or key not in memory.reported:
                memory.reported.add(key)
                yield hit

    def begin(self) -> None:
        """Forget the last cell: a cell of the next scan may have its index and no id."""
        self._local.memory = None

    def _memory(self, segment: Segment) -> _CellMemory:
        """Return what this cell and output already gave.

        One output's text/html and text/plain forms show the same table: one finding, not two.
        """
        cell = (segment.cell_index, segment.cell_id)
        memory: _CellMemory | None = getattr(self._local, "memory", None)
        if memory is None or memory.cell != cell or segment.where == "source":
            memory = _CellMemory(cell)
            self._local.memory = memory
        output = segment.output_index if segment.where == "output" else None
        if memory.output != output:
            memory.output, memory.reported = output, set()
        return memory


@dataclasses.dataclass
class _CellMemory:
    cell: tuple[int | None, str | None]
    output: int | None = None
    regex_demo: bool = False
    reported: set[tuple[str, str]] = dataclasses.field(default_factory=set)


def _uncovered(hits: list[Hit], text: str, covered: str) -> list[Hit]:
    """Return the hits whose text shows in no cell of ``covered`` (the cells joined by NUL).

    NOTE: a table's own values are found as whole cells first, and each distinct text is
    searched once: one substring search per hit was hits x table (quadratic).
    """
    cells = set(covered.split("\x00"))
    inside: dict[str, bool] = {}
    kept = []
    for hit in hits:
        value = text[hit.start : hit.end]
        if value not in inside:
            inside[value] = value in cells or value in covered
        if not inside[value]:
            kept.append(hit)
    return kept


def blank_data_uris(text: str) -> str:
    """``text`` with inline base64 payloads (markdown images) blanked, offsets unchanged."""
    if "base64," not in text:
        return text
    return _DATA_URI.sub(_blank, text)


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group())


def value_hits(text: str) -> Iterator[Hit]:
    """Hits of every value rule in ``text``."""
    has_digit = _HAS_DIGIT.search(text) is not None
    for rule, (finder, severity, label) in VALUE_RULES.items():
        if rule in _DIGITS_NEEDED and not has_digit:
            continue
        for start, end, value, confidence in finder(text):
            yield Hit(
                rule, "pii", start, end, value, severity, confidence, _message(rule, label, value)
            )


def _message(rule: str, label: str, value: str) -> str:
    if rule == "national-id":
        return f"{label}: {value.split(':', 1)[0]}"  # NOTE: the kind only, never the number
    return label


def column_hits(segment: Segment, has_values: bool) -> tuple[list[Hit], str]:
    """Column findings of the tables in ``segment`` and the text of the cells they cover."""
    tables = _tables(segment)
    if tables is None or (not has_values and not labels_in(segment.text, _PII_HEADER_WORDS)):
        return [], ""
    hits: list[Hit] = []
    covered: list[str] = []
    for columns in itertools.islice(tables, MAX_TABLES):
        for column, found in table_pii(columns):
            end = column.offset + len(column.header)
            confidence = 0.6 if found.by == "header" else 0.6 + 0.35 * found.share
            value = f"pii-column:{found.kind}:{column.header}:{_rows_digest(column.values)}"
            hits.append(Hit("pii-column", "pii", column.offset, end, value, found.severity,
                            confidence, found.describe(), column_details(found)))  # fmt: skip
            covered.extend(column.values)
    return hits, "\x00".join(covered)


def _tables(segment: Segment) -> Iterable[list[Column]] | None:
    """Return the tables a segment may hold (parsed lazily), or None when it holds none."""
    from secure_check.detectors.pii.tables import html_tables, pipe_tables, text_tables

    text = segment.text
    if segment.kind == "text/html" and segment.html and "<table" in segment.html.lower():
        tables = segment.tables
        return html_tables(read_markup(segment.html).tables if tables is None else tables)
    if "|" in text and "---" in text:
        return pipe_tables(text)  # NOTE: Markdown tables, in cells or printed by to_markdown()
    if segment.kind in _TABLE_KINDS and "  " in text:
        return text_tables(text)
    return None


def column_details(found: ColumnPII) -> dict[str, str | int | float]:
    """Return a PII column finding's structured fields: kind, column, rows matched, share."""
    return {
        "pii_kind": found.kind,
        "column": found.column,
        "share": found.share,
        "rows_matched": found.matched,
        "rows_sampled": found.sampled,
        "found_by": found.by,
    }


def _rows_digest(values: Sequence[str]) -> str:
    """Tell one table's column from another's with the same header (for fingerprints).

    Every row shown counts, and how many: an accepted 3-row column must not also accept a
    later display of the same table with more people in it (issue 12). A frame's HTML and
    text forms show the same rows, so both still give one digest.
    """
    joined = f"{len(values)}\x00" + "\x00".join(values)
    return hashlib.sha256(joined.encode()).hexdigest()[:16]


_PROFILES: dict[tuple[str, str], tuple[ColumnPII, ...]] = {}
_PROFILES_KEPT = 256
_PROFILES_LOCK = threading.Lock()


def _profile(header: str, values: tuple[str, ...]) -> tuple[ColumnPII, ...]:
    """Return a column's profile, once per header and values (a loop prints one frame often).

    NOTE: keyed by a digest of the values, so a kept profile does not keep a big column alive.
    """
    from secure_check.detectors.pii.columns import profile_column

    key = (header, _rows_digest(values))
    with _PROFILES_LOCK:
        found = _PROFILES.get(key)
    if found is None:
        found = tuple(profile_column(header, values))
        with _PROFILES_LOCK:
            if len(_PROFILES) >= _PROFILES_KEPT:
                _PROFILES.pop(next(iter(_PROFILES)))
            _PROFILES[key] = found
    return found


def table_pii(columns: list[Column]) -> list[tuple[Column, ColumnPII]]:
    """Return the PII columns of one displayed table.

    Names alone, or street addresses alone, are not reported: public data sets (Titanic
    passengers, house sales) are full of them, while names beside addresses, e-mails, phones
    or birth dates make a customer or patient record.
    """
    # NOTE: under three values a "column" is a key/value list; its values speak for themselves
    found = [
        (c, p)
        for c in columns
        if len(c.values) >= _MIN_ROWS
        for p in _profile(c.header, tuple(c.values))
    ]
    kinds = {p.kind for _, p in found}
    if len(kinds) == 1 and kinds <= _CONTEXT_KINDS:
        return []  # NOTE: names alone, or addresses alone; both together locate a person
    return found
