"""Baseline of accepted findings, matched by fingerprint so that moving cells keeps it valid."""

from __future__ import annotations

import datetime
import getpass
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from secure_check.core import files
from secure_check.core.findings import Finding
from secure_check.core.keys import PUBLIC, fingerprint_key, key_id

SCHEMA = "secure-check/baseline@1"
# Where the server, the magics and the docs keep a project's baseline, relative to its root.
BASELINE_RELATIVE = ".secure-check/baseline.json"
UPDATE_REASON = "accepted by --update-baseline"
ERR_BAD_BASELINE = "baseline {path} is not a secure-check baseline: {detail}"
WARN_OTHER_KEY = (
    "baseline {path} was made with fingerprint key {theirs}, this scan uses key {ours}: none of "
    "its entries can match. Set SECURE_CHECK_FINGERPRINT_KEY to the key it was made with "
    "(.secure-check/fingerprint.key of that project), or rebuild it with --update-baseline."
)


class BaselineError(ValueError):
    """A baseline file that cannot be read."""


class Baseline:
    """Accepted findings keyed by (path, rule, fingerprint); ``path`` ``*`` accepts anywhere."""

    def __init__(self, entries: Iterable[dict[str, Any]] = (), key_id: str | None = None) -> None:
        self.entries: list[dict[str, Any]] = list(entries)
        self.key_id = key_id  # of the fingerprint key its entries were made with
        self._keys: dict[tuple[str, str, str], dict[str, Any]] = {}
        self._indexed = 0  # entries already in _keys: they are only ever appended

    @classmethod
    def load(cls, path: Path, *, root: Path | None = None) -> Baseline:
        """Read a baseline; a missing file is an empty baseline.

        With ``root``, the file is read as it is written: never through a link, never from
        outside ``root`` (a repository's ``baseline.json -> /elsewhere`` is refused).
        """
        try:
            if root is not None:
                text = files.read_text(path, root=root)
            else:
                text = path.read_text(encoding="utf-8") if path.exists() else None
            if text is None:
                return cls()
            data = json.loads(text)
        except (OSError, ValueError) as e:
            raise BaselineError(ERR_BAD_BASELINE.format(path=path, detail=e)) from None
        if not isinstance(data, dict) or data.get("schema") != SCHEMA:
            raise BaselineError(ERR_BAD_BASELINE.format(path=path, detail="wrong schema"))
        key = data.get("key_id")
        entries = (e for e in data.get("entries", []) if isinstance(e, dict))
        return cls(entries, key if isinstance(key, str) else None)

    def other_key(self, path: Path | str) -> str | None:
        """Return a warning when the entries were made with another fingerprint key, else None."""
        ours = current_key_id()
        theirs = self.key_id or key_id(PUBLIC)  # NOTE: a baseline from before keyed fingerprints
        if not self.entries or theirs == ours:
            return None
        return WARN_OTHER_KEY.format(path=path, theirs=theirs, ours=ours)

    def save(self, path: Path, *, root: Path | None = None) -> None:
        """Write the baseline (never through a link or out of ``root``), sorted: small diffs."""
        entries = sorted(
            self.entries,
            key=lambda e: (e.get("path", ""), e.get("rule", ""), e.get("fingerprint", "")),
        )
        doc = {"schema": SCHEMA, "key_id": current_key_id(root), "entries": entries}
        text = json.dumps(doc, indent=2) + "\n"
        files.write_file(path, text, root=root or Path(path).absolute().parent, mode=0o644)

    def _index(self) -> dict[tuple[str, str, str], dict[str, Any]]:
        # NOTE: built once and extended, so applying a baseline is linear, not quadratic.
        for e in self.entries[self._indexed :]:
            key = (e.get("path", "*"), e.get("rule", ""), e.get("fingerprint", ""))
            self._keys.setdefault(key, e)
        self._indexed = len(self.entries)
        return self._keys

    def match(self, finding: Finding) -> dict[str, Any] | None:
        """Return the entry that accepts ``finding``, if any."""
        index = self._index()
        for path in (finding.path, "*"):
            entry = index.get((path, finding.rule, finding.fingerprint))
            if entry is not None:
                return entry
        return None

    def accept(self, finding: Finding, reason: str, who: str | None = None) -> dict[str, Any]:
        """Add (or keep) an entry for ``finding`` and return it."""
        existing = self.match(finding)
        if existing is not None:
            return existing
        entry = {
            "path": finding.path,
            "rule": finding.rule,
            "fingerprint": finding.fingerprint,
            "preview": finding.preview,
            "reason": reason,
            "who": who or _whoami(),
            "when": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        }
        self.entries.append(entry)
        return entry

    def apply(self, findings: Iterable[Finding]) -> list[Finding]:
        """Mark accepted findings (``accepted=True``) and return them all."""
        out = list(findings)
        for f in out:
            f.accepted = self.match(f) is not None
        return out

    def updated(self, findings: Iterable[Finding], reason: str = UPDATE_REASON) -> Baseline:
        """Return a baseline of exactly the current findings, keeping old entries' reasons."""
        fresh = Baseline()
        for f in findings:
            old = self.match(f)
            if old is not None and fresh.match(f) is None:
                fresh.entries.append(dict(old))
            else:
                fresh.accept(f, reason)
        return fresh


def current_key_id(root: Path | None = None) -> str:
    """Return the id of the fingerprint key used under ``root`` (never the key itself)."""
    return key_id(fingerprint_key(root))


def _whoami() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
