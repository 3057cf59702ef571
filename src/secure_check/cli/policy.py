"""`secure-check policy`: show the policy that applies to a path and where it came from."""

from __future__ import annotations

import argparse
from typing import Any

from secure_check.cli.exit import EXIT_OK, fail


def register(subparsers: Any, name: str) -> None:
    """Add the ``policy`` subparser.

    Parameters
    ----------
    subparsers
        What ``ArgumentParser.add_subparsers`` returned.
    name
        The subcommand's name (``policy``).
    """
    p = subparsers.add_parser(name, help="show the policy that applies to a path")
    p.add_argument("path", nargs="?", default=".", metavar="PATH")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the policy that applies to ``args.path``, its source and each section's threshold.

    Parameters
    ----------
    args
        The parsed ``policy`` options.

    Returns
    -------
    int
        0, or 2 when the policy file is invalid.
    """
    from secure_check.core.policy import SECTIONS, Policy, PolicyError

    try:
        policy = Policy.load(args.path)
    except PolicyError as e:
        return fail(str(e))
    print(f"policy: {policy.shown if policy.sources else 'built-in defaults'}")
    print(f"fail-on: {policy.default}")
    for name in SECTIONS:
        limits = ", ".join(f"{k} = {v:g}" for k, v in policy.limits.get(name, {}).items())
        print(f"  {name}: fail-on {policy.threshold(name)}" + (f"; {limits}" if limits else ""))
    return EXIT_OK
