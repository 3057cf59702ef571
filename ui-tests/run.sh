#!/usr/bin/env bash
# UI tests: a real JupyterLab (the repo's .venv) driven by Playwright in Debian's chromium.
# Installs what it needs (npm ci), plants a notebook in a fresh root, leaves nothing running.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
venv="${VENV:-$repo/.venv}"
art="$repo/test-artifacts/ui"

export SC_CHROMIUM="${SC_CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$SC_CHROMIUM" ]; then
  echo "ui-tests: no chromium at $SC_CHROMIUM (apt-get install -y chromium)" >&2
  exit 2
fi
if [ ! -x "$venv/bin/jupyter-lab" ]; then
  echo "ui-tests: no JupyterLab in $venv (run: make venv)" >&2
  exit 2
fi

cd "$here"
if [ ! -d node_modules/@playwright/test ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

rm -rf "$art"
mkdir -p "$art/root" "$art/state/settings/@jupyterlab/apputils-extension"
# NOTE: no "Jupyter news?" toast over the panel.
echo '{"fetchNews": "false"}' > "$art/state/settings/@jupyterlab/apputils-extension/notification.jupyterlab-settings"
export SC_UI_ROOT="$art/root" SC_UI_STATE="$art/state" SC_UI_ARTIFACTS="$art"
export SC_UI_VALUES="$art/state/planted.json"
export SC_UI_PORT="${SC_UI_PORT:-$("$venv/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
export SC_UI_TOKEN="${SC_UI_TOKEN:-$("$venv/bin/python" -c 'import secrets; print(secrets.token_hex(16))')}"
PYTHONPATH="$repo/tests" "$venv/bin/python" - <<'PY'
import json, os, random
from pathlib import Path
from server.planted import planted, write
from synth_secrets import github_classic_token
values = planted(11)
write(Path(os.environ["SC_UI_ROOT"]) / "leaky.ipynb", values)
values["typed"] = github_classic_token(random.Random(12))  # typed live by the second test
Path(os.environ["SC_UI_VALUES"]).write_text(json.dumps(values))
fairness = {"findings": [{"category": "fairness", "rule": "demographic-parity-difference",
            "severity": "high", "message": "selection rate differs by 0.31 between groups"}],
            "overall": {"accuracy": 0.84}}
output = {"output_type": "display_data", "metadata": {}, "data": {
    "application/vnd.secure-check.fairness+json": fairness,
    "text/html": "<b>html fallback</b>", "text/plain": "FairnessResult"}}
nb = {"cells": [{"cell_type": "code", "id": "a1", "metadata": {}, "execution_count": 1,
      "outputs": [output], "source": "%secure_check fairness model X y --sensitive sex"}],
      "metadata": json.loads(Path(os.environ["SC_UI_ROOT"], "leaky.ipynb").read_text())["metadata"],
      "nbformat": 4, "nbformat_minor": 5}
Path(os.environ["SC_UI_ROOT"], "analyses.ipynb").write_text(json.dumps(nb))
printed = planted(13)["github"]  # a token echoed into an output only
values["printed"] = printed
Path(os.environ["SC_UI_VALUES"]).write_text(json.dumps(values))
nb["cells"] = [{"cell_type": "code", "id": "p1", "metadata": {}, "execution_count": 1,
                "source": "print(os.environ['GH_TOKEN'])",
                "outputs": [{"output_type": "stream", "name": "stdout", "text": printed + "\n"}]}]
Path(os.environ["SC_UI_ROOT"], "printed.ipynb").write_text(json.dumps(nb))
fit = ("import os; os.environ['SECURE_CHECK_AUDIT_LOG'] = os.path.abspath('audit-ui.jsonl')\n"
       "import numpy as np, pandas as pd\nfrom sklearn.linear_model import LogisticRegression\n"
       "rng = np.random.default_rng(0)\n"
       "X = pd.DataFrame({'x1': rng.normal(size=200), 'sex': rng.integers(0, 2, 200)})\n"
       "y = (X['x1'] + 0.5 * X['sex'] > 0.3).astype(int)\nclf = LogisticRegression().fit(X, y)")
audit = "import secure_check\nr = secure_check.fairness(clf, X, y, sensitive_features=X['sex'], n_boot=10, discover=False)"
nb["cells"] = [{"cell_type": "code", "id": f"m{i}", "metadata": {}, "execution_count": None,
                "source": src, "outputs": []}
               for i, src in enumerate([fit, audit, "clf = clf.fit(X * 2.0, y)"])]
Path(os.environ["SC_UI_ROOT"], "models.ipynb").write_text(json.dumps(nb))  # the analyses view
PY

# The executed demo notebook (every magic's output, a kernel run of ~40 s): the review tests
# and the screenshots in docs/screenshots/ come from it.
"$venv/bin/python" -c 'import os, pathlib; from secure_check.demo import write_demo_notebook; write_demo_notebook(pathlib.Path(os.environ["SC_UI_ROOT"]))'

export PATH="$venv/bin:$PATH" CI=1
# NOTE: Playwright's webServer starts `jupyter lab` and stops it (and its child) when done.
npx playwright test "$@"
