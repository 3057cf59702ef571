"""`scan` options: --exclude globs and the report format picked from --output."""

from __future__ import annotations

import json

import pytest

from secure_check.batch.paths import excluded
from secure_check.cli import output as cli_output
from secure_check.cli.exit import EXIT_OK
from secure_check.cli.main import main


def run(capsys, *args):
    code = main(["scan", "--no-progress", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def scan_json(capsys, *args):
    code, out, _ = run(capsys, "--format", "json", *args)
    return code, json.loads(out)


@pytest.mark.parametrize(
    ("shown", "patterns", "expected"),
    [
        ("a/b/c.ipynb", ["b"], True),
        ("a/b/c.ipynb", ["a/*"], True),
        ("a/b/c.ipynb", ["*.py"], False),
        ("a/b/c.ipynb", ["c.ipynb"], True),
        ("a/bb/c.ipynb", ["b"], False),
        ("demo_notebooks/x.ipynb", ["demo_*"], True),
        ("x.ipynb", [], False),
    ],
)
def test_exclude_patterns(shown, patterns, expected):
    assert excluded(shown, patterns) is expected


def test_excluded_files_are_not_scanned(capsys, tmp_path, nbk, planted):
    # Given: a leak under fixtures/ and a clean notebook beside it
    root = tmp_path / "proj"
    nbk.write(root / "fixtures" / "leak.ipynb", [nbk.code(f'T = "{planted["github"]}"')])
    nbk.write(root / "ok.ipynb", [nbk.code("x = 1")])
    # When
    code, report = scan_json(capsys, str(root), "--exclude", "fixtures")
    # Then
    assert code == EXIT_OK
    assert report["stats"]["notebooks"] == 1


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
    assert cli_output.report_format(fmt, output) == expected


def test_output_suffix_picks_sarif(capsys, clean_nb, tmp_path):
    out = tmp_path / "scan.sarif"
    assert run(capsys, str(clean_nb), "-o", str(out))[0] == EXIT_OK
    assert json.loads(out.read_text())["version"] == "2.1.0"
