"""What the routes do, without tornado: scan, baseline, report and edits on files under a root."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

from secure_check.core import notebook
from secure_check.core.baseline import BASELINE_RELATIVE, Baseline
from secure_check.core.findings import SCAN_SCHEMA, Finding
from secure_check.core.notebook import NotebookError
from secure_check.core.scan import Scanner
from secure_check.reports.rules import advice
from secure_check.server import edits, outputs, paths

ERR_CELLS = "'cells' must be a list of objects, each a notebook cell with an integer 'index'"
ERR_FINDING = "'finding' must be a finding as /secure-check/scan returned it: {detail}"
ERR_REASON = "a non-empty 'reason' (string) is required to accept a finding"
ERR_FORMAT = "'format' must be 'html' or 'sarif', not {fmt!r}"
REPORT_TYPES = {"html": "text/html; charset=utf-8", "sarif": "application/sarif+json"}


class Service:
    """One per server: holds the root and the scanner (built once, on first use)."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root).resolve()
        self._scanner: Scanner | None = None
        self._build_lock = threading.Lock()
        self._lock = threading.Lock()  # NOTE: one writer of baseline/notebook files at a time

    @property
    def scanner(self) -> Scanner:
        """The scanner; analyzers are costly to build, so this is done once per server."""
        with self._build_lock:
            if self._scanner is None:
                from secure_check.core.keys import fingerprint_key

                # NOTE: the served root's key, whatever folder the server was started in
                self._scanner = Scanner(key=fingerprint_key(self.root))
            return self._scanner

    @property
    def baseline_path(self) -> Path:
        """Where accepted findings live: ``.secure-check/baseline.json`` under the root."""
        return self.root / BASELINE_RELATIVE

    def scan_path(self, path: object) -> dict[str, Any]:
        """Scan a notebook file under the root; findings carry ``accepted``."""
        file = paths.notebook(self.root, path)
        rel = paths.relative(path)
        result = self.scanner.scan_file(file, rel)
        if result.error is not None:
            raise NotebookError(result.error)
        found = result.findings + _output_findings(file, rel)
        findings = Baseline.load(self.baseline_path, root=self.root).apply(found)
        return _payload(rel, findings, cells=result.cells, seconds=result.seconds)

    def scan_cells(self, path: object, cells: object) -> dict[str, Any]:
        """Scan posted cells (the live panel's incremental re-scan); the file need not exist."""
        rel = paths.relative(path)
        paths.resolve(self.root, rel, must_exist=False)
        if not isinstance(cells, list) or not all(_is_cell(c) for c in cells):
            raise ValueError(ERR_CELLS)
        started = time.perf_counter()
        found: list[Finding] = []
        for cell in cells:
            found.extend(self.scanner.scan_cell(cell, cell["index"], rel))
            found.extend(outputs.cell_output_findings(cell, cell["index"], rel))
        findings = Baseline.load(self.baseline_path, root=self.root).apply(found)
        payload = _payload(rel, findings, cells=len(cells), seconds=time.perf_counter() - started)
        payload["scanned"] = [c["index"] for c in cells]
        return payload

    def baseline(self) -> dict[str, Any]:
        """Return the baseline file's entries (previews and fingerprints only)."""
        entries = Baseline.load(self.baseline_path, root=self.root).entries
        return {"path": BASELINE_RELATIVE, "entries": entries}

    def accept(self, finding: object, reason: object, who: str) -> dict[str, Any]:
        """Accept a finding with a reason: the entry is written to the baseline file."""
        if not isinstance(reason, str) or not reason.strip():
            raise ValueError(ERR_REASON)
        try:
            item = Finding.from_dict(finding)  # type: ignore[arg-type]
        except (KeyError, TypeError, ValueError, AttributeError) as e:
            raise ValueError(ERR_FINDING.format(detail=type(e).__name__ + ": " + str(e))) from None
        paths.relative(item.path)
        with self._lock:
            base = Baseline.load(self.baseline_path, root=self.root)
            entry = base.accept(item, reason.strip(), who)
            base.save(self.baseline_path, root=self.root)
        return {"path": BASELINE_RELATIVE, "entry": entry}

    def report(self, path: object, fmt: object) -> dict[str, str]:
        """Render the HTML or SARIF report of one notebook, with its media type and file name."""
        if fmt not in REPORT_TYPES:
            raise ValueError(ERR_FORMAT.format(fmt=fmt))
        from secure_check.reports import (
            render,  # NOTE: lazy, report renderers are not needed to scan
        )

        file = paths.notebook(self.root, path)
        started = time.perf_counter()
        result = self.scanner.scan_file(file, paths.relative(path))
        result.findings = Baseline.load(self.baseline_path, root=self.root).apply(result.findings)
        seconds = time.perf_counter() - started
        text = render([result], fmt, seconds=seconds, root=str(self.root))  # type: ignore[arg-type]
        name = f"{file.stem}.secure-check.{fmt}"
        return {
            "format": str(fmt),
            "media_type": REPORT_TYPES[str(fmt)],
            "filename": name,
            "content": text,
        }

    def redact_source(self, nb: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
        """Find the secret literal the body names; return the variable and the cell's new source.

        ``nb`` is only read (a worker runs this on ``edits.sources(nb)``); the server saves.
        """
        name, source = edits.redacted_source(
            self.scanner,
            nb,
            body.get("cell_index"),
            body.get("line"),
            body.get("fingerprint"),
            body.get("name"),
        )
        return {"name": name, "source": source}

    def clear_notebook(self, nb: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
        """Clear one cell's outputs (or every cell's, without ``cell_index``) in ``nb``.

        NOTE: runs in the server process: it reads no text, its work is one assignment per cell.
        """
        return {"cleared": edits.clear_outputs(nb, body.get("cell_index"))}


def _is_cell(cell: object) -> bool:
    if not isinstance(cell, dict):
        return False
    index = cell.get("index")
    return isinstance(index, int) and not isinstance(index, bool) and index >= 0


def _output_findings(file: Path, rel: str) -> list[Finding]:
    """Read the findings the notebook's analysis outputs hold (re-read: scan_file keeps no dict)."""
    try:
        return outputs.notebook_output_findings(notebook.load(file), rel)
    except NotebookError:
        return []


def _payload(path: str, findings: list[Finding], *, cells: int, seconds: float) -> dict[str, Any]:
    # NOTE: the panel shows why each finding matters and how to fix it from "advice", the same
    # texts the reports use (reports.rules.advice), one entry per rule present.
    rules = {(f.rule, f.category) for f in findings}
    return {
        "schema": SCAN_SCHEMA,
        "path": path,
        "stats": {"cells": cells, "seconds": round(seconds, 4)},
        "findings": [f.to_dict() for f in findings],
        "advice": {rule: advice(rule, category) for rule, category in sorted(rules)},
    }


def stopped_payload(path: object, message: str) -> dict[str, Any]:
    """Return the scan answer for a scan stopped at its limit: no findings, one error entry."""
    shown = path if isinstance(path, str) else ""
    payload = _payload(shown, [], cells=0, seconds=0.0)
    payload["errors"] = [{"path": shown, "error": message}]
    return payload
