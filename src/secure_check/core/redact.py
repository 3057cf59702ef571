"""Fingerprints and redacted previews: the only forms in which a matched value leaves the engine."""

from __future__ import annotations

import base64
import collections
import functools
import hashlib
import math
import os

FINGERPRINT_PREFIX = "sc1:"
_SALT = b"secure-check/fingerprint/v1"
_MASK = "****"


def fingerprint(value: str) -> str:
    """Return a stable, non-reversible identifier of ``value``.

    A plain hash of a guessable value (an SSN, a card number, an e-mail, a short password)
    is reversed by trying every candidate, so those go through scrypt (memory-hard): trying
    the billion SSNs costs CPU-weeks. A long random token cannot be enumerated, so it gets
    a fast salted BLAKE2b; which path a value takes depends on the value alone, so every
    caller computes the same fingerprint. Set ``SECURE_CHECK_FINGERPRINT_KEY`` to a team
    secret to key both paths (fingerprints then match only where the same key is set).
    """
    return _fingerprint(value, os.environ.get("SECURE_CHECK_FINGERPRINT_KEY", ""))


@functools.lru_cache(maxsize=8192)
def _fingerprint(value: str, team_key: str) -> str:
    # NOTE: the key is part of the cache key, so setting it mid-session takes effect at once.
    key, data = team_key.encode(), value.encode()
    if looks_random(value):
        digest = hashlib.blake2b(data, digest_size=15, key=key[:64], salt=_SALT[:16]).digest()
    else:
        digest = hashlib.scrypt(data, salt=_SALT + key, n=2**12, r=8, p=1, dklen=15)
    return FINGERPRINT_PREFIX + base64.b32encode(digest).decode().lower()


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
    """Keep a few characters at each end and mask the rest; never show over a third of it."""
    keep = min(4, len(value) // 6)
    if keep == 0:
        return _MASK
    return f"{value[:keep]}{_MASK}{value[-keep:]}"


CONTEXT_WIDTH = 60  # characters kept either side of a finding in its masked line


def masked_line(
    text: str, start: int, spans: list[tuple[int, int]], values: list[str] | None = None
) -> str:
    """Return the line of ``text`` holding ``start``, every span in it masked by ``preview``.

    ``spans`` are all the hits of the text (not only this one), so a second secret on the same
    line is masked too. The line is cut to ``CONTEXT_WIDTH`` characters either side of
    ``start`` (an output line can be megabytes); a cut end is marked with an ellipsis.
    ``values`` (the hits' raw values) are scrubbed from the line too, should a span miss one.
    """
    begin = text.rfind("\n", 0, start) + 1
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    out, pos, anchor = [], begin, 0
    for s, e in sorted(spans):
        if e <= pos or s >= end:
            continue
        s = max(s, pos)
        out.append(text[pos:s])
        if s <= start < max(e, s + 1):
            anchor = sum(map(len, out))
        out.append(preview(text[s:e]))
        pos = e
    if anchor == 0:
        anchor = start - begin
    line = "".join(out) + text[pos:end]
    line = scrub(line, [v for v in values or [] if len(v) >= 6])
    # NOTE: cut after masking, so a cut never leaves part of a raw value showing.
    lo, hi = max(0, anchor - CONTEXT_WIDTH), min(len(line), anchor + CONTEXT_WIDTH)
    return ("…" if lo else "") + line[lo:hi].strip() + ("…" if hi < len(line) else "")


def scrub(text: str, values: list[str]) -> str:
    """Replace each raw value inside ``text`` by its preview (for messages and exceptions)."""
    for value in sorted(values, key=len, reverse=True):
        if value:
            text = text.replace(value, preview(value))
    return text
