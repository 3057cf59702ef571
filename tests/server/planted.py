"""Notebooks with planted, format-valid synthetic secrets for the server and UI tests."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from synth_secrets import aws_key_pair, github_classic_token


def planted(seed: int = 7) -> dict[str, str]:
    """The raw values planted (kept in the test only, to assert they never leak)."""
    rng = random.Random(seed)
    key_id, secret = aws_key_pair(rng)
    return {"aws_id": key_id, "aws_secret": secret, "github": github_classic_token(rng)}


def code(source: str, outputs: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"cell_type": "code", "execution_count": None, "id": f"c{abs(hash(source)) % 10**8}",
            "metadata": {}, "outputs": outputs or [], "source": source.splitlines(keepends=True)}


def notebook(values: dict[str, str]) -> dict[str, Any]:
    """Cell 0 is clean, cell 1 holds the AWS pair, cell 2 a GitHub token with a printed output."""
    cells = [
        {"cell_type": "markdown", "id": "intro", "metadata": {}, "source": "# Loading data\n"},
        code(f'import boto3\nAWS_ACCESS_KEY_ID = "{values["aws_id"]}"\n'
             f'aws_secret_access_key = "{values["aws_secret"]}"\n'),
        code(f'token = "{values["github"]}"\nprint("ok")',
             [{"name": "stdout", "output_type": "stream", "text": ["ok\n"]}]),
    ]
    kernel = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return {"cells": cells, "metadata": {"kernelspec": kernel}, "nbformat": 4, "nbformat_minor": 5}


def write(path: Path, values: dict[str, str]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(notebook(values), indent=1), encoding="utf-8")
    return path
