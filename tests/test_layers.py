"""The layering contract of pyproject.toml (import-linter) holds, and it catches a back-edge."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
LINT = Path(sys.executable).with_name("lint-imports")


def lint(src: Path, config: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    cmd = [str(LINT), "--no-cache", str(config)]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=src, timeout=300)


@pytest.mark.skipif(not LINT.exists(), reason="import-linter is not installed")
def test_the_package_keeps_its_layers():
    # When the contracts run on the package as it is
    run = lint(REPO / "src", REPO / "pyproject.toml")
    # Then every contract is kept
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout


@pytest.mark.skipif(not LINT.exists(), reason="import-linter is not installed")
@pytest.mark.parametrize(
    ("module", "back_edge", "contract", "named"),
    [
        (
            "core/findings.py",
            "import secure_check.cli.main",
            "Imports point down",
            "secure_check.core.findings -> secure_check.cli.main",
        ),
        (
            "detectors/pii/rules.py",
            "import secure_check.analyses.stats",
            "Imports point down",
            "secure_check.detectors.pii.rules -> secure_check.analyses.stats",
        ),
        (
            "core/scan.py",
            "import IPython",
            "Engines parse no arguments",
            "secure_check.core.scan -> IPython",
        ),
        (
            "core/redact.py",
            "import secure_check.core.scan",
            "No import cycle",
            "No cycles are allowed in secure_check.core",
        ),
    ],
)
def test_a_back_edge_breaks_the_contract(tmp_path, module, back_edge, contract, named):
    # Given a copy of the package with one import that points the wrong way
    src = tmp_path / "src"
    shutil.copytree(REPO / "src" / "secure_check", src / "secure_check")
    target = src / "secure_check" / module
    target.write_text(target.read_text() + f"\n{back_edge}  # the back-edge under test\n")
    # When the same contracts run on it
    run = lint(src, REPO / "pyproject.toml")
    # Then they fail and name the broken contract
    assert run.returncode != 0
    broken = run.stdout.split("Broken contracts")[-1]
    assert contract in broken and named in broken, run.stdout


def _folders() -> list[Path]:
    package = REPO / "src" / "secure_check"
    return [package, *(p.parent for p in package.rglob("__init__.py"))]


@pytest.mark.parametrize("folder", _folders(), ids=lambda p: p.name)
def test_a_folder_is_small_and_needs_no_name_prefixes(folder):
    # Given the modules of one folder (a capability)
    names = [p.stem for p in folder.glob("*.py") if p.stem != "__init__"]
    # Then it holds at most 20, and no three share a prefix (that would be a missing folder)
    assert len(names) <= 20
    prefixes = [n.split("_")[0] for n in names if "_" in n.strip("_")]
    crowded = {p for p in prefixes if prefixes.count(p) >= 3}
    assert not crowded, f"{folder}: modules share a prefix {crowded}; make it a folder"
