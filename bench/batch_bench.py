"""Batch scan speed: notebooks/s with 1 and 2 processes, a 2-worker LocalCluster, the cache,
beside detect-secrets on the same generated corpus; then peak memory on a large run.

Usage: python bench/batch_bench.py [--notebooks 400] [--large 2000] [--out bench/results/batch.json]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if __package__ in (None, ""):  # run as a script: make the repo, src/ and tests/ importable
    sys.path[:0] = [str(ROOT), str(ROOT / "src"), str(ROOT / "tests")]

from bench import dsecrets  # noqa: E402

CLI = [sys.executable, "-m", "secure_check"]


def make_corpus(folder: Path, n: int, seed: int = 1) -> None:
    """Write ``n`` notebooks of 12 cells (code, markdown, a table and a stream output each)."""
    from nbformat import v4

    import synth_pii
    import synth_secrets

    rng = random.Random(seed)
    people = synth_pii.people(50, seed=seed)
    for i in range(n):
        cells = []
        for j in range(12):
            person = people[(i + j) % len(people)]
            if j % 4 == 0:
                cells.append(v4.new_markdown_cell(f"## Step {j}\nLoad and clean batch {i}."))
                continue
            source = f"df_{j} = load('part-{i}-{j}.csv')\ndf_{j}.describe()"
            if rng.random() < 0.02:
                source = f'TOKEN = "{synth_secrets.github_classic_token(rng)}"\n' + source
            rows = "".join(f"<tr><td>{k}</td><td>{k * 3.5}</td></tr>" for k in range(8))
            table = v4.new_output(
                "execute_result", data={"text/html": f"<table>{rows}</table>",
                                        "text/plain": "count mean"}, execution_count=j,
            )  # fmt: skip
            out = v4.new_output("stream", name="stdout", text=f"rows: {i * j}\n")
            if rng.random() < 0.03:
                out = v4.new_output("stream", name="stdout", text=f"contact {person['email']}\n")
            cells.append(v4.new_code_cell(source, outputs=[table, out], execution_count=j))
        for k, cell in enumerate(cells):
            cell["id"] = f"c{k}"
        path = folder / f"d{i % 20:02d}" / f"nb{i:05d}.ipynb"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(v4.writes(v4.new_notebook(cells=cells)), encoding="utf-8")


def run_scan(corpus: Path, *args: str) -> dict[str, Any]:
    cmd = [*CLI, "scan", "--no-progress", "--fail-on", "never", "--format", "json", *args, "."]
    code, out, err, seconds, rss, cpu = dsecrets.timed(cmd, corpus)
    if code != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({code}): {err[-500:]}")
    doc = json.loads(out)
    n = doc["stats"]["notebooks"]
    return {
        "args": " ".join(args), "notebooks": n, "findings": doc["stats"]["findings"],
        "seconds": round(seconds, 2), "notebooks_per_s": round(n / seconds, 1),
        "peak_rss_mb": rss, "cpu_seconds": round(cpu, 2),
    }  # fmt: skip


def bench(n: int, large: int) -> dict[str, Any]:
    from distributed import LocalCluster

    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        make_corpus(corpus, n)
        rows.append(run_scan(corpus, "-j", "1"))
        rows.append(run_scan(corpus, "-j", "2"))
        with LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster:
            rows.append(run_scan(corpus, "--dask", cluster.scheduler_address))
            rows[-1]["args"] = "--dask LocalCluster(2 workers)"
        cache = str(Path(tmp) / "cache")
        rows.append(run_scan(corpus, "-j", "2", "--cache", cache) | {"args": "--cache (cold)"})
        rows.append(run_scan(corpus, "-j", "2", "--cache", cache) | {"args": "--cache (warm)"})
        ds = dsecrets.run(corpus)
        rows.append({
            "args": "detect-secrets scan --all-files --no-verify", "notebooks": n,
            "seconds": ds["seconds"], "notebooks_per_s": round(n / ds["seconds"], 1),
            "peak_rss_mb": ds["peak_rss_mb"], "cpu_seconds": ds["cpu_seconds"],
        })  # fmt: skip
        big = Path(tmp) / "large"
        make_corpus(big, large, seed=2)
        peak = run_scan(big, "-j", "2") | {"args": f"-j 2 on {large} notebooks"}
    return {"corpus_notebooks": n, "rows": rows, "large": peak}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--notebooks", type=int, default=400)
    parser.add_argument("--large", type=int, default=2000)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "batch.json"))
    args = parser.parse_args()
    result = bench(args.notebooks, args.large)
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n")
    for row in [*result["rows"], result["large"]]:
        print(
            f"{row['args']:<48} {row['notebooks']:>6} nb  {row['seconds']:>7.2f} s  "
            f"{row['notebooks_per_s']:>7.1f} nb/s  cpu {row['cpu_seconds']:>7.2f} s  "
            f"peak {row['peak_rss_mb']:>5} MB"
        )


if __name__ == "__main__":
    main()
