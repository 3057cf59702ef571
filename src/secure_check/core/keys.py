"""The fingerprint key: a per-project random secret, so fingerprints cannot be brute-forced offline.

Created on first use in ``<project>/.secure-check/fingerprint.key`` (0600, through
``core.files``), with a ``.gitignore`` beside it so that it is never committed. CI and team
mates share it through ``SECURE_CHECK_FINGERPRINT_KEY`` (the file's content). Baselines record
the key's id, so one made with another key says so instead of silently matching nothing.
"""

from __future__ import annotations

import functools
import hashlib
import os
import secrets
from pathlib import Path

from secure_check.core import files
from secure_check.core.project import project_root, shared, user_config_dir

ENV = "SECURE_CHECK_FINGERPRINT_KEY"
KEY_RELATIVE = ".secure-check/fingerprint.key"
GITIGNORE_RELATIVE = ".secure-check/.gitignore"
GITIGNORE_LINE = "fingerprint.key"
PUBLIC = ""  # NOTE: the fallback when no key can be kept: the old public-salt fingerprints


def fingerprint_key(root: Path | None = None) -> str:
    """``$SECURE_CHECK_FINGERPRINT_KEY``, else the project's key (created on first use)."""
    shared = os.environ.get(ENV, "")
    if shared:
        return shared
    return _key_near(str(root) if root is not None else os.getcwd())


@functools.lru_cache(maxsize=16)
def _key_near(folder: str) -> str:
    # NOTE: cached by folder: fingerprinting each finding must not walk the file system.
    return project_key(project_root(Path(folder)))


@functools.lru_cache(maxsize=16)
def project_key(root: Path) -> str:
    """Read or create ``root/.secure-check/fingerprint.key``; ``PUBLIC`` if neither works.

    A folder other users may write (a scan run from /tmp) keeps no key: the user's own key,
    in their config folder, serves instead, so no one else can plant or read it.
    """
    if shared(root):
        root = user_config_dir()
    try:
        key = (files.read_text(root / KEY_RELATIVE, root=root) or "").strip()
        if not key:
            key = secrets.token_hex(32)
            files.write_file(root / KEY_RELATIVE, key + "\n", root=root, mode=0o600)
            _ignore(root)
        return key
    except (OSError, ValueError, UnicodeDecodeError):
        # NOTE: a read-only checkout or a planted link: scanning goes on with public fingerprints.
        return PUBLIC


def _ignore(root: Path) -> None:
    existing = files.read_text(root / GITIGNORE_RELATIVE, root=root) or ""
    if GITIGNORE_LINE not in existing.split():
        text = existing + ("" if not existing or existing.endswith("\n") else "\n")
        files.write_file(root / GITIGNORE_RELATIVE, text + GITIGNORE_LINE + "\n", root=root)


def key_id(key: str) -> str:
    """Return a short public id of ``key`` (not the key): baselines record it."""
    if key == PUBLIC:
        return "public"
    return hashlib.blake2b(key.encode(), digest_size=6, person=b"sc-key-id").hexdigest()
