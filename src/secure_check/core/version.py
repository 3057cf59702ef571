"""The package version, written by the build (``_version.py``); one place reads it."""

try:
    from secure_check._version import __version__
except ImportError:  # pragma: no cover - only in a tree that was never built
    __version__ = "0.0.0"

__all__ = ["__version__"]
