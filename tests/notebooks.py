"""Shared fixtures (root conftest plugin): small notebooks with format-valid secrets and PII."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest
from nbformat import v4

import synth_pii
import synth_secrets


def write_nb(path: Path, *sources: str) -> Path:
    """Write a notebook with one code cell per source (ids set, nbformat 4.5)."""
    cells = [v4.new_code_cell(s) for s in sources]
    for i, cell in enumerate(cells):
        cell["id"] = f"cell-{i}"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(v4.writes(v4.new_notebook(cells=cells)), encoding="utf-8")
    return path


@pytest.fixture
def make_nb() -> Callable[..., Path]:
    """The ``write_nb(path, *sources)`` helper, for tests that build their own notebooks."""
    return write_nb


@pytest.fixture
def token() -> str:
    """A GitHub classic token with a valid CRC32 checksum (synthetic)."""
    return synth_secrets.github_classic_token(random.Random(7))


@pytest.fixture
def email() -> str:
    """A synthetic person's e-mail address."""
    return str(synth_pii.people(1, seed=3)[0]["email"])


@pytest.fixture
def leaky_nb(tmp_path: Path, token: str) -> Path:
    """A notebook that leaks a GitHub token in its source."""
    return write_nb(tmp_path / "leaky.ipynb", f'TOKEN = "{token}"\nprint("ok")')


@pytest.fixture
def clean_nb(tmp_path: Path) -> Path:
    """A notebook with nothing to report."""
    return write_nb(tmp_path / "clean.ipynb", "x = 1 + 1\nprint(x)")
