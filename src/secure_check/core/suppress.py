"""Inline suppressions: detect-secrets' allowlist pragma and our own ignore comment."""

from __future__ import annotations

import re

_PRAGMA = re.compile(r"pragma:\s*allowlist[ -]secret", re.I)
_NEXTLINE = re.compile(r"pragma:\s*allowlist[ -]nextline[ -]secret", re.I)
_IGNORE = re.compile(r"secure-check:\s*ignore(?:\[([\w\-, ]+)\])?", re.I)


def is_suppressed(text: str, start: int, rule: str) -> bool:
    """Whether the line holding ``start``, or a next-line pragma above it, silences ``rule``."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    if _line_silences(line, rule) or _PRAGMA.search(line):
        return True
    previous_end = line_start - 1
    if previous_end <= 0:
        return False
    previous = text[text.rfind("\n", 0, previous_end) + 1 : previous_end]
    return bool(_NEXTLINE.search(previous))


def _line_silences(line: str, rule: str) -> bool:
    match = _IGNORE.search(line)
    if not match:
        return False
    rules = match.group(1)
    return rules is None or rule in {r.strip() for r in rules.split(",")}
