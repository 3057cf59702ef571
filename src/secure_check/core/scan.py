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
from secure_check.core.redact import LineMasker, fingerprint, preview
from secure_check.core.registry import Analyzer, text_analyzers
from secure_check.core.suppress import Pragmas
from secure_check.core.walk import Skipped, walk

SKIPPED_DIRS = frozenset({".ipynb_checkpoints", ".git", "node_modules", "__pycache__", ".venv"})
SUFFIXES = (".ipynb", ".py")
# Text files a folder walk picks up besides notebooks and .py (a file named explicitly is scanned
# whatever its name). A .json that parses as a notebook is scanned as one, any other as text.
TEXT_SUFFIXES = (".md", ".txt", ".env", ".yaml", ".yml", ".json", ".cfg", ".ini", ".toml", ".sh")
ERR_BINARY = "not a text file (it holds NUL bytes)"


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
        for analyzer in self.analyzers:
            analyzer.begin()
        for seg in segments:
            if not seg.text.strip() and not seg.html:  # NOTE: markup may hold all: <script src=>
                continue
            hits = [h for a in self.analyzers for h in a.scan(seg)]
            spans, values = [(h.start, h.end) for h in hits], [h.value for h in hits]
            pragmas, lines = Pragmas(seg.text), _Lines(seg.text)
            masker = LineMasker(seg.text, spans, values)
            for hit in _dedupe(hits):
                if not pragmas.silence(hit.start, hit.rule):
                    found = locate(hit, seg, path, lines, self.key)
                    found.context = masker.context(hit.start)
                    findings.append(found)
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

    def scan_bytes(self, raw: bytes, name: str, shown: str) -> tuple[list[Finding], int]:
        """Scan a file's bytes as its name says; return the findings and the cells scanned.

        Raise ``NotebookError`` for a ``.ipynb`` that is not a notebook or a binary file.
        """
        file = Path(name)
        nb = _as_notebook(file, raw)
        if nb is None:
            return self.scan_text(_decode_text(raw), shown, _text_kind(file)), 1
        return self.scan_notebook(nb, shown), len(nb["cells"])

    def scan_file(self, file: Path, display_path: str | None = None) -> FileResult:
        """Scan a notebook, or any other file as text; a malformed file is reported, never raised.

        A ``.ipynb`` must be a notebook; a ``.json`` is scanned as a notebook when it is one and
        as text otherwise; every other file is text (line numbers count from the file's top).
        """
        shown = display_path or str(file)
        started = time.perf_counter()
        try:
            raw = notebook.read(file)
            findings, cells = self.scan_bytes(raw, file.name, shown)
        except NotebookError as e:
            return FileResult(shown, [], error=str(e), seconds=time.perf_counter() - started)
        except RecursionError:  # NOTE: valid JSON can still nest deeper than the walk can go
            error = notebook.ERR_NOT_NOTEBOOK.format(detail=notebook.ERR_DEEP)
            return FileResult(shown, [], error=error, seconds=time.perf_counter() - started)
        seconds = time.perf_counter() - started
        digest = hashlib.sha256(raw).hexdigest()
        return FileResult(shown, findings, None, cells, len(raw), seconds, digest)


def _as_notebook(file: Path, raw: bytes) -> dict[str, Any] | None:
    """Parse the file as a notebook, or return ``None`` for a file to scan as text."""
    suffix = file.suffix.lower()
    if suffix == ".ipynb":
        return notebook.parse(raw)
    if suffix == ".json":
        try:
            return notebook.parse(raw)
        except NotebookError:
            return None
    return None


def _decode_text(raw: bytes) -> str:
    if b"\0" in raw:
        raise NotebookError(ERR_BINARY)
    return raw.decode("utf-8", errors="replace")


def _text_kind(file: Path) -> str:
    # NOTE: .md and .txt are prose, which the name detector (Presidio) reads and code it skips.
    return "markdown" if file.suffix.lower() in (".md", ".txt") else "code"


def scannable(name: str) -> bool:
    """Whether a folder walk scans a file of this name: notebooks, .py and ``TEXT_SUFFIXES``.

    ``.env`` counts both as a whole name and as a suffix (``prod.env``).
    """
    return name.lower().endswith(SUFFIXES + TEXT_SUFFIXES)


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
        details=dict(hit.details),
    )


def _dedupe(hits: list[Hit]) -> Iterator[Hit]:
    """Of overlapping hits keep the strongest, so a key matched by two rules is one finding."""
    ranked = sorted(
        hits, key=lambda h: (h.severity.rank, h.confidence, h.end - h.start), reverse=True
    )
    kept: list[int] = []
    # NOTE: only hits that may overlap compete; greedy over each such group alone keeps the
    # same hits as over all of them, and 80,000 hits on one line no longer cost 80,000 inserts
    # into one list (quadratic).
    for group in _groups(ranked):
        kept += _greedy(ranked, sorted(group)) if len(group) > 1 else group
    return (ranked[i] for i in sorted(kept))


def _groups(ranked: list[Hit]) -> Iterator[list[int]]:
    """Yield the indices of hits in runs that touch or overlap (a hit overlaps only its run)."""
    group: list[int] = []
    reach = -1
    for i in sorted(range(len(ranked)), key=lambda i: (ranked[i].start, ranked[i].end)):
        if group and ranked[i].start > reach:
            yield group
            group = []
        group.append(i)
        reach = max(reach, ranked[i].end)
    if group:
        yield group


def _greedy(ranked: list[Hit], order: list[int]) -> list[int]:
    """Take hits in rank order, each unless it overlaps one taken before."""
    # NOTE: taken spans are disjoint, so sorted starts find the only neighbours that can
    # overlap; zero-width hits (markup-only secrets) are kept apart as points, since a point and
    # a span that share a start do not overlap and would hide a neighbour in one list.
    starts: list[int] = []
    ends: list[int] = []
    points: list[int] = []
    taken = []
    for i in order:
        hit = ranked[i]
        at = bisect.bisect_right(starts, hit.start)
        if hit.end > hit.start:
            if at and ends[at - 1] > hit.start:
                continue
            if at < len(starts) and starts[at] < hit.end:
                continue
            point = bisect.bisect_right(points, hit.start)
            if point < len(points) and points[point] < hit.end:
                continue
            starts.insert(at, hit.start)
            ends.insert(at, hit.end)
        elif at and starts[at - 1] < hit.start < ends[at - 1]:
            continue
        else:
            bisect.insort(points, hit.start)
        taken.append(i)
    return taken


def iter_files(paths: Iterable[Path], skipped: Skipped | None = None) -> Iterator[tuple[Path, str]]:
    """Yield (file, path shown in reports): directories walked, checkpoints and .git skipped.

    Links and special files inside a walked folder are not followed; each lands in ``skipped``
    with its reason (see ``core.walk``). A path named directly is the caller's to check.
    """
    for root in paths:
        if root.is_dir():
            found = walk(root, scannable, SKIPPED_DIRS, skipped if skipped is not None else [])
            yield from found
        else:
            yield root, root.as_posix()
