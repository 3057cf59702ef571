"""Scans run in worker processes with a time limit: a slow scan is stopped, not waited for."""

import json
import time

import pytest

from secure_check.server.paths import PathError
from secure_check.server.workers import ScanPool, ScanStopped


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


def test_a_scan_past_the_limit_is_stopped_and_the_worker_replaced(tmp_path, cells):
    # Given a pool whose limit is shorter than a worker takes to start and scan
    pool = ScanPool(str(tmp_path), size=1, limit=0.05)
    try:
        # When a scan is asked for
        started = time.perf_counter()
        with pytest.raises(ScanStopped, match=r"scan stopped after 0.05 s"):
            pool.call("scan_cells", "a.ipynb", cells)
        # Then it answers at the limit, and the next request gets a fresh worker
        assert time.perf_counter() - started < 10
        pool.limit = 120
        assert pool.call("scan_cells", "a.ipynb", cells)["findings"]
    finally:
        pool.close()


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
