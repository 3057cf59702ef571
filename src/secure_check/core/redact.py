"""Fingerprints and redacted previews: the only forms in which a matched value leaves the engine."""

from __future__ import annotations

import base64
import bisect
import collections
import functools
import hashlib
import math
from collections.abc import Callable, Iterable

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
    if len(value) < 24 or any(c.isspace() or c == "@" for c in value):
        return False
    classes = sum(
        any(test(c) for c in value)
        for test in (str.islower, str.isupper, str.isdigit, lambda c: not c.isalnum())
    )
    if classes < 2 or (classes == 2 and len(value) < 32):
        return False
    counts = collections.Counter(value)
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
    return _mask(text, spans)[0]


def _mask(text: str, spans: Iterable[tuple[int, int]]) -> tuple[str, list[tuple[int, int, int]]]:
    """``mask_spans``, plus (start, end, masked end) of each merged span, in order."""
    merged: list[list[int]] = []
    for start, end in sorted((max(0, s), min(len(text), e)) for s, e in spans):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, at, size, where = [], 0, 0, []
    for start, end in merged:
        value = text[start:end]
        shown = "\n".join(_MASK for _ in value.split("\n")) if "\n" in value else preview(value)
        out += [text[at:start], shown]
        size += start - at + len(shown)
        where.append((start, end, size))
        at = end
    out.append(text[at:])
    return "".join(out), where


CONTEXT_WIDTH = 60  # characters kept either side of a finding in its masked line


def masked_line(
    text: str, start: int, spans: list[tuple[int, int]], values: list[str] | None = None
) -> str:
    """Return the line of ``text`` holding ``start``, its spans masked by :func:`mask_spans`.

    ``spans`` are all the hits of the text (not only this one), so a second secret on the same
    line is masked too. The line is cut to ``CONTEXT_WIDTH`` characters either side of
    ``start`` (an output line can be megabytes); a cut end is marked with an ellipsis.
    ``values`` (the hits' raw values) are scrubbed from the line too, should a span miss one.
    """
    return line_contexts(text, spans, values)(start)


def line_contexts(
    text: str, spans: list[tuple[int, int]], values: list[str] | None = None
) -> Callable[[int], str]:
    """Return ``masked_line`` for every finding of ``text``: each line is masked only once.

    NOTE: per finding, a megabyte line with many hits cost a whole masking (quadratic).
    """
    lines: dict[int, tuple[str, list[tuple[int, int, int]]]] = {}
    long_values = sorted({v for v in values or [] if len(v) >= 6}, key=len, reverse=True)

    def context(start: int) -> str:
        begin = text.rfind("\n", 0, start) + 1
        if begin not in lines:
            end = text.find("\n", start)
            end = len(text) if end < 0 else end
            local = [(max(s, begin) - begin, min(e, end) - begin) for s, e in spans
                     if begin < e and s < end]  # fmt: skip
            masked, where = _mask(text[begin:end], local)
            lines[begin] = (scrub(masked, long_values), where)
        line, where = lines[begin]
        anchor = _anchor(where, start - begin)
        # NOTE: cut after masking, so a cut never leaves part of a raw value showing.
        lo, hi = max(0, anchor - CONTEXT_WIDTH), min(len(line), anchor + CONTEXT_WIDTH)
        return ("…" if lo else "") + line[lo:hi].strip() + ("…" if hi < len(line) else "")

    return context


def _anchor(where: list[tuple[int, int, int]], at: int) -> int:
    """Where ``at`` of a line falls in its masked form (a masked value's start, inside one)."""
    i = bisect.bisect_left(where, (at,)) - 1  # NOTE: the last span starting before ``at``
    if i < 0:
        return at
    start, end, masked_end = where[i]
    if at >= end:
        return masked_end + at - end
    before = where[i - 1] if i else (0, 0, 0)
    return before[2] + start - before[1]


def scrub(text: str, values: list[str]) -> str:
    """Replace each raw value inside ``text`` by its preview (for messages and exceptions)."""
    for value in sorted(values, key=len, reverse=True):
        if value:
            text = text.replace(value, preview(value))
    return text
