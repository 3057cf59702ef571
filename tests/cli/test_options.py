"""`scan` options: --exclude globs and the report format picked from --output."""

from __future__ import annotations

import json

from secure_check.cli.exit import EXIT_OK
from secure_check.cli.main import main


def run(capsys, *args):
    code = main(["scan", "--no-progress", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def scan_json(capsys, *args):
    code, out, _ = run(capsys, "--format", "json", *args)
    return code, json.loads(out)


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


def test_output_suffix_picks_sarif(capsys, clean_nb, tmp_path):
    out = tmp_path / "scan.sarif"
    assert run(capsys, str(clean_nb), "-o", str(out))[0] == EXIT_OK
    assert json.loads(out.read_text())["version"] == "2.1.0"
