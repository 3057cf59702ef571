"""Report output: the format an --output suffix names."""

from __future__ import annotations

import pytest

from secure_check.cli.output import report_format


@pytest.mark.parametrize(
    ("fmt", "output", "expected"),
    [
        (None, None, "text"),
        (None, "r.json", "json"),
        (None, "out/r.SARIF", "sarif"),
        (None, "r.html", "html"),
        (None, "r.txt", "text"),
        ("json", "r.html", "json"),
    ],
)
def test_format_follows_the_output_suffix_unless_given(fmt, output, expected):
    assert report_format(fmt, output) == expected
