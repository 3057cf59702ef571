"""Benchmark the magics: import cost, %load_ext cost, and the guard's overhead on a clean cell.

Targets (issue 3): ``import secure_check`` and ``%load_ext secure_check`` under 300 ms each;
the guard adds under 5 ms (median) to a clean cell. Run:

    .venv/bin/python bench/magics_bench.py [--runs 7] [--cells 200] [--json out.json]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
IMPORT_PROBE = """
import sys, time
sys.path.insert(0, {src!r})
t = time.perf_counter()
import secure_check
print(time.perf_counter() - t)
"""
LOAD_EXT_PROBE = """
import sys, time
sys.path.insert(0, {src!r})
from IPython.core.interactiveshell import InteractiveShell
ip = InteractiveShell.instance()
t = time.perf_counter()
ip.run_line_magic("load_ext", "secure_check")
print(time.perf_counter() - t)
"""
CLEAN_CELLS = (
    "x = 1",
    "total = sum(range(100))",
    "def f(a, b):\n    return a + b\n\nresult = f(2, 3)",
    "import math\nvalues = [math.sqrt(i) for i in range(50)]\nmean = sum(values) / len(values)",
)


def _subprocess_seconds(probe: str, runs: int, home: str) -> list[float]:
    env = {**os.environ, "IPYTHONDIR": home}
    out = []
    for _ in range(runs):
        run = subprocess.run(
            [sys.executable, "-c", probe.format(src=str(SRC))],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
        out.append(float(run.stdout.strip().splitlines()[-1]))
    return out


def _cell_times(ip: object, cells: int) -> list[float]:
    times = []
    for i in range(cells):
        code = CLEAN_CELLS[i % len(CLEAN_CELLS)]
        start = time.perf_counter()
        ip.run_cell(code, store_history=True)  # type: ignore[attr-defined]
        times.append(time.perf_counter() - start)
    return times


class _Sink(io.StringIO):
    """A stdout stand-in that, like ipykernel's OutStream, is a Python-level stream."""


def print_overhead(cells: int) -> dict[str, float]:
    """Median seconds per cell printing 1,000 lines, guard off and on (outputs are scanned)."""
    from IPython.core.interactiveshell import InteractiveShell

    ip = InteractiveShell.instance()
    code = "for i in range(1000):\n    print('epoch', i, 'loss', 0.5 / (i + 1))"
    times: dict[str, list[float]] = {"off": [], "on": []}
    for _ in range(max(cells // 20, 3)):
        for state in ("off", "on"):
            ip.run_line_magic("secure_check", f"guard {state}")
            with contextlib.redirect_stdout(_Sink()):
                start = time.perf_counter()
                ip.run_cell(code)
                times[state].append(time.perf_counter() - start)
    return {f"print_cell_{k}_ms": 1e3 * statistics.median(v) for k, v in times.items()}


def guard_overhead(cells: int) -> dict[str, float]:
    """Median seconds per clean cell with the guard off and on (interleaved to share noise)."""
    sys.path.insert(0, str(SRC))
    from IPython.core.interactiveshell import InteractiveShell

    ip = InteractiveShell.instance()
    ip.run_line_magic("load_ext", "secure_check")
    ip.run_line_magic("secure_check", "guard on")
    _cell_times(ip, 20)  # warm-up: analyzers compiled, caches filled
    off: list[float] = []
    on: list[float] = []
    for _ in range(5):
        ip.run_line_magic("secure_check", "guard off")
        off += _cell_times(ip, cells // 5)
        ip.run_line_magic("secure_check", "guard on")
        on += _cell_times(ip, cells // 5)
    return {
        "clean_cell_off_ms": 1e3 * statistics.median(off),
        "clean_cell_on_ms": 1e3 * statistics.median(on),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--cells", type=int, default=200)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    # NOTE: a private IPython dir, kept: the shell writes its history there until exit.
    home = tempfile.mkdtemp(prefix="secure-check-bench-")
    os.environ["IPYTHONDIR"] = home
    imports = _subprocess_seconds(IMPORT_PROBE, args.runs, home)
    loads = _subprocess_seconds(LOAD_EXT_PROBE, args.runs, home)
    guard = guard_overhead(args.cells)
    guard.update(print_overhead(args.cells))
    result = {
        "import_secure_check_ms": 1e3 * statistics.median(imports),
        "load_ext_ms": 1e3 * statistics.median(loads),
        **guard,
        "guard_overhead_ms": guard["clean_cell_on_ms"] - guard["clean_cell_off_ms"],
    }
    result = {k: round(v, 3) for k, v in result.items()}
    result["targets_met"] = (
        result["import_secure_check_ms"] < 300
        and result["load_ext_ms"] < 300
        and result["guard_overhead_ms"] < 5
    )
    print(json.dumps(result, indent=2))
    if args.json is not None:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
