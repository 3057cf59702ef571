"""``--dask ADDRESS``: the same per-file scan on a dask.distributed cluster, streamed, bounded.

Workers read the files by path, so they must see the same file system (a LocalCluster, or a
cluster whose workers mount the repository at the same path, as in CI runners and HPC jobs).
At most ``window`` files are in flight or waiting to be re-ordered at any time, so memory stays
flat however many notebooks there are.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from secure_check.core.scan import FileResult

ERR_NO_DASK = (
    "--dask needs dask.distributed, which is not installed; "
    "install the batch extra: pip install 'secure-check[batch]'"
)
ERR_CONNECT = "cannot reach the Dask scheduler at {address}: {detail}"
WINDOW_PER_THREAD = 32
CHUNK = 8
CONNECT_TIMEOUT = "10s"


class DaskError(RuntimeError):
    """The cluster cannot be used; the message says why."""


def scan_remote(file: str, shown: str) -> FileResult:
    """Scan one file on a worker (one ``Scanner`` per worker process, built on first use)."""
    from secure_check.batch.pool import _get_scanner, scan_safely

    return scan_safely(_get_scanner(), Path(file), shown)


def scan_on_dask(
    files: Sequence[tuple[Path, str]],
    address: str | Any,
    *,
    window: int | None = None,
    progress: bool = False,
) -> Iterator[FileResult]:
    """Scan ``(file, shown)`` pairs on the cluster and yield results in input order.

    Parameters
    ----------
    files
        Files to scan with the path each is reported under.
    address
        A scheduler address (``tcp://host:8786``) or a ``distributed`` cluster object.
    window
        Most results in flight or buffered at once; ``WINDOW_PER_THREAD`` per worker thread.
        Files travel in tasks of up to ``CHUNK`` (a quarter of the window at most).
    progress
        Show a tqdm bar on stderr.

    Raises
    ------
    DaskError
        If dask.distributed is missing or the scheduler cannot be reached.
    """
    try:
        from distributed import Client
    except ImportError as e:
        raise DaskError(ERR_NO_DASK) from e
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError) as e:
        raise DaskError(ERR_CONNECT.format(address=address, detail=e)) from e
    with client:
        size = window or WINDOW_PER_THREAD * max(1, _threads(client))
        yield from _stream(client, files, size, progress)


def _threads(client: Any) -> int:
    workers = client.scheduler_info().get("workers", {})
    return sum(int(w.get("nthreads", 1)) for w in workers.values())


def _stream(
    client: Any, files: Sequence[tuple[Path, str]], window: int, progress: bool
) -> Iterator[FileResult]:
    from distributed import as_completed

    from secure_check.batch.pool import _bar

    todo = iter(enumerate(files))
    chunk = max(1, min(CHUNK, window // 4))
    first = _submit(client, todo, window, chunk)
    if not first:
        return
    # NOTE: as_completed needs a future to find its client; later ones are added as they go.
    done: Any = as_completed([f for f, _ in first], loop=client.loop)  # type: ignore[no-untyped-call]
    pending: dict[int, FileResult] = {}
    in_flight, wanted = sum(n for _, n in first), 0
    with _bar(len(files), progress) as bar:
        for future in done:
            results = future.result()
            future.release()
            pending.update(results)
            in_flight -= len(results)
            bar.update(len(results))
            while wanted in pending:
                yield pending.pop(wanted)
                wanted += 1
            # NOTE: buffered results count against the window too, so one slow file can
            # hold back at most ``window`` others, never the whole run.
            more = _submit(client, todo, window - in_flight - len(pending), chunk)
            done.update([f for f, _ in more])
            in_flight += sum(n for _, n in more)


def _submit(
    client: Any, todo: Iterator[tuple[int, tuple[Path, str]]], n: int, chunk: int
) -> list[tuple[Any, int]]:
    """Send up to ``n`` files in tasks of ``chunk`` files; return (future, files) pairs."""
    futures = []
    while n > 0:
        items = [item for item in (next(todo, None) for _ in range(min(chunk, n))) if item]
        if not items:
            break
        # NOTE: absolute, since a worker's current folder is not this process's.
        batch = [(index, str(Path(file).absolute()), shown) for index, (file, shown) in items]
        futures.append((client.submit(scan_batch, batch, pure=False), len(batch)))
        n -= len(batch)
    return futures


def scan_batch(batch: list[tuple[int, str, str]]) -> list[tuple[int, FileResult]]:
    """Scan a few files on a worker: one task per file would cost more in scheduling."""
    return [(index, scan_remote(file, shown)) for index, file, shown in batch]
