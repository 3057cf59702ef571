r"""A pattern's matches, found with fewer tries: exactly what ``finditer`` and ``search`` return.

NOTE: Python's ``re`` skips ahead to a pattern's literal or first-character set only when the
pattern starts with one; otherwise it runs the whole pattern at every position (20-50 ns a
character for a keyword rule). Two things hide the start: ``re.I`` (folded.py) and a leading
assertion: ``\b``, ``(?<![A-Za-z0-9])``. A ``Finder`` runs an equivalent pattern that starts
with a literal: the assertion moves after the literal that follows it, as a lookbehind that
spans both (``\bauth=`` becomes ``auth(?<!\wauth)=``). Each place is tried as before, with
the same work; places without the literal are skipped in C.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

from secure_check.detectors.secrets.folded import fold, folded

# NOTE: a rewrite where a group number would move is not safe (back-references, conditionals),
# nor one in verbose mode (whitespace would be read differently).
_UNSAFE = re.compile(r"\\[1-9]|\(\?P=|\(\?\(|\(\?[a-zA-Z]*x")
# A leading zero-width assertion this module can move: \b or a lookbehind (group 1: body).
_LEAD = re.compile(r"\\b|\(\?<([!=])((?:[^()\\\[]|\\.|\[(?:[^\]\\]|\\.)*\])*)\)")
# A literal character: a letter, a digit or a plain mark, or an escaped mark (\. \( \-).
_LITERAL = re.compile(r"[A-Za-z0-9_\-@#%&'\",;:<>/=!~` ]|\\[^A-Za-z0-9]")
_QUANTIFIER = frozenset("?*+{")
_DENSE = 24  # characters per keyword below which an anchor no longer pays


@dataclasses.dataclass(frozen=True)
class Anchor:
    """Where a match starts, found from the keyword in it (for a pattern that opens with a run).

    The pattern opens with a run of characters that ``stop`` (a one-character regex) does not
    take, at most ``reach`` of them, holding one of ``words`` (lower case); before the run
    comes a character ``stop`` takes or the start of the text. With ``before`` = 0 a lookbehind
    puts that character outside the match; with 1 it is the match's first character. So a
    match can only start at the start of the run around a keyword, or one before it.
    """

    words: str
    stop: str = r"\W"
    reach: int = 1 << 30
    before: int = 0


class Finder:
    """``pattern``'s matches, through its folded twin and with its lead moved (or anchored)."""

    def __init__(self, pattern: re.Pattern[str], anchor: Anchor | None = None) -> None:
        self.pattern = pattern
        twin = folded(pattern)
        self.folded = twin is not None
        self.anchor = anchor
        self.core: re.Pattern[str] | None
        if anchor is not None:
            assert twin is not None, "an anchor's words are sought in the folded text"
            self.moved, self.core, self._twin = True, re.compile(anchor.words), twin
            self._stop = re.compile(anchor.stop)
            return
        base = twin if twin is not None else pattern
        moved = _moved(base.pattern, base.flags)
        self.moved = moved is not None
        # NOTE: core is None where the pattern itself is as fast as it gets
        self.core = re.compile(moved, base.flags) if moved is not None else twin

    def __repr__(self) -> str:
        core = self.core.pattern if self.core is not None else None
        return f"Finder({self.pattern.pattern!r}, core={core!r})"

    def finditer(self, text: str, low: str = "") -> Iterator[re.Match[str]]:
        """``pattern.finditer(text)``; ``low`` is ``fold(text)`` where the caller has it."""
        if self.core is None:
            yield from self.pattern.finditer(text)
            return
        hay = (low or fold(text)) if self.folded else text
        if self.anchor is not None:
            yield from self._anchored(text, hay)
            return
        for found in self.core.finditer(hay):
            match = self.pattern.match(text, found.start())
            if match is not None:
                yield match

    def search(self, text: str, low: str = "") -> re.Match[str] | None:
        """``pattern.search(text)``."""
        if self.core is None:
            return self.pattern.search(text)
        hay = (low or fold(text)) if self.folded else text
        if self.anchor is not None:
            return next(self._anchored(text, hay), None)
        pos = 0
        while (found := self.core.search(hay, pos)) is not None:
            match = self.pattern.match(text, found.start())
            if match is not None:
                return match
            pos = found.start() + 1
        return None

    def _anchored(self, text: str, hay: str) -> Iterator[re.Match[str]]:
        assert self.anchor is not None and self.core is not None
        reach, before, match = self.anchor.reach, self.anchor.before, self.pattern.match
        # NOTE: the last stop before a keyword is sought in the reversed text, back to the
        # previous keyword at most (past it the run is known): linear in all.
        stop, back, size = self._stop.search, hay[::-1], len(hay)
        pos, tried, last, run = 0, -1, 0, 0
        # NOTE: each keyword costs a step in Python (about 0.7 us); where they have stood closer
        # than every _DENSE characters so far, re's own scan from here on is cheaper (as exact).
        count = 0
        for found in self.core.finditer(hay):
            count += 1
            if count >= 16 and found.start() < count * _DENSE:
                for found in self._twin.finditer(hay, pos):
                    matched = match(text, found.start())
                    if matched is not None:
                        yield matched
                return
            at = found.start()
            hit = stop(back, size - at, size - last)
            if hit is not None:
                run = size - hit.start()
            last = at
            start = max(0, run - before)
            if at - run > reach or start < pos or start == tried:
                continue
            tried = start
            matched = match(text, start)
            if matched is not None:
                yield matched
                pos = matched.end()


class Run:
    """``bool(pattern.search(text))`` for a need that is a run of one ASCII class, found in C.

    ``pattern`` is case-insensitive: ``(?<![C])[C]{n}`` (a run of n or more) or that with
    ``(?![C])`` (a run of exactly n), or an alternation of such; each of ``runs`` gives C
    lower-cased, n, and whether the run is exact. NOTE: such a regex enters every position
    (about 20 ns a character); translating the bytes of the folded text to 'a' (in C) and ' '
    (the rest) takes about 1 ns, and a substring test finds the run.
    """

    def __init__(self, pattern: re.Pattern[str], *runs: tuple[str, int, bool]) -> None:
        assert pattern.flags & re.IGNORECASE and all(c.isascii() and c != "?" for c, _, _ in runs)
        self.pattern = pattern
        self._runs = [
            (bytes(0x61 if chr(i) in chars else 0x20 for i in range(256)), size, exact)
            for chars, size, exact in runs
        ]

    def search(self, text: str, low: str = "") -> bool:
        """Whether ``pattern`` matches somewhere in ``text`` (``low``: its fold, if known)."""
        # NOTE: a non-ASCII character becomes '?', outside every class (fold took those re.I
        # equates with an ASCII letter: the Kelvin sign, the long s).
        raw = (low or fold(text)).encode("ascii", "replace")
        for table, size, exact in self._runs:
            flat = raw.translate(table)
            if (b" " + b"a" * size + b" " in b" " + flat + b" ") if exact else b"a" * size in flat:
                return True
        return False


def _moved(source: str, flags: int) -> str | None:
    """``source`` with its leading assertions moved after the literal that follows them.

    None where there is nothing to move, or no literal to move it after.
    """
    if flags & re.VERBOSE or _UNSAFE.search(source):
        return None
    out = []
    for alternative in _alternatives(source):
        leads, at = [], 0
        while (lead := _LEAD.match(alternative, at)) is not None:
            leads.append(lead)
            at = lead.end()
        rest = alternative[at:]
        if not leads:
            out.append(alternative)
            continue
        moved = _after_literal(leads, rest, flags)
        if moved is None:
            return None
        out.append(moved)
    moved_source = "|".join(out)
    if moved_source == source:
        return None
    try:
        re.compile(moved_source, flags)
    except (re.error, RecursionError, OverflowError):
        return None
    return moved_source


def _after_literal(leads: list[re.Match[str]], rest: str, flags: int) -> str | None:
    """``rest`` with ``leads`` checked after its literal prefix (each branch's, for a group)."""
    prefix = _literal_prefix(rest)
    if prefix:
        return prefix + _behind(leads, prefix, flags) + rest[len(prefix) :]
    if not rest.startswith("(?:"):
        return None
    end = _group_end(rest, 0)
    if rest[end : end + 1] in _QUANTIFIER or rest[end - 1 : end] != ")":
        return None  # NOTE: an optional group: what follows it may come first
    branches = []
    for branch in _alternatives(rest[3 : end - 1]):
        prefix = _literal_prefix(branch)
        if not prefix:
            return None
        branches.append(prefix + _behind(leads, prefix, flags) + branch[len(prefix) :])
    return "(?:" + "|".join(branches) + ")" + rest[end:]


def _behind(leads: list[re.Match[str]], prefix: str, flags: int) -> str:
    """Return lookbehinds that test, after ``prefix``, what ``leads`` tested before it."""
    out = []
    for lead in leads:
        if lead.group() == "\\b":
            # NOTE: \b before a word character: no word character before it; else one.
            first = prefix[1] if prefix.startswith("\\") else prefix[0]
            word = re.match(r"\w", first, flags & re.ASCII)
            out.append(("(?<!\\w" if word else "(?<=\\w") + prefix + ")")
        else:
            out.append(f"(?<{lead[1]}{lead[2]}{prefix})")
    return "".join(out)


def _literal_prefix(source: str) -> str:
    """Return the literal characters ``source`` starts with (less one a quantifier takes)."""
    at = 0
    while (char := _LITERAL.match(source, at)) is not None:
        if source[char.end() : char.end() + 1] in _QUANTIFIER and char.end() < len(source):
            break
        at = char.end()
    return source[:at]


def _alternatives(source: str) -> list[str]:
    """Split ``source`` at its top-level ``|``."""
    out, start = [], 0
    for at, char, depth in _walk(source, 0):
        if char == "|" and depth == 0:
            out.append(source[start:at])
            start = at + 1
    out.append(source[start:])
    return out


def _walk(source: str, at: int) -> Iterator[tuple[int, str, int]]:
    """Yield (index, character, group depth after it) from ``at``, escapes and classes skipped."""
    depth = 0
    while at < len(source):
        char = source[at]
        if char == "\\":
            at += 2
            continue
        if char == "[":
            at = _class_end(source, at)
            continue
        depth += (char == "(") - (char == ")")
        yield at, char, depth
        at += 1


def _class_end(source: str, at: int) -> int:
    at += 1
    if source[at : at + 1] == "^":
        at += 1
    if source[at : at + 1] == "]":
        at += 1  # NOTE: a ']' first in a class is a literal
    while at < len(source) and source[at] != "]":
        at += 2 if source[at] == "\\" else 1
    return at + 1


def _group_end(source: str, at: int) -> int:
    """Return where the group opening at ``at`` ends (past its ``)``), or the source's end."""
    for index, char, depth in _walk(source, at):
        if char == ")" and depth == 0:
            return index + 1
    return len(source)
