# secure-check: `make demo` scans the bundled demo notebooks and runs the demo notebook; `make lab`
# opens it in JupyterLab with the panel; `make test` runs every suite.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip
STAMP := $(VENV)/.installed
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: demo lab test test-python test-js test-ui bench bench-heldout clean venv labextension-build

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(PIP) install -q -U pip

NODE_PATH_ENV := PATH=$(CURDIR)/$(BIN):$$PATH
JS_STAMP := node_modules/.yarn-state.yml

# NOTE: the editable install's build hook runs `jlpm install` + `jlpm build` (labextension);
# `jupyter-builder develop` then symlinks the build dir so later `jlpm build`s are live.
$(STAMP): $(BIN)/python pyproject.toml package.json
	set -o pipefail; $(PIP) install -q -e ".[test]" 2>&1 | { grep -v "is ignored: it is neither" || true; }
	$(NODE_PATH_ENV) $(BIN)/jupyter-builder develop --overwrite . >/dev/null
	# NOTE: a re-install writes install.json through the develop symlink into the build dir,
	# and the wheel then holds it twice; the wheel ships it from the repo root.
	rm -f src/secure_check/labextension/install.json
	$(BIN)/python -c "import secure_check, detect_secrets"
	touch $(STAMP)

$(JS_STAMP): $(STAMP) package.json yarn.lock
	$(NODE_PATH_ENV) $(BIN)/jlpm install
	touch $(JS_STAMP)

# Rebuild the labextension from labextension/ so the UI tests see the current sources.
labextension-build: $(JS_STAMP)
	$(NODE_PATH_ENV) $(BIN)/jlpm build

venv: $(STAMP)

# The reports and an executed demo notebook (the magics' outputs), in demo-report/.
demo: $(STAMP)
	$(BIN)/python -m secure_check.demo

# Open the demo notebook in JupyterLab with the secure-check panel (right side bar, shield icon).
lab: $(STAMP)
	test -f demo-report/secure-check-demo.ipynb || $(BIN)/python -m secure_check.demo
	$(BIN)/jupyter lab demo-report/secure-check-demo.ipynb

test: test-python test-js test-ui

test-python: $(STAMP)
	$(BIN)/python -m pytest -q

test-js: $(JS_STAMP)
	$(NODE_PATH_ENV) $(BIN)/jlpm test

test-ui: labextension-build
	VENV=$(CURDIR)/$(VENV) bash ui-tests/run.sh

bench: $(STAMP)
	$(BIN)/python bench/run.py

# The held-out set (issue 15): values and carriers our detectors were not written against.
bench-heldout: $(STAMP)
	$(BIN)/python bench/heldout/run.py --split report

clean:
	rm -rf $(VENV) node_modules lib src/secure_check/labextension demo-report test-artifacts
