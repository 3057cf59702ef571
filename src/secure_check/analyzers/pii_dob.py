"""Dates of birth: a date right after a birth label (DOB, born, date of birth, geboren...)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator

from .pii_rules import Match, labels_in

_MONTHS = (
    "january february march april may june july august september october november december".split()
)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE = (
    r"(?P<iso>\d{4}-\d{1,2}-\d{1,2})"
    r"|(?P<num>\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2}))"
    r"|(?P<mdy>" + _MONTH + r" \d{1,2}(?:st|nd|rd|th)?,? \d{4})"
    r"|(?P<dmy>\d{1,2}(?:st|nd|rd|th)? (?:of )?" + _MONTH + r",? \d{4})"
)
_LABEL = (
    r"(?<![a-z])(?:d\.?o\.?b\.?|date[ _-]?of[ _-]?birth|birth[ _-]?date|birthdate|birthday|"
    r"born(?: on)?|geb(?:oren|urtsdatum)?\.?|n[ée]e? le|fecha de nacimiento|data di nascita)"
)
# NOTE: a time may follow the date (1985-03-12T00:00:00), a longer number may not.
_DOB = re.compile(
    _LABEL + r"(?:[\s:=\"'(]|&quot;){0,6}(?:" + _DATE + r")(?!(?!T[0-9])\w|[/.-][0-9])", re.I
)
_WORDS = ("dob", "d.o.b", "birth", "born", "geb", "née", "nee le", "né le", "nacimiento", "nascita")


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
    """Dates written right after a birth label, normalised to ISO 8601."""
    if not labels_in(text, _WORDS):
        return
    for m in _DOB.finditer(text):
        name = next(k for k in ("iso", "num", "mdy", "dmy") if m.group(k))
        day = parse_date(m.group(name))
        if day is not None:
            yield m.start(name), m.end(name), day.isoformat(), 0.85


def is_date(value: str) -> bool:
    """Whether a whole cell is a plausible birth date."""
    value = value.strip()
    if not re.fullmatch(_DATE + r"|\d{4}-\d{2}-\d{2}[ T]00:00:00", value, re.I):
        return False
    return parse_date(value.split()[0] if value[:4].isdigit() else value) is not None
