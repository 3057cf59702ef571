"""A scan-result cache keyed by content hash, tool version and rules: unchanged files cost nothing.

Two levels, both small JSON files written atomically (safe with parallel writers):

- ``<root>/<tool key>/stat/<h>.json``: ``h`` hashes the absolute path, size and mtime; it holds
  the content digest. A hit here answers without opening the notebook at all.
- ``<root>/<tool key>/content/<d[:2]>/<d>.json``: ``d`` is the SHA-256 of the bytes; it holds
  the findings (redacted, as in every report), so a renamed or copied notebook is a hit too.

The tool key changes with the secure-check version and with the detectors' source, so a new
rule never reads stale results. Nothing raw is stored: findings carry previews and fingerprints.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from secure_check.core.scan import FileResult

ENV_CACHE_DIR = "SECURE_CHECK_CACHE_DIR"
# NOTE: internal failures may be transient (memory, a bug fixed next release): never cached.
_TRANSIENT_PREFIX = "scan failed:"
_RULE_PACKAGES = ("core", "detectors")


def default_dir() -> Path:
    """``$SECURE_CHECK_CACHE_DIR``, else ``$XDG_CACHE_HOME/secure-check``, else ``~/.cache``."""
    if os.environ.get(ENV_CACHE_DIR):
        return Path(os.environ[ENV_CACHE_DIR])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "secure-check"


def tool_key() -> str:
    """Hash of the secure-check version and the engine's and detectors' source files."""
    from secure_check.core.version import __version__

    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(__version__.encode())
    for name in _RULE_PACKAGES:
        for source in sorted((package / name).rglob("*.py")):
            digest.update(source.relative_to(package).as_posix().encode())
            digest.update(source.read_bytes())
    return digest.hexdigest()[:24]


@dataclasses.dataclass
class CacheStats:
    """What a run got from the cache."""

    stat_hits: int = 0
    content_hits: int = 0
    misses: int = 0

    @property
    def hits(self) -> int:
        """Hits of either kind."""
        return self.stat_hits + self.content_hits


class ResultCache:
    """Look up and store scan results (``FileResult``) by file content.

    Parameters
    ----------
    root
        The cache folder (created on first store); ``default_dir()`` when ``None``.
    key
        The tool key; ``tool_key()`` when ``None`` (tests pass their own).
    """

    def __init__(self, root: Path | None = None, key: str | None = None) -> None:
        self.root = (root or default_dir()) / (key or tool_key())
        self.stats = CacheStats()

    def lookup(self, file: Path, shown: str) -> tuple[FileResult | None, str | None]:
        """Return ``(cached result or None, content digest or None)`` for one file.

        The digest is returned on a miss so ``store`` need not hash the file again.
        """
        stat_entry = self._read(self._stat_path(file))
        digest = stat_entry.get("digest") if stat_entry else None
        if digest and (hit := self._load(digest, shown)) is not None:
            self.stats.stat_hits += 1
            return hit, digest
        try:
            digest = hashlib.sha256(file.read_bytes()).hexdigest()
        except OSError:
            self.stats.misses += 1
            return None, None
        hit = self._load(digest, shown)
        if hit is None:
            self.stats.misses += 1
            return None, digest
        self.stats.content_hits += 1
        self._write(self._stat_path(file), {"digest": digest})
        return hit, digest

    def store(self, file: Path, digest: str | None, result: FileResult) -> None:
        """Remember ``result`` for the content ``digest`` (and for the file's current stat)."""
        if digest is None or (result.error or "").startswith(_TRANSIENT_PREFIX):
            return
        entry = {
            "findings": [_portable(f.to_dict()) for f in result.findings],
            "error": result.error,
            "cells": result.cells,
            "bytes": result.bytes,
        }
        self._write(self._content_path(digest), entry)
        self._write(self._stat_path(file), {"digest": digest})

    def _load(self, digest: str, shown: str) -> FileResult | None:
        from secure_check.core.findings import Finding
        from secure_check.core.scan import FileResult

        entry = self._read(self._content_path(digest))
        if entry is None:
            return None
        try:
            findings = [Finding.from_dict({**f, "path": shown}) for f in entry["findings"]]
            cells, size = entry["cells"], entry["bytes"]
            return FileResult(shown, findings, entry["error"], cells, size, sha256=digest)
        except (KeyError, TypeError, ValueError):
            return None  # NOTE: an entry from a damaged cache is a miss, never a crash.

    def _stat_path(self, file: Path) -> Path:
        try:
            st = file.stat()
        except OSError:
            return self.root / "stat" / "missing.json"
        ident = f"{file.resolve()}\0{st.st_size}\0{st.st_mtime_ns}"
        return self.root / "stat" / f"{hashlib.sha256(ident.encode()).hexdigest()}.json"

    def _content_path(self, digest: str) -> Path:
        return self.root / "content" / digest[:2] / f"{digest}.json"

    @staticmethod
    def _read(path: Path) -> dict[str, Any] | None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def _write(self, path: Path, data: dict[str, Any]) -> None:
        from secure_check.core.files import write_file

        try:
            self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
            write_file(path, json.dumps(data), root=self.root)
        except (OSError, ValueError):
            pass  # NOTE: a read-only or full cache only costs speed, never the scan.


def _portable(finding: dict[str, Any]) -> dict[str, Any]:
    finding = dict(finding)
    finding.pop("path", None)
    finding["accepted"] = False  # NOTE: the baseline is applied after the cache, every run.
    return finding


def scan_cached(
    files: Sequence[tuple[Path, str]],
    cache: ResultCache,
    scan: Any,
) -> Iterator[FileResult]:
    """Yield results in input order: hits from ``cache``, misses from ``scan(misses)``.

    ``scan`` takes ``(file, shown)`` pairs and yields their results in the same order
    (``batch.pool.scan_files`` or the Dask scan); each result is stored as it arrives.
    """
    looked = [(file, shown, *cache.lookup(file, shown)) for file, shown in files]
    misses = [(file, shown) for file, shown, hit, _ in looked if hit is None]
    fresh = iter(scan(misses)) if misses else iter(())
    for file, _shown, hit, digest in looked:
        if hit is not None:
            yield hit
            continue
        result = next(fresh)
        cache.store(file, digest, result)
        yield result
