"""Scan many files in a process pool, one Scanner per worker, results streamed back in order."""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from secure_check.core.scan import FileResult, Scanner

PROGRESS_MIN_FILES = 20
# NOTE: only the exception's type is shown: its message could quote the text being scanned.
ERR_INTERNAL = "scan failed: {name} (an internal error; please report it)"
_scanner: Scanner | None = None


def default_jobs() -> int:
    """CPUs this process may use: the affinity mask, capped by a cgroup CPU quota (containers)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS and Windows have no sched_getaffinity
        cpus = os.cpu_count() or 1
    quota = _cgroup_quota()
    return max(1, min(cpus, quota) if quota else cpus)


def _cgroup_quota(path: str = "/sys/fs/cgroup/cpu.max") -> int | None:
    # NOTE: `docker run --cpus 2` shows every host CPU to sched_getaffinity; cgroup v2 has the cap.
    try:
        with open(path, encoding="ascii") as f:
            limit, period = f.read().split()[:2]
        return max(1, round(int(limit) / int(period)))
    except (OSError, ValueError, ZeroDivisionError):
        return None  # no cgroup v2 file, or "max" (no quota)


def scan_files(
    files: Sequence[tuple[Path, str]], *, jobs: int, progress: bool | None = None
) -> Iterator[FileResult]:
    """Scan ``(file, shown path)`` pairs and yield one ``FileResult`` per file, in input order.

    Parameters
    ----------
    files
        Files to scan with the path each is reported under.
    jobs
        Worker processes; one file or ``jobs == 1`` scans in this process.
    progress
        Show a tqdm bar on stderr; ``None`` shows it when stderr is a terminal and there are
        at least ``PROGRESS_MIN_FILES`` files.
    """
    if progress is None:
        progress = len(files) >= PROGRESS_MIN_FILES and sys.stderr.isatty()
    jobs = max(1, min(jobs, len(files)))
    if jobs == 1:
        scanner = _get_scanner()
        with _bar(len(files), progress) as bar:
            for file, shown in files:
                yield scan_safely(scanner, file, shown)
                bar.update(1)
        return
    # NOTE: the pool is started before the bar, so no thread of the bar's exists at fork time.
    ctx = _context()
    if ctx.get_start_method() == "fork":
        _get_scanner()  # NOTE: built once here, inherited copy-on-write by every worker.
    with ctx.Pool(jobs, initializer=_get_scanner) as pool, _bar(len(files), progress) as bar:
        done = pool.imap_unordered(_scan_one, _largest_first(files))
        yield from _in_order(done, lambda: bar.update(1))


def _bar(total: int, progress: bool) -> Any:
    from tqdm import tqdm

    class _Bar(tqdm):  # type: ignore[misc]
        # NOTE: no monitor thread: it outlives the bar and would make later pools spawn.
        monitor_interval = 0

    return _Bar(total=total, file=sys.stderr, unit="file", disable=not progress, leave=False)


def _largest_first(files: Sequence[tuple[Path, str]]) -> list[tuple[int, str, str]]:
    # NOTE: handing out big files first keeps one huge notebook from finishing last, alone
    # (longest-processing-time-first); one file per task since a file costs far more than IPC.
    items = [(i, str(file), shown) for i, (file, shown) in enumerate(files)]
    return sorted(items, key=lambda item: -_size(item[1]))


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _in_order(
    done_items: Iterator[tuple[int, FileResult]], done: Callable[[], object]
) -> Iterator[FileResult]:
    """Re-order ``(index, result)`` pairs as they complete into input order, streaming."""
    pending: dict[int, FileResult] = {}
    wanted = 0
    for index, result in done_items:
        done()
        pending[index] = result
        while wanted in pending:
            yield pending.pop(wanted)
            wanted += 1


def _context() -> multiprocessing.context.BaseContext:
    # NOTE: fork is the cheapest start (no re-import of detect-secrets per worker) but is only
    # safe while this process runs a single thread; otherwise use a fresh interpreter.
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _get_scanner() -> Scanner:
    global _scanner
    if _scanner is None:
        from secure_check.core.scan import Scanner

        _scanner = Scanner()
    return _scanner


def _scan_one(item: tuple[int, str, str]) -> tuple[int, FileResult]:
    index, file, shown = item
    return index, scan_safely(_get_scanner(), Path(file), shown)


def scan_safely(scanner: Scanner, file: Path, shown: str) -> FileResult:
    """Scan one file; an unexpected failure becomes that file's error, never the run's."""
    try:
        return scanner.scan_file(file, shown)
    except Exception as e:  # noqa: BLE001 - one bad file must not stop a CI scan of thousands
        from secure_check.core.scan import FileResult

        return FileResult(shown, [], error=ERR_INTERNAL.format(name=type(e).__name__))
