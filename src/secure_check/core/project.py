"""Where a project starts: the folder that anchors the baseline, the audit log and shown paths."""

from __future__ import annotations

import os
from pathlib import Path

MARKERS = (".secure-check", "pyproject.toml", ".git")


def project_root(start: Path | None = None) -> Path:
    """Return the nearest folder upward from ``start`` holding any of ``MARKERS``.

    The nearest wins: a ``.secure-check/`` folder far up (say in the home directory) must not
    pull a project that has its own ``pyproject.toml`` or ``.git`` away from it.
    """
    cwd = (start or Path.cwd()).resolve()
    for folder in (cwd, *cwd.parents):
        if shared(folder):
            continue  # NOTE: anyone can plant .secure-check/ in /tmp; it marks no one's project
        if any((folder / marker).exists() for marker in MARKERS):
            return folder
    return cwd


def user_config_dir() -> Path:
    """``$XDG_CONFIG_HOME/secure-check``, else ``~/.config/secure-check``: the user's own keys."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "secure-check"


def shared(folder: Path) -> bool:
    """Whether other users may write in ``folder`` (a sticky /tmp): it cannot anchor a project."""
    try:
        return bool(folder.stat().st_mode & 0o002)
    except OSError:
        return False
