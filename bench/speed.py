"""Time `secure-check scan` against `detect-secrets scan --all-files --no-verify` on the same files.

Usage: python bench/speed.py [--corpus bench/corpus] [--jobs 1 2] [--repeat 1]
Also: re-scan of one edited cell of a 500-cell notebook, `import secure_check` time, peak RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if __package__ in (None, ""):  # run as a script: make the repo, src/ and tests/ importable
    sys.path[:0] = [str(ROOT), str(ROOT / "src"), str(ROOT / "tests")]

from bench.report import speed_table  # noqa: E402

from bench import dsecrets  # noqa: E402

HEAVY = (
    "numpy",
    "pandas",
    "sklearn",
    "shap",
    "art",
    "fairlearn",
    "matplotlib",
    "nbconvert",
    "tornado",
    "IPython",
    "detect_secrets",
    "phonenumbers",
    "stdnum",
    "cryptography",
)
_IMPORT_PROBE = (
    "import json, sys, time\n"
    "t = time.perf_counter()\nimport secure_check\nd = time.perf_counter() - t\n"
    "print(json.dumps({'s': d, 'mods': [m for m in %r if m in sys.modules]}))\n"
)


def env() -> dict[str, str]:
    """The environment of the timed commands: src/ importable, warnings quiet."""
    path = os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "PYTHONPATH": path, "PYTHONWARNINGS": "ignore"}


def cli_available() -> bool:
    cmd = [sys.executable, "-m", "secure_check", "scan", "--help"]
    return subprocess.run(cmd, env=env(), capture_output=True, cwd=ROOT).returncode == 0


def time_cli(directory: Path, jobs: int) -> dict[str, Any]:
    """`python -m secure_check scan DIR --format json --jobs N`, start-up included."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "scan.json"
        cmd = [
            sys.executable,
            "-m",
            "secure_check",
            "scan",
            str(directory),
            "--format",
            "json",
            "--jobs",
            str(jobs),
            "--fail-on",
            "never",
            "--output",
            str(out),
        ]
        code, _, err, seconds, rss, cpu = dsecrets.timed(cmd, ROOT, env())
        if code not in (0, 1) or not out.exists():
            raise RuntimeError(f"secure-check scan failed (exit {code}): {err[-400:]}")
        data = json.loads(out.read_text())
    errors = data.get("errors", [])
    if errors and len(errors) >= data.get("stats", {}).get("notebooks", 0):
        raise RuntimeError(f"secure-check scan read no file: {errors[0].get('error', '')[:300]}")
    return {
        "name": f"secure-check scan --jobs {jobs} (CLI)",
        "seconds": seconds,
        "cpu_seconds": cpu,
        "peak_rss_mb": rss,
        "findings": len(data.get("findings", [])),
        "errors": len(errors),
    }


def time_in_process(directory: Path, jobs: int) -> dict[str, Any]:
    """Fallback while the CLI is missing: the in-process Scanner (a process pool for jobs > 1)."""
    import resource

    from bench.quality import scan_dir

    before = _cpu()
    scan = scan_dir(directory, jobs)
    rss = max(
        resource.getrusage(r).ru_maxrss for r in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return {
        "name": f"Scanner in-process, {jobs} process(es)",
        "seconds": scan["seconds"],
        "cpu_seconds": _cpu() - before,
        "peak_rss_mb": rss // 1024,
        "findings": len(scan["findings"]),
    }


def _time_ours(directory: Path, jobs: int, use_cli: bool) -> dict[str, Any]:
    if use_cli:
        try:
            return time_cli(directory, jobs)
        except RuntimeError as e:  # NOTE: e.g. an analyzer module not committed yet
            print(
                f"[bench] CLI unusable, timing the in-process Scanner instead: {e}", file=sys.stderr
            )
    return time_in_process(directory, jobs)


def _cpu() -> float:
    import resource

    return sum(
        u.ru_utime + u.ru_stime
        for u in map(resource.getrusage, (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    )


def time_detect_secrets(directory: Path, cache: Path | None, key: str) -> dict[str, Any]:
    data = dsecrets.run(directory, cache, key, fresh=True)  # NOTE: timed in this run, never cached
    hits = sum(len(v) for v in data["results"].values())
    return {
        "name": "detect-secrets scan --all-files --no-verify",
        "seconds": data["seconds"],
        "cpu_seconds": data.get("cpu_seconds", 0.0),
        "peak_rss_mb": data.get("peak_rss_mb", 0),
        "findings": hits,
    }


def rescan_cell(cells: int = 500, edits: int = 200, table_rows: int = 0) -> dict[str, Any]:
    """Re-scan one edited cell of a ``cells``-cell notebook, as the live panel does.

    With ``table_rows``, the cell's output is a DataFrame of that many rows (HTML + text).
    """
    from bench.quality import make_scanner
    from bench.synthetic import many_cells

    from bench import cells as C

    rng = random.Random(7)
    nb = many_cells(rng, cells)
    index = cells // 2 + 1  # a code cell with an output
    cell = nb["cells"][index]
    cell["source"] = C.lines(
        "".join(cell["source"])
        + 'db = connect("postgresql://etl:S3cr3t-Pa55@db.internal:5432/prod")\n'
    )
    if table_rows:
        from bench.tables import numeric_table

        cell["outputs"] = [numeric_table(rng, table_rows)]
    scanner = make_scanner()
    scanner.scan_notebook(nb, "big.ipynb")  # warm up, as the panel has scanned the notebook once
    times, found = [], 0
    for i in range(edits):
        cell["source"][0] = f"x_{i} = np.random.rand({i % 9 + 1})\n"
        started = time.perf_counter()
        found = len(scanner.scan_cell(cell, index, "big.ipynb"))
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "cells": len(nb["cells"]),
        "edits": edits,
        "table_rows": table_rows,
        "findings_in_cell": found,
        "median_ms": statistics.median(times),
        "p95_ms": times[int(0.95 * len(times)) - 1],
        "max_ms": times[-1],
    }


def import_time(runs: int = 5) -> dict[str, Any]:
    """`import secure_check` in fresh processes: median of ``runs``; heavy modules it loaded."""
    seconds, mods = [], set()
    for _ in range(runs):
        proc = subprocess.run(
            [sys.executable, "-c", _IMPORT_PROBE % (HEAVY,)],
            env=env(),
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=True,
        )
        data = json.loads(proc.stdout)
        seconds.append(data["s"])
        mods.update(data["mods"])
    return {
        "median_ms": 1000 * statistics.median(seconds),
        "runs": runs,
        "heavy_loaded": sorted(mods),
    }


def time_set(
    name: str, directory: Path, jobs: tuple[int, ...], cache: Path | None, key: str
) -> dict[str, Any]:
    """Time our CLI (each --jobs) and detect-secrets on the same files, one after the other."""
    files = sorted(directory.rglob("*.ipynb"))
    size = sum(f.stat().st_size for f in files)
    use_cli = cli_available()
    ours = [_time_ours(directory, n, use_cli) for n in jobs]
    ds = time_detect_secrets(directory, cache, key)
    for row in [*ours, ds]:
        row["mb_s"] = size / 1e6 / row["seconds"]
        row["ratio"] = ds["seconds"] / row["seconds"] if row is not ds else None
        row["cpu_ratio"] = ds["cpu_seconds"] / row["cpu_seconds"] if row is not ds else None
    return {
        "name": name,
        "files": len(files),
        "bytes": size,
        "runs": [*ours, ds],
        "cli": use_cli,
        "best_ratio": max(r["ratio"] for r in ours),
        "machine": _machine(),
    }


def run(
    corpus: Path, results: Path, *, jobs: tuple[int, ...] = (1, 2), real: bool = True
) -> dict[str, Any]:
    """Time every tool on the planted corpus (and the unmodified shared one); write speed.json."""
    from bench.corpus import shared_notebooks
    from bench.quality import corpus_key

    key = corpus_key(json.loads((corpus / "manifest.json").read_text()))
    sets = [
        time_set(
            "planted corpus (about 10 findings per notebook)",
            corpus / "notebooks",
            jobs,
            results / "detect_secrets_raw.json",
            key,
        )
    ]
    src = shared_notebooks() if real else None
    if src:
        sets.append(time_set("unmodified shared corpus (no secrets)", src, jobs, None, ""))
    report = {
        "sets": sets,
        "rescan_cell": rescan_cell(),
        "rescan_cell_table": rescan_cell(edits=50, table_rows=200),
        "import": import_time(),
        "fingerprint_ms": fingerprint_ms(),
    }
    results.mkdir(parents=True, exist_ok=True)
    (results / "speed.json").write_text(json.dumps(report, indent=1))
    return report


def fingerprint_ms(n: int = 40) -> dict[str, float]:
    """Cost of one fingerprint (paid once per finding) for a guessable and a random value."""
    from secure_check.core.redact import fingerprint

    rng = random.Random(5)
    kinds = {
        "guessable": [f"{rng.randint(100, 899)}-{rng.randint(10, 99)}-{i:04d}" for i in range(n)],
        "random": ["ghp_" + "".join(rng.choices("abcdefXYZ0123456789", k=36)) for _ in range(n)],
    }
    out = {}
    for kind, values in kinds.items():
        started = time.perf_counter()
        for value in values:
            fingerprint.__wrapped__(value)
        out[kind] = 1000 * (time.perf_counter() - started) / n
    return out


def _machine() -> str:
    load = os.getloadavg()[0]
    return f"{os.cpu_count()} CPUs, load {load:.1f} at start"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "bench" / "corpus")
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "results")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--no-real", action="store_true", help="skip the unmodified shared corpus")
    args = parser.parse_args(argv)
    print(speed_table(run(args.corpus, args.results, jobs=tuple(args.jobs), real=not args.no_real)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
