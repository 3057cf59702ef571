"""Where reports go: the format an output file's suffix names, and stdout that survives `| head`."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from secure_check.reports import Format

ERR_WRITE = "cannot write {path}: {detail}"
_SUFFIX_FORMATS: dict[str, Format] = {
    "json": "json",
    "sarif": "sarif",
    "html": "html",
    "htm": "html",
}


def report_format(fmt: str | None, output: str | None) -> Format:
    """Pick the format asked for, else the one the output suffix names, else text.

    Parameters
    ----------
    fmt
        ``--format``, or ``None`` when not given.
    output
        ``--output``, or ``None`` for stdout.

    Returns
    -------
    Format
        ``text``, ``json``, ``sarif`` or ``html``.
    """
    if fmt is not None:
        return cast("Format", fmt)
    suffix = Path(output).suffix.lower().lstrip(".") if output else ""
    return _SUFFIX_FORMATS.get(suffix, "text")


def write_stdout(text: str) -> None:
    """Write to stdout; a reader that went away (``| head``) does not change the exit code.

    Parameters
    ----------
    text
        The whole report.
    """
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        # NOTE: as the Python docs advise: point stdout at devnull so the exit flush is quiet.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def write_report_file(path: Path, text: str) -> int:
    """Write a report where ``--output`` says, never through a link; 0, or 2 with the reason.

    Parameters
    ----------
    path
        The ``--output`` file; its folder is created when missing.
    text
        The whole report.

    Returns
    -------
    int
        ``EXIT_OK``, or ``EXIT_ERROR`` after printing why (a planted link, a read-only disk).
    """
    from secure_check.cli.exit import EXIT_OK, fail
    from secure_check.core.files import UnsafePathError, write_output

    try:
        write_output(path, text)
    except UnsafePathError as e:
        return fail(ERR_WRITE.format(path=path, detail=e))
    except OSError as e:
        return fail(ERR_WRITE.format(path=path, detail=e.strerror or e))
    return EXIT_OK
