"""Tornado handlers for /secure-check/*: parse the request, call the Service, answer JSON."""

from __future__ import annotations

import asyncio
import functools
import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import tornado.web
from jupyter_server.base.handlers import APIHandler
from jupyter_server.utils import url_path_join

from secure_check.core.baseline import BaselineError
from secure_check.core.notebook import NotebookError
from secure_check.server.edits import EditError
from secure_check.server.paths import PathError
from secure_check.server.service import Service, stopped_payload
from secure_check.server.workers import ScanPool, ScanStopped

NAMESPACE = "secure-check"
ERR_BODY = "the request body must be a JSON object"
_SERVICE = "secure_check_service"
_EXECUTOR = "secure_check_executor"
_POOL = "secure_check_scan_pool"
_POOL_THREADS = "secure_check_scan_threads"
T = TypeVar("T")


class _Base(APIHandler):
    """Shared plumbing: the per-server Service, JSON bodies, engine errors -> HTTP errors."""

    @property
    def service(self) -> Service:
        return self.settings[_SERVICE]  # type: ignore[no-any-return]

    def body(self) -> dict[str, Any]:
        try:
            data = json.loads(self.request.body or b"{}")
        except ValueError:
            raise tornado.web.HTTPError(400, ERR_BODY) from None
        if not isinstance(data, dict):
            raise tornado.web.HTTPError(400, ERR_BODY)
        return data

    async def call(self, fn: Callable[..., T], *args: Any, executor: str = _EXECUTOR) -> T:
        """Run engine work off the event loop (the edit thread, or a scan pool's thread)."""
        loop = asyncio.get_running_loop()
        try:
            job = functools.partial(fn, *args)
            return await loop.run_in_executor(self.settings[executor], job)
        except (PathError, EditError) as e:
            raise tornado.web.HTTPError(e.status, str(e)) from e
        except (NotebookError, BaselineError) as e:
            raise tornado.web.HTTPError(422, str(e)) from e
        except ValueError as e:
            raise tornado.web.HTTPError(400, str(e)) from e

    def answer(self, data: dict[str, Any]) -> None:
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(data))


class ScanHandler(_Base):
    """POST {"path"} scans a notebook file; POST {"path", "cells": [...]} scans posted cells."""

    @tornado.web.authenticated
    async def post(self) -> None:
        """Answer the POST described on the class."""
        body = self.body()
        pool: ScanPool = self.settings[_POOL]
        args = ("scan_cells", body.get("path"), body["cells"]) if "cells" in body else (
            "scan_path", body.get("path"),
        )  # fmt: skip
        try:
            self.answer(await self.call(pool.call, *args, executor=_POOL_THREADS))
        except ScanStopped as e:  # NOTE: an error entry, as the CLI reports an unreadable file
            self.answer(stopped_payload(body.get("path"), str(e)))


class BaselineHandler(_Base):
    """GET reads the baseline; POST {"finding", "reason"} accepts a finding into it."""

    @tornado.web.authenticated
    async def get(self) -> None:
        """Answer the GET described on the class."""
        self.answer(await self.call(self.service.baseline))

    @tornado.web.authenticated
    async def post(self) -> None:
        """Answer the POST described on the class."""
        body = self.body()
        who = getattr(self.current_user, "username", None) or "jupyter"
        finding, reason = body.get("finding"), body.get("reason")
        self.answer(await self.call(self.service.accept, finding, reason, who))


class ReportHandler(_Base):
    """POST {"path", "format": "html"|"sarif"} -> {"format", "media_type", "filename", "content"}.

    NOTE: APIHandler answers JSON only, so the report travels as a string inside it.
    """

    @tornado.web.authenticated
    async def post(self) -> None:
        """Answer the POST described on the class."""
        body = self.body()
        self.answer(await self.call(self.service.report, body.get("path"), body.get("format")))


class RedactHandler(_Base):
    """POST {"path", "cell_index", "line", "fingerprint", "name"?} rewrites the literal on disk."""

    @tornado.web.authenticated
    async def post(self) -> None:
        """Answer the POST described on the class."""
        self.answer(await self.call(self.service.redact, self.body()))


class ClearOutputHandler(_Base):
    """POST {"path", "cell_index"?} clears a cell's (or every cell's) outputs on disk."""

    @tornado.web.authenticated
    async def post(self) -> None:
        """Answer the POST described on the class."""
        self.answer(await self.call(self.service.clear_output, self.body()))


ROUTES: dict[str, type[_Base]] = {
    "scan": ScanHandler,
    "baseline": BaselineHandler,
    "report": ReportHandler,
    "redact": RedactHandler,
    "clear-output": ClearOutputHandler,
}


def setup_handlers(web_app: Any) -> None:
    """Register the routes and one Service (and its scan thread) for this server."""
    settings = web_app.settings
    root = settings.get("server_root_dir") or settings["contents_manager"].root_dir
    settings.setdefault(_SERVICE, Service(root))
    settings.setdefault(_EXECUTOR, ThreadPoolExecutor(1, thread_name_prefix="secure-check"))
    pool = settings.setdefault(_POOL, ScanPool(str(Service(root).root)))
    settings.setdefault(_POOL_THREADS, ThreadPoolExecutor(pool.size, thread_name_prefix="sc-scan"))
    base = url_path_join(settings["base_url"], NAMESPACE)
    web_app.add_handlers(".*$", [(url_path_join(base, name), h) for name, h in ROUTES.items()])


def teardown_handlers(web_app: Any) -> None:
    """Stop this server's scan workers (called when the server stops)."""
    pool = web_app.settings.get(_POOL)
    if pool is not None:
        pool.close()
