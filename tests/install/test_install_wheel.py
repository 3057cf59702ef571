"""The built wheel carries the prebuilt labextension and the server config; the base install
(no extras) imports, scans and serves without the heavy libraries."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
DATA = "secure_check-{version}.data/data/"
HEAVY = ("sklearn", "shap", "art", "fairlearn", "pandas", "matplotlib", "nbconvert", "numpy")
ENV = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}


def _run(*cmd: str | Path, cwd: Path | None = None) -> str:
    done = subprocess.run([str(c) for c in cmd], cwd=cwd, env=ENV, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", out, REPO)
    (found,) = out.glob("secure_check-*.whl")
    return found


@pytest.fixture(scope="module")
def base_env(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel and its base dependencies only (no extras)."""
    home = tmp_path_factory.mktemp("venv")
    venv.create(home, with_pip=True)
    _run(home / "bin" / "python", "-m", "pip", "install", "-q", wheel)
    return home / "bin" / "python"


def test_wheel_carries_labextension_and_server_config(wheel: Path) -> None:
    # Given the wheel `pip wheel .` builds
    version = json.loads((REPO / "package.json").read_text())["version"]
    data = DATA.format(version=version)
    names = set(zipfile.ZipFile(wheel).namelist())
    ext = data + "share/jupyter/labextensions/secure-check/"
    # Then it holds the prebuilt bundle, its schema and install.json, and the auto-enable config
    assert {ext + "package.json", ext + "install.json", ext + "static/style.js",
            ext + "schemas/secure-check/plugin.json"} <= names
    assert any(n.startswith(ext + "static/remoteEntry.") for n in names)
    conf = data + "etc/jupyter/jupyter_server_config.d/secure_check.json"
    enabled = json.loads(zipfile.ZipFile(wheel).read(conf))
    assert enabled == {"ServerApp": {"jpserver_extensions": {"secure_check": True}}}
    assert "secure_check/server/routes.py" in names
    assert not any("node_modules" in n or n.endswith(".ts") for n in names)


def test_wheel_version_comes_from_package_json(wheel: Path) -> None:
    version = json.loads((REPO / "package.json").read_text())["version"]
    assert wheel.name.startswith(f"secure_check-{version}-")


BASE_PROBE = r"""
import json, sys
import secure_check
from secure_check.core.scan import Scanner
import secure_check.server.routes  # the server extension needs only the base install
key = "AKIA" + "QYLPMN5HHHFPZAM2"
found = Scanner().scan_text(f'aws_key = "{key}"\n')
heavy = sorted(m for m in %r if m in sys.modules)
leak = any(key in json.dumps(f.to_dict()) for f in found)
print(json.dumps({"rules": [f.rule for f in found], "leak": leak, "heavy": heavy,
                  "version": secure_check.__version__}))
"""


def test_base_install_scans_without_extras(base_env: Path) -> None:
    # When the base install imports the package, scans a cell and loads the server routes
    out = json.loads(_run(base_env, "-c", BASE_PROBE % (HEAVY,)).strip().splitlines()[-1])
    # Then the secret is found, never echoed, and no heavy library was needed
    assert out["rules"] and not out["leak"]
    assert out["heavy"] == []
    assert out["version"] == json.loads((REPO / "package.json").read_text())["version"]


def test_base_install_says_which_extra_is_missing(base_env: Path) -> None:
    # When an analysis that needs an extra is called in the base install
    probe = (
        "import secure_check\ntry:\n"
        "    secure_check.fairness(None, [], [], sensitive_features=[])\n"
        "except ImportError as e:\n    print(e)\n"
    )
    # Then the error names the extra to install
    assert "pip install 'secure-check[fairness]'" in _run(base_env, "-c", probe)


def test_labextension_is_enabled_in_this_environment() -> None:
    # The dev/test venv: `jupyter labextension list` shows the extension enabled and OK
    jupyter = Path(sys.executable).parent / "jupyter"
    listing = subprocess.run([str(jupyter), "labextension", "list"], capture_output=True,
                             text=True, timeout=120, env=ENV)
    line = next(ln for ln in (listing.stdout + listing.stderr).splitlines() if "secure-check" in ln)
    assert "enabled" in line and "OK" in line
