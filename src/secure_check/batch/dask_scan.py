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
    from ..core.scan import FileResult

ERR_NO_DASK = (
    "--dask needs dask.distributed, which is not installed; "
    "install the batch extra: pip install 'secure-check[batch]'"
)
ERR_CONNECT = "cannot reach the Dask scheduler at {address}: {detail}"
WINDOW_PER_THREAD = 4
CONNECT_TIMEOUT = "10s"


class DaskError(RuntimeError):
    """The cluster cannot be used; the message says why."""


def scan_remote(file: str, shown: str) -> FileResult:
    """Scan one file on a worker (one ``Scanner`` per worker process, built on first use)."""
    from ..cli_parallel import _get_scanner, scan_safely

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

    from ..cli_parallel import _bar

    todo = iter(enumerate(files))
    first = _submit(client, todo, window)
    if not first:
        return
    # NOTE: as_completed needs a future to find its client; later ones are added as they go.
    done: Any = as_completed(first, loop=client.loop)  # type: ignore[no-untyped-call]
    pending: dict[int, FileResult] = {}
    in_flight, wanted = len(first), 0
    with _bar(len(files), progress) as bar:
        for future in done:
            index, result = future.result()
            future.release()
            pending[index] = result
            in_flight -= 1
            bar.update(1)
            while wanted in pending:
                yield pending.pop(wanted)
                wanted += 1
            # NOTE: buffered results count against the window too, so one slow file can
            # hold back at most ``window`` others, never the whole run.
            more = _submit(client, todo, window - in_flight - len(pending))
            done.update(more)
            in_flight += len(more)


def _submit(client: Any, todo: Iterator[tuple[int, tuple[Path, str]]], n: int) -> list[Any]:
    futures = []
    for _ in range(max(0, n)):
        item = next(todo, None)
        if item is None:
            break
        index, (file, shown) = item
        # NOTE: absolute, since a worker's current folder is not this process's.
        path = str(Path(file).absolute())
        futures.append(client.submit(_indexed, index, path, shown, pure=False))
    return futures


def _indexed(index: int, file: str, shown: str) -> tuple[int, FileResult]:
    return index, scan_remote(file, shown)
