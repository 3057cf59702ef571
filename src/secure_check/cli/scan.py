"""`secure-check scan`: scan notebooks and .py files, write a report, exit 0/1/2 for CI."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from secure_check.cli.exit import EXIT_OK, fail, verdict
from secure_check.cli.output import ERR_WRITE, report_format, write_report_file, write_stdout
from secure_check.core.policy import FAIL_ON

if TYPE_CHECKING:
    from secure_check.core.baseline import Baseline
    from secure_check.core.scan import FileResult

FAIL_ON_HELP = (
    "exit 1 on unaccepted findings at or above this severity "
    "(default: the policy file's thresholds, else low)"
)
ERR_UPDATE_NEEDS_BASELINE = "--update-baseline needs --baseline FILE"
ERR_BAD_JOBS = "--jobs must be a positive integer, not {value!r}"
MSG_BASELINE_WRITTEN = "baseline {path}: {n} accepted finding(s)"
MSG_POLICY_USED = "policy: {files}"
MSG_REPORT_WRITTEN = "report written to {path}"


def register(subparsers: Any, name: str) -> None:
    """Add the ``scan`` subparser.

    Parameters
    ----------
    subparsers
        What ``ArgumentParser.add_subparsers`` returned.
    name
        The subcommand's name (``scan``).
    """
    p = subparsers.add_parser(
        name,
        help="scan notebooks and .py files for secrets and personal data",
        description="Scan notebooks (.ipynb) and .py files, walking directories.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="notebook, .py file or directory")
    _report_options(p)
    _run_options(p)
    _batch_options(p.add_argument_group("batch and CI"))
    p.set_defaults(func=run)


def _report_options(p: argparse.ArgumentParser) -> None:
    from secure_check.reports import FORMATS

    p.add_argument(
        "--format",
        choices=FORMATS,
        default=None,
        help="report format (default: from the --output suffix .json/.sarif/.html, else text)",
    )
    p.add_argument("--output", "-o", metavar="FILE", help="write the report here, not stdout")
    # NOTE: no default: without --fail-on the policy file decides (see _verdict).
    p.add_argument("--fail-on", choices=FAIL_ON, default=None, help=FAIL_ON_HELP)
    p.add_argument("--baseline", metavar="FILE", help="accepted findings (JSON baseline)")
    p.add_argument(
        "--update-baseline", action="store_true", help="write the current findings to --baseline"
    )


def _run_options(p: argparse.ArgumentParser) -> None:
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


def _batch_options(group: Any) -> None:
    group.add_argument("--dask", metavar="ADDRESS", help="scan on this Dask scheduler")
    group.add_argument(
        "--cache",
        nargs="?",
        const="",
        metavar="DIR",
        help="reuse results of unchanged files (default DIR: $XDG_CACHE_HOME/secure-check)",
    )
    group.add_argument(
        "--history", action="store_true", help="also scan every committed version (git)"
    )
    group.add_argument("--policy", metavar="PATH", help="policy file or folder to search from")
    group.add_argument(
        "--deps",
        action="store_true",
        help="also audit the packages each notebook uses (licences, advisories, pins)",
    )


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

    Parameters
    ----------
    args
        The parsed ``scan`` options.

    Returns
    -------
    int
        0 (clean), 1 (findings fail ``--fail-on`` or the policy) or 2 (usage or read errors).
    """
    from secure_check.core.baseline import Baseline, BaselineError

    if args.update_baseline and not args.baseline:
        return fail(ERR_UPDATE_NEEDS_BASELINE)
    from secure_check.core.keys import fingerprint_key

    fingerprint_key()  # NOTE: made once here, before the pool forks, so all workers share it
    try:
        baseline = Baseline.load(Path(args.baseline)) if args.baseline else Baseline()
        if warning := baseline.other_key(args.baseline):
            print(warning, file=sys.stderr)
        rule = _verdict(args)
        started = time.perf_counter()
        results, root = _scan(args)
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
    return code or rule(results)


def _scan(args: argparse.Namespace) -> tuple[list[FileResult], str | None]:
    """Hand the options to ``batch.paths.scan_paths`` as explicit parameters."""
    from secure_check.batch.paths import scan_paths

    cache = None
    if args.cache is not None:
        from secure_check.batch.cache import ResultCache

        cache = ResultCache(Path(args.cache) if args.cache else None)
    return scan_paths(
        args.paths, jobs=args.jobs, progress=False if args.no_progress else None,
        exclude=args.exclude, dask=args.dask, cache=cache, history=args.history, deps=args.deps,
    )  # fmt: skip


def _verdict(args: argparse.Namespace) -> Callable[[list[FileResult]], int]:
    """Return the exit-code rule, made before the scan so that a bad policy fails fast.

    ``--fail-on`` wins; without it, the policy found from ``--policy`` or the first path.
    """
    policy = None
    if args.fail_on is None:
        from secure_check.core.policy import Policy

        start = args.policy or next((p for p in args.paths if Path(p).exists()), ".")
        policy = Policy.load(start)
        if policy.sources:  # NOTE: name every file used, so a nested one is never a surprise
            print(MSG_POLICY_USED.format(files=policy.shown), file=sys.stderr)
    return lambda results: verdict(results, args.fail_on, policy)


def _audit(results: list[FileResult], root: str | None) -> None:
    """Append the run to the hash-chained audit log; a read-only disk only warns."""
    from secure_check.core.trail import record_scan

    try:
        record_scan(results, root=root)
    except OSError as e:
        print(f"secure-check: audit log not written: {e.strerror or e}", file=sys.stderr)


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
    except (OSError, ValueError) as e:
        return fail(ERR_WRITE.format(path=path, detail=getattr(e, "strerror", None) or e))
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
    if code := write_report_file(out, report):
        return code
    print(summary(results, seconds=seconds), file=sys.stderr)
    print(MSG_REPORT_WRITTEN.format(path=out), file=sys.stderr)
    return EXIT_OK
