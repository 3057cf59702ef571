"""Dates of birth: a date right after a birth label (DOB, born, date of birth, geboren...)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator

from secure_check.detectors.pii.names import FIRST_NAMES, SURNAMES
from secure_check.detectors.pii.rules import Match, labels_in

_MONTHS = (
    "january february march april may june july august september october november december".split()
)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE = (
    r"(?P<iso>\d{4}(?P<isep>[-/.])\d{1,2}(?P=isep)\d{1,2})"
    r"|(?P<num>\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2}))"
    r"|(?P<mdy>" + _MONTH + r" \d{1,2}(?:st|nd|rd|th)?,? \d{4})"
    r"|(?P<dmy>\d{1,2}(?:st|nd|rd|th)? (?:of )?" + _MONTH + r",? \d{4}"
    r"|\d{1,2}-" + _MONTH + r"-\d{4})"
)
_LABEL = (
    r"(?<![a-z])(?:d\.?o\.?b\.?|date[ _-]?of[ _-]?birth|birth[ _-]?date|birthdate|birthday|"
    r"born(?: on)?|geb(?:oren|urtsdatum)?\.?|n[ée]e? le|date[ _-]de[ _-]naissance|"
    r"fecha[ _-]de[ _-]nacimiento|data[ _-]di[ _-]nascita|data[ _-]urodzenia)"
)
# NOTE: a time may follow the date (1985-03-12T00:00:00), a longer number may not.
_DOB = re.compile(
    _LABEL + r"(?:[\s:=\"'(|>-]|&quot;){0,6}(?:" + _DATE + r")(?!(?!T[0-9])\w|[/.-][0-9])", re.I
)
# NOTE: sought from the separators (fast to seek), then widened to the whole date.
_NUMERIC_DATE = re.compile(r"([-/.])[0-9]{1,2}\1[0-9]{2,4}(?![0-9]|[/.-][0-9])")
_PLAIN_DATE = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}|[0-9]{1,2}([/.-])[0-9]{1,2}\1[0-9]{4}")
_NAME_BEFORE = re.compile(
    r"(?<![\w.])((?:Mr|Mrs|Ms|Dr)\.? )?([A-Z][a-z]+) (?:[A-Z]\. )?([A-Z][a-zA-Z'-]+)"
    r"(?:[,;:] ?| \| | \(| )$"
)
_WORDS = ("dob", "d.o.b", "birth", "born", "geb", "née", "nee le", "né le", "naissance",
          "nacimiento", "nascita", "urodzenia")  # fmt: skip


def parse_date(raw: str, today: datetime.date | None = None) -> datetime.date | None:
    """Return the plausible birth date (1900 to today) written as ``raw``, else None."""
    today = today or datetime.date.today()
    for day in _readings(raw.strip().lower()):
        if datetime.date(1900, 1, 1) <= day <= today:
            return day
    return None


def _readings(raw: str) -> Iterator[datetime.date]:
    parts = re.split(r"[/.\- ,]+", raw.replace("of ", ""))
    parts = [re.sub(r"(st|nd|rd|th)$", "", p) if p[:1].isdigit() else p for p in parts if p]
    if len(parts) != 3:
        return
    if not parts[1].isdigit() or not parts[0].isdigit():
        month = _month(parts[0] if not parts[0].isdigit() else parts[1])
        day = parts[1] if not parts[0].isdigit() else parts[0]
        yield from _make(parts[2], month, day)
        return
    if len(parts[0]) == 4:
        yield from _make(parts[0], parts[1], parts[2])
        return
    yield from _make(parts[2], parts[1], parts[0])  # day first (most of the world)
    yield from _make(parts[2], parts[0], parts[1])  # month first (US)


def _month(name: str) -> int:
    for i, full in enumerate(_MONTHS, 1):
        if full.startswith(name.rstrip(".")[:3]):
            return i
    return 0


def _make(year: object, month: object, day: object) -> Iterator[datetime.date]:
    y, m, d = int(str(year)), int(str(month)), int(str(day))
    if y < 100:
        y += 1900 if y > datetime.date.today().year % 100 else 2000
    try:
        yield datetime.date(y, m, d)
    except ValueError:
        return


def find_dobs(text: str) -> Iterator[Match]:
    """Yield dates after a birth label, or right after a person's name, in ISO 8601."""
    seen: set[int] = set()
    if labels_in(text, _WORDS):
        for m in _DOB.finditer(text):
            name = next(k for k in ("iso", "num", "mdy", "dmy") if m.group(k))
            day = parse_date(m.group(name))
            if day is not None:
                seen.add(m.start(name))
                yield m.start(name), m.end(name), day.isoformat(), 0.85
    for found in _beside_names(text):
        if found[0] not in seen:
            yield found


def _beside_names(text: str) -> Iterator[Match]:
    """``Ann Lee, 1985-03-12`` or ``Ann Lee (12/03/1985)``: a past date just after a name.

    The name must hold a common given name or surname (bundled lists) and the date be ten or
    more years old: event dates in notebooks are recent, birth dates are not.
    """
    latest = datetime.date.today().year - 10
    for m in _NUMERIC_DATE.finditer(text):
        start = m.start() - (4 if m.group(1) == "-" else 2)
        while start > 0 and text[start - 1].isdigit() and m.start() - start < 4:
            start -= 1
        raw = text[start : m.end()]
        day = parse_date(raw) if _PLAIN_DATE.fullmatch(raw) else None
        if day is None or day.year > latest:
            continue
        person = _NAME_BEFORE.search(text, max(0, start - 40), start)
        if person and (
            person.group(2).lower() in FIRST_NAMES or person.group(3).lower() in SURNAMES
        ):
            yield start, m.end(), day.isoformat(), 0.7


def is_date(value: str) -> bool:
    """Whether a whole cell is a plausible birth date."""
    value = value.strip()
    if not re.fullmatch(_DATE + r"|\d{4}-\d{2}-\d{2}[ T]00:00:00", value, re.I):
        return False
    return parse_date(value.split()[0] if value[:4].isdigit() else value) is not None
