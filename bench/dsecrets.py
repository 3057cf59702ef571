"""detect-secrets as the reference: run its CLI on the same files, score it on the same labels."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ERR_DS_FAILED = "detect-secrets scan failed (exit {code}): {tail}"
# NOTE: detect-secrets 1.5 has `-n/--no-verify` (the baseline): no network calls.
DS_ARGS = ("scan", "--all-files", "--no-verify", ".")


def ds_command() -> list[str]:
    exe = Path(sys.executable).with_name("detect-secrets")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "detect_secrets"]


# NOTE: a child spawned from a big parent inherits the parent's RSS high-water mark at exec, so
# the timed command runs under this small wrapper, which reports its children's peak and wall time.
_WRAP = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter()\nrc = subprocess.call(sys.argv[1:])\nd = time.perf_counter() - t\n"
    "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "cpu = u.ru_utime + u.ru_stime\n"
    "sys.stderr.write(f'\\nBENCH {u.ru_maxrss} {d:.6f} {cpu:.6f}\\n')\nsys.exit(rc)\n"
)


def timed(
    cmd: list[str], cwd: Path, env: dict[str, str] | None = None
) -> tuple[int, str, str, float, int, float]:
    """Run ``cmd``; return (exit code, stdout, stderr, wall s, peak RSS in MB, CPU s).

    Peak RSS and CPU cover the command and every descendant it reaped (a pool's workers);
    CPU seconds are what to compare on a busy shared machine, where wall time depends on load.
    """
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        code = subprocess.call(
            [sys.executable, "-c", _WRAP, *cmd], cwd=cwd, env=env, stdout=out, stderr=err
        )
        out.seek(0)
        err.seek(0)
        text, log = out.read(), err.read()
    head, _, tail = log.rstrip("\n").rpartition("\nBENCH ")
    kb, seconds, cpu = tail.split()
    return code, text, head, float(seconds), int(kb) // 1024, float(cpu)


def run(
    directory: Path, cache: Path | None = None, key: str = "", fresh: bool = False
) -> dict[str, Any]:
    """detect-secrets results for ``directory`` (cached in ``cache`` for the same ``key``)."""
    if cache and cache.exists() and not fresh:
        data = json.loads(cache.read_text())
        if data.get("key") == key and key:
            return data
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    code, out, err, seconds, rss, cpu = timed(ds_command() + list(DS_ARGS), directory, env)
    if code != 0:
        raise RuntimeError(ERR_DS_FAILED.format(code=code, tail=err[-500:]))
    data = {
        "key": key,
        "seconds": round(seconds, 2),
        "peak_rss_mb": rss,
        "cpu_seconds": round(cpu, 2),
        "results": json.loads(out).get("results", {}),
    }
    if cache:
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(json.dumps(data))
    return data


def score(data: dict[str, Any], labels: list[dict[str, Any]], notebooks: int) -> dict[str, Any]:
    """detect-secrets' recall per secret type on our labels; its false positives and look-alikes."""
    lines: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for name, hits in data["results"].items():
        for hit in hits:
            lines[_rel(name)][hit["line_number"]].append(hit["type"])
    hit_lines: set[tuple[str, int]] = set()
    found: Counter[str] = Counter()
    total: Counter[str] = Counter()
    looks = set()
    for i, lab in enumerate(labels):
        got = [n for n in lab["raw_lines"] if n in lines.get(lab["notebook"], {})]
        hit_lines.update((lab["notebook"], n) for n in got)
        if lab["lookalike"]:
            looks.update([i] if got else [])
        elif lab["category"] == "secret":
            total[lab["type"]] += 1
            found[lab["type"]] += bool(got)
    fps = sum(
        len(types)
        for nb, by_line in lines.items()
        for n, types in by_line.items()
        if (nb, n) not in hit_lines
    )
    per_type = {
        t: {"labels": total[t], "found": found[t], "recall": round(found[t] / total[t], 4)}
        for t in sorted(total)
    }
    all_found = sum(found.values())
    return {
        "seconds": data["seconds"],
        "types": per_type,
        "false_positives": fps,
        "fp_per_100": round(100 * fps / max(notebooks, 1), 2),
        "lookalikes_flagged": len(looks),
        "secret_recall": round(all_found / max(sum(total.values()), 1), 4),
        "plugins": dict(Counter(t for by in lines.values() for ts in by.values() for t in ts)),
    }


def _rel(name: str) -> str:
    return name[2:] if name.startswith("./") else name
