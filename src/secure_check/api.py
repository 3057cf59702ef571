"""Python API for scanning: the same engine the CLI, the magics and the server use."""

from __future__ import annotations

from pathlib import Path

from secure_check.core.findings import Finding
from secure_check.core.scan import Scanner, iter_files


def scan(*paths: str | Path) -> list[Finding]:
    """Scan notebooks, .py files or directories and return every finding.

    Malformed files are skipped here; use the CLI or ``Scanner.scan_file`` to see why.
    """
    scanner = Scanner()
    out: list[Finding] = []
    for file, shown in iter_files(Path(p) for p in paths):
        out.extend(scanner.scan_file(file, shown).findings)
    return out
