"""`secure-check policy` shows it; `scan` exits by its thresholds unless --fail-on is given."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from secure_check.cli.main import main

POLICY = '[tool.secure-check]\nfail-on = "high"\n[tool.secure-check.pii]\nfail-on = "never"\n'


@pytest.fixture
def project(tmp_path: Path, nbk: SimpleNamespace, planted: dict[str, str]) -> Path:
    (tmp_path / "pyproject.toml").write_text(POLICY)
    nbk.write(tmp_path / "nbs" / "pii.ipynb", [nbk.code(f'print("{planted["email"]}")')])
    nbk.write(tmp_path / "secret" / "token.ipynb", [nbk.code(f'TOKEN = "{planted["github"]}"')])
    return tmp_path


@pytest.mark.parametrize(
    ("folder", "extra", "code"),
    [
        ("nbs", [], 0),  # PII never fails under this policy
        ("secret", [], 1),  # a HIGH secret does
        ("nbs", ["--fail-on", "low"], 1),  # the command line wins over the policy
        ("secret", ["--fail-on", "never"], 0),
    ],
)
def test_exit_code_follows_the_policy(
    project: Path, folder: str, extra: list[str], code: int, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a project policy two levels above the notebooks
    # When a folder is scanned
    got = main(["scan", "--no-progress", "-j", "1", *extra, str(project / folder)])
    # Then the exit code is the policy's verdict (or --fail-on's)
    assert got == code
    if code and not extra:
        assert f"policy {project / 'pyproject.toml'}: 1 violation(s)" in capsys.readouterr().err


def test_explicit_policy_path_and_bad_policy(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a broken policy file elsewhere
    bad = tmp_path / "other" / "secure-check.toml"
    bad.parent.mkdir()
    bad.write_text('fail-on = "sometimes"\n')
    # When it is named with --policy
    code = main(["scan", "--no-progress", "--policy", str(bad), str(project / "nbs")])
    # Then the scan stops with exit 2 and the file's problem
    assert code == 2
    assert f"{bad}: [tool.secure-check] fail-on must be one of" in capsys.readouterr().err


def test_policy_command_shows_the_source(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # When the policy for a notebook folder is shown
    assert main(["policy", str(project / "nbs")]) == 0
    out = capsys.readouterr().out
    # Then it names the file and each section's threshold
    assert f"policy: {project / 'pyproject.toml'}" in out
    assert "  pii: fail-on never" in out and "  secrets: fail-on high" in out


def test_batch_scan_still_writes_the_audit_log(
    project: Path, _private_audit_log: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given the cache on
    # When a folder is scanned
    main(["scan", "--no-progress", "--cache", str(project / "cache"), str(project / "secret")])
    # Then the run was appended to the audit log, as a plain scan does
    entries = [json.loads(line) for line in _private_audit_log.read_text().splitlines()]
    assert [e["action"] for e in entries] == ["scan"]
    assert entries[0]["summary"]["findings"] == 1
