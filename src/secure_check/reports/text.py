"""Terminal report: one row per finding, then errors and a summary line."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from secure_check.reports.json_report import stats

if TYPE_CHECKING:
    from secure_check.core.findings import Finding
    from secure_check.core.scan import FileResult

HEADERS = ("path", "cell", "where", "line", "rule", "severity", "preview", "message")
MAX_WIDTH = 48
NO_FINDINGS = "no findings"
# C0 and C1 controls, DEL, and the bidi controls that reorder what a terminal shows (Trojan
# Source): written as escapes, so a file name cannot move the cursor or recolour a CI log.
_CONTROLS = {
    c: f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"
    for c in (*range(0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A))
}
_CONTROLS.update({0x200E: "\\u200e", 0x200F: "\\u200f", 0x061C: "\\u061c"})


def terminal_safe(value: str) -> str:
    """Return ``value`` with every control character written as an escape (ESC as x1b)."""
    return value.translate(_CONTROLS)


def to_text(results: Sequence[FileResult], *, seconds: float) -> str:
    """Render a fixed-width table of findings, the errors, and a summary line."""
    rows = [_row(f) for r in results for f in r.findings]
    lines = _table(rows) if rows else [NO_FINDINGS]
    errors = [r for r in results if r.error is not None]
    if errors:
        lines += ["", "errors:"]
        lines += [f"  {terminal_safe(r.path)}: {terminal_safe(r.error or '')}" for r in errors]
    lines += ["", summary(results, seconds=seconds)]
    return "\n".join(lines) + "\n"


def summary(results: Sequence[FileResult], *, seconds: float) -> str:
    """``3 findings (1 high, 2 medium, 0 low; 1 accepted) in 4 files, 20 cells, ...``."""
    s = stats(results, seconds=seconds)
    sev = {"high": 0, "medium": 0, "low": 0}
    for f in (f for r in results for f in r.findings):
        sev[f.severity.value] += 1
    counts = ", ".join(f"{n} {name}" for name, n in sev.items())
    return (
        f"{_n(s['findings'], 'finding')} ({counts}; {s['accepted']} accepted) in "
        f"{_n(s['notebooks'], 'file')}, {_n(s['cells'], 'cell')}, {s['bytes'] / 1e6:.1f} MB, "
        f"{s['seconds']:.2f} s; {s['errors']} unreadable"
    )


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _row(f: Finding) -> tuple[str, ...]:
    cell = "-" if f.cell_index is None else str(f.cell_index)
    where = f.where if f.output_index is None else f"{f.where}[{f.output_index}]"
    severity = f.severity.value + (" (accepted)" if f.accepted else "")
    row = (f.path, cell, where, str(f.line), f.rule, severity, f.preview, f.message)
    return tuple(terminal_safe(v) for v in row)


def _clip(value: str, keep_start: bool) -> str:
    if len(value) <= MAX_WIDTH:
        return value
    # NOTE: a path's end (the file name) matters most; a message's start does.
    return value[: MAX_WIDTH - 3] + "..." if keep_start else "..." + value[-(MAX_WIDTH - 3) :]


def _table(rows: list[tuple[str, ...]]) -> list[str]:
    last = len(HEADERS) - 1
    cells = [HEADERS, *[tuple(_clip(v, i == last) for i, v in enumerate(row)) for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(HEADERS))]
    pad = [[v.ljust(w) for v, w in zip(row, widths, strict=True)] for row in cells]
    out = ["  ".join(row).rstrip() for row in pad]
    out.insert(1, "  ".join("-" * w for w in widths))
    return out
