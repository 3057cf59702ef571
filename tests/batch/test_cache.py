"""The content-hash cache: a second run opens no notebook; edits, copies and new rules behave."""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from secure_check.batch.cache import ResultCache, scan_cached
from secure_check.batch.pool import scan_files
from secure_check.cli.main import main

_OPENED: list[str] = []
_RECORDING: list[bool] = [False]


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if event == "open" and _RECORDING[0] and args and isinstance(args[0], (str, Path)):
        _OPENED.append(str(args[0]))


sys.addaudithook(_audit)  # NOTE: audit hooks cannot be removed; it records only when asked.


def opened_during(fn: Callable[[], Any]) -> tuple[Any, list[str]]:
    _OPENED.clear()
    _RECORDING[0] = True
    try:
        return fn(), list(_OPENED)
    finally:
        _RECORDING[0] = False


def scan_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any], str]:
    # NOTE: the audit log stays on: it reuses the digests of the scan and the cache.
    code = main(["scan", "--no-progress", "-j", "1", "--format", "json", *args])
    out, err = capsys.readouterr()
    return code, json.loads(out), err


@pytest.fixture
def corpus(tmp_path: Path, make_nb: Callable[..., Path], token: str, email: str) -> Path:
    folder = tmp_path / "nbs"
    make_nb(folder / "leaky.ipynb", f'TOKEN = "{token}"', f'print("{email}")')
    make_nb(folder / "clean.ipynb", "x = 1")
    make_nb(folder / "sub" / "other.ipynb", f'print("{email}")')
    return folder


def test_second_run_opens_no_notebook(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a first cached run
    cache = str(tmp_path / "cache")
    (code1, first, err1), opened = opened_during(
        lambda: scan_json(capsys, "--cache", cache, str(corpus))
    )
    assert "cache: 0 of 3 file(s)" in err1
    assert len({p for p in opened if p.endswith(".ipynb")}) == 3  # NOTE: the probe sees opens.
    # When the same folder is scanned again
    (code2, second, err2), opened = opened_during(
        lambda: scan_json(capsys, "--cache", cache, str(corpus))
    )
    # Then every file is a hit without opening it, and the report is identical
    assert "cache: 3 of 3 file(s)" in err2 and "(3 unopened)" in err2
    assert not [p for p in opened if p.endswith(".ipynb")]
    assert (code1, first["findings"]) == (code2, second["findings"])
    assert len(first["findings"]) == 3


def test_edit_copy_and_rules(
    corpus: Path, tmp_path: Path, make_nb: Callable[..., Path], token: str
) -> None:
    # Given a warm cache
    files = [(p, p.name) for p in sorted(corpus.rglob("*.ipynb"))]
    cache = ResultCache(tmp_path / "cache", key="k1")
    list(scan_cached(files, cache, lambda todo: scan_files(todo, jobs=1)))
    # When one notebook is edited, one copied under a new name, and the rules change
    make_nb(corpus / "clean.ipynb", f'T = "{token}"')
    shutil.copy(corpus / "leaky.ipynb", corpus / "copy.ipynb")
    files = [(p, p.name) for p in sorted(corpus.rglob("*.ipynb"))]
    again = ResultCache(tmp_path / "cache", key="k1")
    results = list(scan_cached(files, again, lambda todo: scan_files(todo, jobs=1)))
    new_rules = ResultCache(tmp_path / "cache", key="k2")
    list(scan_cached(files, new_rules, lambda todo: scan_files(todo, jobs=1)))
    # Then the edit is a miss, the copy a content hit under its own path, new rules miss all
    by_name = {r.path: r for r in results}
    assert [f.rule for f in by_name["clean.ipynb"].findings] == ["github-token"]
    assert {f.path for f in by_name["copy.ipynb"].findings} == {"copy.ipynb"}
    assert (again.stats.stat_hits, again.stats.content_hits, again.stats.misses) == (2, 1, 1)
    assert (new_rules.stats.hits, new_rules.stats.misses) == (0, 4)


def test_cache_holds_no_raw_value_and_survives_damage(
    corpus: Path, tmp_path: Path, token: str, email: str
) -> None:
    # Given a warm cache
    files = [(p, p.name) for p in sorted(corpus.rglob("*.ipynb"))]
    cache = ResultCache(tmp_path / "cache", key="k")
    list(scan_cached(files, cache, lambda todo: scan_files(todo, jobs=1)))
    stored = [p.read_text() for p in (tmp_path / "cache").rglob("*.json")]
    # Then no raw value was written
    assert stored and not [s for s in stored if token in s or email in s]
    # When every entry is damaged
    for p in (tmp_path / "cache").rglob("*.json"):
        p.write_text("{not json")
    damaged = ResultCache(tmp_path / "cache", key="k")
    results = list(scan_cached(files, damaged, lambda todo: scan_files(todo, jobs=1)))
    # Then they are misses, rescanned, never a crash
    assert damaged.stats.misses == 3
    assert sum(len(r.findings) for r in results) == 3


def test_baseline_acceptance_is_not_cached(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a cached run that accepted every finding into a baseline
    cache, baseline = str(tmp_path / "cache"), str(tmp_path / "baseline.json")
    scan_json(capsys, "--cache", cache, "--baseline", baseline, "--update-baseline", str(corpus))
    # When scanned again from the cache without the baseline
    code, doc, _ = scan_json(capsys, "--cache", cache, str(corpus))
    # Then the findings are live again
    assert code == 1
    assert not any(f["accepted"] for f in doc["findings"])
