"""Walk a folder the way a hostile repository cannot steer: no links followed, no FIFOs opened.

Git keeps symlinks, so a cloned repository can hold ``notes.ipynb -> ~/.ssh/id_rsa`` or a folder
link to ``/``; a scan that followed them would read (and report on) files outside the tree. A
FIFO named ``x.ipynb`` would hang the reader. Such entries are skipped, each with its reason.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

MSG_LINK_OUT = "symbolic link out of the scanned folder (to {target}): not followed"
MSG_LINK_IN = "symbolic link: not followed (a target inside the folder is scanned where it lies)"
MSG_SPECIAL = "not a regular file ({kind}): skipped"
MSG_UNREADABLE = "cannot read the folder: {detail}"

Skipped = list[tuple[str, str]]


def walk(
    root: Path, wanted: Callable[[str], bool], skip_dirs: frozenset[str], skipped: Skipped
) -> list[tuple[Path, str]]:
    """Return ``(file, path relative to root)`` for the regular files below ``root``, sorted.

    Parameters
    ----------
    root
        The folder to walk (the caller chose it, so a link *to* it is followed).
    wanted
        Whether a file name is one to scan; links and special files are only reported for these
        (and for folders), so the skip list stays about what the user would have expected.
    skip_dirs
        Folder names never entered (``.git``, checkpoints...).
    skipped
        Receives ``(relative path, reason)`` for each entry not followed.
    """
    real_root = os.path.realpath(root)
    out: list[tuple[Path, str]] = []

    def on_error(e: OSError) -> None:
        where = Path(e.filename or root)
        rel = where.relative_to(root).as_posix() if where != root else "."
        skipped.append((rel, MSG_UNREADABLE.format(detail=e.strerror or type(e).__name__)))

    for here, dirs, names in os.walk(root, onerror=on_error):  # NOTE: followlinks=False
        base = Path(here)
        keep = []
        for name in sorted(dirs):
            if name in skip_dirs:
                continue
            if (base / name).is_symlink():
                skipped.append(_link(base / name, root, real_root))
            else:
                keep.append(name)
        dirs[:] = keep
        for name in names:
            if wanted(name):
                _entry(base / name, root, real_root, out, skipped)
    return sorted(out, key=lambda pair: pair[1])


def _entry(
    path: Path, root: Path, real_root: str, out: list[tuple[Path, str]], skipped: Skipped
) -> None:
    rel = path.relative_to(root).as_posix()
    try:
        mode = path.lstat().st_mode
    except OSError as e:
        skipped.append((rel, MSG_UNREADABLE.format(detail=e.strerror or type(e).__name__)))
        return
    if stat.S_ISLNK(mode):
        skipped.append(_link(path, root, real_root))
    elif stat.S_ISREG(mode):
        out.append((path, rel))
    else:
        skipped.append((rel, MSG_SPECIAL.format(kind=kind(mode))))


def _link(path: Path, root: Path, real_root: str) -> tuple[str, str]:
    rel = path.relative_to(root).as_posix()
    target = os.path.realpath(path)
    if os.path.commonpath([real_root, target]) != real_root:
        return rel, MSG_LINK_OUT.format(target=os.readlink(path))
    return rel, MSG_LINK_IN


def kind(mode: int) -> str:
    """Name a file type for a message: ``FIFO``, ``socket``, ``device``, ``folder``..."""
    if stat.S_ISFIFO(mode):
        return "FIFO"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISDIR(mode):
        return "folder"
    return "special file"
