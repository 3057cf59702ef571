"""Run the whole benchmark: build the labelled corpus, time the tools, score the quality.

Usage: python bench/run.py [--scale full|tiny] [--limit N] [--jobs 1 2] [--skip-build]
Writes bench/results/{speed,quality}.json and bench/results/latest.txt (the tables printed here).
"""

from __future__ import annotations

import argparse
import datetime
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if __package__ in (None, ""):  # run as a script: make the repo, src/ and tests/ importable
    sys.path[:0] = [str(ROOT), str(ROOT / "src"), str(ROOT / "tests")]

from bench.report import quality_table, speed_table  # noqa: E402

from bench import corpus, quality, speed  # noqa: E402


def _commit() -> str:
    proc = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    return proc.stdout.strip() or "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "bench" / "corpus")
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "results")
    parser.add_argument("--scale", choices=("full", "tiny"), default="full")
    parser.add_argument(
        "--limit", type=int, default=None, help="real notebooks to use (default all)"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--skip-build", action="store_true", help="reuse the corpus already built")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    if not args.skip_build or not (args.corpus / "labels.jsonl").exists():
        manifest = corpus.build(args.corpus, seed=args.seed, scale=args.scale, limit=args.limit)
        print(
            f"corpus: {manifest['notebooks']} notebooks, {manifest['bytes'] / 1e6:.1f} MB, "
            f"{manifest['labels']} labels, built in {manifest['seconds']} s",
            flush=True,
        )
    # NOTE: speed first: it times detect-secrets in this run and caches its output for quality.
    fast = speed_table(speed.run(args.corpus, args.results, jobs=tuple(args.jobs)))
    print(fast, flush=True)
    good = quality_table(quality.run(args.corpus, args.results, jobs=max(args.jobs)))
    print(good)
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    head = (
        f"secure-check bench at {stamp}, commit {_commit()}, {time.perf_counter() - started:.0f} s"
    )
    (args.results / "latest.txt").write_text(f"{head}\n\n{fast}\n\n{good}\n", encoding="utf-8")
    print(f"\nwrote {args.results / 'latest.txt'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
