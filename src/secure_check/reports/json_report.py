"""The JSON report (`secure-check/scan@1`): stats, findings and per-file errors."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from secure_check.core.findings import SCAN_SCHEMA

if TYPE_CHECKING:
    from secure_check.core.scan import FileResult

SCHEMA = SCAN_SCHEMA
TOOL_NAME = "secure-check"


def tool_version() -> str:
    """Return the installed secure-check version (``0.0.0`` in a tree that was never built)."""
    from secure_check.core.version import __version__

    return __version__


def stats(results: Sequence[FileResult], *, seconds: float) -> dict[str, Any]:
    """Count over a scan: notebooks, cells, bytes, seconds, findings and accepted findings.

    ``notebooks`` counts the files that were read (``.py`` files included); files that
    failed are counted in ``errors`` instead.
    """
    read = [r for r in results if r.error is None]
    findings = [f for r in results for f in r.findings]
    return {
        "notebooks": len(read),
        "cells": sum(r.cells for r in read),
        "bytes": sum(r.bytes for r in read),
        "seconds": round(seconds, 3),
        "findings": len(findings),
        "accepted": sum(1 for f in findings if f.accepted),
        "errors": len(results) - len(read),
    }


def to_json_dict(results: Sequence[FileResult], *, seconds: float) -> dict[str, Any]:
    """Build the ``secure-check/scan@1`` document.

    Parameters
    ----------
    results
        One ``FileResult`` per scanned file; their ``path`` is already relative to the
        directory given on the command line.
    seconds
        Wall-clock time of the whole scan.

    Returns
    -------
    dict
        ``{"schema", "tool", "stats", "findings", "errors"}``, ready for ``json.dumps``.
    """
    return {
        "schema": SCHEMA,
        "tool": {"name": TOOL_NAME, "version": tool_version()},
        "stats": stats(results, seconds=seconds),
        "findings": [f.to_dict() for r in results for f in r.findings],
        "errors": [{"path": r.path, "error": r.error} for r in results if r.error is not None],
    }
