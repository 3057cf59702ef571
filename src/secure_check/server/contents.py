"""Edits through the server's ContentsManager: hidden-file rules, versions, checkpoints.

The routes read and save notebooks the way ``/api/contents`` does, so ``allow_hidden``,
checkpoints, pre/post-save hooks and custom managers keep working, and a save the user made
after the panel last looked is never overwritten: the panel sends the ``last_modified`` it saw
and a mismatch is answered 409 (the panel re-scans and offers the action again).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from jupyter_server.utils import ensure_async

from secure_check.server import paths
from secure_check.server.edits import EditError
from secure_check.server.paths import PathError

ERR_HIDDEN = "{path!r} is hidden; the Contents API does not serve it (ContentsManager.allow_hidden)"
ERR_CHANGED = (
    "{path!r} changed on disk since it was scanned (saved {now}, the panel saw {seen}); "
    "nothing was changed: scan again, then retry"
)
ERR_NO_VERSION = (
    "'last_modified' (as /secure-check/scan returned it) is required: without it a save made "
    "since the scan could be overwritten"
)
ERR_VERSION = "'last_modified' must be the ISO 8601 time /secure-check/scan returned, not {value!r}"


async def check_visible(cm: Any, path: str) -> None:
    """Refuse (404, as ``/api/contents`` does) a hidden path unless ``allow_hidden``."""
    if getattr(cm, "allow_hidden", False):
        return
    hidden = any(part.startswith(".") for part in path.split("/"))
    try:
        hidden = hidden or bool(await ensure_async(cm.is_hidden(path)))
    except OSError as e:  # NOTE: a name too long, a link loop: refused, never a 500
        message = paths.ERR_UNRESOLVABLE.format(path=path[:200], detail=e.strerror or e)
        raise PathError(message, 400) from None
    if hidden:
        raise PathError(ERR_HIDDEN.format(path=path), 404)


async def version(cm: Any, path: str) -> str:
    """Return the file's ``last_modified`` as ISO 8601 (what the panel sends back)."""
    model = await ensure_async(cm.get(path, content=False, type="notebook"))
    return _iso(model["last_modified"])


async def load(cm: Any, path: str, seen: object) -> dict[str, Any]:
    """Return the notebook model, refusing with 409 if it changed since ``seen``."""
    await check_visible(cm, path)
    model: dict[str, Any] = await ensure_async(cm.get(path, content=True, type="notebook"))
    _same(path, seen, _iso(model["last_modified"]))
    return model


async def save(cm: Any, path: str, model: dict[str, Any], seen: object) -> str:
    """Save the edited notebook through ``cm`` after a checkpoint; return the new version.

    The version is checked again just before saving: a save that landed while the edit was
    computed is not overwritten.
    """
    _same(path, seen, await version(cm, path))
    await ensure_async(cm.create_checkpoint(path))
    saved = await ensure_async(
        cm.save({"type": "notebook", "format": "json", "content": model["content"]}, path)
    )
    return _iso(saved["last_modified"])


def _same(path: str, seen: object, now: str) -> None:
    if seen is None:
        raise EditError(ERR_NO_VERSION, 428)
    if not isinstance(seen, str):
        raise EditError(ERR_VERSION.format(value=seen), 400)
    try:
        seen_time = dt.datetime.fromisoformat(seen.replace("Z", "+00:00"))
    except ValueError:
        raise EditError(ERR_VERSION.format(value=seen[:80]), 400) from None
    if seen_time != dt.datetime.fromisoformat(now):
        raise EditError(ERR_CHANGED.format(path=path, now=now, seen=seen[:80]), 409)


def _iso(value: Any) -> str:
    if isinstance(value, dt.datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
        return aware.isoformat()
    return str(value)
