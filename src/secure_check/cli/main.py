"""`secure-check` command line: a thin adapter that parses arguments and calls the engine.

Each subcommand lives in its own module with ``register(subparsers)``, which adds its parser
and sets ``func`` (a ``(args) -> int`` handler). Add a subcommand by listing its module in
``SUBCOMMANDS``; keep heavy imports inside the handler so ``--help`` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from secure_check import __version__
from secure_check.cli.exit import EXIT_ERROR, PROG

SUBCOMMANDS = (
    "secure_check.cli.scan",
    "secure_check.cli.card",
    # NOTE: batch mode goes after cli_scan: it adds --dask/--cache/--history/--policy to `scan`.
    "secure_check.cli.batch",
)

ERR_INTERRUPTED = "interrupted"


def build_parser() -> argparse.ArgumentParser:
    """Build the top-level parser with one subparser per module in ``SUBCOMMANDS``."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Security, privacy and bias checks for Jupyter notebooks.",
        epilog="Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or read errors.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in SUBCOMMANDS:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code (argparse usage errors return 2, never exit).

    Parameters
    ----------
    argv
        Arguments without the program name; ``None`` reads ``sys.argv[1:]``.

    Returns
    -------
    int
        0 (clean), 1 (findings at or above the threshold) or 2 (usage or read errors).
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:  # NOTE: argparse exits on --help (0) and usage errors (2).
        return e.code if isinstance(e.code, int) else EXIT_ERROR
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        print(f"{PROG}: {ERR_INTERRUPTED}", file=sys.stderr)
        return EXIT_ERROR
