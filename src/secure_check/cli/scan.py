"""`secure-check scan`: scan notebooks and .py files, write a report, exit 0/1/2 for CI."""

from __future__ import annotations

import argparse
import fnmatch
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from secure_check.cli.exit import EXIT_OK, exit_code, fail
from secure_check.cli.output import ERR_WRITE, report_format, write_stdout

if TYPE_CHECKING:
    from secure_check.core.baseline import Baseline
    from secure_check.core.scan import FileResult

    FileScan = Callable[[list[tuple[Path, str]]], Iterable[FileResult]]

FAIL_ON = ("high", "medium", "low", "never")
DEFAULT_FAIL_ON = "low"
ERR_NO_SUCH_PATH = "no such file or directory"
ERR_UPDATE_NEEDS_BASELINE = "--update-baseline needs --baseline FILE"
ERR_BAD_JOBS = "--jobs must be a positive integer, not {value!r}"
MSG_BASELINE_WRITTEN = "baseline {path}: {n} accepted finding(s)"
MSG_REPORT_WRITTEN = "report written to {path}"


def register(subparsers: Any) -> None:
    """Add the ``scan`` subparser."""
    from secure_check.reports import FORMATS

    p = subparsers.add_parser(
        "scan",
        help="scan notebooks and .py files for secrets and personal data",
        description="Scan notebooks (.ipynb) and .py files, walking directories.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="notebook, .py file or directory")
    p.add_argument(
        "--format",
        choices=FORMATS,
        default=None,
        help="report format (default: from the --output suffix .json/.sarif/.html, else text)",
    )
    p.add_argument("--output", "-o", metavar="FILE", help="write the report here, not stdout")
    p.add_argument(
        "--fail-on",
        choices=FAIL_ON,
        default=DEFAULT_FAIL_ON,
        help=f"exit 1 on unaccepted findings at or above this severity ({DEFAULT_FAIL_ON})",
    )
    p.add_argument("--baseline", metavar="FILE", help="accepted findings (JSON baseline)")
    p.add_argument(
        "--update-baseline", action="store_true", help="write the current findings to --baseline"
    )
    p.add_argument("--jobs", "-j", type=_jobs, default=None, help="worker processes (CPU count)")
    p.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="GLOB",
        help="skip files whose reported path, or one of its folder names, matches (repeatable)",
    )
    p.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    p.add_argument(
        "--no-audit",
        action="store_true",
        help="do not append this run to the audit log (.secure-check/audit.jsonl)",
    )
    p.set_defaults(func=run)


def _jobs(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(ERR_BAD_JOBS.format(value=value))
    return n


def run(args: argparse.Namespace) -> int:
    """Scan, apply the baseline, write the report and return the exit code.

    Batch mode (batch/cli_batch.py) plugs in through ``args.scan_hook`` (pool, Dask, cache,
    history) and ``args.verdict_hook`` (the policy's exit code), so the steps live here once.
    """
    from secure_check.core.baseline import Baseline, BaselineError

    if args.update_baseline and not args.baseline:
        return fail(ERR_UPDATE_NEEDS_BASELINE)
    scan = getattr(args, "scan_hook", None) or _scan_locally
    try:
        baseline = Baseline.load(Path(args.baseline)) if args.baseline else Baseline()
        verdict = _verdict(args)
        started = time.perf_counter()
        results, root = scan(args)
    except (BaselineError, ValueError, RuntimeError) as e:
        return fail(str(e))
    for r in results:
        baseline.apply(r.findings)
    if args.update_baseline and (code := _update_baseline(baseline, results, Path(args.baseline))):
        return code
    seconds = time.perf_counter() - started
    if not args.no_audit:
        _audit(results, root)
    code = _write_report(results, args, seconds=seconds, root=root)
    return code or verdict(results)


def _scan_locally(args: argparse.Namespace) -> tuple[list[FileResult], str | None]:
    progress = False if args.no_progress else None
    return scan_paths(args.paths, jobs=args.jobs, progress=progress, exclude=args.exclude)


def _verdict(args: argparse.Namespace) -> Callable[[list[FileResult]], int]:
    """Return the exit-code rule, made before the scan so that a bad policy fails fast."""
    hook = getattr(args, "verdict_hook", None)
    if hook is not None:
        return cast("Callable[[list[FileResult]], int]", hook(args))
    return lambda results: exit_code(results, args.fail_on or "low")


def _audit(results: list[FileResult], root: str | None) -> None:
    """Append the run to the hash-chained audit log; a read-only disk only warns."""
    from secure_check.core.trail import record_scan

    try:
        record_scan(results, root=root)
    except OSError as e:
        print(f"secure-check: audit log not written: {e.strerror or e}", file=sys.stderr)


def scan_paths(
    paths: Sequence[str],
    *,
    jobs: int | None = None,
    progress: bool | None = None,
    exclude: Sequence[str] = (),
    scan: FileScan | None = None,
) -> tuple[list[FileResult], str | None]:
    """Scan the paths given on the command line.

    Returns the results in order and the directory their paths are relative to: with one
    directory argument, paths are relative to it; otherwise they are shown as given.
    ``scan`` replaces the local process pool (batch mode: Dask, cache, history).
    """
    from secure_check.batch.pool import default_jobs, scan_files
    from secure_check.core.scan import FileResult

    files, missing = _collect(paths)
    files = [(f, shown) for f, shown in files if not excluded(shown, exclude)]
    if scan is None:
        results = list(scan_files(files, jobs=jobs or default_jobs(), progress=progress))
    else:
        results = list(scan(files))
    results += [FileResult(p, [], error=ERR_NO_SUCH_PATH) for p in missing]
    only_dir = len(paths) == 1 and Path(paths[0]).is_dir()
    return results, (paths[0] if only_dir else None)


def _collect(paths: Sequence[str]) -> tuple[list[tuple[Path, str]], list[str]]:
    from secure_check.core.scan import iter_files

    files: list[tuple[Path, str]] = []
    missing = [p for p in paths if not Path(p).exists()]
    existing = [p for p in paths if Path(p).exists()]
    for arg in existing:
        prefix = "" if len(paths) == 1 or not Path(arg).is_dir() else arg.rstrip("/") + "/"
        files.extend((file, prefix + shown) for file, shown in iter_files([Path(arg)]))
    return files, missing


def excluded(shown: str, patterns: Sequence[str]) -> bool:
    """Whether ``--exclude`` patterns drop a file: the whole path or any one part matches."""
    parts = shown.split("/")
    return any(
        fnmatch.fnmatch(shown, p) or any(fnmatch.fnmatch(x, p) for x in parts) for p in patterns
    )


def _update_baseline(baseline: Baseline, results: list[FileResult], path: Path) -> int:
    """Write the current findings; entries for files not read in this run are kept."""
    from secure_check.core.baseline import Baseline

    findings = [f for r in results for f in r.findings]
    read = {r.path for r in results if r.error is None}
    fresh = baseline.updated(findings)
    kept = [e for e in baseline.entries if e.get("path", "*") not in read and e.get("path") != "*"]
    fresh = Baseline(_unique([*fresh.entries, *kept, *_wildcards(baseline)]))
    try:
        fresh.save(path)
    except OSError as e:
        return fail(ERR_WRITE.format(path=path, detail=e.strerror or e))
    fresh.apply(findings)
    print(MSG_BASELINE_WRITTEN.format(path=path, n=len(fresh.entries)), file=sys.stderr)
    return EXIT_OK


def _unique(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: dict[tuple[Any, ...], dict[str, Any]] = {}
    for e in entries:
        seen.setdefault((e.get("path", "*"), e.get("rule"), e.get("fingerprint")), e)
    return list(seen.values())


def _wildcards(baseline: Baseline) -> Iterator[dict[str, Any]]:
    # NOTE: ``path: "*"`` entries are hand-written team-wide acceptances; never drop them.
    return (e for e in baseline.entries if e.get("path") == "*")


def _write_report(
    results: list[FileResult], args: argparse.Namespace, *, seconds: float, root: str | None
) -> int:
    from secure_check.reports import render
    from secure_check.reports.text import summary

    fmt = report_format(args.format, args.output)
    report = render(results, fmt, seconds=seconds, root=root)
    if not args.output:
        write_stdout(report)
        if fmt != "text":
            print(summary(results, seconds=seconds), file=sys.stderr)
        return EXIT_OK
    out = Path(args.output)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(report, encoding="utf-8")
    except OSError as e:
        return fail(ERR_WRITE.format(path=out, detail=e.strerror or e))
    print(summary(results, seconds=seconds), file=sys.stderr)
    print(MSG_REPORT_WRITTEN.format(path=out), file=sys.stderr)
    return EXIT_OK
