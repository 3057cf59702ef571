"""`secure-check` command line: parse the arguments, run the subcommand, return its exit code."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import Any

from secure_check.cli import anchor, card, deps, policy, scan
from secure_check.cli.exit import EXIT_ERROR, PROG
from secure_check.core.version import __version__

# NOTE: the one list of subcommands, in --help order. Each entry adds its parser under the
# name given and sets ``func``, an ``(args) -> int`` handler; handlers import heavy modules
# themselves so that --help stays fast.
SUBCOMMANDS: tuple[tuple[str, Callable[[Any, str], None]], ...] = (
    ("scan", scan.register),
    ("card", card.register_card),
    ("keygen", card.register_keygen),
    ("verify", card.register_verify),
    ("anchor", anchor.register),
    ("policy", policy.register),
    ("deps", deps.register),
)
ERR_INTERRUPTED = "interrupted"


def build_parser() -> argparse.ArgumentParser:
    """Build the top-level parser with one subparser per entry of ``SUBCOMMANDS``.

    Returns
    -------
    argparse.ArgumentParser
        The ``secure-check`` parser.
    """
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Security, privacy and bias checks for Jupyter notebooks.",
        epilog="Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or read errors.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, register in SUBCOMMANDS:
        register(subparsers, name)
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
