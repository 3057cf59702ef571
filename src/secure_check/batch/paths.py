"""Scan the paths a user names: collect the files, then the process pool, Dask or the cache."""

from __future__ import annotations

import fnmatch
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from secure_check.deps.view import MSG_STATUS

if TYPE_CHECKING:
    from secure_check.batch.cache import ResultCache
    from secure_check.core.scan import FileResult
    from secure_check.core.walk import Skipped

    Files = list[tuple[Path, str]]

ERR_NO_SUCH_PATH = "no such file or directory"
MSG_SKIPPED = "skipped {path}: {reason}"
MSG_CACHE = "cache: {hits} of {total} file(s) from {root} ({stat} unopened)"


def _stderr(message: str) -> None:
    print(message, file=sys.stderr)


def scan_paths(
    paths: Sequence[str],
    *,
    jobs: int | None = None,
    progress: bool | None = None,
    exclude: Sequence[str] = (),
    dask: str | None = None,
    cache: ResultCache | None = None,
    history: bool = False,
    deps: bool = False,
    notify: Callable[[str], None] = _stderr,
) -> tuple[list[FileResult], str | None]:
    """Scan the files and folders given on a command line.

    Parameters
    ----------
    paths
        Notebooks, ``.py`` files or folders (walked); a missing one becomes an error result.
    jobs
        Worker processes for the local pool; ``None``: the CPUs this process may use.
    progress
        Progress bar on stderr; ``None`` decides from the terminal and the file count.
    exclude
        Globs matched against each reported path and each of its parts (see ``excluded``).
    dask
        A Dask scheduler address to scan on instead of the local pool.
    cache
        Reuse and store results of unchanged files; its hit counts go to ``notify``.
    history
        Also scan every committed version of each file (git).
    deps
        Also audit the packages each notebook uses; the advisory status goes to ``notify``.
    notify
        Receives one line per message for the person running the scan (stderr by default).

    Returns
    -------
    tuple[list[FileResult], str | None]
        The results in order, and the folder their paths are relative to: the one directory
        given, else ``None`` (paths are shown as given).
    """
    from secure_check.core.scan import FileResult

    skipped: Skipped = []
    files, missing = collect(paths, exclude, skipped=skipped)
    for shown, reason in skipped:
        notify(MSG_SKIPPED.format(path=shown, reason=reason))
    results = list(_scan(files, jobs, progress, dask, cache, notify))
    if deps:
        _add_dependencies(results, files, notify)
    if history:
        results = _with_history(results, files, paths)
    results += [FileResult(p, [], error=ERR_NO_SUCH_PATH) for p in missing]
    only_dir = len(paths) == 1 and Path(paths[0]).is_dir()
    return results, (paths[0] if only_dir else None)


def collect(
    paths: Sequence[str], exclude: Sequence[str] = (), *, skipped: Skipped | None = None
) -> tuple[Files, list[str]]:
    """Walk the paths into ``(file, shown path)`` pairs, less excluded ones, and list missing paths.

    Parameters
    ----------
    paths
        Files or folders; with several, files in a folder are shown under the folder's name.
    exclude
        Globs that drop a file (see ``excluded``).
    skipped
        Receives ``(shown path, reason)`` for links and special files inside a folder, which
        are never followed or opened (see ``core.walk``).

    Returns
    -------
    tuple[list[tuple[Path, str]], list[str]]
        The files to scan with the path each is reported under, and the paths that do not exist.
    """
    from secure_check.core.scan import iter_files

    files: list[tuple[Path, str]] = []
    missing = [p for p in paths if not Path(p).exists()]
    existing = [p for p in paths if Path(p).exists()]
    for arg in existing:
        prefix = "" if len(paths) == 1 or not Path(arg).is_dir() else arg.rstrip("/") + "/"
        here: Skipped = []
        files.extend((file, prefix + shown) for file, shown in iter_files([Path(arg)], here))
        if skipped is not None:
            shown_skips = [(prefix + shown, why) for shown, why in here]
            skipped.extend(pair for pair in shown_skips if not excluded(pair[0], exclude))
    return [(f, shown) for f, shown in files if not excluded(shown, exclude)], missing


def excluded(shown: str, patterns: Sequence[str]) -> bool:
    """Whether ``--exclude`` patterns drop a file: the whole path or any one part matches.

    Parameters
    ----------
    shown
        The path the file is reported under.
    patterns
        ``fnmatch`` globs.

    Returns
    -------
    bool
        ``True`` when one pattern matches the path or one of its ``/``-separated parts.
    """
    parts = shown.split("/")
    return any(
        fnmatch.fnmatch(shown, p) or any(fnmatch.fnmatch(x, p) for x in parts) for p in patterns
    )


def _scan(
    files: Files,
    jobs: int | None,
    progress: bool | None,
    dask: str | None,
    cache: ResultCache | None,
    notify: Callable[[str], None],
) -> Iterator[FileResult]:
    def scan(todo: Sequence[tuple[Path, str]]) -> Iterator[FileResult]:
        if dask:
            from secure_check.batch.cluster import scan_on_dask

            return scan_on_dask(todo, dask, progress=bool(progress))
        from secure_check.batch.pool import default_jobs, scan_files

        return scan_files(todo, jobs=jobs or default_jobs(), progress=progress)

    if cache is None:
        yield from scan(files)
        return
    from secure_check.batch.cache import scan_cached

    yield from scan_cached(files, cache, scan)
    s = cache.stats
    notify(MSG_CACHE.format(hits=s.hits, total=len(files), root=cache.root, stat=s.stat_hits))


def _add_dependencies(
    results: list[FileResult], files: Files, notify: Callable[[str], None]
) -> None:
    """Append each notebook's dependency findings (never cached: they follow the environment)."""
    from secure_check.deps.audit import audit

    statuses = set()
    for result, (file, shown) in zip(results, files, strict=True):
        if result.error is None and file.suffix == ".ipynb":
            report = audit(file, path=shown)
            result.findings.extend(report.findings)
            statuses.add(report.vulnerability_status)
    for status in sorted(statuses):
        notify(MSG_STATUS.format(status=status))


def _with_history(
    results: list[FileResult], files: Files, paths: Sequence[str]
) -> list[FileResult]:
    from secure_check.batch.git_history import history_results
    from secure_check.batch.pool import _get_scanner

    many = len(paths) > 1
    dirs = [(Path(p), p.rstrip("/") + "/" if many else "") for p in paths if Path(p).is_dir()]
    return history_results(results, files, dirs, _get_scanner())
