"""The /secure-check/* REST routes against a real Jupyter server (pytest-jupyter)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tornado.httpclient import HTTPClientError

from secure_check.core.baseline import BASELINE_RELATIVE
from secure_check.core.findings import SCAN_SCHEMA
from secure_check.server import paths, service
from server.planted import planted, write

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:jupyter_server")

ROUTES = [
    ("scan", "POST"), ("baseline", "GET"), ("baseline", "POST"),
    ("report", "POST"), ("redact", "POST"), ("clear-output", "POST"),
]


async def post(jp_fetch, route, body, **kw):
    return await jp_fetch("secure-check", route, method="POST", body=json.dumps(body), **kw)


async def version(jp_fetch, path="work/leaky.ipynb"):
    """The ``last_modified`` a scan answers: what the panel sends back with an edit."""
    return json.loads((await post(jp_fetch, "scan", {"path": path})).body)["last_modified"]


@pytest.fixture
def values():
    return planted()


@pytest.fixture
def nb_path(jp_root_dir: Path, values) -> Path:
    return write(jp_root_dir / "work" / "leaky.ipynb", values)


@pytest.mark.parametrize(("route", "method"), ROUTES)
async def test_every_route_refuses_anonymous(jp_fetch, nb_path, route, method):
    # Given a request without credentials
    body = json.dumps({"path": "work/leaky.ipynb"}) if method == "POST" else None
    # When it reaches the route
    with pytest.raises(HTTPClientError) as e:
        await jp_fetch("secure-check", route, method=method, body=body,
                       headers={"Authorization": ""})
    # Then it is refused and the notebook is untouched
    assert e.value.code == 403
    assert "os.environ" not in nb_path.read_text()


@pytest.mark.parametrize(("path", "code", "message"), [
    ("../outside.ipynb", 403, paths.ERR_TRAVERSAL),
    ("work/../../outside.ipynb", 403, paths.ERR_TRAVERSAL),
    ("/etc/passwd", 403, paths.ERR_ABSOLUTE),
    ("C:\\Windows\\win.ini", 403, paths.ERR_ABSOLUTE),
    ("escape/leaky.ipynb", 403, paths.ERR_ESCAPES),
    ("work/missing.ipynb", 404, paths.ERR_NOT_FOUND),
    ("", 400, paths.ERR_NO_PATH),
])
@pytest.mark.parametrize("route", ["scan", "report", "redact", "clear-output"])
async def test_paths_outside_the_root_are_refused(
    jp_fetch, jp_root_dir, tmp_path_factory, nb_path, route, path, code, message
):
    # Given a notebook outside the root, reachable through a symlink inside it
    outside = write(tmp_path_factory.mktemp("outside") / "leaky.ipynb", planted(1))
    (jp_root_dir / "escape").symlink_to(outside.parent, target_is_directory=True)
    # When a route is asked for the path
    with pytest.raises(HTTPClientError) as e:
        await post(jp_fetch, route, {"path": path, "format": "html", "cell_index": 1,
                                     "line": 2, "fingerprint": "x"})
    # Then the answer is the specific refusal
    assert e.value.code == code
    reason = json.loads(e.value.response.body)["message"]
    assert reason == message.format(path=path)


async def test_scan_finds_planted_secrets_without_raw_values(jp_fetch, nb_path, values):
    # When the notebook is scanned by path
    r = await post(jp_fetch, "scan", {"path": "work/leaky.ipynb"})
    # Then the AWS pair and the token are found, located, and no raw value is in the answer
    text = r.body.decode()
    data = json.loads(text)
    assert data["schema"] == SCAN_SCHEMA and data["path"] == "work/leaky.ipynb"
    located = {(f["cell_index"], f["line"]) for f in data["findings"]}
    assert {(1, 2), (1, 3), (2, 1)} <= located
    assert all(v not in text for v in values.values())


async def test_posted_cells_are_scanned_incrementally(jp_fetch, jp_root_dir, values):
    # Given one edited cell of an unsaved notebook
    cell = {"index": 4, "cell_type": "code", "source": f'k = "{values["github"]}"', "metadata": {}}
    # When only that cell is posted
    r = await post(jp_fetch, "scan", {"path": "draft.ipynb", "cells": [cell]})
    # Then its finding comes back at cell 4, and nothing was written
    data = json.loads(r.body)
    assert data["scanned"] == [4]
    assert [(f["cell_index"], f["line"]) for f in data["findings"]] == [(4, 1)]
    assert values["github"] not in r.body.decode()
    assert not (jp_root_dir / "draft.ipynb").exists()


@pytest.mark.parametrize("cells", [{"index": 0}, [{"source": "x"}], [{"index": -1}], ["x"]])
async def test_malformed_cells_are_a_400(jp_fetch, cells):
    with pytest.raises(HTTPClientError) as e:
        await post(jp_fetch, "scan", {"path": "a.ipynb", "cells": cells})
    assert e.value.code == 400
    assert json.loads(e.value.response.body)["message"] == service.ERR_CELLS


async def test_accept_writes_baseline_and_rescan_marks_accepted(jp_fetch, jp_root_dir, nb_path):
    # Given the findings of the notebook
    found = json.loads((await post(jp_fetch, "scan", {"path": "work/leaky.ipynb"})).body)
    token = next(f for f in found["findings"] if f["cell_index"] == 2)
    # When one is accepted with a reason
    await post(jp_fetch, "baseline", {"finding": token, "reason": "revoked test token"})
    # Then the baseline file holds it, GET shows it, and a rescan marks only it accepted
    on_disk = json.loads((jp_root_dir / BASELINE_RELATIVE).read_text())
    assert [(e["fingerprint"], e["reason"]) for e in on_disk["entries"]] == [
        (token["fingerprint"], "revoked test token")]
    listed = json.loads((await jp_fetch("secure-check", "baseline")).body)
    assert listed["entries"] == on_disk["entries"]
    again = json.loads((await post(jp_fetch, "scan", {"path": "work/leaky.ipynb"})).body)
    accepted = {(f["cell_index"], f["accepted"]) for f in again["findings"]}
    assert (2, True) in accepted and (1, False) in accepted


@pytest.mark.parametrize(("body", "message"), [
    ({"finding": {"path": "a"}, "reason": "x"}, "'finding' must be"),
    ({"finding": None, "reason": "x"}, "'finding' must be"),
    ({"reason": "   "}, service.ERR_REASON),
])
async def test_accept_rejects_bad_bodies(jp_fetch, jp_root_dir, body, message):
    with pytest.raises(HTTPClientError) as e:
        await post(jp_fetch, "baseline", body)
    assert e.value.code == 400
    assert json.loads(e.value.response.body)["message"].startswith(message)
    assert not (jp_root_dir / BASELINE_RELATIVE).exists()


async def test_redact_rewrites_the_literal_on_disk(jp_fetch, nb_path, values):
    # Given the AWS secret key finding (cell 1, line 3)
    found = json.loads((await post(jp_fetch, "scan", {"path": "work/leaky.ipynb"})).body)
    target = next(f for f in found["findings"] if (f["cell_index"], f["line"]) == (1, 3))
    # When it is redacted
    r = await post(jp_fetch, "redact", {"path": "work/leaky.ipynb", "cell_index": 1,
                                        "line": 3, "fingerprint": target["fingerprint"],
                                        "last_modified": found["last_modified"]})
    # Then the file reads the variable from the environment and the raw value is gone
    data = json.loads(r.body)
    source = "".join(json.loads(nb_path.read_text())["cells"][1]["source"])
    assert data["name"] == "AWS_SECRET_ACCESS_KEY"
    assert 'aws_secret_access_key = os.environ["AWS_SECRET_ACCESS_KEY"]' in source
    assert source.startswith("import os\n")
    assert values["aws_secret"] not in nb_path.read_text()
    assert values["aws_id"] in source  # only the finding asked for is touched
    assert target["fingerprint"] not in {f["fingerprint"] for f in data["findings"]}
    assert all(v not in r.body.decode() for v in values.values())


async def test_redact_of_stale_fingerprint_is_a_409(jp_fetch, nb_path):
    before = nb_path.read_bytes()
    seen = await version(jp_fetch)
    with pytest.raises(HTTPClientError) as e:
        await post(jp_fetch, "redact", {"path": "work/leaky.ipynb", "cell_index": 1,
                                        "line": 3, "fingerprint": "sc1:nothing",
                                        "last_modified": seen})
    assert e.value.code == 409
    assert nb_path.read_bytes() == before


async def test_clear_output_empties_one_cell_on_disk(jp_fetch, nb_path):
    r = await post(jp_fetch, "clear-output", {"path": "work/leaky.ipynb", "cell_index": 2,
                                              "last_modified": await version(jp_fetch)})
    assert json.loads(r.body)["cleared"] == 1
    cells = json.loads(nb_path.read_text())["cells"]
    assert cells[2]["outputs"] == [] and cells[2]["execution_count"] is None


@pytest.mark.parametrize(("fmt", "ctype", "marker"), [
    ("html", "text/html", "<html"),
    ("sarif", "application/sarif+json", '"version": "2.1.0"'),
])
async def test_report_downloads_without_raw_values(jp_fetch, nb_path, values, fmt, ctype, marker):
    # When a report of the notebook is asked for
    r = await post(jp_fetch, "report", {"path": "work/leaky.ipynb", "format": fmt})
    # Then it comes as a named file of the right type, with no raw value in it
    data = json.loads(r.body)
    assert data["media_type"].startswith(ctype)
    assert data["filename"] == f"leaky.secure-check.{fmt}"
    assert marker in data["content"].lower() if fmt == "html" else marker in data["content"]
    assert "cell" in data["content"].lower()
    assert all(v not in r.body.decode() for v in values.values())


async def test_report_rejects_unknown_format(jp_fetch, nb_path):
    with pytest.raises(HTTPClientError) as e:
        await post(jp_fetch, "report", {"path": "work/leaky.ipynb", "format": "pdf"})
    assert e.value.code == 400
    assert json.loads(e.value.response.body)["message"] == service.ERR_FORMAT.format(fmt="pdf")


async def test_scanner_is_built_once_per_server(jp_fetch, jp_serverapp, nb_path, values):
    # Given two scans, one by path and one of posted cells
    await post(jp_fetch, "scan", {"path": "work/leaky.ipynb"})
    svc = jp_serverapp.web_app.settings["secure_check_service"]
    first = svc.scanner
    cell = {"index": 0, "cell_type": "code", "source": f'k = "{values["github"]}"'}
    await post(jp_fetch, "scan", {"path": "work/leaky.ipynb", "cells": [cell]})
    # Then both used the same scanner (analyzers are costly to build)
    assert svc.scanner is first
