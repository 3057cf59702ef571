"""Scans run in worker processes with a time limit: a slow scan is stopped, not waited for."""

import json
import os
import signal
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

import hostile
from secure_check.server.edits import EditError
from secure_check.server.paths import PathError
from secure_check.server.workers import ENV_SECONDS, ScanPool, ScanStopped, _Worker


@pytest.fixture
def cells(token):
    return [{"index": 0, "cell_type": "code", "source": f"gh = '{token}'", "outputs": []}]


def test_a_scan_in_a_worker_finds_what_the_engine_finds(tmp_path, cells):
    pool = ScanPool(str(tmp_path), size=1, limit=120)
    try:
        payload = pool.call("scan_cells", "a.ipynb", cells)
        assert [f["rule"] for f in payload["findings"]] == ["github-token"]
        # And engine errors cross the process boundary with their status
        with pytest.raises(PathError) as e:
            pool.call("scan_cells", "../outside.ipynb", cells)
        assert e.value.status in (400, 403, 404)
    finally:
        pool.close()


@pytest.fixture(scope="module")
def hostile_cell():
    """A cell whose scan takes seconds: 2 MB of token assignments, each a finding (~3 s/MB).

    NOTE: not a trap family: those now scan at under 0.5 s/MB, too close to the limit below.
    """
    (cell,) = hostile.families()[f"{hostile.DENSE}secret"](2_000_000)["cells"]
    return {**cell, "index": 0}


def test_a_scan_past_the_limit_is_stopped_and_the_worker_replaced(tmp_path, cells, hostile_cell):
    # Given a warm pool with a limit far shorter than the hostile cell's scan
    pool = ScanPool(str(tmp_path), size=1, limit=0.5)
    pool.start()
    try:
        # When the hostile cell is scanned
        started = time.perf_counter()
        with pytest.raises(ScanStopped, match=r"^scan stopped after 0.5 s$"):
            pool.call("scan_cells", "a.ipynb", [hostile_cell])
        # Then it answers at the limit, and the next request gets a fresh worker
        assert 0.5 <= time.perf_counter() - started < 3
        assert pool.call("scan_cells", "a.ipynb", cells)["findings"]
    finally:
        pool.close()


def test_a_workers_start_does_not_count_against_the_limit(tmp_path):
    # Given a cold pool whose limit is shorter than a worker takes to start (~0.17 s)
    pool = ScanPool(str(tmp_path), size=1, limit=0.1)
    try:
        # When a quick request is the first one: it waits for the start, then runs in time
        assert pool.call("scan_cells", "a.ipynb", [])["stats"]["cells"] == 0
    finally:
        pool.close()


def test_a_ready_worker_is_taken_before_one_still_starting(tmp_path):
    # Given a warm pool, and a replacement worker just started at the head of the idle line
    pool = ScanPool(str(tmp_path), size=2, limit=60)
    pool.start()
    starting = _Worker(str(tmp_path))
    pool._idle.appendleft(starting)
    try:
        # When a request takes a worker, it gets a ready one, not the one still loading
        taken = pool._take()
        assert taken is not starting and taken.ready
        pool._give(taken)
    finally:
        pool.close()


def test_a_worker_that_dies_mid_request_is_reported_and_replaced(tmp_path, cells, hostile_cell):
    # Given a request running in the pool's one worker
    pool = ScanPool(str(tmp_path), size=1, limit=60)
    pool.start()
    worker = pool._idle[0]
    try:
        with ThreadPoolExecutor(1) as ex:
            slow = ex.submit(pool.call, "scan_cells", "a.ipynb", [hostile_cell])
            time.sleep(0.3)
            # When the worker is killed (as the kernel's OOM killer would)
            os.kill(worker.process.pid, signal.SIGKILL)
            # Then the request answers that, not a 500 or a hang, and the pool goes on
            lost = r"^scan worker ended unexpectedly \(exit code -9\)$"
            with pytest.raises(ScanStopped, match=lost):
                slow.result(timeout=10)
        assert pool.call("scan_cells", "a.ipynb", cells)["findings"]
    finally:
        pool.close()


def test_a_worker_that_dies_while_starting_is_reported_and_replaced(tmp_path, cells):
    # Given a pool whose one worker is killed before it is ready
    pool = ScanPool(str(tmp_path), size=1, limit=60)
    with pool._changed:
        pool._start_all()
    os.kill(pool._idle[0].process.pid, signal.SIGKILL)
    try:
        # When a request comes, it is told so, and the next one gets a fresh worker
        with pytest.raises(ScanStopped, match=r"^a scan worker could not start \(it failed"):
            pool.call("scan_cells", "a.ipynb", cells)
        assert pool.call("scan_cells", "a.ipynb", cells)["findings"]
        # And a closed pool starts new workers when it is used again
        pool.close()
        assert pool.call("scan_cells", "a.ipynb", cells)["findings"]
    finally:
        pool.close()


def test_edit_errors_keep_their_status_across_the_process_boundary(tmp_path, token):
    nb = {"cells": [{"cell_type": "code", "source": f"gh = '{token}'"}]}
    pool = ScanPool(str(tmp_path), size=1, limit=60)
    try:
        with pytest.raises(EditError) as bad_cell:
            pool.call("redact_source", nb, {"cell_index": 3, "line": 1, "fingerprint": "x"})
        with pytest.raises(EditError) as no_match:
            pool.call("redact_source", nb, {"cell_index": 0, "line": 1, "fingerprint": "x"})
        assert (bad_cell.value.status, no_match.value.status) == (400, 409)
        assert "no finding with this fingerprint" in str(no_match.value)
    finally:
        pool.close()


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        (None, 30.0),
        ("2.5", 2.5),
        ("abc", 30.0),
        ("0", 30.0),
        ("-1", 30.0),
        ("inf", 30.0),
        ("nan", 30.0),
    ],
)
def test_the_limit_comes_from_the_environment(monkeypatch, caplog, value, seconds):
    if value is None:
        monkeypatch.delenv(ENV_SECONDS, raising=False)
    else:
        monkeypatch.setenv(ENV_SECONDS, value)
    assert ScanPool("/nowhere").limit == seconds
    warned = any(ENV_SECONDS in r.getMessage() for r in caplog.records)
    assert warned == (value not in (None, "2.5"))


async def test_the_scan_route_answers_a_stopped_scan_as_an_error_entry(
    jp_fetch, jp_serverapp, cells
):
    # Given the server's scan pool with a limit no scan can meet
    pool = jp_serverapp.web_app.settings["secure_check_scan_pool"]
    pool.limit = 1e-6
    # When the panel posts cells
    body = json.dumps({"path": "a.ipynb", "cells": cells})
    response = await jp_fetch("secure-check", "scan", method="POST", body=body)
    # Then the answer is a scan result with no findings and the error, not a hang
    data = json.loads(response.body)
    assert data["findings"] == [] and data["errors"][0]["path"] == "a.ipynb"
    assert data["errors"][0]["error"].startswith("scan stopped after")
    pool.limit = 120
    response = await jp_fetch("secure-check", "scan", method="POST", body=body)
    assert [f["rule"] for f in json.loads(response.body)["findings"]] == ["github-token"]
    pool.close()


def test_the_server_fingerprints_with_its_root_project_key(tmp_path, monkeypatch, token):
    from secure_check.core import keys
    from secure_check.core.redact import fingerprint
    from secure_check.server.service import Service

    # Given a served root that is a project, and a server started in another folder
    monkeypatch.delenv(keys.ENV, raising=False)
    root, elsewhere = tmp_path / "root", tmp_path / "elsewhere"
    root.mkdir()
    elsewhere.mkdir()
    (root / "pyproject.toml").write_text("")
    monkeypatch.chdir(elsewhere)
    # When a cell is scanned through the service
    service = Service(root)
    found = service.scan_cells("a.ipynb", [{"index": 0, "source": f"gh = '{token}'"}])
    # Then its fingerprint is keyed by the root's key file, and the served folder keeps the key
    key = (root / keys.KEY_RELATIVE).read_text().strip()
    assert found["findings"][0]["fingerprint"] == fingerprint(token, key)
    assert not (elsewhere / keys.KEY_RELATIVE).exists()
