"""Findings the notebook's analysis outputs hold (fairness, explain, robustness, dependencies).

The panel lists them beside the scan's own findings, each linked to the output that holds it.
A notebook is anyone's file: every field is checked and cut to size, and what does not fit the
finding schema is skipped, so a hostile output can neither break the panel nor flood it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any, cast, get_args

from secure_check.core.findings import Category, Finding, Severity

MIME_PREFIX = "application/vnd.secure-check."
MIME_SUFFIX = "+json"
# NOTE: these outputs hold what the scan itself finds again (or no findings at all).
_SKIPPED = ("findings", "pii", "anonymize", "analyses")
_CATEGORIES = frozenset(get_args(Category)) - {"secret", "pii"}
MAX_PER_OUTPUT = 200
MAX_TEXT = 600


def cell_output_findings(cell: Mapping[str, Any], index: int, path: str) -> list[Finding]:
    """Return the findings of every secure-check analysis output of one cell (JSON dict)."""
    outputs = cell.get("outputs")
    if not isinstance(outputs, list):
        return []
    cell_id = cell.get("id") if isinstance(cell.get("id"), str) else None
    found: list[Finding] = []
    for n, output in enumerate(outputs):
        data = output.get("data") if isinstance(output, dict) else None
        if not isinstance(data, dict):
            continue
        for mime, payload in data.items():
            kind = _kind(mime)
            if kind is None or not isinstance(payload, dict):
                continue
            items = payload.get("findings")
            if not isinstance(items, list):
                continue
            for item in items[:MAX_PER_OUTPUT]:
                finding = _finding(item, kind, path, index, cell_id, n)
                if finding is not None:
                    found.append(finding)
    return found


def notebook_output_findings(nb: Mapping[str, Any], path: str) -> list[Finding]:
    """Return the analysis-output findings of every cell of a parsed notebook."""
    cells = nb.get("cells")
    return [
        f
        for i, cell in enumerate(cells if isinstance(cells, list) else [])
        if isinstance(cell, dict)
        for f in cell_output_findings(cell, i, path)
    ]


def _kind(mime: object) -> str | None:
    if not isinstance(mime, str) or not mime.startswith(MIME_PREFIX):
        return None
    if not mime.endswith(MIME_SUFFIX):
        return None
    kind = mime[len(MIME_PREFIX) : -len(MIME_SUFFIX)]
    return None if kind in _SKIPPED else kind


def _finding(
    item: object, kind: str, path: str, index: int, cell_id: str | None, output: int
) -> Finding | None:
    if not isinstance(item, dict):
        return None
    category, rule, message = item.get("category"), item.get("rule"), item.get("message")
    if category not in _CATEGORIES or not isinstance(rule, str) or not isinstance(message, str):
        return None
    try:
        severity = Severity(item.get("severity"))
    except ValueError:
        return None
    rule, message = rule[:100], message[:MAX_TEXT]
    # NOTE: no secret here to protect; the digest only tells findings apart for the baseline.
    digest = hashlib.sha256(f"{kind}\0{rule}\0{message}".encode()).hexdigest()[:32]
    return Finding(
        path=path,
        cell_index=index,
        cell_id=cell_id,
        where="output",
        output_index=output,
        line=1,
        column=1,
        category=cast("Category", category),
        rule=rule,
        severity=severity,
        confidence=1.0,
        fingerprint=f"output:{digest}",
        preview=kind,
        message=message,
        kind=f"{MIME_PREFIX}{kind}{MIME_SUFFIX}",
    )
