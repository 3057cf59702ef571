"""The argument grammar of ``%secure_check``: argparse whose errors become usage errors."""

from __future__ import annotations

import argparse
import shlex
from typing import Any, NoReturn

from secure_check.anonymize.methods import CHOICES as METHODS
from secure_check.kernel import models

COMMANDS = (
    "scan",
    "pii",
    "anonymize",
    "guard",
    "review",
    "config",
    "fairness",
    "mitigate",
    "explain",
    "robustness",
    "card",
    "deps",
    "analyses",
    "help",
)
EXAMPLES = """examples:
  %secure_check                                  scan this notebook (secrets, PII)
  %secure_check guard on                         refuse cells that hold a secret
  %secure_check pii customers                    which columns hold personal data
  %secure_check anonymize customers --into safe  hashed, generalised copy and its k
  %secure_check fairness clf --data X_test --target y_test --sensitive sex,race
  %secure_check mitigate clf --data X --target y --sensitive race --into fair_clf
  %secure_check card clf --out model-card --sign keys/signing.key
  %secure_check deps                             licences and advisories of the imports
  %secure_check analyses                         each model's audits: current, stale, missing
  %secure_check COMMAND --help                   the options of one command"""
ERR_UNKNOWN_COMMAND = "unknown command {word!r}; commands: " + ", ".join(COMMANDS)
ERR_QUOTES = "cannot split the arguments: {detail}"


class ArgumentError(ValueError):
    """Wrong arguments; the message ends with the usage of the command."""


class HelpRequested(Exception):
    """``-h``/``--help``: carries the help text to display (argparse would print it)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise ArgumentError(f"{message}\n{self.format_usage().strip()}")

    def print_help(self, file: Any = None) -> None:
        raise HelpRequested(self.format_help())


def build_parser() -> argparse.ArgumentParser:
    """Build the parser of the line magic (sub-commands; ``scan`` when none is given)."""
    parser = _Parser(
        prog="%secure_check",
        description="Security, privacy and bias checks in the notebook.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")
    p = sub.add_parser("scan", help="scan this notebook (or PATH) for secrets and PII")
    p.add_argument("path", nargs="?", default=None, metavar="PATH")
    p.add_argument("--history", action="store_true", help="scan the session's In/Out history")
    _add_data_parsers(sub)
    p = sub.add_parser(
        "guard", help="refuse cells holding secrets; flag secrets and PII in outputs"
    )
    p.add_argument("state", nargs="?", choices=("on", "off", "status"), default="status")
    p = sub.add_parser("review", help="review findings in a widget; accept them into the baseline")
    p.add_argument("path", nargs="?", default=None, metavar="PATH")
    p = sub.add_parser("config", help="show or set settings for this session (KEY=VALUE)")
    p.add_argument("pairs", nargs="*", metavar="KEY=VALUE")
    models.add_parsers(sub, _Parser)
    p = sub.add_parser("deps", help="audit the packages this notebook uses (licences, advisories)")
    p.add_argument("path", nargs="?", default=None, metavar="PATH")
    p.add_argument("--environment", action="store_true", help="also every installed package")
    sub.add_parser(
        "analyses", help="which audits each model in the kernel has, and whether they are current"
    )
    sub.add_parser("help", help="show this help")
    return parser


def _add_data_parsers(sub: Any) -> None:
    p = sub.add_parser("pii", help="profile a frame, Series, list or dict for PII, by column")
    p.add_argument("var", metavar="VAR")
    p.add_argument("--sample", type=int, default=None, help="rows sampled per column")
    p = sub.add_parser("anonymize", help="pseudonymised copy of a frame, with its k-anonymity")
    p.add_argument("var", metavar="VAR")
    p.add_argument("--columns", type=_names, default=None, help="comma-separated columns")
    p.add_argument("--method", choices=METHODS, default="auto")
    p.add_argument("--into", default=None, metavar="NEW", help="result variable (VAR_anon)")
    p.add_argument("--k", type=int, default=None, help="k-anonymity target")
    p.add_argument(
        "--keep-detail",
        action="store_true",
        help="do not coarsen quasi-identifiers further to reach the k target",
    )


def build_cell_parser() -> argparse.ArgumentParser:
    """Build the parser of the ``%%secure_check`` cell magic line."""
    parser = _Parser(
        prog="%%secure_check", description="Scan the cell, run it if clean, scan its output."
    )
    parser.add_argument(
        "--force", action="store_true", help="run the cell even when it holds a secret"
    )
    return parser


def parse(line: str) -> argparse.Namespace:
    """Parse a line-magic argument string; an empty line means ``scan``."""
    words = _split(line)
    if not words or (words[0].startswith("-") and words[0] not in ("-h", "--help")):
        words = ["scan", *words]
    elif words[0] not in COMMANDS and words[0] not in ("-h", "--help"):
        if not _looks_like_path(words[0]):
            raise ArgumentError(
                ERR_UNKNOWN_COMMAND.format(word=words[0])
                + "\n"
                + build_parser().format_usage().strip()
            )
        words = ["scan", *words]
    return build_parser().parse_args(words)


def parse_cell(line: str) -> argparse.Namespace:
    """Parse the ``%%secure_check`` line."""
    return build_cell_parser().parse_args(_split(line))


def missing_extra(command: str, error: ImportError) -> str:
    """Say which extra installs the module ``command`` missed (keep a message that already does)."""
    from secure_check.core.extras import extra_for, missing

    if "pip install" in str(error) or not getattr(error, "name", None):
        return str(error)
    return missing(f"%secure_check {command}", error.name, extra_for(command))


def _split(line: str) -> list[str]:
    try:
        return shlex.split(line)
    except ValueError as e:
        raise ArgumentError(ERR_QUOTES.format(detail=e)) from None


def _names(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _looks_like_path(word: str) -> bool:
    return "/" in word or word.endswith((".ipynb", ".py")) or word in (".", "..")
