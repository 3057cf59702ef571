"""Heavy server work in worker processes: one slow request cannot starve the others.

NOTE: a thread cannot be stopped, and a regular expression holds the GIL while it runs, so a
hostile notebook scanned on a thread freezes the whole server. Each worker is a spawned
process with its own ``Service``; a request that runs past the limit has its worker killed (and
replaced) and answers "<action> stopped after N s": the scan route as an error entry, the
report and redact routes as a 503 error.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from collections import deque
from multiprocessing.connection import Connection
from typing import Any

from secure_check.core.baseline import BaselineError
from secure_check.core.notebook import NotebookError
from secure_check.server.edits import EditError
from secure_check.server.paths import PathError

ERR_STOPPED = "{action} stopped after {seconds:g} s"
ERR_LOST = "{action} worker ended unexpectedly (exit code {code})"
ERR_START = "a {action} worker could not start (it failed, or took over {seconds:g} s)"
WARN_SECONDS = "SECURE_CHECK_SCAN_SECONDS={value!r} is not a positive number; using {default:g} s"
ENV_SECONDS = "SECURE_CHECK_SCAN_SECONDS"
DEFAULT_SECONDS = 30.0
START_SECONDS = 120.0
# NOTE: at least two, so one hostile request leaves a worker for everyone else.
WORKERS = max(2, min(4, (os.cpu_count() or 2) // 2))
# What a stop message names, by Service method (the route the user used); default "scan".
ACTIONS = {"report": "report", "redact_source": "redact"}
_ERRORS: dict[str, type[Exception]] = {
    "NotebookError": NotebookError,
    "BaselineError": BaselineError,
}
_STATUS_ERRORS: dict[str, type[PathError] | type[EditError]] = {
    "PathError": PathError,
    "EditError": EditError,
}
log = logging.getLogger(__name__)


class ScanStopped(RuntimeError):
    """Work that ran past the time limit (or whose worker died); its worker was replaced."""


def scan_seconds() -> float:
    """Return the per-request limit: ``SECURE_CHECK_SCAN_SECONDS``, else 30 (bad: logged)."""
    value = os.environ.get(ENV_SECONDS)
    if value is None:
        return DEFAULT_SECONDS
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds < float("inf"):
        log.warning(WARN_SECONDS.format(value=value[:40], default=DEFAULT_SECONDS))
        return DEFAULT_SECONDS
    return seconds


def _serve(root: str, conn: Connection) -> None:
    """Worker loop: build the Service, say so, then run the requested methods."""
    from secure_check.server.service import Service

    service = Service(root)
    service.scanner  # noqa: B018 - built before the first request, not during it
    conn.send(("ready",))
    while True:
        try:
            name, args = conn.recv()
        except (EOFError, OSError):  # NOTE: the server closed the pipe or ended
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
        self.ready = False

    def wait_ready(self, seconds: float) -> bool:
        """Wait for the worker's "ready" (its start does not count against a request's limit)."""
        if not self.ready:
            try:
                self.ready = self.conn.poll(seconds) and self.conn.recv() == ("ready",)
            except (OSError, EOFError):
                self.ready = False
        return self.ready

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class ScanPool:
    """A few worker processes, started on first use; ``call`` blocks (run it on a thread)."""

    def __init__(self, root: str, size: int = WORKERS, limit: float | None = None) -> None:
        self.root, self.size = root, size
        self.limit = scan_seconds() if limit is None else limit
        self._idle: deque[_Worker] = deque()
        self._started = 0
        self._changed = threading.Condition()

    def call(self, name: str, *args: Any) -> Any:
        """Run ``Service.<name>(*args)`` in a worker; raise ScanStopped past the limit."""
        action = ACTIONS.get(name, "scan")
        worker = self._take()
        if not worker.wait_ready(START_SECONDS):
            self._replace(worker)
            raise ScanStopped(ERR_START.format(action=action, seconds=START_SECONDS))
        try:
            worker.conn.send((name, args))
            reply = worker.conn.recv() if worker.conn.poll(self.limit) else None
        except (OSError, EOFError):  # NOTE: the worker died (killed for memory, crashed)
            code = _exit_code(worker)
            self._replace(worker)
            raise ScanStopped(ERR_LOST.format(action=action, code=code)) from None
        if reply is None:
            self._replace(worker)
            raise ScanStopped(ERR_STOPPED.format(action=action, seconds=self.limit))
        self._give(worker)
        if reply[0] == "ok":
            return reply[1]
        _, kind, message, status = reply
        if kind in _STATUS_ERRORS:
            raise _STATUS_ERRORS[kind](message, status)
        raise _ERRORS.get(kind, ValueError)(message)

    def start(self) -> None:
        """Start every worker now and wait until each is ready (else they start on first use)."""
        with self._changed:  # NOTE: held while waiting: one reader of a worker's pipe at a time
            self._start_all()
            for worker in self._idle:
                worker.wait_ready(START_SECONDS)

    def close(self) -> None:
        """Stop the idle workers (busy ones end with the server); a later call starts new ones."""
        with self._changed:
            while self._idle:
                self._idle.popleft().kill()
                self._started -= 1

    def _give(self, worker: _Worker) -> None:
        with self._changed:
            self._idle.append(worker)
            self._changed.notify()

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        self._give(_Worker(self.root))  # NOTE: the replacement starts loading now

    def _start_all(self) -> None:
        # NOTE: all at once on first use, so a request beside a slow one finds a worker ready
        while self._started < self.size:
            self._started += 1
            self._idle.append(_Worker(self.root))

    def _take(self) -> _Worker:
        """Return an idle worker, a ready one first (a replacement may still be starting)."""
        with self._changed:
            self._start_all()
            while not self._idle:
                self._changed.wait()
            ready = next((w for w in self._idle if w.wait_ready(0)), self._idle[0])
            self._idle.remove(ready)
            return ready


def _exit_code(worker: _Worker) -> str:
    worker.process.join(1)
    return str(worker.process.exitcode)
