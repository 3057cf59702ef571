"""Known vulnerabilities from PyPI's JSON API (the service pip-audit's default ``pypi`` uses).

Offline (no network, a proxy refusing, a timeout) is never an error: the status says plainly
``not checked: offline`` and the audit goes on.
"""

from __future__ import annotations

import functools
import json
import os
import urllib.error
import urllib.request
from typing import Any

ENV_PYPI_URL = "SECURE_CHECK_PYPI_URL"
PYPI_URL = "https://pypi.org/pypi"
TIMEOUT = 5.0
CHECKED = "checked (PyPI advisory database)"
OFFLINE = "not checked: offline"
NOT_CHECKED = "not checked: disabled"
PROBE = "pip/20.0"


class Offline(Exception):
    """PyPI could not be reached."""


def base_url() -> str:
    """``$SECURE_CHECK_PYPI_URL`` (a mirror or a test server), else pypi.org."""
    return os.environ.get(ENV_PYPI_URL, PYPI_URL).rstrip("/")


def probe(*, timeout: float = TIMEOUT) -> None:
    """Check that the per-release JSON API answers, for a release every index has (pip 20.0).

    Raises
    ------
    Offline
        If it does not: no network, or a mirror that serves only the simple index (its
        404s would otherwise read as "no advisories").
    """
    request = urllib.request.Request(f"{base_url()}/{PROBE}/json", method="HEAD")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            ok = response.status == 200
    except (OSError, ValueError) as e:
        raise Offline(str(e)) from e
    if not ok:
        raise Offline(f"HTTP {response.status}")


@functools.lru_cache(maxsize=16)
def reachable(url: str) -> bool:
    """Whether ``probe`` succeeds for the index at ``url`` (asked once per process)."""
    try:
        probe()
    except Offline:
        return False
    return True


def vulnerabilities(name: str, version: str, *, timeout: float = TIMEOUT) -> list[dict[str, Any]]:
    """Return the advisories PyPI lists for ``name==version`` (id, aliases, fixed_in, summary).

    Raises
    ------
    Offline
        If the service cannot be reached or answers with something other than JSON.
    """
    url = f"{base_url()}/{name}/{version}/json"
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            data = json.load(response)
    except urllib.error.HTTPError as e:
        if e.code == 404:
            return []  # NOTE: not on PyPI (a private or local package): nothing known.
        raise Offline(str(e)) from e
    except (OSError, ValueError) as e:
        raise Offline(str(e)) from e
    return [_advisory(v) for v in data.get("vulnerabilities") or [] if not v.get("withdrawn")]


def _advisory(v: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": str(v.get("id", "")),
        "aliases": [str(a) for a in v.get("aliases") or []],
        "fixed_in": [str(f) for f in v.get("fixed_in") or []],
        "summary": str(v.get("summary") or v.get("details") or "")[:300],
    }
