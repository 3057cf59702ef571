"""Edits that could lose a user's work, and hidden files, through a real Jupyter server (issue 12).

The routes go through the server's ContentsManager: hidden files are refused as /api/contents
refuses them, a save made since the panel's scan is never overwritten (409), and the file keeps
its mode and hard links and gets a checkpoint.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from tornado.httpclient import HTTPClientError

from server.planted import planted, write

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:jupyter_server")
NB = "work/leaky.ipynb"


async def post(jp_fetch, route, body):
    return await jp_fetch("secure-check", route, method="POST", body=json.dumps(body))


async def scan(jp_fetch, path=NB):
    return json.loads((await post(jp_fetch, "scan", {"path": path})).body)


def aws_secret(found):
    return next(f for f in found["findings"] if (f["cell_index"], f["line"]) == (1, 3))


def redact_body(found, **extra):
    target = aws_secret(found)
    return {
        "path": found["path"],
        "cell_index": 1,
        "line": 3,
        "fingerprint": target["fingerprint"],
        "last_modified": found["last_modified"],
        **extra,
    }


@pytest.fixture
def nb_path(jp_root_dir: Path) -> Path:
    return write(jp_root_dir / "work" / "leaky.ipynb", planted())


@pytest.mark.parametrize("hidden", [".private/leaky.ipynb", "work/.leaky.ipynb"])
@pytest.mark.parametrize("route", ["scan", "report", "redact", "clear-output"])
async def test_hidden_files_are_refused_like_the_contents_api(jp_fetch, jp_root_dir, hidden, route):
    # Given a hidden notebook the Contents API would not serve (allow_hidden is off)
    path = write(jp_root_dir / hidden, planted())
    before = path.read_bytes()
    with pytest.raises(HTTPClientError) as api:
        await jp_fetch("api", "contents", hidden, method="GET")
    # When a secure-check route is asked for it
    with pytest.raises(HTTPClientError) as e:
        await post(jp_fetch, route, {"path": hidden, "format": "html", "last_modified": "x"})
    # Then it is refused the same way, and the file is untouched
    assert e.value.code == api.value.code == 404
    message = json.loads(e.value.response.body)["message"]
    assert f"{hidden!r} is hidden" in message and "allow_hidden" in message
    assert path.read_bytes() == before


async def test_a_save_made_since_the_scan_is_not_overwritten(jp_fetch, nb_path):
    # Given the panel scanned the notebook, then the user saved new work through Jupyter
    found = await scan(jp_fetch)
    model = json.loads((await jp_fetch("api", "contents", NB, method="GET")).body)
    model["content"]["cells"][0]["source"] = "# the user's new paragraph\n"
    os.utime(nb_path, (1, 1))  # NOTE: an mtime far from now, so the save surely changes it
    await jp_fetch(
        "api",
        "contents",
        NB,
        method="PUT",
        body=json.dumps({"type": "notebook", "format": "json", "content": model["content"]}),
    )
    saved = nb_path.read_bytes()
    # When a redact made from the old scan arrives
    with pytest.raises(HTTPClientError) as e:
        await post(jp_fetch, "redact", redact_body(found))
    # Then it is refused with 409 and a message, and the user's save is intact
    assert e.value.code == 409
    assert "changed on disk since it was scanned" in json.loads(e.value.response.body)["message"]
    assert nb_path.read_bytes() == saved


@pytest.mark.parametrize("route", ["redact", "clear-output"])
async def test_an_edit_without_the_version_seen_is_refused(jp_fetch, nb_path, route):
    found = await scan(jp_fetch)
    body = redact_body(found)
    del body["last_modified"]
    before = nb_path.read_bytes()
    with pytest.raises(HTTPClientError) as e:
        await post(jp_fetch, route, body)
    assert e.value.code == 428
    assert nb_path.read_bytes() == before


async def test_redact_keeps_mode_hard_links_and_a_checkpoint(jp_fetch, nb_path, jp_root_dir):
    # Given a notebook readable by the group, with a second hard link
    os.chmod(nb_path, 0o640)
    twin = jp_root_dir / "work" / "twin.ipynb"
    os.link(nb_path, twin)
    found = await scan(jp_fetch)
    # When a secret is redacted
    r = await post(jp_fetch, "redact", redact_body(found))
    # Then the same file changed in place: mode and link kept, and a checkpoint was made
    assert stat.S_IMODE(nb_path.stat().st_mode) == 0o640
    assert nb_path.stat().st_ino == twin.stat().st_ino
    assert "os.environ" in twin.read_text()
    checkpoints = json.loads((await jp_fetch("api", "contents", NB, "checkpoints")).body)
    assert len(checkpoints) == 1
    assert json.loads(r.body)["last_modified"] != found["last_modified"]


class TestAllowHidden:
    """With ``ContentsManager.allow_hidden`` on, the routes serve hidden files like the API."""

    @pytest.fixture
    def jp_server_config(self, jp_server_config):
        return {**jp_server_config, "ContentsManager": {"allow_hidden": True}}

    async def test_hidden_files_are_served_and_edited_when_allowed(self, jp_fetch, jp_root_dir):
        path = write(jp_root_dir / ".private" / "leaky.ipynb", planted())
        await jp_fetch("api", "contents", ".private/leaky.ipynb", method="GET")
        found = await scan(jp_fetch, ".private/leaky.ipynb")
        assert len(found["findings"]) >= 3
        await post(jp_fetch, "redact", redact_body(found))
        assert "os.environ" in path.read_text()
