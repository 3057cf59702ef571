"""Build the labelled corpus: real notebooks with planted items, synthetic hard cases, labels.jsonl.

Usage: python bench/corpus.py [--out bench/corpus] [--seed 0] [--scale full|tiny] [--limit N]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import shutil
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if __package__ in (None, ""):  # run as a script: make the repo, src/ and tests/ importable
    sys.path[:0] = [str(ROOT), str(ROOT / "src"), str(ROOT / "tests")]

from bench.items import Item, Source, draw, load_sources, lookalikes  # noqa: E402
from bench.plant import PLACES, Plant, fits  # noqa: E402
from bench.tables import in_pii_table  # noqa: E402

from bench import cells as C  # noqa: E402
from bench import labels as L  # noqa: E402
from bench import synthetic  # noqa: E402

ERR_NO_SOURCES = "no generators found in tests/synth_secrets.py or tests/synth_pii.py"


def shared_notebooks() -> Path | None:
    """The shared real-notebook corpus: $SECURE_CHECK_SHARED/corpus/notebooks or ../shared."""
    base = Path(os.environ.get("SECURE_CHECK_SHARED") or ROOT.parent / "shared")
    path = base / "corpus" / "notebooks"
    return path if path.is_dir() else None


class Planter:
    """Draws items and places round-robin (seeded) so every type meets every place."""

    def __init__(self, sources: list[Source], rng: random.Random) -> None:
        self.rng = rng
        self.sources = {s.category: s for s in sources}
        self.items = {s.category: draw(s, rng) for s in sources if s.generators}
        looks = [x for s in sources for x in lookalikes(s)]
        rng.shuffle(looks)
        self.looks = itertools.cycle(looks) if looks else None
        self.places = self._cycle()
        self.values: dict[str, str] = {}

    def _cycle(self) -> Iterator[str]:
        names = sorted(PLACES)
        while True:
            self.rng.shuffle(names)
            yield from names

    def place(self, nb: dict[str, Any], item: Item) -> Plant:
        name = next(self.places)
        while not fits(name, item):
            name = next(self.places)
        return PLACES[name](nb, self.rng, item)

    def plant(self, nb: dict[str, Any], n_true: int, n_looks: int) -> list[Plant]:
        plants = []
        cats = sorted(self.items)
        for k in range(n_true):
            plants.append(self.place(nb, next(self.items[cats[k % len(cats)]])))
        seen: set[str] = set()
        for _ in range(n_looks if self.looks else 0):
            item = next(self.looks)  # type: ignore[call-overload]
            if item.value not in seen:
                seen.add(item.value)
                plants.append(self.place(nb, item))
        if "pii" in self.sources and self.rng.random() < 0.35:
            plants.extend(in_pii_table(nb, self.rng, self.sources["pii"]))
        for p in plants:  # raw values stay in memory: the label file holds only hashes
            self.values[L.sha256(p.item.value)] = p.item.value
        return plants


def _write(
    root: Path, rel: str, nb: dict[str, Any], plants: list[Plant], rng: random.Random
) -> list[dict[str, Any]]:
    C.add_ids(nb, rng)
    text = L.dumps(nb)
    file = root / rel
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(text, encoding="utf-8")
    locs = L.line_locations(text)
    return [lab for p in plants for lab in L.plant_labels(nb, p, rel, text, locs)]


def real_notebooks(src: Path, limit: int | None = None) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield (path under ``src``, notebook) for each readable nbformat-4 notebook there."""
    for file in sorted(src.rglob("*.ipynb"))[:limit]:
        try:
            nb = json.loads(file.read_bytes())
        except ValueError:
            continue
        if nb.get("nbformat") != 4 or not isinstance(nb.get("cells"), list):
            continue
        nb.setdefault("metadata", {})
        yield file.relative_to(src).as_posix(), nb


def _real(
    planter: Planter, out: Path, src: Path, limit: int | None, per_nb: tuple[int, int]
) -> list[dict[str, Any]]:
    rows = []
    for name, nb in real_notebooks(src, limit):
        rel = "real/" + name
        rows += _write(out, rel, nb, planter.plant(nb, *per_nb), planter.rng)
    return rows


def _synthetic(planter: Planter, out: Path, scale: str) -> list[dict[str, Any]]:
    rows = []
    for kind, make in synthetic.KINDS.items():
        nb = make(planter.rng, synthetic.SIZES[scale][kind])
        rows += _write(out, f"synthetic/{kind}.ipynb", nb, planter.plant(nb, 4, 1), planter.rng)
    return rows


def _fingerprint(value_and_id: tuple[int, str]) -> tuple[int, list[str]]:
    return value_and_id[0], L.fingerprints(value_and_id[1])


def add_fingerprints(rows: list[dict[str, Any]], values: dict[str, str], jobs: int) -> None:
    """scrypt fingerprints (about 13 ms each) of every planted value, spread over ``jobs``."""
    todo = list(enumerate(values[r["sha256"]] for r in rows))
    if jobs > 1 and len(todo) > 50:
        with ProcessPoolExecutor(jobs) as pool:
            done = dict(pool.map(_fingerprint, todo, chunksize=32))
    else:
        done = dict(map(_fingerprint, todo))
    for i, row in enumerate(rows):
        row["fingerprints"] = [] if row["column"] else done[i]


def build(
    out: Path,
    *,
    seed: int = 0,
    scale: str = "full",
    limit: int | None = None,
    per_nb: tuple[int, int] = (8, 2),
    jobs: int = 2,
) -> dict[str, Any]:
    """Write notebooks/, labels.jsonl and manifest.json under ``out``; return the manifest."""
    started = time.perf_counter()
    sources = load_sources()
    if not any(s.generators for s in sources):
        raise RuntimeError(ERR_NO_SOURCES)
    # NOTE: built beside the old tree and swapped in at the end, so a scan running meanwhile
    # (someone else's bench) never sees a half-written corpus.
    tmp = out / f".notebooks-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    planter = Planter(sources, random.Random(seed))
    src = shared_notebooks()
    rows = _real(planter, tmp, src, limit, per_nb) if src else []
    rows += _synthetic(planter, tmp, scale)
    add_fingerprints(rows, planter.values, jobs)
    shutil.rmtree(out / "notebooks", ignore_errors=True)
    tmp.rename(out / "notebooks")
    L.write_jsonl(out / "labels.jsonl", rows)
    manifest = _manifest(out, rows, sources, seed, scale, src, time.perf_counter() - started)
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return manifest


def _manifest(
    out: Path,
    rows: list[dict[str, Any]],
    sources: list[Source],
    seed: int,
    scale: str,
    src: Path | None,
    seconds: float,
) -> dict[str, Any]:
    files = sorted((out / "notebooks").rglob("*.ipynb"))
    return {
        "seed": seed,
        "scale": scale,
        "shared_corpus": str(src) if src else None,
        "sources": {s.category: s.origin for s in sources},
        "generators": {s.category: sorted(s.generators) for s in sources},
        "notebooks": len(files),
        "bytes": sum(f.stat().st_size for f in files),
        "labels": len(rows),
        "true_labels": sum(not r["lookalike"] for r in rows),
        "lookalike_labels": sum(r["lookalike"] for r in rows),
        "seconds": round(seconds, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "corpus")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--scale", choices=sorted(synthetic.SIZES), default="full")
    parser.add_argument(
        "--limit", type=int, default=None, help="real notebooks to use (default all)"
    )
    args = parser.parse_args(argv)
    manifest = build(args.out, seed=args.seed, scale=args.scale, limit=args.limit)
    print(json.dumps({k: v for k, v in manifest.items() if k != "generators"}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
