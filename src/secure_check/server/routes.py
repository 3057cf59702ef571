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
from secure_check.server.service import Service

NAMESPACE = "secure-check"
ERR_BODY = "the request body must be a JSON object"
_SERVICE = "secure_check_service"
_EXECUTOR = "secure_check_executor"
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

    async def call(self, fn: Callable[..., T], *args: Any) -> T:
        """Run engine work on the server's one scan thread, so the event loop stays free."""
        loop = asyncio.get_running_loop()
        try:
            job = functools.partial(fn, *args)
            return await loop.run_in_executor(self.settings[_EXECUTOR], job)
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
        if "cells" in body:
            self.answer(await self.call(self.service.scan_cells, body.get("path"), body["cells"]))
        else:
            self.answer(await self.call(self.service.scan_path, body.get("path")))


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
    base = url_path_join(settings["base_url"], NAMESPACE)
    web_app.add_handlers(".*$", [(url_path_join(base, name), h) for name, h in ROUTES.items()])
