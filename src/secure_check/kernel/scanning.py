"""`%secure_check scan` and `%%secure_check`: scan the session's notebook, or a cell first."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from secure_check.core.findings import Finding
from secure_check.kernel.advice import refusal_message
from secure_check.kernel.capture import OutputCapture
from secure_check.kernel.forget import forget_input
from secure_check.kernel.guard import scan_outputs
from secure_check.kernel.session import (
    HISTORY_PATH,
    NOTE_HISTORY,
    NOTE_SAVED_FILE,
    history_notebook,
    notebook_path,
)
from secure_check.kernel.views import FindingsReport

ERR_NO_FILE = "no such file or folder: {path}"
CELL_PATH = "<cell>"
NOTE_SKIPPED = "Skipped {n} unreadable file(s): {files}"


def scan(state: Any, shell: Any, path: str | None, *, history: bool = False) -> FindingsReport:
    """Scan ``path``, else the notebook the kernel runs, else (or with ``history``) the history."""
    if history:
        findings = state.scanner.scan_notebook(history_notebook(shell), HISTORY_PATH)
        return _report(state, findings, HISTORY_PATH, "session history", "")
    if path is not None:
        target = Path(path).expanduser()
        if not target.exists():
            raise ValueError(ERR_NO_FILE.format(path=path))
        findings, skipped = _scan_paths(state, target)
        note = NOTE_SKIPPED.format(n=len(skipped), files="; ".join(skipped)) if skipped else ""
        return _report(state, findings, _shown(target, state.settings.root), "file", note)
    found = notebook_path(shell.user_ns)
    if found is not None:
        return _report(
            state,
            _scan_paths(state, found)[0],
            _shown(found, state.settings.root),
            "notebook file",
            NOTE_SAVED_FILE,
        )
    findings = state.scanner.scan_notebook(history_notebook(shell), HISTORY_PATH)
    return _report(state, findings, HISTORY_PATH, "session history", NOTE_HISTORY)


def _scan_paths(state: Any, target: Path) -> tuple[list[Finding], list[str]]:
    """Return the findings of a file or folder, and the unreadable files a folder skipped.

    A single unreadable file is an error; in a folder it is skipped and named, as the CLI does.
    """
    from tqdm.auto import tqdm

    from secure_check.core.scan import iter_files

    files = list(iter_files([target]))
    findings: list[Finding] = []
    skipped: list[str] = []
    root = state.settings.root
    # NOTE: a progress bar only for folders big enough to take a while.
    for file, _ in tqdm(files, desc="secure-check", unit="file", disable=len(files) < 20):
        result = state.scanner.scan_file(file, _shown(file, root))
        if result.error is not None and not target.is_dir():
            raise ValueError(f"{result.path}: {result.error}")
        if result.error is not None:
            skipped.append(f"{result.path}: {result.error}")
        findings.extend(result.findings)
    return findings, skipped


def _report(
    state: Any, findings: list[Finding], path: str, source: str, note: str
) -> FindingsReport:
    shown = state.apply_baseline(state.visible(findings))
    return FindingsReport(shown, path, source, note)


def _shown(path: Path, root: Path) -> str:
    """Return the path relative to the project root when it is below it (as the panel shows it)."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


@dataclasses.dataclass
class CellRun:
    """What ``%%secure_check`` did: the findings to show and any error the body raised."""

    report: FindingsReport | None
    error: BaseException | None = None


def run_guarded_cell(state: Any, shell: Any, cell: str, *, force: bool) -> CellRun:
    """Scan ``cell``; run it when nothing blocks (or ``force``); then scan what it showed."""
    from IPython.core.error import UsageError
    from IPython.display import display

    findings = state.visible(state.scanner.scan_text(cell, CELL_PATH))
    floor = state.settings.values.guard_severity
    blocking = [f for f in findings if f.severity.rank >= _rank(floor)]
    if findings:
        display(FindingsReport(findings, CELL_PATH, "cell source"))  # type: ignore[no-untyped-call]
    if blocking and not force:
        _forget_raw_cell(shell, cell)
        raise UsageError(refusal_message(blocking, cell))
    result = _run(state, shell, cell)
    return CellRun(scan_outputs(state, result[1], result[0].result), result[0].error_in_exec)


def _run(state: Any, shell: Any, cell: str) -> tuple[Any, OutputCapture]:
    capture = OutputCapture(shell)
    guard = state.guard
    previous = guard.bypass if guard is not None else False
    if guard is not None:
        guard.bypass = True  # NOTE: the forced body must not be refused or scanned twice
    capture.start()
    try:
        result = shell.run_cell(cell, store_history=False)
    finally:
        capture.stop()
        if guard is not None:
            guard.bypass = previous
    return result, capture


def _forget_raw_cell(shell: Any, cell: str) -> None:
    raw = getattr(shell.history_manager, "input_hist_raw", [])
    if raw and cell.strip() and cell.strip() in raw[-1]:
        forget_input(shell, raw[-1], getattr(shell, "execution_count", None))


def _rank(severity: str) -> int:
    from secure_check.core.findings import Severity

    return Severity(severity).rank
