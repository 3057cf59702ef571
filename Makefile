# secure-check: `make demo` scans the bundled demo notebooks; `make test` runs every suite.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip
STAMP := $(VENV)/.installed
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: demo test test-python test-js test-ui bench clean venv

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(PIP) install -q -U pip

$(STAMP): $(BIN)/python pyproject.toml package.json
	$(PIP) install -q -e ".[test]" 2>&1 | grep -v "is ignored: it is neither" || true
	$(BIN)/python -c "import secure_check, detect_secrets" 
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	$(BIN)/python -m secure_check.demo

test: test-python test-js test-ui

test-python: $(STAMP)
	$(BIN)/python -m pytest -q

test-js: $(STAMP)
	PATH=$(CURDIR)/$(BIN):$$PATH $(BIN)/jlpm test

test-ui: $(STAMP)
	bash ui-tests/run.sh

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) node_modules lib src/secure_check/labextension demo-report test-artifacts
