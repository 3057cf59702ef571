"""The scan loop: segments -> analyzer hits -> located, redacted findings."""

from __future__ import annotations

import dataclasses
import hashlib
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from secure_check.core import notebook
from secure_check.core.findings import Finding, Hit
from secure_check.core.notebook import NotebookError, Segment
from secure_check.core.redact import fingerprint, preview
from secure_check.core.registry import Analyzer, text_analyzers
from secure_check.core.suppress import is_suppressed
from secure_check.core.walk import Skipped, walk

SKIPPED_DIRS = frozenset({".ipynb_checkpoints", ".git", "node_modules", "__pycache__", ".venv"})
SUFFIXES = (".ipynb", ".py")


@dataclasses.dataclass
class FileResult:
    """What scanning one file gave: findings, or the error that stopped it, and its size."""

    path: str
    findings: list[Finding]
    error: str | None = None
    cells: int = 0
    bytes: int = 0
    seconds: float = 0.0
    sha256: str | None = None  # of the bytes scanned: the audit log and cache reuse it


class Scanner:
    """Holds the analyzers (built once) and scans notebooks, cells, text and files."""

    def __init__(self, analyzers: Sequence[Analyzer] | None = None) -> None:
        self.analyzers = list(analyzers) if analyzers is not None else text_analyzers()

    def scan_segments(self, segments: Iterable[Segment], path: str) -> list[Finding]:
        """Scan the segments and return deduplicated, suppressed-aware findings."""
        findings: list[Finding] = []
        for seg in segments:
            if not seg.text.strip():
                continue
            hits = [h for a in self.analyzers for h in a.scan(seg)]
            for hit in _dedupe(hits):
                if not is_suppressed(seg.text, hit.start, hit.rule):
                    findings.append(locate(hit, seg, path))
        return findings

    def scan_notebook(self, nb: dict[str, Any], path: str = "") -> list[Finding]:
        """Scan a parsed notebook (nbformat 4 dict)."""
        return self.scan_segments(notebook.segments(nb), path)

    def scan_cell(self, cell: dict[str, Any], index: int, path: str = "") -> list[Finding]:
        """Scan one cell (the live panel's incremental unit)."""
        return self.scan_segments(notebook.cell_segments(cell, index), path)

    def scan_text(self, text: str, path: str = "", kind: str = "code") -> list[Finding]:
        """Scan a piece of text as if it were one cell's source."""
        return self.scan_segments([Segment(text, "source", kind)], path)

    def scan_file(self, file: Path, display_path: str | None = None) -> FileResult:
        """Scan a notebook or a .py file; a malformed file is reported, never raised."""
        shown = display_path or str(file)
        started = time.perf_counter()
        try:
            raw = notebook.read(file)
            if file.suffix == ".py":
                text = raw.decode("utf-8", errors="replace")
                findings, cells = self.scan_text(text, shown), 1
            else:
                nb = notebook.parse(raw)
                findings, cells = self.scan_notebook(nb, shown), len(nb["cells"])
        except NotebookError as e:
            return FileResult(shown, [], error=str(e), seconds=time.perf_counter() - started)
        except RecursionError:  # NOTE: valid JSON can still nest deeper than the walk can go
            error = notebook.ERR_NOT_NOTEBOOK.format(detail=notebook.ERR_DEEP)
            return FileResult(shown, [], error=error, seconds=time.perf_counter() - started)
        seconds = time.perf_counter() - started
        digest = hashlib.sha256(raw).hexdigest()
        return FileResult(shown, findings, None, cells, len(raw), seconds, digest)


def locate(hit: Hit, seg: Segment, path: str) -> Finding:
    """Turn a raw hit into a finding; the raw value is dropped here."""
    line = seg.text.count("\n", 0, hit.start) + 1
    column = hit.start - (seg.text.rfind("\n", 0, hit.start) + 1) + 1
    value = seg.text[hit.start : hit.end] or hit.value
    return Finding(
        path=path,
        cell_index=seg.cell_index,
        cell_id=seg.cell_id,
        where=seg.where,
        output_index=seg.output_index,
        line=line,
        column=column,
        category=hit.category,
        rule=hit.rule,
        severity=hit.severity,
        confidence=round(hit.confidence, 3),
        fingerprint=fingerprint(hit.value),
        preview=preview(value),
        message=hit.message,
        kind=seg.kind,
        details=dict(hit.details),
    )


def _dedupe(hits: list[Hit]) -> Iterator[Hit]:
    """Of overlapping hits keep the strongest, so a key matched by two rules is one finding."""
    ranked = sorted(
        hits, key=lambda h: (h.severity.rank, h.confidence, h.end - h.start), reverse=True
    )
    taken: list[tuple[int, int]] = []
    for hit in ranked:
        if all(hit.end <= s or hit.start >= e for s, e in taken):
            taken.append((hit.start, hit.end))
            yield hit


def iter_files(paths: Iterable[Path], skipped: Skipped | None = None) -> Iterator[tuple[Path, str]]:
    """Yield (file, path shown in reports): directories walked, checkpoints and .git skipped.

    Links and special files inside a walked folder are not followed; each lands in ``skipped``
    with its reason (see ``core.walk``). A path named directly is the caller's to check.
    """
    for root in paths:
        if root.is_dir():
            found = walk(root, _wanted, SKIPPED_DIRS, skipped if skipped is not None else [])
            yield from found
        else:
            yield root, root.as_posix()


def _wanted(name: str) -> bool:
    return Path(name).suffix in SUFFIXES
