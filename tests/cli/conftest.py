"""Fixtures for the CLI and report tests: notebooks with planted, format-valid secrets and PII."""

from __future__ import annotations

import random
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from nbformat import v4

import synth_pii
import synth_secrets


def write_nb(path: Path, cells: list[Any], metadata: dict[str, Any] | None = None) -> Path:
    """Write an nbformat 4 notebook with ids on every cell."""
    for i, cell in enumerate(cells):
        cell["id"] = cell.get("id") or f"cell-{i}"
    nb = v4.new_notebook(cells=cells, metadata=metadata or {})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(v4.writes(nb), encoding="utf-8")
    return path


def code(source: str, *outputs: Any, cell_id: str | None = None) -> Any:
    cell = v4.new_code_cell(source, outputs=list(outputs), execution_count=1)
    if cell_id:
        cell["id"] = cell_id
    return cell


def stream(text: str) -> Any:
    return v4.new_output("stream", name="stdout", text=text)


def result(data: dict[str, Any]) -> Any:
    return v4.new_output("execute_result", data=data, execution_count=1)


def error(*traceback: str) -> Any:
    return v4.new_output(
        "error", ename="OperationalError", evalue="failed", traceback=list(traceback)
    )


@pytest.fixture
def planted() -> dict[str, str]:
    """Raw values planted in the notebooks below; none may ever appear in a report."""
    rng = random.Random(11)
    person = synth_pii.people(1, seed=5)[0]
    return {
        "github": synth_secrets.github_classic_token(rng),
        "postgres": synth_secrets.postgres_uri(rng),
        "aws_key": synth_secrets.aws_access_key(rng),
        "email": person["email"],
        "ssn": person["ssn"],
        "card": synth_pii.card(random.Random(3), "visa", grouped=False),
    }


@pytest.fixture
def leaky_nb(tmp_path: Path, planted: dict[str, str]) -> Path:
    """A notebook with planted values in source, stream, HTML table, traceback and metadata."""
    p = planted
    table = (
        "<table><thead><tr><th>name</th><th>email</th><th>ssn</th></tr></thead><tbody>"
        f"<tr><td>Ann Lee</td><td>{p['email']}</td><td>{p['ssn']}</td></tr></tbody></table>"
    )
    cells = [
        v4.new_markdown_cell("# Leaky notebook"),
        code(f'GITHUB_TOKEN = "{p["github"]}"\nheaders = {{"token": GITHUB_TOKEN}}', cell_id="tok"),
        code("df.head()", result({"text/html": table, "text/plain": f"Ann Lee {p['email']}"})),
        code(
            "conn = connect(DB_URL)",
            error("\x1b[0;31mOperationalError\x1b[0m", f"DB_URL = '{p['postgres']}'"),
        ),
        code("print(cfg)", stream(f"aws_access_key_id = {p['aws_key']}\ncard: {p['card']}\n")),
    ]
    return write_nb(
        tmp_path / "repo" / "leaky.ipynb",
        cells,
        {"papermill": {"parameters": {"owner": p["email"]}}},
    )


@pytest.fixture
def clean_nb(tmp_path: Path) -> Path:
    """A notebook with look-alikes only (uuid, sha, version, floats, placeholder)."""
    cells = [
        code(
            'API_KEY = os.environ.get("API_KEY", "YOUR_API_KEY")\n'
            'run = "3f2b8c1e-9a4d-4c7b-8e21-5d6f0a9b1c2d"'
        ),
        code("import sklearn; sklearn.__version__", result({"text/plain": "'1.5.2'"})),
        code("X.mean()", result({"text/plain": "5.843333333333334"})),
    ]
    return write_nb(tmp_path / "repo" / "clean.ipynb", cells)


@pytest.fixture
def nbk() -> SimpleNamespace:
    """Notebook builders for tests: write, code, stream, result, error, markdown."""
    return SimpleNamespace(
        write=write_nb,
        code=code,
        stream=stream,
        result=result,
        error=error,
        markdown=v4.new_markdown_cell,
    )
