"""Installing secure-check must not break the server's own export list (JupyterLab's menu)."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:jupyter_server")


async def test_nbconvert_listing_includes_our_exporter(jp_fetch):
    # When JupyterLab asks the server which exporters exist
    r = await jp_fetch("api", "nbconvert")
    # Then it answers, our exporter among them, with a string MIME type
    listing = json.loads(r.body)
    assert isinstance(listing["secure_check"]["output_mimetype"], str)


@pytest.mark.parametrize(
    ("fmt", "mime"),
    [("html", "text/html"), ("json", "application/json"), ("sarif", "application/sarif+json")],
)
def test_output_mimetype_follows_the_report_format(fmt, mime):
    from secure_check.exporter import SecureCheckExporter

    assert SecureCheckExporter(report_format=fmt).output_mimetype == mime
