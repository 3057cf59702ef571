"""Fingerprints and redacted previews: the only forms in which a matched value leaves the engine."""

from __future__ import annotations

import base64
import functools
import hashlib
import os

FINGERPRINT_PREFIX = "sc1:"
_SALT = b"secure-check/fingerprint/v1"
_MASK = "****"


@functools.lru_cache(maxsize=4096)
def fingerprint(value: str) -> str:
    """Return a stable, non-reversible identifier of ``value``.

    A plain hash of a short value (an SSN, a card number) is reversed by trying every
    candidate, so this uses scrypt (memory-hard, about 13 ms a call): brute-forcing the
    billion SSNs would cost months of CPU. Set ``SECURE_CHECK_FINGERPRINT_KEY`` to a team
    secret to make it a keyed hash that cannot be brute-forced at all (fingerprints then
    match only where the same key is set).
    """
    key = os.environ.get("SECURE_CHECK_FINGERPRINT_KEY", "").encode()
    digest = hashlib.scrypt(value.encode(), salt=_SALT + key, n=2**13, r=8, p=1, dklen=15)
    return FINGERPRINT_PREFIX + base64.b32encode(digest).decode().lower()


def preview(value: str) -> str:
    """Keep a few characters at each end and mask the rest; never show over a third of it."""
    keep = min(4, len(value) // 6)
    if keep == 0:
        return _MASK
    return f"{value[:keep]}{_MASK}{value[-keep:]}"


def scrub(text: str, values: list[str]) -> str:
    """Replace each raw value inside ``text`` by its preview (for messages and exceptions)."""
    for value in sorted(values, key=len, reverse=True):
        if value:
            text = text.replace(value, preview(value))
    return text
