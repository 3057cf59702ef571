"""Fixtures for the batch tests: the shared token and e-mail (tests/notebooks.py), as planted."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from nbformat import v4


@pytest.fixture
def planted(token: str, email: str) -> dict[str, str]:
    """The token and address above under the names the pool tests use."""
    return {"github": token, "email": email}


@pytest.fixture
def nbk() -> SimpleNamespace:
    """Builders for notebooks with outputs: ``write(path, cells)``, ``code``, ``stream``."""
    return SimpleNamespace(write=_write_cells, code=_code, stream=_stream)


def _write_cells(path: Path, cells: list[Any]) -> Path:
    for i, cell in enumerate(cells):
        cell["id"] = f"cell-{i}"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(v4.writes(v4.new_notebook(cells=cells)), encoding="utf-8")
    return path


def _code(source: str, *outputs: Any) -> Any:
    return v4.new_code_cell(source, outputs=list(outputs), execution_count=1)


def _stream(text: str) -> Any:
    return v4.new_output("stream", name="stdout", text=text)
