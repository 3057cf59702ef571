"""Inline suppressions: detect-secrets' allowlist pragma and our own ignore comment."""

from __future__ import annotations

import re

_PRAGMA = re.compile(r"pragma:\s*allowlist[ -]secret", re.I)
_NEXTLINE = re.compile(r"pragma:\s*allowlist[ -]nextline[ -]secret", re.I)
_IGNORE = re.compile(r"secure-check:\s*ignore(?:\[([\w\-, ]+)\])?", re.I)


def is_suppressed(text: str, start: int, rule: str) -> bool:
    """Whether the line holding ``start``, or a next-line pragma above it, silences ``rule``."""
    return Pragmas(text).silence(start, rule)


class Pragmas:
    """The pragmas of one text, read once per line however many hits the line holds.

    NOTE: a line with thousands of hits used to be searched once per hit (quadratic).
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._lines: dict[int, frozenset[str] | None] = {}  # line start -> rules (None: all)

    def silence(self, start: int, rule: str) -> bool:
        """Whether the line holding ``start``, or a next-line pragma above it, silences ``rule``."""
        line_start = self._text.rfind("\n", 0, start) + 1
        if line_start not in self._lines:
            self._lines[line_start] = self._read(line_start)
        rules = self._lines[line_start]
        return rules is None or rule in rules

    def _read(self, line_start: int) -> frozenset[str] | None:
        text = self._text
        line_end = text.find("\n", line_start)
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        if _PRAGMA.search(line):
            return None
        previous_end = line_start - 1
        if previous_end > 0:
            previous = text[text.rfind("\n", 0, previous_end) + 1 : previous_end]
            if _NEXTLINE.search(previous):
                return None
        match = _IGNORE.search(line)
        if not match:
            return frozenset()
        if match.group(1) is None:
            return None
        return frozenset(r.strip() for r in match.group(1).split(","))
