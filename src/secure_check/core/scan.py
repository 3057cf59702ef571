"""The scan loop: segments -> analyzer hits -> located, redacted findings."""

from __future__ import annotations

import bisect
import dataclasses
import hashlib
import re
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from secure_check.core import notebook
from secure_check.core.findings import Finding, Hit
from secure_check.core.notebook import NotebookError, Segment
from secure_check.core.redact import fingerprint, preview
from secure_check.core.registry import Analyzer, text_analyzers
from secure_check.core.suppress import Pragmas

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

    def __init__(self, analyzers: Sequence[Analyzer] | None = None, key: str | None = None) -> None:
        self.analyzers = list(analyzers) if analyzers is not None else text_analyzers()
        self.key = key  # NOTE: the fingerprint key; None: the current project's (core.keys)

    def scan_segments(self, segments: Iterable[Segment], path: str) -> list[Finding]:
        """Scan the segments and return deduplicated, suppressed-aware findings."""
        findings: list[Finding] = []
        for seg in segments:
            if not seg.text.strip() and not seg.html:  # NOTE: markup may hold all: <script src=>
                continue
            hits = [h for a in self.analyzers for h in a.scan(seg)]
            pragmas, lines = Pragmas(seg.text), _Lines(seg.text)
            for hit in _dedupe(hits):
                if not pragmas.silence(hit.start, hit.rule):
                    findings.append(locate(hit, seg, path, lines, self.key))
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
        seconds = time.perf_counter() - started
        digest = hashlib.sha256(raw).hexdigest()
        return FileResult(shown, findings, None, cells, len(raw), seconds, digest)


class _Lines:
    """Line starts of a text, found once: locating each of many hits is then a bisection."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts: list[int] | None = None

    def line_column(self, at: int) -> tuple[int, int]:
        if self._starts is None:
            self._starts = [0] + [m.end() for m in re.finditer("\n", self._text)]
        line = bisect.bisect_right(self._starts, at)
        return line, at - self._starts[line - 1] + 1


def locate(
    hit: Hit, seg: Segment, path: str, lines: _Lines | None = None, key: str | None = None
) -> Finding:
    """Turn a raw hit into a finding; the raw value is dropped here."""
    line, column = (lines or _Lines(seg.text)).line_column(hit.start)
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
        fingerprint=fingerprint(hit.value, key),
        preview=preview(value),
        message=hit.message,
        kind=seg.kind,
    )


def _dedupe(hits: list[Hit]) -> Iterator[Hit]:
    """Of overlapping hits keep the strongest, so a key matched by two rules is one finding."""
    ranked = sorted(
        hits, key=lambda h: (h.severity.rank, h.confidence, h.end - h.start), reverse=True
    )
    starts: list[int] = []  # NOTE: taken spans are disjoint, so sorted starts find neighbours
    ends: list[int] = []
    for hit in ranked:
        at = bisect.bisect_right(starts, hit.start)
        if at and ends[at - 1] > hit.start and hit.end > starts[at - 1]:
            continue
        if at < len(starts) and starts[at] < hit.end:
            continue
        starts.insert(at, hit.start)
        ends.insert(at, hit.end)
        yield hit


def iter_files(paths: Iterable[Path]) -> Iterator[tuple[Path, str]]:
    """Yield (file, path shown in reports): directories walked, checkpoints and .git skipped."""
    for root in paths:
        if root.is_dir():
            for file in sorted(root.rglob("*")):
                rel = file.relative_to(root)
                if file.suffix in SUFFIXES and file.is_file() and not SKIPPED_DIRS & set(rel.parts):
                    yield file, rel.as_posix()
        else:
            yield root, root.as_posix()
