"""Find the notebook the kernel runs in, or rebuild one from the session's In/Out history."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

HISTORY_PATH = "<session history>"
NOTE_SAVED_FILE = "Scanned the saved file; save the notebook to include unsaved edits."
NOTE_HISTORY = (
    "The notebook file was not found (no __session__, JPY_SESSION_NAME or __vsc_ipynb_file__), "
    "so the session's input and output history was scanned."
)
_MAX_OUTPUT_CHARS = 200_000


def notebook_path(user_ns: dict[str, Any], cwd: Path | None = None) -> Path | None:
    """Return the notebook file this kernel runs, if the frontend tells us where it is.

    VS Code sets ``__vsc_ipynb_file__`` (absolute); ipykernel sets ``__session__`` from the
    ``JPY_SESSION_NAME`` that jupyter-server passes (absolute in recent servers, relative to
    the server root in older ones, while the kernel runs in the notebook's folder).
    """
    cwd = cwd or Path.cwd()
    names = [
        user_ns.get("__vsc_ipynb_file__"),
        user_ns.get("__session__"),
        os.environ.get("JPY_SESSION_NAME"),
    ]
    for name in names:
        if isinstance(name, str) and name.endswith(".ipynb"):
            found = _resolve(name, cwd)
            if found is not None:
                return found
    return None


def _resolve(name: str, cwd: Path) -> Path | None:
    path = Path(name).expanduser()
    if path.is_absolute():
        return path if path.is_file() else None
    # NOTE: a relative session path is relative to the server root, an ancestor of cwd.
    for root in (cwd, *cwd.parents):
        candidate = root / path
        if candidate.is_file():
            return candidate
    candidate = cwd / path.name
    return candidate if candidate.is_file() else None


def history_notebook(shell: Any) -> dict[str, Any]:
    """Rebuild the session as an nbformat-4 dict: a code cell per input, with its result.

    Cell ids are ``In[n]`` so that findings point at the prompt number the user sees.
    """
    hm = shell.history_manager
    raw = list(getattr(hm, "input_hist_raw", []) or [])
    cells = []
    for count, source in enumerate(raw):
        if count == 0 or not source.strip():
            continue
        cell: dict[str, Any] = {
            "cell_type": "code",
            "id": f"In[{count}]",
            "source": source,
            "metadata": {},
        }
        cell["outputs"] = recorded_outputs(hm, count) or _outputs(shell, hm.output_hist.get(count))
        cells.append(cell)
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells}


def recorded_outputs(hm: Any, count: int) -> list[dict[str, Any]]:
    """Return what IPython 9 recorded for prompt ``count`` (printed text too) as outputs."""
    recorded = getattr(hm, "outputs", None)
    items = recorded.get(count) if isinstance(recorded, dict) else None
    out: list[dict[str, Any]] = []
    for item in items or []:
        kind, bundle = getattr(item, "output_type", ""), getattr(item, "bundle", {})
        if kind in ("out_stream", "err_stream"):
            name = "stdout" if kind == "out_stream" else "stderr"
            text = bundle.get("stream", bundle.get("text/plain", ""))
            text = "".join(text) if isinstance(text, list) else str(text)
            out.append({"output_type": "stream", "name": name, "text": text})
        elif kind in ("display_data", "execute_result") and isinstance(bundle, dict):
            out.append({"output_type": kind, "data": dict(bundle), "metadata": {}})
    return out


def _outputs(shell: Any, value: Any) -> list[dict[str, Any]]:
    if value is None:
        return []
    data = format_value(shell, value)
    return [{"output_type": "execute_result", "data": data, "metadata": {}}] if data else []


def format_value(shell: Any, value: Any) -> dict[str, str]:
    """Return the text MIME types IPython would display for ``value`` (plain, HTML)."""
    try:
        data, _ = shell.display_formatter.format(value, include=("text/plain", "text/html"))
    except Exception:  # noqa: BLE001 - a broken repr must not break the scan
        return {}
    return {k: v[:_MAX_OUTPUT_CHARS] for k, v in data.items() if isinstance(v, str)}
