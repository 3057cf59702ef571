"""A notebook crafted to be slow cannot freeze the server through any route (issue 13).

A real Jupyter server with ``SECURE_CHECK_SCAN_SECONDS`` small and a real slow notebook (a
cell of 1.5 MB of token assignments, each a finding: about 2.5 s of scanning per MB; the traps
of tests/hostile.py now scan at under 0.5 s per MB, too fast to outlast a limit): the scan,
report, redact and clear-output routes answer "... stopped after N s" at the limit, a quick
request made at the same time answers before that, and a stopped edit leaves the file as it was.
"""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any

import pytest
from tornado.httpclient import HTTPClientError

import hostile
from secure_check.core.redact import fingerprint
from server.planted import planted, write

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:jupyter_server")
LIMIT = 1.0
SLOW, QUICK = "work/slow.ipynb", "work/leaky.ipynb"
HOSTILE_CHARS = 1_500_000  # NOTE: ~4 s of scanning, four times the limit


async def post(jp_fetch, route, body):
    return await jp_fetch("secure-check", route, method="POST", body=json.dumps(body))


async def timed(request) -> tuple[Any, float]:
    """Await a request; return its answer (or its HTTP error) and how long it took."""
    started = time.perf_counter()
    try:
        answer: Any = await request
    except HTTPClientError as e:
        answer = e
    return answer, time.perf_counter() - started


async def race(jp_fetch, slow_request) -> Any:
    """Run a slow request beside a quick scan; check the quick one was not kept waiting."""
    (slow, slow_s), (quick, quick_s) = await asyncio.gather(
        timed(slow_request), timed(post(jp_fetch, "scan", {"path": QUICK}))
    )
    assert not isinstance(quick, HTTPClientError), quick
    assert len(json.loads(quick.body)["findings"]) >= 3
    assert quick_s < LIMIT <= slow_s < LIMIT + 5, (quick_s, slow_s)
    return slow


@pytest.fixture
def jp_server_config(jp_server_config, monkeypatch):
    # NOTE: set before the server starts: the pool reads it when the extension loads
    monkeypatch.setenv("SECURE_CHECK_SCAN_SECONDS", str(LIMIT))
    return jp_server_config


@pytest.fixture
def values():
    return planted()


@pytest.fixture
def slow_path(jp_serverapp, jp_root_dir: Path, values) -> Path:
    """The hostile notebook (a token on line 1 of cell 0, then the slow text), warm workers."""
    write(jp_root_dir / QUICK, values)
    nb = hostile.families()[f"{hostile.DENSE}secret"](HOSTILE_CHARS)
    cell = nb["cells"][0]
    cell["source"] = f"gh = '{values['github']}'\n" + cell["source"]
    cell["id"], cell["outputs"] = (
        "slow",
        [{"output_type": "stream", "name": "stdout", "text": "ok\n"}],
    )
    path = jp_root_dir / SLOW
    path.write_text(json.dumps(nb), encoding="utf-8")
    pool = jp_serverapp.web_app.settings["secure_check_scan_pool"]
    assert pool.limit == LIMIT
    pool.start()
    return path


async def last_modified(jp_fetch, path=SLOW) -> str:
    reply = await jp_fetch("api", "contents", path, params={"content": "0"})
    return json.loads(reply.body)["last_modified"]


async def test_a_slow_scan_is_an_error_entry(jp_fetch, slow_path):
    answer = await race(jp_fetch, post(jp_fetch, "scan", {"path": SLOW}))
    data = json.loads(answer.body)
    assert data["findings"] == []
    assert data["errors"] == [{"path": SLOW, "error": "scan stopped after 1 s"}]


async def test_a_slow_report_is_stopped_and_the_next_one_is_made(jp_fetch, slow_path):
    # When the report of the hostile notebook is asked for beside a quick scan
    error = await race(jp_fetch, post(jp_fetch, "report", {"path": SLOW, "format": "sarif"}))
    # Then it is a 503 naming the stop, not a hang
    assert isinstance(error, HTTPClientError) and error.code == 503
    assert json.loads(error.response.body)["message"] == "report stopped after 1 s"
    # And the replaced worker makes the next report
    report = json.loads((await post(jp_fetch, "report", {"path": QUICK, "format": "sarif"})).body)
    assert '"version": "2.1.0"' in report["content"]


async def test_a_slow_redact_is_stopped_and_the_file_is_unchanged(jp_fetch, slow_path, values):
    # Given a redact the panel would send for the token on line 1 of the hostile cell
    before = slow_path.read_bytes()
    body = {
        "path": SLOW,
        "cell_index": 0,
        "line": 1,
        "fingerprint": fingerprint(values["github"]),
        "last_modified": await last_modified(jp_fetch),
    }
    # When it runs beside a quick scan
    error = await race(jp_fetch, post(jp_fetch, "redact", body))
    # Then it is a 503 naming the stop, and nothing was saved (no checkpoint either)
    assert isinstance(error, HTTPClientError) and error.code == 503
    assert json.loads(error.response.body)["message"] == "redact stopped after 1 s"
    assert slow_path.read_bytes() == before
    checkpoints = await jp_fetch("api", "contents", SLOW, "checkpoints")
    assert json.loads(checkpoints.body) == []


async def test_a_clear_output_is_saved_and_its_slow_rescan_is_an_error_entry(jp_fetch, slow_path):
    # Given the hostile notebook's version as the panel saw it
    seen = await last_modified(jp_fetch)
    # When its outputs are cleared beside a quick scan
    body = {"path": SLOW, "cell_index": 0, "last_modified": seen}
    data = json.loads((await race(jp_fetch, post(jp_fetch, "clear-output", body))).body)
    # Then the edit (bounded work, in the server) is saved; only the re-scan was stopped
    assert data["cleared"] == 1 and data["last_modified"] != seen
    assert data["errors"] == [{"path": SLOW, "error": "scan stopped after 1 s"}]
    assert json.loads(slow_path.read_text())["cells"][0]["outputs"] == []
