"""Value-level PII rules: e-mail, phone, US SSN, payment card, IBAN, IP address, date of birth.

Each ``find_*`` takes a segment's text and yields ``(start, end, normalised value, confidence)``;
each ``is_*`` checks one whole value (a table cell). Precision first: every rule validates what
its regex found (checksums, number plans, address ranges) and drops documentation values.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from typing import TypeVar

from secure_check.core.notebook import ascii_lower

T = TypeVar("T")

Match = tuple[int, int, str, float]

# --- e-mail ---------------------------------------------------------------------------------
# NOTE: the local part is possessive: '@' is not in its class, so a shorter run never reaches
# one; backtracking through it cost 63 steps at each letter of a long word (0.5 s/MB).
_DOMAIN = r"((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+([A-Za-z]{2,24}))(?![\w@-])"
_EMAIL = re.compile(r"([A-Za-z0-9][\w.+%-]{0,63}+)@" + _DOMAIN)
_AT_DOMAIN = re.compile("@" + _DOMAIN)
_NOT_LOCAL = re.compile(r"[^\w.+%-]")
_ALNUM = re.compile(r"[A-Za-z0-9]")
_TLDS = frozenset(
    "com net org edu gov mil int info biz io ai co app dev me tv name pro mobi xyz online site "
    "tech store shop cloud email live life blog page space website world today news media group "
    "company agency solutions digital network systems services academy center global team work "
    "science health care studio design art club inc ltd llc law bank capital finance money "
    "consulting education school university institute".split()
)
_NOT_PERSON_DOMAINS = re.compile(
    r"(^|\.)(example\.(com|org|net|edu)|gserviceaccount\.com|svc\.id\.goog|"
    r"users\.noreply\.github\.com|noreply\.github\.com|domain\.com|yourdomain\.com|email\.com|"
    r"yourcompany\.com|company\.com|mycompany\.com|localhost\.localdomain|sentry\.io|"
    r"amazonaws\.com|googleusercontent\.com|cloudapp\.net|cloudapp\.azure\.com)$"
    r"|\.(example|test|invalid|localhost|local|internal)$"
)
_NOT_PERSON_LOCAL = re.compile(
    r"^(no-?reply|do-?not-?reply|do_not_reply|donotreply|notifications?|mailer-daemon|postmaster|"
    r"git|hg|root|admin|ubuntu|ec2-user|centos|debian|azureuser|jovyan|opc|pi|webmaster|hostmaster|abuse|support|info|noc|security|privacy|nobody|"
    r"permissions|contact|hello|team|sales|press|jobs|careers|legal|feedback|help|office|"
    r"enquiries|inquiries|billing|marketing|media|news|newsletter|service|accounts|orders|"
    r"licensing|copyright|dmca|editors?|events|partners|recruiting|hr|devnull|reply|"
    r"user|username|user\.name|your[._-]?(e-?mail|name|address|user)?|you|me|name|e-?mail|"
    r"someone|somebody|foo|bar|baz|test|tester|xxx+|abc|first\.last|firstname\.lastname|"
    r"john\.?doe|jane\.?doe|johndoe|janedoe)$"
)
# NOTE: placeholders to fill in, and public attributions (package metadata, licences, commits).
_PLACEHOLDER_LINE = re.compile(
    r"change[ _-]?(this|me)|replace[ _-]?(this|me|with)|placeholder|<your|your[ _-]e-?mail|"
    r"(author|maintainer)[-_ ]e-?mail|copyright|\(c\) ?\d{4}|co-authored-by|signed-off-by|"
    r"\b(donor|creator|curator|originator)s?\b",
    re.I,
)


def find_emails(text: str) -> Iterator[Match]:
    """Personal e-mail addresses; documentation, service and no-reply addresses are skipped."""
    if "@" not in text:
        return
    lines = Lines(text)
    person: dict[str, bool] = {}  # NOTE: by address, as written (a table repeats its values)
    for m in _email_matches(text):
        start = m.start()
        before = text[start - 1] if start else " "
        if not clear_before(text, start, ".+%/-:~") and not _mailto(text, start):
            continue
        if before not in _BLANKS and "://" in _token_before(text, start):
            continue  # NOTE: user:password@host in a URL, not an address
        found = m.group()
        judged = person.get(found)
        if judged is None:
            local, domain, tld = (g.lower() for g in m.group(1, 2, 3))
            judged = person[found] = _is_person_email(local, domain, tld)
        if judged and not lines.fact(start, "placeholder", _placeholder_line):
            yield start, m.end(), found.lower(), 0.9


def _email_matches(text: str) -> Iterator[re.Match[str]]:
    """``_EMAIL.finditer(text)``, tried once per '@' that a domain follows.

    NOTE: the regex alone tries every letter before an '@' as a start and reads the domain
    again from each (``a1@b.coa2@b.coa3...``: 0.6 s/MB). A match holds one '@' (no part of it
    takes one), so it starts at the first letter or digit of the run before its '@', at most
    64 back: that place alone is tried.
    """
    pos = 0
    for at_domain in _AT_DOMAIN.finditer(text):
        at = at_domain.start()
        lo = max(pos, at - 64)
        before = text[lo:at]
        stop = _NOT_LOCAL.search(before[::-1])
        run = lo if stop is None else at - stop.start()
        start = _ALNUM.search(text, run, at)
        found = _EMAIL.match(text, start.start()) if start is not None else None
        if found is not None:
            yield found
            pos = found.end()


def _placeholder_line(line: str) -> bool:
    return _PLACEHOLDER_LINE.search(line) is not None


def _mailto(text: str, start: int) -> bool:
    return text[max(0, start - 7) : start].lower() == "mailto:"


_BLANKS = frozenset(" \t\n\"'<>()[]`")


def _token_before(text: str, start: int) -> str:
    """Return the non-blank run of characters that ends at ``start``."""
    begin = start
    while begin > 0 and start - begin < 200 and text[begin - 1] not in _BLANKS:
        begin -= 1
    return text[begin:start]


def _is_person_email(local: str, domain: str, tld: str) -> bool:
    if len(tld) > 2 and tld not in _TLDS:
        return False  # NOTE: `x@self.weights`, `a@b.shape`: code, not mail
    if _NOT_PERSON_DOMAINS.search(domain) or _NOT_PERSON_LOCAL.match(local):
        return False
    return not local.endswith(("-compute", "-noreply", ".noreply"))


def is_email(value: str) -> bool:
    """Whether a whole cell is a personal e-mail address."""
    m = _EMAIL.fullmatch(value.strip())
    return m is not None and _is_person_email(
        m.group(1).lower(), m.group(2).lower(), m.group(3).lower()
    )


_UNKNOWN = object()


class Lines:
    """Facts about the lines of one text, each worked out once per line.

    NOTE: a whole output can be one line of a megabyte; a test that reads the whole line for
    every match on it (11,000 e-mails on a 200 KB line: 256 s) is quadratic. Matches come in
    order, so finding each next line also reads each character once.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._begin, self._end = 0, -1
        self._facts: dict[tuple[str, str], object] = {}
        self._sliced, self._slice = -1, ""

    def line(self, index: int) -> tuple[int, int]:
        """Return where the line holding ``index`` begins and ends."""
        if not self._begin <= index <= self._end:
            text = self.text
            floor = self._end if index > self._end >= 0 else 0
            self._begin = text.rfind("\n", floor, index) + 1 or floor
            end = text.find("\n", index)
            self._end = len(text) if end < 0 else end
        return self._begin, self._end

    def fact(self, index: int, name: str, work: Callable[[str], T]) -> T:
        """Return ``work(line)`` for the line holding ``index``, once per line and line text.

        NOTE: a table printed as text repeats its lines (``a@b.co`` 13,000 times).
        """
        begin, end = self.line(index)
        if begin != self._sliced:  # NOTE: each line is copied once, not once per match on it
            self._sliced, self._slice = begin, self.text[begin:end]
        key = (name, self._slice)
        found = self._facts.get(key, _UNKNOWN)
        if found is _UNKNOWN:
            found = self._facts[key] = work(key[1])
        return found  # type: ignore[return-value]


def line_of(text: str, index: int) -> str:
    """Return the whole line of ``text`` that holds ``index``."""
    start = text.rfind("\n", 0, index) + 1
    end = text.find("\n", index)
    return text[start : end if end >= 0 else len(text)]


def clear_before(text: str, start: int, banned: str = "") -> bool:
    """Whether the character before ``start`` ends a token (not a letter, digit, ``_``, banned)."""
    if start == 0:
        return True
    ch = text[start - 1]
    return not (ch.isalnum() or ch == "_" or ch in banned)


@functools.lru_cache(maxsize=8)
def lowered(text: str) -> str:
    """``text`` lower-cased (A-Z only: offsets stay valid), once per segment for every rule."""
    return ascii_lower(text)


def labels_in(text: str, words: tuple[str, ...]) -> bool:
    """Whether any of ``words`` (lowercase) occurs in ``text``: a plain substring test, fast."""
    low = lowered(text)
    return any(w in low for w in words)


def label_positions(text: str, words: tuple[str, ...]) -> Iterator[int]:
    """Where each of ``words`` (lowercase) occurs in ``text``, in order of appearance."""
    low = lowered(text)
    found: set[int] = set()
    for word in words:
        at = low.find(word)
        while at >= 0:
            found.add(at)
            at = low.find(word, at + 1)
    yield from sorted(found)


def context_before(text: str, index: int, width: int = 40) -> str:
    """Return the text just before ``index`` on its line (where ``phone:`` labels sit)."""
    start = max(text.rfind("\n", 0, index) + 1, index - width)
    return text[start:index]


# --- US social security number --------------------------------------------------------------
# NOTE: patterns start with one character class or a literal (no look-behind, no `\d{3}`):
# only then does the regex engine skip ahead quickly, which keeps big outputs cheap.
_SSN = re.compile(r"-([0-9][0-9])-([0-9]{4})(?![\w-]|\.[0-9])")
_SSN_SPACED = re.compile(r"([0-9][0-9][0-9])([- ])([0-9][0-9])\2([0-9]{4})(?![\w-]|\.[0-9])")
_SSN_BARE = re.compile(r"([0-9][0-9][0-9])([0-9]{2})([0-9]{4})(?![\w-]|\.[0-9])")
_SSN_WORDS = ("ssn", "social security", "social_security", "social-security", "ss#")
_SSN_CONTEXT = re.compile(r"ssn|social[ _-]?security|ss#", re.I)
_SSN_EXAMPLES = frozenset(
    {"123456789", "078051120", "219099999", "111111111", "987654321", "111223333", "457555462"}
)


def valid_ssn(area: str, group: str, serial: str) -> bool:
    """SSA rules: area not 000, 666 or 9xx; group not 00; serial not 0000; no known examples."""
    if area in ("000", "666") or area[0] == "9" or group == "00" or serial == "0000":
        return False
    return area + group + serial not in _SSN_EXAMPLES


def find_ssns(text: str) -> Iterator[Match]:
    """Dashed SSNs anywhere; spaced or bare nine digits only after an SSN label."""
    for m in _SSN.finditer(text):
        start = m.start() - 3
        area = text[max(start, 0) : m.start()]
        if start >= 0 and area.isdigit() and area.isascii() and clear_before(text, start, "-"):
            if valid_ssn(area, m.group(1), m.group(2)):
                yield start, m.end(), area + m.group(1) + m.group(2), 0.85
    if labels_in(text, _SSN_WORDS):
        yield from _labelled_ssns(text)


def _labelled_ssns(text: str) -> Iterator[Match]:
    for at in label_positions(text, _SSN_WORDS):
        end = min(at + 60, len(text))
        for rx in (_SSN_SPACED, _SSN_BARE):
            for m in rx.finditer(text, at, end):
                groups = m.groups()
                area, group, serial = groups[0], groups[-2], groups[-1]
                if m.group().count("-") or not clear_before(text, m.start(), "-"):
                    continue
                if valid_ssn(area, group, serial):
                    yield m.start(), m.end(), area + group + serial, 0.7


def is_ssn(value: str, labelled: bool = False) -> bool:
    """Whether a whole cell is an SSN: dashed, or nine bare digits under an SSN header."""
    m = re.fullmatch(r"([0-9]{3})(-?)([0-9]{2})\2([0-9]{4})", value.strip())
    if m is None or not (m.group(2) or labelled):
        return False  # NOTE: bare nine digits are parcel, child or dollar figures elsewhere
    return valid_ssn(m.group(1), m.group(3), m.group(4))
