"""Score secure-check (in-process Scanner) and detect-secrets on the labelled corpus.

Usage: python bench/quality.py [--corpus bench/corpus] [--jobs 2] [--no-detect-secrets]
Also scans the UNMODIFIED shared corpus and lists every finding there as a false positive.
"""

from __future__ import annotations

import argparse
import importlib
import json
import multiprocessing
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if __package__ in (None, ""):  # run as a script: make the repo, src/ and tests/ importable
    sys.path[:0] = [str(ROOT), str(ROOT / "src"), str(ROOT / "tests")]

from bench.labels import read_jsonl  # noqa: E402
from bench.report import quality_table  # noqa: E402

from bench import dsecrets, scoring  # noqa: E402

ERR_NO_CORPUS = "no labelled corpus at {path}: run python bench/corpus.py first"
_SCANNER: Any = None


def make_scanner() -> Any:
    """The real registry's Scanner; while an analyzer module is missing, the ones that exist."""
    from secure_check.core.registry import Analyzer, _subclasses
    from secure_check.core.scan import Scanner

    try:
        return Scanner()
    except ImportError:
        for name in ("secure_check.detectors.secrets.analyzer", "secure_check.detectors.pii.analyzer"):
            try:
                importlib.import_module(name)
            except ImportError as e:
                print(
                    f"[bench] analyzer missing, scanning without it: {name} ({e})", file=sys.stderr
                )
        found = [
            c()
            for c in _subclasses(Analyzer)
            if c.__module__.startswith("secure_check.")
            and not getattr(c, "__abstractmethods__", None)
        ]
        return Scanner(found)


def _init() -> None:
    global _SCANNER
    _SCANNER = make_scanner()


def _scan_one(job: tuple[str, str]) -> tuple[str, list[dict[str, Any]], str | None, int]:
    result = _SCANNER.scan_file(Path(job[0]), job[1])
    return job[1], [f.to_dict() for f in result.findings], result.error, result.bytes


def scan_dir(directory: Path, jobs: int = 2) -> dict[str, Any]:
    """Scan every notebook under ``directory``; findings as dicts with paths relative to it."""
    from secure_check.core.scan import iter_files

    todo = [(str(f), rel) for f, rel in iter_files([directory])]
    started = time.perf_counter()
    if jobs > 1:
        with multiprocessing.get_context("fork").Pool(jobs, initializer=_init) as pool:
            done = pool.map(_scan_one, todo, chunksize=1)
    else:
        _init()
        done = [_scan_one(j) for j in todo]
    findings = [f for _, fs, _, _ in done for f in fs]
    errors = [{"path": rel, "error": err} for rel, _, err, _ in done if err]
    return {
        "findings": findings,
        "errors": errors,
        "files": len(todo),
        "bytes": sum(b for *_, b in done),
        "seconds": round(time.perf_counter() - started, 2),
    }


def real_corpus_findings(jobs: int) -> dict[str, Any] | None:
    """Every finding on the unmodified shared corpus (it holds no real secrets: all are false)."""
    from bench.corpus import shared_notebooks

    src = shared_notebooks()
    if src is None:
        return None
    scan = scan_dir(src, jobs)
    rows = [
        {
            k: f[k]
            for k in ("rule", "category", "path", "cell_index", "where", "kind", "line", "preview")
        }
        for f in scan["findings"]
    ]
    return {
        "notebooks": scan["files"],
        "bytes": scan["bytes"],
        "seconds": scan["seconds"],
        "false_positives": len(rows),
        "fp_per_100": round(100 * len(rows) / max(scan["files"], 1), 2),
        "findings": rows,
        "errors": scan["errors"],
    }


def run(
    corpus: Path, results: Path, *, jobs: int = 2, detect_secrets: bool = True, real: bool = True
) -> dict[str, Any]:
    """Score the corpus; write ``results``/quality.json and return the report."""
    if not (corpus / "labels.jsonl").exists():
        raise FileNotFoundError(ERR_NO_CORPUS.format(path=corpus))
    labels = read_jsonl(corpus / "labels.jsonl")
    manifest = json.loads((corpus / "manifest.json").read_text())
    scan = scan_dir(corpus / "notebooks", jobs)
    pairs = scoring.match_all(scan["findings"], labels)
    report = scoring.score(pairs, labels, scan["files"])
    report.update(
        seconds=scan["seconds"],
        bytes=scan["bytes"],
        errors=scan["errors"],
        unlabelled=[_brief(f) for f, i in pairs if i is None][:200],
    )
    if detect_secrets:
        data = dsecrets.run(
            corpus / "notebooks", results / "detect_secrets_raw.json", corpus_key(manifest)
        )
        report["detect_secrets"] = dsecrets.score(data, labels, scan["files"])
    if real:
        report["real_corpus"] = real_corpus_findings(jobs)
    results.mkdir(parents=True, exist_ok=True)
    (results / "quality.json").write_text(json.dumps(report, indent=1))
    return report


def corpus_key(manifest: dict[str, Any]) -> str:
    """Identifies one build of the corpus (for the detect-secrets cache)."""
    return f"{manifest['seed']}:{manifest['scale']}:{manifest['bytes']}:{manifest['labels']}"


def _brief(f: dict[str, Any]) -> dict[str, Any]:
    return {
        k: f[k]
        for k in ("rule", "path", "cell_index", "where", "kind", "line", "column", "preview")
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "bench" / "corpus")
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "results")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--no-detect-secrets", action="store_true")
    parser.add_argument("--no-real", action="store_true", help="skip the unmodified shared corpus")
    args = parser.parse_args(argv)
    report = run(
        args.corpus,
        args.results,
        jobs=args.jobs,
        detect_secrets=not args.no_detect_secrets,
        real=not args.no_real,
    )
    print(quality_table(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
