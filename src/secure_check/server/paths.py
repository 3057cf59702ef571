"""Resolve a client-given notebook path inside the server root, refusing anything outside it."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath, PureWindowsPath

ERR_NO_PATH = "a 'path' (string, relative to the server root) is required"
ERR_ABSOLUTE = "path {path!r} is absolute; give it relative to the server root"
ERR_TRAVERSAL = "path {path!r} leaves the server root ('..' is not allowed)"
ERR_ESCAPES = "path {path!r} resolves outside the server root (symlink)"
ERR_UNRESOLVABLE = "path {path!r} cannot be resolved: {detail}"
ERR_NOT_FOUND = "no such file in the server root: {path!r}"
ERR_NOT_NOTEBOOK = "path {path!r} is not a notebook (.ipynb)"


class PathError(ValueError):
    """A path the server refuses; ``status`` is the HTTP code to answer with."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


def relative(path: object) -> str:
    """Check the shape of a client path (relative, no ``..``) and return it normalised."""
    if not isinstance(path, str) or not path.strip():
        raise PathError(ERR_NO_PATH, 400)
    text = path.replace("\\", "/")
    if text.startswith("/") or PureWindowsPath(path).is_absolute() or PureWindowsPath(path).drive:
        raise PathError(ERR_ABSOLUTE.format(path=path), 403)
    parts = PurePosixPath(text).parts
    if ".." in parts:
        raise PathError(ERR_TRAVERSAL.format(path=path), 403)
    return PurePosixPath(*[p for p in parts if p != "."]).as_posix()


def resolve(root: str | os.PathLike[str], path: object, *, must_exist: bool = True) -> Path:
    """Return the real file for ``path`` under ``root``; raise PathError (403/404) otherwise."""
    rel = relative(path)
    base = Path(root).resolve()
    try:
        target = (base / rel).resolve()
        is_file = target.is_file()
    except (OSError, RuntimeError) as e:  # NOTE: a name too long, a symlink loop
        raise PathError(ERR_UNRESOLVABLE.format(path=rel[:200], detail=_why(e)), 400) from None
    if target != base and base not in target.parents:
        raise PathError(ERR_ESCAPES.format(path=path), 403)
    if must_exist and not is_file:
        raise PathError(ERR_NOT_FOUND.format(path=path), 404)
    return target


def notebook(root: str | os.PathLike[str], path: object) -> Path:
    """Like :func:`resolve`, for an existing ``.ipynb`` file."""
    target = resolve(root, path)
    if target.suffix != ".ipynb":
        raise PathError(ERR_NOT_NOTEBOOK.format(path=path), 400)
    return target


def _why(e: BaseException) -> str:
    if isinstance(e, OSError):
        return e.strerror or type(e).__name__
    return "symbolic link loop" if "loop" in str(e).lower() else type(e).__name__
