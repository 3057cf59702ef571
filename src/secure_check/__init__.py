"""secure-check: security, privacy and bias checks for Jupyter notebooks.

Importing this package is cheap: every heavy library (shap, ART, fairlearn, sklearn,
detect-secrets, nbconvert, tornado) is imported inside the function that needs it.
"""

from __future__ import annotations

from typing import Any

from secure_check.core.extras import PUBLIC, lazy_attribute
from secure_check.core.version import __version__

__all__ = ["__version__", *PUBLIC]


def __getattr__(name: str) -> Any:
    return lazy_attribute("secure_check", name, PUBLIC)


def _jupyter_labextension_paths() -> list[dict[str, str]]:
    return [{"src": "labextension", "dest": "secure-check"}]


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "secure_check"}]


def _load_jupyter_server_extension(server_app: Any) -> None:
    """Register the REST handlers (imported here: tornado stays out of the kernel)."""
    from secure_check.server.routes import setup_handlers

    setup_handlers(server_app.web_app)
    server_app.log.info("secure-check server extension loaded")


def _unload_jupyter_server_extension(server_app: Any) -> None:
    """Stop the scan worker processes with the server."""
    from secure_check.server.routes import teardown_handlers

    teardown_handlers(server_app.web_app)


def load_ipython_extension(ipython: Any) -> None:
    """`%load_ext secure_check`: register the magics (imported here, lazily)."""
    from secure_check.magics import SecureCheckMagics

    ipython.register_magics(SecureCheckMagics)


def unload_ipython_extension(ipython: Any) -> None:
    """`%unload_ext secure_check`: turn the cell guard off if it is on."""
    from secure_check.magics import unload

    unload(ipython)
