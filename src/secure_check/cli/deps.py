"""`secure-check deps`: audit the packages notebooks use (licences, advisories, pins)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from secure_check.batch.paths import ERR_NO_SUCH_PATH, MSG_SKIPPED, collect
from secure_check.cli.exit import EXIT_OK, fail, verdict
from secure_check.cli.output import report_format, write_report_file, write_stdout
from secure_check.core.policy import FAIL_ON

if TYPE_CHECKING:
    from secure_check.core.scan import FileResult
    from secure_check.deps.audit import DependencyReport


def register(subparsers: Any, name: str) -> None:
    """Add the ``deps`` subparser.

    Parameters
    ----------
    subparsers
        What ``ArgumentParser.add_subparsers`` returned.
    name
        The subcommand's name (``deps``).
    """
    from secure_check.reports import FORMATS

    p = subparsers.add_parser(
        name,
        help="audit the packages notebooks use: licences, known vulnerabilities, pins",
        description="Audit imports and %pip/!pip install lines of notebooks (or the environment).",
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="notebooks or folders")
    p.add_argument("--environment", action="store_true", help="audit every installed package too")
    p.add_argument("--offline", action="store_true", help="do not ask PyPI for advisories")
    p.add_argument("--format", choices=FORMATS, default=None, help="report format")
    p.add_argument("--output", "-o", metavar="FILE", help="write the report here")
    p.add_argument(
        "--fail-on", choices=FAIL_ON, default=None,
        help="exit 1 at or above this severity (default: the policy's dependency threshold)",
    )  # fmt: skip
    p.add_argument(
        "--exclude", action="append", default=[], metavar="GLOB", help="skip matching files"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Audit, write the report and return the exit code.

    Parameters
    ----------
    args
        The parsed ``deps`` options.

    Returns
    -------
    int
        0, 1 (findings fail ``--fail-on`` or the policy's dependency threshold) or 2.
    """
    from secure_check.core.policy import Policy, PolicyError
    from secure_check.deps.view import MSG_STATUS
    from secure_check.reports import render
    from secure_check.reports.dependencies import section, status

    started = time.perf_counter()
    skipped: list[tuple[str, str]] = []
    files, missing = collect(args.paths, args.exclude, skipped=skipped)
    for shown, reason in skipped:
        print(MSG_SKIPPED.format(path=shown, reason=reason), file=sys.stderr)
    if missing:
        return fail(f"{ERR_NO_SUCH_PATH}: {', '.join(missing)}")
    reports = _audit_all(files, args)
    results = [_as_result(r) for r in reports]
    seconds = time.perf_counter() - started
    fmt = report_format(args.format, args.output)
    text = render(results, fmt, seconds=seconds, sections=[section(reports)])
    if code := _write(text, args.output):
        return code
    print(MSG_STATUS.format(status=status(reports)), file=sys.stderr)
    try:
        policy = None if args.fail_on else Policy.load(args.paths[0] if args.paths else ".")
    except PolicyError as e:
        return fail(str(e))
    return verdict(results, args.fail_on, policy)


def _audit_all(files: list[tuple[Path, str]], args: argparse.Namespace) -> list[DependencyReport]:
    """Audit each notebook, then the environment when asked (or when no path is given)."""
    reports = [audit_file(file, shown, args) for file, shown in files if file.suffix == ".ipynb"]
    if args.environment or not args.paths:
        from secure_check.deps.audit import audit

        reports.append(audit(None, path="<environment>", environment=True, online=not args.offline))
    return reports


def _write(text: str, output: str | None) -> int:
    """Write the report to ``output`` or stdout; 2 when the file cannot be written."""
    if not output:
        write_stdout(text)
        return EXIT_OK
    return write_report_file(Path(output), text)


def audit_file(file: Path, shown: str, args: argparse.Namespace) -> DependencyReport:
    """Audit one notebook; an unreadable one gives an empty report with its error."""
    from secure_check.core.notebook import NotebookError
    from secure_check.deps.audit import DependencyReport, audit

    try:
        return audit(file, path=shown, online=not args.offline)
    except (NotebookError, OSError) as e:
        report = DependencyReport(shown, [], [], "not checked: unreadable")
        report.error = str(e)  # type: ignore[attr-defined]
        return report


def _as_result(report: DependencyReport) -> FileResult:
    from secure_check.core.scan import FileResult

    return FileResult(report.path, report.findings, getattr(report, "error", None))
