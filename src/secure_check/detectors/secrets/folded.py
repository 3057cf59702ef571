"""Case-insensitive rules run as case-sensitive ones over a case-folded copy of the text.

NOTE: Python's ``re`` tries every alternative of a ``re.I`` alternation at every position
(``token|secret|api_key...``: about 90 ns a character); without ``re.I`` it skips ahead to the
first letters (15 ns). ``fold`` keeps every offset, so a match found in the folded copy is
matched again, at the same place, by the real pattern on the real text (finder.py).
"""

from __future__ import annotations

import re

# The characters ``re.I`` equates with an ASCII letter that ``str.lower`` does not turn into it
# (tests/detectors/secrets/test_folded.py checks this over every code point).
_FOLDS = str.maketrans({"\u017f": "s", "\u0131": "i"})
# Upper-case letters a folded pattern may keep: escapes (\S, \W, \D...) and class ranges.
_CASED_OK = re.compile(r"\\[A-Za-z]|A-Z|[^A-Z]")


def fold(text: str) -> str:
    """Return ``text`` case-folded as ``re.I`` compares it, with every offset kept."""
    if text.isascii():
        return text.lower()
    # NOTE: U+0130 is the one character whose lower() is two characters long.
    return text.replace("\u0130", "i").lower().translate(_FOLDS)


def folded(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """Return the case-sensitive twin of a ``re.I`` pattern, or None where there is none."""
    source = pattern.pattern
    if not pattern.flags & re.IGNORECASE or source.count("(?i)") > 1:
        return None
    body = source.replace("(?i)", "", 1) if source.startswith("(?i)") else source
    if "(?i" in body or "(?-i" in body or "".join(_CASED_OK.findall(body)) != body:
        return None  # NOTE: a literal capital would never match a folded text
    # NOTE: under re.I a class range A-Z also takes a-z; the folded text has only the latter.
    return re.compile(body.replace("A-Z", "a-z"), pattern.flags & ~re.IGNORECASE)
