"""CLI plumbing for batch mode: ``scan --dask/--cache/--history/--policy``, ``policy``, ``deps``.

Registered after ``cli_scan`` (see ``SUBCOMMANDS`` in cli.py): it adds its options to the
``scan`` parser and plugs into ``cli_scan.run``: a file scan (local pool, Dask, cache,
history) and the policy's thresholds when ``--fail-on`` is not given.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from secure_check.cli.exit import EXIT_ERROR, EXIT_OK, fail, verdict

if TYPE_CHECKING:
    from secure_check.core.policy import Policy
    from secure_check.core.scan import FileResult

MSG_CACHE = "cache: {hits} of {total} file(s) from {root} ({stat} unopened)"
FAIL_ON_HELP = (
    "exit 1 on unaccepted findings at or above this severity "
    "(default: the policy file's thresholds, else low)"
)


def register(subparsers: Any) -> None:
    """Extend ``scan`` with batch options and add the ``policy`` and ``deps`` subcommands."""
    scan = subparsers.choices["scan"]
    group = scan.add_argument_group("batch and CI")
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
    for action in scan._actions:
        if action.dest == "fail_on":
            action.default, action.help = None, FAIL_ON_HELP
    scan.set_defaults(scan_hook=scan_paths, verdict_hook=make_verdict)
    p = subparsers.add_parser("policy", help="show the policy that applies to a path")
    p.add_argument("path", nargs="?", default=".", metavar="PATH")
    p.set_defaults(func=show_policy)
    from secure_check.cli.deps import register as register_deps

    register_deps(subparsers)


def make_verdict(args: argparse.Namespace) -> Callable[[Sequence[FileResult]], int]:
    """Return the exit-code rule for ``cli_scan.run``: ``--fail-on`` if given, else the policy."""
    policy = _policy(args)
    return lambda results: verdict(results, args.fail_on, policy)


def _policy(args: argparse.Namespace) -> Policy | None:
    from secure_check.core.policy import Policy

    if args.fail_on is not None:
        return None
    start = args.policy or next((p for p in args.paths if Path(p).exists()), ".")
    return Policy.load(start)


def scan_paths(args: argparse.Namespace) -> tuple[list[FileResult], str | None]:
    """Collect and scan the files as ``cli_scan.scan_paths`` does, on the pool, Dask or cache."""
    from secure_check.cli import scan as cli_scan

    def scan(files: list[tuple[Path, str]]) -> list[FileResult]:
        results = list(_scan(files, args))
        if getattr(args, "deps", False):
            _add_dependencies(results, files)
        if args.history:
            results = _with_history(results, files, args.paths)
        return results

    return cli_scan.scan_paths(args.paths, exclude=args.exclude, scan=scan)


def _scan(files: list[tuple[Path, str]], args: argparse.Namespace) -> Iterator[FileResult]:
    progress = False if args.no_progress else None

    def scan(todo: Sequence[tuple[Path, str]]) -> Iterator[FileResult]:
        if args.dask:
            from secure_check.batch.cluster import scan_on_dask

            return scan_on_dask(todo, args.dask, progress=bool(progress))
        from secure_check.batch.pool import default_jobs, scan_files

        return scan_files(todo, jobs=args.jobs or default_jobs(), progress=progress)

    if args.cache is None:
        yield from scan(files)
        return
    from secure_check.batch.cache import ResultCache, scan_cached

    cache = ResultCache(Path(args.cache) if args.cache else None)
    yield from scan_cached(files, cache, scan)
    s = cache.stats
    print(
        MSG_CACHE.format(hits=s.hits, total=len(files), root=cache.root, stat=s.stat_hits),
        file=sys.stderr,
    )


def _add_dependencies(results: list[FileResult], files: list[tuple[Path, str]]) -> None:
    """Append each notebook's dependency findings (never cached: they follow the environment)."""
    from secure_check.cli.deps import MSG_STATUS
    from secure_check.deps.audit import audit

    statuses = set()
    for result, (file, shown) in zip(results, files, strict=True):
        if result.error is None and file.suffix == ".ipynb":
            report = audit(file, path=shown)
            result.findings.extend(report.findings)
            statuses.add(report.vulnerability_status)
    for status in sorted(statuses):
        print(MSG_STATUS.format(status=status), file=sys.stderr)


def _with_history(
    results: list[FileResult], files: list[tuple[Path, str]], paths: Sequence[str]
) -> list[FileResult]:
    from secure_check.batch.git_history import history_results
    from secure_check.batch.pool import _get_scanner

    many = len(paths) > 1
    dirs = [(Path(p), p.rstrip("/") + "/" if many else "") for p in paths if Path(p).is_dir()]
    return history_results(results, files, dirs, _get_scanner())


def show_policy(args: argparse.Namespace) -> int:
    """Print the policy that applies to ``args.path`` and where it came from."""
    from secure_check.core.policy import SECTIONS, Policy, PolicyError

    try:
        policy = Policy.load(args.path)
    except PolicyError as e:
        return fail(str(e))
    print(f"policy: {policy.source or 'built-in defaults'}")
    print(f"fail-on: {policy.default}")
    for name in SECTIONS:
        limits = ", ".join(f"{k} = {v:g}" for k, v in policy.limits.get(name, {}).items())
        print(f"  {name}: fail-on {policy.threshold(name)}" + (f"; {limits}" if limits else ""))
    return EXIT_OK


__all__ = ["EXIT_ERROR", "make_verdict", "register", "scan_paths", "show_policy", "verdict"]
