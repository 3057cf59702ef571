"""`import secure_check` and `%load_ext secure_check` stay light: no heavy library is imported."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"
HEAVY = (
    "shap",
    "art",
    "fairlearn",
    "sklearn",
    "pandas",
    "matplotlib",
    "tornado",
    "nbconvert",
    "scipy",
)
PROBE = """
import json, sys
sys.path.insert(0, {src!r})
import secure_check
after_import = sorted(m for m in {heavy!r} if m in sys.modules)
from IPython.core.interactiveshell import InteractiveShell
ip = InteractiveShell.instance()
ip.run_line_magic("load_ext", "secure_check")
{extra}
loaded = sorted(m for m in {heavy!r} if m in sys.modules)
magic = "secure_check" in ip.magics_manager.magics["line"]
print(json.dumps({{"import": after_import, "load_ext": loaded, "magic": magic}}))
"""


@pytest.mark.parametrize(
    "extra",
    [
        "",
        'ip.run_line_magic("secure_check", "config")\n'
        'ip.run_line_magic("secure_check", "guard on")',
    ],
    ids=["load_ext", "config-and-guard"],
)
def test_import_and_load_ext_pull_in_no_heavy_library(extra, tmp_path):
    # When
    code = PROBE.format(src=str(SRC), heavy=HEAVY, extra=extra)
    env = {**os.environ, "IPYTHONDIR": str(tmp_path / "ipython")}
    run = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        env=env,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    # Then
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result == {"import": [], "load_ext": [], "magic": True}
