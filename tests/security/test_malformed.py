"""Malformed input gets a 4xx or exit 2 that names the problem, never a 500 or a hang."""

from __future__ import annotations

import json
import os

import nbformat
import pytest
from tornado.httpclient import HTTPClientError

from secure_check.cli import main
from server.planted import planted, write

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:jupyter_server")
DEEP = "[" * 100_000 + "]" * 100_000


async def post(jp_fetch, route, body):
    text = body if isinstance(body, str) else json.dumps(body)
    return await jp_fetch("secure-check", route, method="POST", body=text)


async def refused(jp_fetch, route, body):
    with pytest.raises(HTTPClientError) as e:
        await post(jp_fetch, route, body)
    return e.value.code, json.loads(e.value.response.body)["message"]


async def test_a_very_long_path_is_a_400(jp_fetch):
    code, message = await refused(jp_fetch, "scan", {"path": "a" * 5000 + ".ipynb"})
    assert code == 400 and "cannot be resolved: File name too long" in message


async def test_a_symlink_loop_is_a_400(jp_fetch, jp_root_dir):
    os.symlink("l2.ipynb", jp_root_dir / "l1.ipynb")
    os.symlink("l1.ipynb", jp_root_dir / "l2.ipynb")
    code, message = await refused(jp_fetch, "scan", {"path": "l1.ipynb"})
    assert code == 400 and "symbolic link loop" in message


async def test_a_deeply_nested_request_body_is_a_400(jp_fetch):
    code, message = await refused(jp_fetch, "scan", '{"path": ' + DEEP + "}")
    assert code == 400 and message == "the request body must be a JSON object"


async def test_a_deeply_nested_notebook_is_a_422(jp_fetch, jp_root_dir):
    (jp_root_dir / "deep.ipynb").write_text(DEEP)
    code, message = await refused(jp_fetch, "scan", {"path": "deep.ipynb"})
    assert code == 422 and "nested too deeply" in message


async def test_outputs_that_are_not_a_list_still_scan(jp_fetch, jp_root_dir):
    nb = json.loads(json.dumps(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x")])))
    nb["cells"][0]["outputs"] = 5
    (jp_root_dir / "odd.ipynb").write_text(json.dumps(nb))
    r = await post(jp_fetch, "scan", {"path": "odd.ipynb"})
    assert json.loads(r.body)["findings"] == []


async def test_redact_with_a_name_that_is_not_text_is_a_400(jp_fetch, jp_root_dir):
    write(jp_root_dir / "leaky.ipynb", planted())
    found = json.loads((await post(jp_fetch, "scan", {"path": "leaky.ipynb"})).body)
    target = found["findings"][0]
    body = {"path": "leaky.ipynb", "cell_index": target["cell_index"], "line": target["line"],
            "fingerprint": target["fingerprint"], "name": 5,
            "last_modified": found.get("last_modified")}  # fmt: skip
    code, message = await refused(jp_fetch, "redact", body)
    assert code == 400 and "environment variable name 5" in message


async def test_a_percent_in_a_path_is_shown_as_written(jp_fetch):
    code, message = await refused(jp_fetch, "scan", {"path": "50%_off.ipynb"})
    assert code == 404 and "'50%_off.ipynb'" in message and "%%" not in message


def test_cli_names_a_deeply_nested_notebook_and_scans_the_rest(tmp_path, leaky_nb, capsys):
    deep = tmp_path / "deep.ipynb"
    deep.write_text(DEEP)
    code = main(["scan", str(deep), str(leaky_nb), "--no-audit"])
    out = capsys.readouterr().out
    assert code == 2
    assert "nested too deeply" in out and "github" in out.lower()


def test_exporter_fails_closed_on_an_unknown_severity(tmp_path):
    # Given a notebook whose displayed analysis names a severity the policy does not know
    from secure_check.exporter import SecureCheckPreprocessor

    data = {"findings": [{"category": "fairness", "rule": "gap", "severity": "critical"}]}
    out = nbformat.v4.new_output(
        "display_data", data={"application/vnd.secure-check.fairness+json": data}
    )
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x", outputs=[out])])
    # When the exporter's preprocessor evaluates it
    _, resources = SecureCheckPreprocessor().preprocess(nb, {"metadata": {"path": str(tmp_path)}})
    # Then it is a named violation, not a traceback
    messages = [v.message for v in resources["secure_check"]["violations"]]
    assert any("unknown severity 'critical'" in m for m in messages)
