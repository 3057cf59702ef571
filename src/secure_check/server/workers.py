"""Scans in worker processes: one slow request cannot starve the others, and it is stopped.

NOTE: a thread cannot be stopped, and a regular expression holds the GIL while it runs, so a
hostile notebook scanned on a thread freezes the whole server. Each worker is a spawned
process with its own ``Service``; a scan that runs past the limit has its worker killed (and
replaced) and answers "scan stopped after N s" as an error entry.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import threading
from multiprocessing.connection import Connection
from typing import Any

from secure_check.core.baseline import BaselineError
from secure_check.core.notebook import NotebookError
from secure_check.server.paths import PathError

ERR_STOPPED = "scan stopped after {seconds:g} s"
SCAN_SECONDS = float(os.environ.get("SECURE_CHECK_SCAN_SECONDS", "30"))
WORKERS = max(1, min(4, (os.cpu_count() or 2) // 2))
_ERRORS: dict[str, type[Exception]] = {
    "NotebookError": NotebookError,
    "BaselineError": BaselineError,
}


class ScanStopped(RuntimeError):
    """A scan that ran past the time limit; its worker was killed."""


def _serve(root: str, conn: Connection) -> None:
    """Worker loop: build the Service once, then run the requested methods."""
    from secure_check.server.service import Service

    service = Service(root)
    service.scanner  # noqa: B018 - built before the first request, not during it
    while True:
        try:
            name, args = conn.recv()
        except EOFError:
            return
        try:
            conn.send(("ok", getattr(service, name)(*args)))
        except (ValueError, OSError) as e:
            conn.send(("error", type(e).__name__, str(e), getattr(e, "status", 400)))


class _Worker:
    def __init__(self, root: str) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(root, child), daemon=True)
        self.process.start()
        child.close()

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class ScanPool:
    """A few scan processes, started on first use; ``call`` blocks (run it on a thread)."""

    def __init__(self, root: str, size: int = WORKERS, limit: float = SCAN_SECONDS) -> None:
        self.root, self.size, self.limit = root, size, limit
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._started = 0
        self._lock = threading.Lock()

    def call(self, name: str, *args: Any) -> Any:
        """Run ``Service.<name>(*args)`` in a worker; raise ScanStopped past the limit."""
        worker = self._take()
        try:
            worker.conn.send((name, args))
            ready = worker.conn.poll(self.limit)
        except (OSError, EOFError):
            ready = False
        if not ready:
            worker.kill()
            self._idle.put(_Worker(self.root))  # NOTE: the replacement starts loading now
            raise ScanStopped(ERR_STOPPED.format(seconds=self.limit))
        reply = worker.conn.recv()
        self._idle.put(worker)
        if reply[0] == "ok":
            return reply[1]
        _, kind, message, status = reply
        if kind == "PathError":
            raise PathError(message, status)
        raise _ERRORS.get(kind, ValueError)(message)

    def close(self) -> None:
        """Stop the idle workers (busy ones end with the server)."""
        while not self._idle.empty():
            self._idle.get_nowait().kill()

    def _take(self) -> _Worker:
        with self._lock:
            if self._idle.empty() and self._started < self.size:
                self._started += 1
                return _Worker(self.root)
        return self._idle.get()
