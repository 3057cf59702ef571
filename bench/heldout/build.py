"""Build the held-out set: copies of the shared corpus with Faker/stdnum values in varied carriers.

Usage: python bench/heldout/build.py [--out bench/heldout_corpus] [--seed 15] [--per-notebook 10]
Each shared notebook goes, by a hash of its path and the seed, to ``tune/`` or ``report/``; tune
detectors on ``tune`` only. Writes ``<split>/notebooks/``, ``<split>/labels.jsonl`` (no raw values)
and ``manifest.json``. The shared corpus itself is only read.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if __package__ in (None, ""):
    sys.path[:0] = [str(ROOT), str(ROOT / "src"), str(ROOT / "tests")]

from bench.corpus import real_notebooks  # noqa: E402
from bench.heldout import carriers as C  # noqa: E402
from bench.heldout import values as V  # noqa: E402
from bench.items import Item  # noqa: E402
from bench.plant import Plant  # noqa: E402

from bench import labels as L  # noqa: E402

SPLITS = ("tune", "report")
_STRUCTURED = ("email", "phone", "iban", "date-of-birth", "street-address", "us-ssn")


def split_of(rel: str, seed: int) -> str:
    """``tune`` or ``report``, fixed by the notebook's path and the seed (about half each)."""
    return SPLITS[hashlib.sha256(f"{seed}:{rel}".encode()).digest()[0] & 1]


class HeldOutPlanter:
    """Draws records of values and carriers; every kind meets every carrier over a corpus."""

    def __init__(self, rng: random.Random) -> None:
        self.rng, self.values = rng, V.Values(rng)
        self._pii, self._secret = self._cycle(list(V.PII)), self._cycle(list(V.SECRETS))
        self._look = self._cycle(list(V.LOOKALIKES))

    def _cycle(self, kinds: list[str]) -> Any:
        while True:
            self.rng.shuffle(kinds)
            yield from kinds

    def _field(self, kind: str) -> C.Field:
        if kind == "national-id":
            value, label = V.national_id(self.values)
            return kind, label, value
        return kind, self.rng.choice(C.LABELS[kind]), V.PII[kind](self.values)

    def pii_record(self) -> list[C.Field]:
        kind = next(self._pii)
        fields = [self._field(kind)]
        if kind == "date-of-birth" or (kind != "person-name" and self.rng.random() < 0.4):
            fields.insert(0, self._field("person-name"))
        elif kind == "person-name" and self.rng.random() < 0.5:
            fields.append(self._field(self.rng.choice(_STRUCTURED)))
        return fields

    def secret_record(self) -> list[C.Field]:
        kind = next(self._secret)
        fields = [(kind, self.rng.choice(C.LABELS[kind]), V.SECRETS[kind](self.values))]
        if kind == "aws-secret-key":
            key_id = V.aws_key_id(self.values)
            fields.insert(0, ("aws-key-id", self.rng.choice(C.LABELS["aws-key-id"]), key_id))
        if kind in ("password", "db-password") and self.rng.random() < 0.5:
            fields.insert(0, ("plain", "user", self.values.fake().user_name()))
        return fields

    def lookalike_record(self) -> list[C.Field]:
        kind = next(self._look)
        return [(kind, self.rng.choice(C.LABELS[kind]), V.LOOKALIKES[kind](self.values))]

    def table_columns(self) -> list[tuple[str, str, list[str]]]:
        """A customer table: a name column (whole, or first/last parts) and other PII columns."""
        f, rows = self.values.fake(), self.rng.randint(3, 6)
        case = self.rng.choice([str, str.lower, str.upper])
        cols: list[tuple[str, str, list[str]]] = []
        if self.rng.random() < 0.5:
            first, last = self.rng.choice(
                [
                    ("first", "last"),
                    ("first_name", "last_name"),
                    ("Vorname", "Nachname"),
                    ("prénom", "nom"),
                ]
            )
            cols += [
                ("person-name", first, [case(f.first_name()) for _ in range(rows)]),
                ("person-name", last, [case(f.last_name()) for _ in range(rows)]),
            ]
        else:
            head = self.rng.choice(["name", "customer", "Nombre", "Kunde", "full_name", "patient"])
            cols.append(("person-name", head, [case(f.name()) for _ in range(rows)]))
        for kind in self.rng.sample(_STRUCTURED, 2):
            head = self.rng.choice(C.LABELS[kind])
            cols.append((kind, head, [V.PII[kind](self.values) for _ in range(rows)]))
        return cols


def _plants(cell: C.Cell, spots: list[C.Spot], fields: list[C.Field], look: bool) -> list[Plant]:
    secrets = dict.fromkeys([*V.SECRETS, "aws-key-id"], "secret")
    category = {**dict.fromkeys(V.PII, "pii"), **secrets}
    out = []
    for kind, _, value in fields:
        if kind == "plain":
            continue
        cat = "secret" if look and kind in ("placeholder",) else category.get(kind, "pii")
        out.append(Plant(Item(kind, cat, value, lookalike=look), cell, list(spots)))
    return out


def plant_notebook(nb: dict[str, Any], planter: HeldOutPlanter, n: int) -> list[Plant]:
    """Insert ``n`` true records, a table (half the notebooks) and n/3 look-alikes as new cells."""
    rng, plants = planter.rng, []
    for i in range(n + n // 3):
        look = i >= n
        if look:
            fields = planter.lookalike_record()
            carrier = rng.choice(list(C.PII_CARRIERS.values()))
        elif rng.random() < 0.55:
            fields, carrier = planter.pii_record(), rng.choice(list(C.PII_CARRIERS.values()))
        else:
            fields, carrier = planter.secret_record(), rng.choice(list(C.SECRET_CARRIERS.values()))
        cell, spots = carrier(rng, fields)
        nb["cells"].insert(rng.randint(0, len(nb["cells"])), cell)
        plants += _plants(cell, spots, fields, look)
    if rng.random() < 0.5:
        cols = planter.table_columns()
        cell, spots = C.table(rng, cols)
        nb["cells"].insert(rng.randint(0, len(nb["cells"])), cell)
        for kind, head, vals in cols:
            item = Item(kind, "pii", vals[0])
            plants.append(Plant(item, cell, list(spots), column=head, values=tuple(vals)))
    return plants


def build(out: Path, src: Path, *, seed: int = 15, per_notebook: int = 10) -> dict[str, Any]:
    started = time.perf_counter()
    rng = random.Random(seed)
    planter = HeldOutPlanter(rng)
    rows: dict[str, list[dict[str, Any]]] = {s: [] for s in SPLITS}
    for rel, nb in real_notebooks(src):
        split = split_of(rel, seed)
        plants = plant_notebook(nb, planter, per_notebook)
        text = L.dumps(nb)
        target = out / split / "notebooks" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        locs = L.line_locations(text)
        rows[split] += [lab for p in plants for lab in L.plant_labels(nb, p, rel, text, locs)]
    manifest: dict[str, Any] = {"seed": seed, "per_notebook": per_notebook, "source": str(src)}
    for split, labs in rows.items():
        L.write_jsonl(out / split / "labels.jsonl", labs)
        manifest[split] = {
            "notebooks": len({lab["notebook"] for lab in labs}),
            "labels": len(labs),
            "lookalikes": sum(lab["lookalike"] for lab in labs),
        }
    manifest["seconds"] = round(time.perf_counter() - started, 1)
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1))
    return manifest


def main(argv: list[str] | None = None) -> int:
    from bench.corpus import shared_notebooks

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "heldout_corpus")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--per-notebook", type=int, default=10)
    args = parser.parse_args(argv)
    src = shared_notebooks()
    if src is None:
        print("no shared corpus: set SECURE_CHECK_SHARED", file=sys.stderr)
        return 2
    print(json.dumps(build(args.out, src, seed=args.seed, per_notebook=args.per_notebook)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
