"""The ``secure-check`` command line: ``main`` and one module per subcommand."""

from secure_check.cli.main import main

__all__ = ["main"]
