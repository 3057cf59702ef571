"""Score secure-check on one split of the held-out set; time it against detect-secrets.

Usage: python bench/heldout/run.py [--split report|tune] [--build] [--no-speed] [--jobs 2]
Prints recall per kind and per carrier, precision, look-alikes flagged, false positives per 100
unmodified shared notebooks, and the throughput ratio to detect-secrets on the same files.
Tune on ``tune``; quote ``report``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if __package__ in (None, ""):
    sys.path[:0] = [str(ROOT), str(ROOT / "src"), str(ROOT / "tests")]

from bench.corpus import shared_notebooks  # noqa: E402
from bench.heldout import build as B  # noqa: E402
from bench.labels import read_jsonl  # noqa: E402

from bench import quality, scoring, speed  # noqa: E402

TARGETS = {
    "secret_recall": 0.97,
    "secret_precision": 0.995,
    "structured_recall": 0.95,
    "people_recall": 0.75,
    "pii_precision": 0.95,
    "lookalikes_flagged": 0,
    "fp_per_100": 0.0,
    "speed_ratio": 15.0,
}
STRUCTURED = ("email", "phone", "us-ssn", "credit-card", "iban", "ip-address", "date-of-birth")
PEOPLE = ("person-name", "street-address")


def kind_of(label: dict[str, Any]) -> str:
    return str(label["type"]).removeprefix("column:")


def _recall(labels: list[dict[str, Any]], found: set[int], want: Any) -> tuple[int, int]:
    idx = [i for i, lab in enumerate(labels) if not lab["lookalike"] and want(lab)]
    return sum(i in found for i in idx), len(idx)


def evaluate(corpus: Path, split: str, jobs: int) -> dict[str, Any]:
    labels = read_jsonl(corpus / split / "labels.jsonl")
    scan = quality.scan_dir(corpus / split / "notebooks", jobs)
    pairs = scoring.match_all(scan["findings"], labels)
    base = scoring.score(pairs, labels, scan["files"])
    found = {i for _, i in pairs if i is not None}
    kinds = sorted({kind_of(lab) for lab in labels if not lab["lookalike"]})
    places = sorted({lab["place"] for lab in labels if not lab["lookalike"]})
    rep: dict[str, Any] = {
        "split": split,
        "notebooks": scan["files"],
        "labels": len(labels),
        "kinds": {k: _recall(labels, found, lambda lab, k=k: kind_of(lab) == k) for k in kinds},
        "carriers": {p: _recall(labels, found, lambda lab, p=p: lab["place"] == p) for p in places},
        "structured": _recall(labels, found, lambda lab: kind_of(lab) in STRUCTURED),
        "people": _recall(labels, found, lambda lab: kind_of(lab) in PEOPLE),
        "secret": base["secret"],
        "pii": base["pii"],
        "lookalikes_flagged": base["lookalikes_flagged"],
        "lookalike_types_flagged": base["lookalike_types_flagged"],
        "unlabelled": Counter(f["rule"] for f, i in pairs if i is None).most_common(),
        "missed": dict(list(base["missed"].items())[:25]),
    }
    return rep


def _pct(pair: tuple[int, int]) -> str:
    hit, n = pair
    return f"{100 * hit / n:5.1f}% ({hit}/{n})" if n else "  n/a"


def table(rep: dict[str, Any]) -> str:
    out = [f"held-out split '{rep['split']}': {rep['notebooks']} notebooks, {rep['labels']} labels"]
    out += ["", "recall per kind:"] + [f"  {k:<16} {_pct(v)}" for k, v in rep["kinds"].items()]
    out += ["", "recall per carrier:"] + [
        f"  {k:<16} {_pct(v)}" for k, v in rep["carriers"].items()
    ]
    s, p = rep["secret"], rep["pii"]
    out += [
        "",
        f"secrets      recall {_pct((s['found'], s['labels']))}  precision {s['precision']}"
        f"  (target >= {TARGETS['secret_recall']:.0%} at >= {TARGETS['secret_precision']:.1%})",
        f"structured   recall {_pct(rep['structured'])}  (target >= 95%)",
        f"names+addr   recall {_pct(rep['people'])}  (target >= 75%)",
        f"PII          precision {p['precision']}  ({p['false_positives']} false of"
        f" {p['findings']}; target >= 95%)",
        f"look-alikes flagged {rep['lookalikes_flagged']} {rep['lookalike_types_flagged']}"
        " (target 0)",
        f"unlabelled findings by rule: {rep['unlabelled']}",
    ]
    real = rep.get("real_corpus")
    if real:
        out.append(
            f"unmodified shared corpus: {real['false_positives']} findings on"
            f" {real['notebooks']} notebooks = {real['fp_per_100']} per 100 (target 0)"
        )
    for key in ("speed", "speed_unmodified"):
        fast = rep.get(key)
        if fast:
            cpu = max(r["cpu_ratio"] or 0 for r in fast["runs"][:-1])
            out.append(
                f"throughput ({fast['name']}): {fast['best_ratio']:.1f}x detect-secrets wall,"
                f" {cpu:.1f}x CPU, same {fast['files']} files ({fast['bytes'] / 1e6:.1f} MB;"
                " target >= 15x)"
            )
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "bench" / "heldout_corpus")
    parser.add_argument("--split", choices=B.SPLITS, default="report")
    parser.add_argument("--build", action="store_true", help="rebuild the set first")
    parser.add_argument("--no-speed", action="store_true")
    parser.add_argument("--no-real", action="store_true")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--missed", action="store_true", help="print the misses by kind@carrier")
    args = parser.parse_args(argv)
    if args.build or not (args.corpus / args.split / "labels.jsonl").exists():
        B.main(["--out", str(args.corpus)])
    rep = evaluate(args.corpus, args.split, args.jobs)
    if not args.no_real:
        rep["real_corpus"] = quality.real_corpus_findings(args.jobs)
    if not args.no_speed:
        directory = args.corpus / args.split / "notebooks"
        rep["speed"] = speed.time_set(args.split, directory, (1, 2), None, "")
        shared = shared_notebooks()
        if shared is not None:  # NOTE: no findings there: the detectors' own cost shows
            rep["speed_unmodified"] = speed.time_set("unmodified", shared, (1, 2), None, "")
    print(table(rep))
    if args.missed:
        print(json.dumps(rep["missed"], indent=1))
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / f"heldout_{args.split}.json").write_text(json.dumps(rep, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
