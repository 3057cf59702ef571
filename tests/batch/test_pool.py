"""The process pool: --jobs parity, fork and spawn pools, progress bar, default job count."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from secure_check.cli.exit import EXIT_ERROR
from secure_check.cli.main import main


def scan_json(capsys, *args):
    code = main(["scan", "--no-progress", "--format", "json", *args])
    return code, json.loads(capsys.readouterr().out)


def test_jobs_2_gives_the_same_report_as_jobs_1(capsys, tmp_path, nbk, planted):
    # Given: a tree of many notebooks of different sizes, some leaky, some broken
    root = tmp_path / "repo"
    (root / "broken").mkdir(parents=True)
    (root / "broken" / "cut.ipynb").write_text('{"cells": [', encoding="utf-8")
    (root / "broken" / "list.ipynb").write_text("[]", encoding="utf-8")
    for i in range(12):
        source = f'KEY = "{planted["github"]}"' if i % 3 == 0 else f"x = {i}"
        nbk.write(
            root / f"nb{i:02d}.ipynb",
            [nbk.code(source), nbk.code("print(1)", nbk.stream(planted["email"] + "\n" * i * 500))],
        )
    # When
    one = scan_json(capsys, str(root), "--jobs", "1")
    two = scan_json(capsys, str(root), "--jobs", "2")
    # Then
    assert one[0] == two[0] == EXIT_ERROR
    for key in ("findings", "errors"):
        assert one[1][key] == two[1][key]
    drop = {"seconds"}
    assert {k: v for k, v in one[1]["stats"].items() if k not in drop} == {
        k: v for k, v in two[1]["stats"].items() if k not in drop
    }


def test_progress_bar_goes_to_stderr_when_asked(capsys, tmp_path, nbk):
    # Given
    from secure_check.batch.pool import scan_files

    files = [
        (nbk.write(tmp_path / f"n{i}.ipynb", [nbk.code("x = 1")]), f"n{i}.ipynb") for i in range(3)
    ]
    # When
    results = list(scan_files(files, jobs=1, progress=True))
    # Then
    err = capsys.readouterr().err
    assert [r.path for r in results] == ["n0.ipynb", "n1.ipynb", "n2.ipynb"]
    assert "0/3" in err and "file/s" in err


def test_spawned_workers_give_the_same_results(tmp_path, nbk, planted):
    # Given: a second thread alive, so the pool must not fork (it spawns fresh interpreters)
    import threading

    from secure_check.batch.pool import _context, scan_files

    files = [
        (
            nbk.write(tmp_path / f"s{i}.ipynb", [nbk.code(f'K = "{planted["github"]}"')]),
            f"s{i}.ipynb",
        )
        for i in range(3)
    ]
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert _context().get_start_method() == "spawn"
        # When
        spawned = list(scan_files(files, jobs=2, progress=False))
    finally:
        stop.set()
        thread.join()
    # Then
    in_process = list(scan_files(files, jobs=1, progress=False))
    key = [(r.path, r.findings, r.error, r.cells, r.bytes) for r in spawned]
    assert key == [(r.path, r.findings, r.error, r.cells, r.bytes) for r in in_process]
    assert all(r.findings for r in spawned)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("max 100000\n", None),
        ("200000 100000\n", 2),
        ("150000 100000", 2),
        ("50000 100000", 1),
        ("", None),
    ],
)
def test_cgroup_quota_caps_the_default_jobs(tmp_path, content, expected):
    from secure_check.batch.pool import _cgroup_quota

    cpu_max = tmp_path / "cpu.max"
    cpu_max.write_text(content)
    assert _cgroup_quota(str(cpu_max)) == expected
    assert _cgroup_quota(str(tmp_path / "missing")) is None


def test_the_cli_forks_its_workers_when_single_threaded(tmp_path, nbk):
    # Given: three notebooks, and a fresh interpreter (single-threaded, the CLI's case: earlier
    # tests leave threads behind, Dask's among them) that records the pool's start method
    for i in range(3):
        nbk.write(tmp_path / f"f{i}.ipynb", [nbk.code("x = 1")])
    code = (
        "import json, sys\n"
        "from secure_check.batch import pool\n"
        "from secure_check.cli.main import main\n"
        "chosen, real = [], pool._context\n"
        "pool._context = lambda: chosen.append(real()) or chosen[-1]\n"
        f"main(['scan', {str(tmp_path)!r}, '--jobs', '2', '--format', 'json'])\n"
        "print(json.dumps([c.get_start_method() for c in chosen]), file=sys.stderr)\n"
    )
    # When: the CLI scans them with two workers
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    # Then: the pool was forked, not spawned
    assert json.loads(done.stderr.splitlines()[-1]) == ["fork"], done.stderr
    assert json.loads(done.stdout)["stats"]["notebooks"] == 3
