"""The one way secure-check writes a file: never through a symlink, never out of the project.

A cloned repository can ship ``.secure-check/audit.jsonl -> ~/.bash_login`` or a setting that
points a baseline at ``~/...``. Every writer goes through :func:`write_file`,
:func:`open_append` or (for a file a person named) :func:`write_output`, which walk from the
project root one folder at a time with ``O_NOFOLLOW``
(so no symlink, at any depth, is followed and no check-then-open race is left), create new
folders 0700 and files 0600, and replace whole files atomically.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path

ERR_OUTSIDE = "{path} is outside the project {root}; secure-check only writes inside the project"
ERR_SYMLINK = "{path} is (or passes through) a symbolic link; secure-check does not follow it"
ERR_NOT_DIR = "{path}: {part!r} is not a folder"

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


class UnsafePathError(ValueError):
    """A path we were asked to write would leave the project or follow a link."""


def inside(root: Path | str, path: Path | str) -> Path:
    """Return ``path`` (relative paths taken from ``root``) if it stays inside ``root``.

    Symlinks are resolved for the check, so a setting such as ``baseline = "link/b.json"``
    whose ``link`` points to the home folder is refused.
    """
    base = Path(root)
    full = Path(path) if Path(path).is_absolute() else base / path
    real_root = os.path.realpath(base)
    real = os.path.realpath(full)
    if os.path.commonpath([real_root, real]) != real_root:
        raise UnsafePathError(ERR_OUTSIDE.format(path=path, root=base))
    return full


def _parts(root: Path, path: Path) -> tuple[Path, list[str]]:
    """Split ``path`` into the root to start from and the folder names below it."""
    full = Path(os.path.abspath(path if path.is_absolute() else root / path))
    base = Path(os.path.abspath(root))
    try:
        rel = full.relative_to(base)
    except ValueError:
        raise UnsafePathError(ERR_OUTSIDE.format(path=path, root=root)) from None
    names = list(rel.parts)
    if not names or any(n in ("..", "") for n in names):
        raise UnsafePathError(ERR_OUTSIDE.format(path=path, root=root))
    return base, names


@contextlib.contextmanager
def _folder(root: Path, names: list[str], path: Path, create: bool) -> Iterator[int]:
    """Yield a descriptor of the folder ``root/names...``, walked without following links."""
    if create:
        os.makedirs(root, 0o700, exist_ok=True)  # NOTE: the root itself is the caller's to trust
    fd = os.open(root, os.O_RDONLY | _DIRECTORY | _CLOEXEC)
    try:
        for name in names:
            if create:
                with contextlib.suppress(FileExistsError):
                    os.mkdir(name, 0o700, dir_fd=fd)
            try:
                nxt = os.open(name, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC, dir_fd=fd)
            except OSError as e:
                if e.errno == errno.ELOOP or _final_is_link(fd, name):
                    raise UnsafePathError(ERR_SYMLINK.format(path=path)) from None
                if e.errno == errno.ENOTDIR:
                    raise UnsafePathError(ERR_NOT_DIR.format(path=path, part=name)) from None
                raise
            os.close(fd)
            fd = nxt
        yield fd
    finally:
        os.close(fd)


def _final_is_link(fd: int, name: str) -> bool:
    try:
        st = os.stat(name, dir_fd=fd, follow_symlinks=False)
    except FileNotFoundError:
        return False
    return stat.S_ISLNK(st.st_mode)


def write_file(path: Path | str, data: str | bytes, *, root: Path | str, mode: int = 0o600) -> Path:
    """Replace ``path`` (inside ``root``) with ``data`` atomically; return the path written.

    An existing symlink at ``path`` is refused, not replaced, so a planted link is reported.
    """
    base, names = _parts(Path(root), Path(path))
    blob = data.encode("utf-8") if isinstance(data, str) else data
    *folders, name = names
    with _folder(base, folders, Path(path), create=True) as fd:
        if _final_is_link(fd, name):
            raise UnsafePathError(ERR_SYMLINK.format(path=path))
        tmp = f".{name}.{secrets.token_hex(6)}.tmp"
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC
        tfd = os.open(tmp, flags, mode, dir_fd=fd)
        try:
            with os.fdopen(tfd, "wb") as fh:
                fh.write(blob)
                fh.flush()
                os.fchmod(fh.fileno(), mode)
            os.replace(tmp, name, src_dir_fd=fd, dst_dir_fd=fd)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp, dir_fd=fd)
            raise
    return base.joinpath(*names)


def open_append(path: Path | str, *, root: Path | str, mode: int = 0o600) -> int:
    """Open ``path`` (inside ``root``) for read and append without following links.

    Returns a raw descriptor the caller owns (the audit log locks and reads it).
    """
    base, names = _parts(Path(root), Path(path))
    *folders, name = names
    with _folder(base, folders, Path(path), create=True) as fd:
        try:
            return os.open(
                name, os.O_RDWR | os.O_CREAT | os.O_APPEND | _NOFOLLOW | _CLOEXEC, mode, dir_fd=fd
            )
        except OSError as e:
            if e.errno == errno.ELOOP or _final_is_link(fd, name):
                raise UnsafePathError(ERR_SYMLINK.format(path=path)) from None
            raise


def read_text(path: Path | str, *, root: Path | str) -> str | None:
    """Read a file we own inside ``root`` without following links; None when it is missing."""
    base, names = _parts(Path(root), Path(path))
    *folders, name = names
    try:
        with _folder(base, folders, Path(path), create=False) as fd:
            rfd = os.open(name, os.O_RDONLY | _NOFOLLOW | _CLOEXEC, dir_fd=fd)
    except FileNotFoundError:
        return None
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise UnsafePathError(ERR_SYMLINK.format(path=path)) from None
        raise
    with os.fdopen(rfd, "rb") as fh:
        return fh.read().decode("utf-8")


def write_output(path: Path | str, data: str | bytes, *, mode: int = 0o644) -> Path:
    """Write a file a person named (``--output``, a card folder): the folder is theirs to pick.

    The folder is created if needed; a link planted at the name itself (a cloned repository's
    ``report.html -> ~/.bashrc``) is refused like every other link, never written through.
    """
    full = Path(os.path.abspath(path))
    return write_file(full.name, data, root=full.parent, mode=mode)
