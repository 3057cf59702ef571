"""Worst-case scan speed: seconds per MB over the adversarial generator (tests/hostile.py).

Usage: python bench/hostile.py [--size 200000] [--timeout 20] [--only SUBSTRING] [--top 15]
Each case is scanned in a child process (a superlinear regex cannot be interrupted in-process);
a case that runs past --timeout (wall clock) is reported as at least timeout/size. Seconds are
the child's CPU time (``time.process_time``: the scan is single-threaded, and CPU time moves
less than wall time on a shared machine); ``--clock wall`` times wall-clock seconds instead.
Also times the redaction fallback (server.edits) on a quote followed by a run of backslashes.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if __package__ in (None, ""):
    sys.path[:0] = [str(ROOT), str(ROOT / "src"), str(ROOT / "tests")]

import hostile  # noqa: E402

CLOCKS = {"cpu": time.process_time, "wall": time.perf_counter}


def _time_case(name: str, size: int, clock: str, queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    from secure_check.core.scan import Scanner

    scanner = Scanner()
    make = hostile.families()[name]
    scanner.scan_notebook(make(1000))  # NOTE: warm up: lazy imports and caches of the first scan
    nb = make(size)
    now = CLOCKS[clock]
    started = now()
    scanner.scan_notebook(nb)
    queue.put(now() - started)


def _time_redact(size: int, queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    from secure_check.server import edits

    source = "%time x = '" + "\\" * size + "\n"
    started = time.perf_counter()
    edits._literal_span(source, 12, 13)
    queue.put(time.perf_counter() - started)


def timed(target: object, args: tuple[object, ...], timeout: float) -> tuple[float, bool]:
    """Run ``target(*args, queue)`` in a child; return (seconds, finished)."""
    queue: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    proc = multiprocessing.Process(target=target, args=(*args, queue))  # type: ignore[arg-type]
    proc.start()
    proc.join(timeout)
    if proc.is_alive():
        proc.kill()
        proc.join()
        return timeout, False
    return float(queue.get()), True


def main() -> None:
    """Print the slowest cases in s/MB and the worst overall as JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=200_000)
    parser.add_argument("--timeout", type=float, default=20.0)
    parser.add_argument("--only", default="")
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--clock", choices=sorted(CLOCKS), default="cpu")
    args = parser.parse_args()
    mb = args.size / 1e6
    rows: list[tuple[float, str, bool]] = []
    for name in hostile.families():
        if args.only in name:
            seconds, done = timed(_time_case, (name, args.size, args.clock), args.timeout)
            rows.append((seconds / mb, name, done))
    redact_size = 40
    seconds, done = timed(_time_redact, (redact_size,), args.timeout)
    rows.sort(reverse=True)
    for per_mb, name, done in rows[: args.top]:
        print(f"{'>=' if not done else '  '}{per_mb:10.2f} s/MB  {name}")
    print(
        f"redact fallback, quote + {redact_size} backslashes: {seconds:.3f} s"
        f"{' (timed out)' if not done else ''}"
    )
    worst = rows[0] if rows else (0.0, "", True)
    print(
        json.dumps(
            {
                "size": args.size,
                "clock": args.clock,
                "cases": len(rows),
                "worst_s_per_mb": round(worst[0], 3),
                "worst_case": worst[1],
                "redact_s": round(seconds, 3),
            }
        )
    )


if __name__ == "__main__":
    main()
