"""--dask: the same scan on a real dask.distributed LocalCluster (2 worker processes)."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from secure_check.batch.cluster import ERR_CONNECT, scan_on_dask
from secure_check.batch.pool import scan_files
from secure_check.cli.main import main

pytestmark = [
    pytest.mark.slow,
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::UserWarning:distributed"),
]


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as c:
        yield c


@pytest.fixture
def corpus(tmp_path: Path, make_nb: Callable[..., Path], token: str, email: str) -> Path:
    for i in range(24):
        body = [f'TOKEN_{i} = "{token}"'] if i % 3 == 0 else [f"x = {i}"]
        if i % 4 == 0:
            body.append(f'print("{email}")')
        make_nb(tmp_path / "nbs" / f"d{i % 3}" / f"nb{i:02d}.ipynb", *body)
    (tmp_path / "nbs" / "broken.ipynb").write_text("{not a notebook")
    return tmp_path / "nbs"


@pytest.mark.parametrize("window", [3, 20])  # one file per task; tasks of five files
def test_same_results_in_input_order_with_a_small_window(
    cluster: Any, corpus: Path, window: int
) -> None:
    # Given 25 files (one malformed) and the local scan's results
    files = [(p, p.relative_to(corpus).as_posix()) for p in sorted(corpus.rglob("*.ipynb"))]
    local = list(scan_files(files, jobs=1))
    # When scanned on the cluster with at most ``window`` files in flight or buffered
    remote = list(scan_on_dask(files, cluster.scheduler_address, window=window))
    # Then the results are the same, in the same order, errors included
    assert [r.path for r in remote] == [shown for _, shown in files]
    assert [[f.to_dict() for f in r.findings] for r in remote] == [
        [f.to_dict() for f in r.findings] for r in local
    ]
    assert [r.error is not None for r in remote].count(True) == 1
    assert sum(len(r.findings) for r in remote) == 8 + 6


def test_cli_dask_matches_local_scan(
    cluster: Any, corpus: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given the local CLI report of a folder given relative to the current one
    monkeypatch.chdir(corpus)
    args = ["scan", "--no-progress", "--format", "json", "."]
    local_code = main([*args, "-j", "1"])
    local = json.loads(capsys.readouterr().out)
    # When the same scan runs with --dask
    code = main([*args, "--dask", cluster.scheduler_address])
    remote = json.loads(capsys.readouterr().out)
    # Then the findings and exit code match (2: one unreadable notebook)
    assert (code, remote["findings"]) == (local_code, local["findings"]) == (2, local["findings"])


def test_unreachable_scheduler_is_a_clear_error(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given an address nobody listens on
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    # When scanning with it
    code = main(["scan", "--no-progress", "--dask", address, str(corpus)])
    # Then exit 2 with the reason
    assert code == 2
    assert ERR_CONNECT.format(address=address, detail="").rstrip() in capsys.readouterr().err
