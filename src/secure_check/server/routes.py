"""Tornado handlers for /secure-check/*: parse the request, call the Service, answer JSON."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import tornado.web
from jupyter_server.base.handlers import APIHandler
from jupyter_server.utils import url_path_join

from secure_check.core.baseline import BaselineError
from secure_check.core.notebook import NotebookError
from secure_check.server import contents, edits, paths
from secure_check.server.edits import EditError
from secure_check.server.paths import PathError
from secure_check.server.service import Service, stopped_payload
from secure_check.server.workers import ScanPool, ScanStopped

NAMESPACE = "secure-check"
ERR_BODY = "the request body must be a JSON object"
_SERVICE = "secure_check_service"
_EXECUTOR = "secure_check_executor"
_EDIT_LOCK = "secure_check_edit_lock"
ERR_DEEP = "the notebook or request nests too deeply to read"
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
        except (ValueError, RecursionError):
            raise tornado.web.HTTPError(400, ERR_BODY) from None
        if not isinstance(data, dict):
            raise tornado.web.HTTPError(400, ERR_BODY)
        return data

    @property
    def cm(self) -> Any:
        """The server's ContentsManager: hidden-file rules, checkpoints and saves go through it."""
        return self.settings["contents_manager"]

    async def call(self, fn: Callable[..., T], *args: Any, executor: str = _EXECUTOR) -> T:
        """Run engine work off the event loop (the edit thread, or a scan pool's thread)."""
        loop = asyncio.get_running_loop()
        with _http_errors():
            job = functools.partial(fn, *args)
            return await loop.run_in_executor(self.settings[executor], job)

    async def work(self, name: str, *args: Any) -> Any:
        """Run ``Service.<name>(*args)`` in a worker process under the time limit.

        ScanStopped passes through: each route answers it in its own way.
        """
        pool: ScanPool = self.settings[_POOL]
        return await self.call(pool.call, name, *args, executor=_POOL_THREADS)

    async def visible(self, path: object) -> str:
        """Return the checked relative path of a notebook the Contents API would serve."""
        with _http_errors():
            rel = paths.relative(path)
            paths.notebook(self.service.root, rel)
            await contents.check_visible(self.cm, rel)
        return rel

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        """Answer JSON as APIHandler does, with the message as written.

        NOTE: tornado doubles ``%`` in a message given without arguments (it formats it later
        for its log); the person reading the answer must see ``50%.ipynb``, not ``50%%``.
        """
        error = (kwargs.get("exc_info") or (None, None, None))[1]
        if isinstance(error, tornado.web.HTTPError) and error.log_message:
            self.set_header("Content-Type", "application/json")
            message = error.log_message % error.args  # NOTE: undoes the doubling exactly
            self.finish(json.dumps({"message": message, "reason": error.reason}))
            return
        super().write_error(status_code, **kwargs)

    def answer(self, data: dict[str, Any]) -> None:
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(data))


class ScanHandler(_Base):
    """POST {"path"} scans a notebook file; POST {"path", "cells": [...]} scans posted cells.

    A file scan answers the file's ``last_modified`` too, which an edit must send back.
    """

    @tornado.web.authenticated
    async def post(self) -> None:
        """Answer the POST described on the class."""
        body = self.body()
        seen = None
        if "cells" in body:
            with _http_errors():
                await contents.check_visible(self.cm, paths.relative(body.get("path")))
            args: tuple[Any, ...] = ("scan_cells", body.get("path"), body["cells"])
        else:
            rel = await self.visible(body.get("path"))
            with _http_errors():
                seen = await contents.version(self.cm, rel)  # NOTE: before the scan: errs stale
            args = ("scan_path", rel)
        try:
            payload = await self.work(*args)
        except ScanStopped as e:  # NOTE: an error entry, as the CLI reports an unreadable file
            self.answer(stopped_payload(body.get("path"), str(e)))
            return
        self.answer(payload if seen is None else {**payload, "last_modified": seen})


class BaselineHandler(_Base):
    """GET reads the baseline; POST {"finding", "reason"} accepts a finding into it.

    NOTE: stays in the server process (the edit thread): it reads no notebook, only the
    baseline file, with one linear JSON parse, and its writes need the server's one writer.
    """

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
        rel = await self.visible(body.get("path"))
        try:
            self.answer(await self.work("report", rel, body.get("format")))
        except ScanStopped as e:
            raise _stopped(e) from None


class _EditHandler(_Base):
    """Read through the ContentsManager, edit, check the version again, checkpoint and save.

    NOTE: the ContentsManager's read and save stay in the server process (they are what
    /api/contents does when the notebook is opened); the scan and the re-scan run in workers.
    """

    async def edit(self, nb: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
        """Change ``nb`` in place as the body asks; return what to add to the answer."""
        raise NotImplementedError

    @tornado.web.authenticated
    async def post(self) -> None:
        """Answer the POST described on the subclass."""
        body = self.body()
        rel = await self.visible(body.get("path"))
        seen = body.get("last_modified")
        async with self.settings[_EDIT_LOCK]:
            with _http_errors():
                model = await contents.load(self.cm, rel, seen)
            try:
                extra = await self.edit(model["content"], body)
            except ScanStopped as e:  # NOTE: before the save: the file is not changed
                raise _stopped(e) from None
            with _http_errors():
                saved = await contents.save(self.cm, rel, model, seen)
        try:
            payload = await self.work("scan_path", rel)
        except ScanStopped as e:  # NOTE: the edit is saved; only the re-scan was stopped
            payload = stopped_payload(rel, str(e))
        self.answer({**payload, **extra, "last_modified": saved})


class RedactHandler(_EditHandler):
    """POST {"path", "last_modified", "cell_index", "line", "fingerprint", "name"?}.

    Replaces the literal by ``os.environ["NAME"]``; 409 if the file changed since the scan.
    """

    async def edit(self, nb: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
        """Redact the literal the body names: found in a worker, set here."""
        fields = {k: body.get(k) for k in ("cell_index", "line", "fingerprint", "name")}
        reply = await self.work("redact_source", edits.sources(nb), fields)
        with _http_errors():
            edits.set_source(edits.get_cell(nb, fields["cell_index"]), reply["source"])
        return {"name": reply["name"]}


class ClearOutputHandler(_EditHandler):
    """POST {"path", "last_modified", "cell_index"?} clears a cell's (or every cell's) outputs."""

    async def edit(self, nb: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
        """Clear the outputs the body names (bounded work: see Service.clear_notebook)."""
        return await self.call(self.service.clear_notebook, nb, body)


def _stopped(error: ScanStopped) -> tornado.web.HTTPError:
    """Answer a request stopped at the time limit: 503, with the message the panel knows."""
    return tornado.web.HTTPError(503, str(error))


@contextlib.contextmanager
def _http_errors() -> Iterator[None]:
    """Engine errors -> the HTTP answer that names them (never a 500 for bad input)."""
    try:
        yield
    except (PathError, EditError) as e:
        raise tornado.web.HTTPError(e.status, str(e)) from e
    except (NotebookError, BaselineError) as e:
        raise tornado.web.HTTPError(422, str(e)) from e
    except ValueError as e:
        raise tornado.web.HTTPError(400, str(e)) from e
    except RecursionError:
        raise tornado.web.HTTPError(422, ERR_DEEP) from None


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
    settings.setdefault(_EDIT_LOCK, asyncio.Lock())
    pool = settings.setdefault(_POOL, ScanPool(str(Service(root).root)))
    settings.setdefault(_POOL_THREADS, ThreadPoolExecutor(pool.size, thread_name_prefix="sc-scan"))
    base = url_path_join(settings["base_url"], NAMESPACE)
    web_app.add_handlers(".*$", [(url_path_join(base, name), h) for name, h in ROUTES.items()])


def teardown_handlers(web_app: Any) -> None:
    """Stop this server's scan workers (called when the server stops)."""
    pool = web_app.settings.get(_POOL)
    if pool is not None:
        pool.close()
