"""Fingerprints and redacted previews: the only forms in which a matched value leaves the engine."""

from __future__ import annotations

import base64
import bisect
import collections
import functools
import hashlib
import math
import re
from collections.abc import Iterable

from secure_check.core.trie import trie_pattern

FINGERPRINT_PREFIX = "sc1:"
_SALT = b"secure-check/fingerprint/v1"
_MASK = "****"


def fingerprint(value: str, key: str | None = None) -> str:
    """Return a stable, non-reversible identifier of ``value``.

    By default the project's secret key (``core.keys``) keys a BLAKE2b: without the key no
    guess can be checked, so even a date of birth or ``Summer2024!`` cannot be tried offline.
    Where no key can be kept (``keys.PUBLIC``), guessable values go through scrypt with a
    public salt (slow to try, not impossible) and long random tokens through a salted BLAKE2b.
    """
    from secure_check.core.keys import fingerprint_key

    return _fingerprint(value, fingerprint_key() if key is None else key)


@functools.lru_cache(maxsize=8192)
def _fingerprint(value: str, team_key: str) -> str:
    # NOTE: the key is part of the cache key, so setting it mid-session takes effect at once.
    key, data = team_key.encode(), value.encode()
    if key:
        digest = hashlib.blake2b(data, digest_size=15, key=_key64(key), salt=_SALT[:16]).digest()
    elif looks_random(value):
        digest = hashlib.blake2b(data, digest_size=15, salt=_SALT[:16]).digest()
    else:
        digest = hashlib.scrypt(data, salt=_SALT, n=2**12, r=8, p=1, dklen=15)
    return FINGERPRINT_PREFIX + base64.b32encode(digest).decode().lower()


def _key64(key: bytes) -> bytes:
    return key if len(key) <= 64 else hashlib.blake2b(key).digest()


def looks_random(value: str) -> bool:
    """Whether ``value`` is a long, high-entropy token that no dictionary or range enumerates."""
    if len(value) < 24 or "@" in value:
        return False
    # NOTE: the tests run on the distinct characters: a hostile value is thousands long.
    counts = collections.Counter(value)
    chars = "".join(counts)
    if any(c.isspace() for c in chars):
        return False
    classes = sum(
        any(test(c) for c in chars)
        for test in (str.islower, str.isupper, str.isdigit, lambda c: not c.isalnum())
    )
    if classes < 2 or (classes == 2 and len(value) < 32):
        return False
    entropy = -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())
    return entropy >= 3.5


def preview(value: str) -> str:
    """Mask ``value``; only a long random token keeps a few characters of each end.

    Never over a third of it; anything guessable (a date, an SSN, a phone, a short password)
    shows its length only.
    """
    keep = min(4, len(value) // 6)
    if keep == 0 or not looks_random(value):
        return f"{_MASK} ({len(value)} chars)"
    return f"{value[:keep]}{_MASK}{value[-keep:]}"


def mask_spans(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """Return ``text`` with each ``[start, end)`` span replaced by the preview of its value.

    The one masking function of every view that shows notebook text (the review widget, the
    panel, reports, magics): it masks by the finding's span in the original text, so values the
    scanner normalised (a PEM key without its line breaks, an SSN without dashes) are hidden
    too. Overlapping spans merge; a multi-line value keeps its line breaks and shows nothing.
    """
    out, at = [], 0
    for start, end in _merged((max(0, s), min(len(text), e)) for s, e in spans):
        value = text[start:end]
        out.append(text[at:start])
        if "\n" in value:
            out.append("\n".join(_MASK for _ in value.split("\n")))
        else:
            out.append(preview(value))
        at = end
    out.append(text[at:])
    return "".join(out)


CONTEXT_WIDTH = 60  # characters kept either side of a finding in its masked line


class LineMasker:
    """The masked line of any position of ``text``: each line is masked once, by span.

    ``spans`` are all the hits of the text, so a second secret on a line is masked too;
    ``values`` (the hits' raw values) are scrubbed as well, should a span miss one. A text
    with many hits on one line costs one masking of that line, not one per hit.
    """

    def __init__(self, text: str, spans: list[tuple[int, int]], values: list[str]) -> None:
        self._text = text
        self._spans = sorted((s, e, v) for (s, e), v in zip(spans, values, strict=True))
        self._starts = [s for s, _, _ in self._spans]
        self._longest = max((e - s for s, e, _ in self._spans), default=0)
        self._lines: dict[int, tuple[str, list[tuple[int, int]]]] = {}

    def context(self, start: int) -> str:
        """Return the masked line holding ``start``, cut to ``CONTEXT_WIDTH`` either side."""
        begin = self._text.rfind("\n", 0, start) + 1
        if begin not in self._lines:
            self._lines[begin] = self._mask(begin)
        line, marks = self._lines[begin]
        at = bisect.bisect_right(marks, (start - begin, len(line))) - 1
        raw, shown = marks[at] if at >= 0 else (0, 0)
        anchor = min(len(line), shown + max(0, start - begin - raw))
        # NOTE: cut after masking, so a cut never leaves part of a raw value showing.
        lo, hi = max(0, anchor - CONTEXT_WIDTH), min(len(line), anchor + CONTEXT_WIDTH)
        return ("…" if lo else "") + line[lo:hi].strip() + ("…" if hi < len(line) else "")

    def _mask(self, begin: int) -> tuple[str, list[tuple[int, int]]]:
        """Mask one line; ``marks`` map raw offsets of span ends to offsets in the result."""
        end = self._text.find("\n", begin)
        end = len(self._text) if end < 0 else end
        lo = bisect.bisect_left(self._starts, begin - self._longest)
        hi = bisect.bisect_right(self._starts, end)
        on_line = [(s, e, v) for s, e, v in self._spans[lo:hi] if e >= begin]
        raw = self._text[begin:end]
        out: list[str] = []
        marks, at, shown = [(0, 0)], 0, 0
        for s, e in _merged((max(s, begin) - begin, min(e, end) - begin) for s, e, _ in on_line):
            masked = preview(raw[s:e])
            out += (raw[at:s], masked)
            shown += s - at + len(masked)
            at = e
            marks.append((e, shown))
        out.append(raw[at:])
        line = scrub("".join(out), [v for _, _, v in on_line if len(v) >= 6])
        return line, marks


def _merged(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def scrub(text: str, values: list[str]) -> str:
    """Replace each raw value inside ``text`` by its preview (for messages and exceptions)."""
    distinct = sorted({v for v in values if v}, key=len, reverse=True)
    if len(distinct) <= _FEW_VALUES:
        for value in distinct:
            text = text.replace(value, preview(value))
        return text
    return _scrub_many(text, distinct)


_FEW_VALUES = 16
_MAX_HEADS = 256


def _scrub_many(text: str, values: list[str]) -> str:
    """One left-to-right pass, the longest value first at each place.

    NOTE: one ``str.replace`` per value reads the whole text once per value: 11,000 e-mails on
    one 200 KB output line took 0.4 s that way, and it grows with the square of the line. A
    Python loop over every character took 0.2 s; the places where a value may start (its first
    characters, found by one trie-shaped regex in C) are all that is visited now.
    """
    k = min(4, *(len(v) for v in values))
    while k > 1 and len({v[:k] for v in values}) > _MAX_HEADS:
        k -= 1  # NOTE: a small pattern: ``re`` keeps each it compiles (512), big ones 0.5 MB
    # NOTE: by head, then by length (longest first): a few set lookups at each place, however
    # many values share a head (62 values that all start with ``pass``).
    lengths: dict[str, dict[int, set[str]]] = {}
    for value in values:
        lengths.setdefault(value[:k], {}).setdefault(len(value), set()).add(value)
    by_head = {h: sorted(sizes.items(), reverse=True) for h, sizes in lengths.items()}
    heads = re.compile(f"(?=(?:{trie_pattern(by_head)}))")
    out: list[str] = []
    at = 0
    for head in heads.finditer(text):
        i = head.start()
        if i < at:
            continue  # NOTE: inside a value already replaced
        found = next((text[i : i + n] for n, same in by_head[text[i : i + k]]
                      if text[i : i + n] in same), "")  # fmt: skip
        if found:
            out += (text[at:i], preview(found))
            at = i + len(found)
    out.append(text[at:])
    return "".join(out)
