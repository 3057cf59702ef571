"""`secure-check scan`: exit codes, per-file errors, parallel equivalence, the entry points."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from secure_check.batch.paths import ERR_NO_SUCH_PATH
from secure_check.batch.pool import ERR_INTERNAL
from secure_check.cli import scan as cli_scan
from secure_check.cli.exit import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK
from secure_check.cli.main import main
from secure_check.core import notebook

MALFORMED = {
    # file name -> (content, the specific error it must be reported with)
    "truncated.ipynb": (
        b'{"cells": [{"cell_type": "code", "source": "x = 1"',
        notebook.ERR_NOT_JSON,
    ),
    "not_json.ipynb": (b"print('hello')\n", notebook.ERR_NOT_JSON),
    "empty.ipynb": (b"", notebook.ERR_NOT_JSON),
    "binary.ipynb": (bytes(range(256)) * 4, notebook.ERR_NOT_JSON),
    "latin1.ipynb": ('{"cells": "\u00e9"}'.encode("latin-1"), notebook.ERR_NOT_JSON),
    "no_cells.ipynb": (
        json.dumps({"nbformat": 4, "metadata": {}}).encode(),
        notebook.ERR_NOT_NOTEBOOK,
    ),
    "nbformat5.ipynb": (
        json.dumps({"nbformat": 5, "cells": []}).encode(),
        notebook.ERR_NOT_NOTEBOOK,
    ),
    "top_list.ipynb": (b"[1, 2, 3]", notebook.ERR_NOT_NOTEBOOK),
}


def prefix(template: str) -> str:
    """The fixed part of an error template, before its first placeholder."""
    return template.split("{", 1)[0]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["scan", "--no-progress", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def scan_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict]:
    code, out, _ = run(capsys, "--format", "json", *args)
    return code, json.loads(out)


@pytest.fixture
def malformed_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "repo" / "broken"
    folder.mkdir(parents=True)
    for name, (content, _) in MALFORMED.items():
        (folder / name).write_bytes(content)
    return folder


def test_clean_notebook_exits_0(capsys, clean_nb):
    # When
    code, out, _ = run(capsys, str(clean_nb))
    # Then
    assert code == EXIT_OK
    assert "no findings" in out


def test_secret_exits_1_and_never_exits_0(capsys, leaky_nb):
    assert run(capsys, str(leaky_nb))[0] == EXIT_FINDINGS
    assert run(capsys, str(leaky_nb), "--fail-on", "high")[0] == EXIT_FINDINGS
    assert run(capsys, str(leaky_nb), "--fail-on", "never")[0] == EXIT_OK


def test_read_error_exits_2_and_wins_over_findings(capsys, leaky_nb, malformed_dir):
    # When
    code, report = scan_json(capsys, str(leaky_nb), str(malformed_dir / "truncated.ipynb"))
    # Then
    assert code == EXIT_ERROR
    assert report["stats"]["findings"] > 0
    assert [e["path"] for e in report["errors"]] == [str(malformed_dir / "truncated.ipynb")]


def test_each_malformed_kind_is_listed_and_other_files_still_scanned(
    capsys, leaky_nb, malformed_dir
):
    # Given: the leaky notebook sits beside the broken folder
    root = leaky_nb.parent
    # When
    code, report = scan_json(capsys, str(root), "--jobs", "1")
    # Then
    errors = {e["path"]: e["error"] for e in report["errors"]}
    assert code == EXIT_ERROR
    assert set(errors) == {f"broken/{name}" for name in MALFORMED}
    for name, (_, template) in MALFORMED.items():
        assert errors[f"broken/{name}"].startswith(prefix(template)), name
    assert {f["path"] for f in report["findings"]} == {"leaky.ipynb"}
    assert report["stats"]["notebooks"] == 1


def test_oversized_notebook_is_an_error(capsys, leaky_nb, clean_nb, monkeypatch):
    # Given: a limit between the two notebooks' sizes
    limit = (leaky_nb.stat().st_size + clean_nb.stat().st_size) // 2
    assert clean_nb.stat().st_size < limit < leaky_nb.stat().st_size
    monkeypatch.setattr(notebook, "MAX_NOTEBOOK_BYTES", limit)
    # When
    code, report = scan_json(capsys, str(leaky_nb.parent), "--jobs", "1")
    # Then
    assert code == EXIT_ERROR
    assert report["errors"][0]["path"] == "leaky.ipynb"
    assert report["errors"][0]["error"].startswith(prefix(notebook.ERR_TOO_LARGE))
    assert report["stats"]["notebooks"] == 1


def test_missing_path_is_an_error(capsys, clean_nb):
    code, report = scan_json(capsys, str(clean_nb), str(clean_nb.parent / "gone.ipynb"))
    assert code == EXIT_ERROR
    assert report["errors"][0]["error"] == ERR_NO_SUCH_PATH
    assert report["stats"]["notebooks"] == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--jobs", "0", "x"], "--jobs must be a positive integer"),
        (["--format", "xml", "x"], "invalid choice"),
        (["--update-baseline", "x"], cli_scan.ERR_UPDATE_NEEDS_BASELINE),
        ([], "required"),
    ],
)
def test_usage_errors_exit_2(capsys, args, message):
    code, _, err = run(capsys, *args)
    assert code == EXIT_ERROR
    assert message in err


def test_directory_walk_skips_checkpoints_and_scans_py(capsys, tmp_path, nbk, planted):
    # Given
    root = tmp_path / "proj"
    nbk.write(
        root / ".ipynb_checkpoints" / "a-checkpoint.ipynb", [nbk.code(f'T = "{planted["github"]}"')]
    )
    nbk.write(root / "sub" / "a.ipynb", [nbk.code("x = 1")])
    (root / "train.py").write_text(f'TOKEN = "{planted["github"]}"\n', encoding="utf-8")
    # When
    code, report = scan_json(capsys, str(root))
    # Then
    assert code == EXIT_FINDINGS
    assert report["stats"]["notebooks"] == 2
    assert {f["path"] for f in report["findings"]} == {"train.py"}


def test_output_file_and_summary_on_stderr(capsys, leaky_nb, tmp_path):
    # Given
    out = tmp_path / "reports" / "scan.json"
    # When
    code, stdout, stderr = run(capsys, str(leaky_nb), "--format", "json", "--output", str(out))
    # Then
    assert code == EXIT_FINDINGS
    assert stdout == ""
    assert json.loads(out.read_text())["schema"] == "secure-check/scan@1"
    assert str(out) in stderr
    assert "finding" in stderr


def test_python_m_secure_check_runs_the_cli(clean_nb):
    # When: the module entry point, in a fresh interpreter
    proc = subprocess.run(
        [sys.executable, "-m", "secure_check", "scan", str(clean_nb), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={"PYTHONPATH": str(Path(__file__).parents[2] / "src"), "PATH": ""},
        cwd=clean_nb.parent,  # NOTE: its audit log and fingerprint key go there, not in the repo
    )
    # Then
    assert proc.returncode == EXIT_OK, proc.stderr
    assert json.loads(proc.stdout)["stats"]["notebooks"] == 1


def test_help_builds_without_importing_the_analyzers():
    # When: the parser is built and --help printed, in a fresh interpreter
    code = (
        "import sys; from secure_check.cli.main import main; main(['scan', '--help'])\n"
        "heavy = {'detect_secrets', 'tqdm', 'secure_check.detectors.secrets.analyzer', 'pandas'}\n"
        "print(sorted(heavy & set(sys.modules)))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        env={"PYTHONPATH": str(Path(__file__).parents[2] / "src"), "PATH": ""},
    )
    # Then
    assert proc.stdout.strip().splitlines()[-1] == "[]", proc.stderr
    assert "--fail-on" in proc.stdout


def test_a_file_that_breaks_the_parser_is_an_error_not_a_crash(capsys, clean_nb):
    # Given: JSON nested deeper than Python's recursion limit
    deep = clean_nb.parent / "deep.ipynb"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    # When
    code, report = scan_json(capsys, str(clean_nb.parent), "--jobs", "2")
    # Then
    assert code == EXIT_ERROR
    [err] = report["errors"]
    assert err["path"] == "deep.ipynb"
    known = (ERR_INTERNAL, notebook.ERR_NOT_JSON, notebook.ERR_NOT_NOTEBOOK)
    assert err["error"].startswith(tuple(prefix(t) for t in known))
    assert report["stats"]["notebooks"] == 1
