"""secure-check: security, privacy and bias checks for Jupyter notebooks.

Importing this package is cheap: every heavy library (shap, ART, fairlearn, sklearn,
detect-secrets, nbconvert, tornado) is imported inside the function that needs it.
"""

from __future__ import annotations

from typing import Any

try:
    from secure_check._version import __version__
except ImportError:  # pragma: no cover - only in a tree that was never built
    __version__ = "0.0.0"

# Public API name -> "module:attribute", resolved on first access (PEP 562).
_LAZY = {
    "scan": "secure_check.api:scan",
    "fairness": "secure_check.analyses.fairness.analyze:fairness",
    "explain": "secure_check.analyses.explain.analyze:explain",
    "robustness": "secure_check.analyses.robustness.analyze:robustness",
    "build_card": "secure_check.card.build:build_card",
    "Finding": "secure_check.core.findings:Finding",
    "Severity": "secure_check.core.findings:Severity",
    "Scanner": "secure_check.core.scan:Scanner",
}

__all__ = ["__version__", *_LAZY]


# The extra that installs what each lazily loaded API needs.
_EXTRAS = {
    "fairness": "fairness",
    "explain": "explain",
    "robustness": "robustness",
    "build_card": "card",
}


def __getattr__(name: str) -> Any:
    target = _LAZY.get(name)
    if target is None:
        raise AttributeError(f"module 'secure_check' has no attribute {name!r}")
    import importlib

    module, attr = target.split(":")
    try:
        return getattr(importlib.import_module(module), attr)
    except ModuleNotFoundError as e:
        if name not in _EXTRAS or (e.name or "").startswith("secure_check"):
            raise
        from secure_check.core.registry import MISSING_EXTRA

        message = MISSING_EXTRA.format(
            feature=f"secure_check.{name}", module=e.name, extra=_EXTRAS[name]
        )
        raise ImportError(message, name=e.name) from None


def _jupyter_labextension_paths() -> list[dict[str, str]]:
    return [{"src": "labextension", "dest": "secure-check"}]


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "secure_check"}]


def _load_jupyter_server_extension(server_app: Any) -> None:
    """Register the REST handlers (imported here: tornado stays out of the kernel)."""
    from secure_check.server.routes import setup_handlers

    setup_handlers(server_app.web_app)
    server_app.log.info("secure-check server extension loaded")


def load_ipython_extension(ipython: Any) -> None:
    """`%load_ext secure_check`: register the magics (imported here, lazily)."""
    from secure_check.magics import SecureCheckMagics

    ipython.register_magics(SecureCheckMagics)


def unload_ipython_extension(ipython: Any) -> None:
    """`%unload_ext secure_check`: turn the cell guard off if it is on."""
    from secure_check.magics import unload

    unload(ipython)
