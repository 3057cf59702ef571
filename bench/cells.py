"""nbformat 4 building blocks shaped like what Jupyter and IPython really write."""

from __future__ import annotations

import random
from typing import Any

# IPython 8 traceback colours (the codes the reader must strip).
RED, GREEN, RESET = "\x1b[0;31m", "\x1b[0;32m", "\x1b[0m"
STR_COLOUR, STR_END = "\x1b[38;5;124m", "\x1b[39m"
RULE = RED + "-" * 75 + RESET


def lines(text: str) -> list[str]:
    """Split text the way nbformat stores multiline strings (keep the newlines)."""
    return text.splitlines(keepends=True)


def new_id(rng: random.Random) -> str:
    return f"{rng.getrandbits(32):08x}"


def code(
    source: str, outputs: list[dict[str, Any]] | None = None, n: int | None = 1
) -> dict[str, Any]:
    return {
        "cell_type": "code",
        "execution_count": n,
        "metadata": {},
        "outputs": outputs or [],
        "source": lines(source),
    }


def markdown(source: str) -> dict[str, Any]:
    return {"cell_type": "markdown", "metadata": {}, "source": lines(source)}


def raw(source: str) -> dict[str, Any]:
    return {"cell_type": "raw", "metadata": {}, "source": lines(source)}


def stream(text: str, name: str = "stdout") -> dict[str, Any]:
    return {"output_type": "stream", "name": name, "text": lines(text)}


def result(data: dict[str, Any], n: int = 1) -> dict[str, Any]:
    return {
        "output_type": "execute_result",
        "execution_count": n,
        "metadata": {},
        "data": {k: lines(v) if isinstance(v, str) else v for k, v in data.items()},
    }


def display(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "output_type": "display_data",
        "metadata": {},
        "data": {
            k: lines(v) if isinstance(v, str) and k.startswith("text/") else v
            for k, v in data.items()
        },
    }


def colour_string(value: str) -> str:
    """A string literal as IPython's traceback highlighter prints it."""
    return f'{STR_COLOUR}"{STR_END}{STR_COLOUR}{value}{STR_END}{STR_COLOUR}"{STR_END}'


def error(ename: str, evalue: str, frames: list[str]) -> dict[str, Any]:
    """An error output: ANSI-coloured traceback frames as IPython 8 writes them."""
    head = f"{RED}{ename}{RESET}{' ' * 26}Traceback (most recent call last)"
    tail = f"{RED}{ename}{RESET}: {evalue}"
    return {
        "output_type": "error",
        "ename": ename,
        "evalue": evalue,
        "traceback": [RULE, head, *frames, tail],
    }


def frame(cell_no: int, line_no: int, source_line: str) -> str:
    """One traceback frame pointing at a notebook cell line."""
    return (
        f"Cell {GREEN}In[{cell_no}], line {line_no}{RESET}\n"
        f"{GREEN}----> {line_no}{RESET} {source_line}\n"
    )


def library_frame(rng: random.Random) -> str:
    """A frame inside a library, with its file path and a few lines of context."""
    lib = rng.choice(
        [
            "requests/sessions.py",
            "sqlalchemy/engine/base.py",
            "urllib3/connectionpool.py",
            "pandas/core/frame.py",
            "sklearn/utils/validation.py",
        ]
    )
    line_no = rng.randint(40, 3000)
    return (
        f"File {GREEN}/opt/conda/lib/python3.11/site-packages/{lib}:{line_no}{RESET}, in "
        f"{GREEN}_call{RESET}(self, *args, **kwargs)\n"
        f"{GREEN}{line_no - 1:>6}{RESET}     kwargs = self._prepare(kwargs)\n"
        f"{GREEN}-> {line_no:>3}{RESET}     return self._send(*args, **kwargs)\n"
    )


def png(rng: random.Random, size: int = 2000) -> str:
    """Base64 data shaped like a PNG output (random, high-entropy, as real images are)."""
    import base64

    body = b"\x89PNG\r\n\x1a\n" + rng.randbytes(size)
    return base64.b64encode(body).decode()


def empty_notebook(rng: random.Random) -> dict[str, Any]:
    return {
        "cells": [],
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python", "version": "3.11.7"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def add_ids(nb: dict[str, Any], rng: random.Random) -> None:
    """nbformat 4.5+ cells carry ids; give one to every cell that lacks it."""
    if nb.get("nbformat_minor", 0) >= 5:
        for cell in nb["cells"]:
            cell.setdefault("id", new_id(rng))
