"""The pseudonymisation key: kept out of the notebook, in the environment or a private key file."""

from __future__ import annotations

import base64
import os
import secrets
from pathlib import Path

from secure_check.core import files
from secure_check.core.project import user_config_dir

KEY_ENV = "SECURE_CHECK_PSEUDONYM_KEY"
KEY_FILE_NAME = "pseudonym.key"
ERR_KEY_TOO_SHORT = "the pseudonymisation key in {where} is {n} bytes; use at least 16"
ERR_KEY_PERMISSIONS = (
    "key file {path} is readable by other users (mode {mode:o}); run: chmod 600 {path}"
)


def load_key() -> tuple[bytes, str]:
    """Return (key, where it came from); create a random key file (mode 0600) on first use."""
    env = os.environ.get(KEY_ENV)
    if env:
        key = env.encode()
        if len(key) < 16:
            raise ValueError(ERR_KEY_TOO_SHORT.format(where=f"${KEY_ENV}", n=len(key)))
        return key, f"${KEY_ENV}"
    path = user_config_dir() / KEY_FILE_NAME
    if not path.exists():
        _create(path)
    mode = path.stat().st_mode & 0o777
    if mode & 0o077:
        raise PermissionError(ERR_KEY_PERMISSIONS.format(path=path, mode=mode))
    key = base64.b64decode(path.read_text(encoding="ascii").strip())
    if len(key) < 16:
        raise ValueError(ERR_KEY_TOO_SHORT.format(where=path, n=len(key)))
    return key, str(path)


def _create(path: Path) -> None:
    # NOTE: created 0600 (never readable by others, not even briefly), never through a link
    key = base64.b64encode(secrets.token_bytes(32)).decode() + "\n"
    files.write_output(path, key, mode=0o600)
