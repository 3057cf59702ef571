"""Data provenance for the card: each dataset's SHA-256, shape and PII categories per column."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from secure_check.core.digests import frame_digest, sha256_file

TABLE_SUFFIXES = (".csv", ".tsv", ".txt")
ERR_DATASET = (
    "dataset {name!r}: expected a file path, a DataFrame/array or a dict with 'data' or 'path'; "
    "got {kind}"
)
ERR_NO_FILE = "dataset {name!r}: no such file {path}"


def describe(datasets: Any, X: Any = None, base: Path | None = None) -> list[dict[str, Any]]:
    """One provenance entry per dataset (``X`` added as ``"X"`` when not already listed).

    Parameters
    ----------
    datasets : None, path, frame, list or dict
        Paths, frames/arrays, or ``{name: path | frame | {"data"|"path": ..., "anonymisation":
        text, "description": text}}``.
    X : frame or array, optional
        The evaluation features given to the card.
    base : Path, optional
        Folder that file paths are shown relative to.
    """
    items = _named(datasets)
    if X is not None and not any(_same(v, X) for _, v in items):
        items.append(("X", {"data": X, "description": "evaluation features given to the card"}))
    return [_entry(name, value, base) for name, value in items]


def _named(datasets: Any) -> list[tuple[str, Any]]:
    if datasets is None:
        return []
    if isinstance(datasets, Mapping):
        return [(str(k), v) for k, v in datasets.items()]
    if isinstance(datasets, (list, tuple)):
        return [(_default_name(v, i), v) for i, v in enumerate(datasets)]
    return [(_default_name(datasets, 0), datasets)]


def _default_name(value: Any, index: int) -> str:
    if isinstance(value, (str, os.PathLike)):
        return Path(value).name
    return f"dataset {index + 1}"


def _same(value: Any, X: Any) -> bool:
    return value is X or (isinstance(value, Mapping) and value.get("data") is X)


def _entry(name: str, value: Any, base: Path | None) -> dict[str, Any]:
    spec = dict(value) if isinstance(value, Mapping) else {"data": value}
    if isinstance(spec.get("data"), (str, os.PathLike)):
        spec["path"] = spec.pop("data")
    extra = {k: spec[k] for k in ("description", "anonymisation") if spec.get(k)}
    if spec.get("path") is not None:
        return {"name": name, **_file_entry(name, Path(spec["path"]), base), **extra}
    data = spec.get("data")
    if data is None or not (hasattr(data, "shape") or isinstance(data, (list, tuple))):
        raise TypeError(ERR_DATASET.format(name=name, kind=type(data).__name__))
    return {"name": name, **_frame_entry(data), **extra}


def _file_entry(name: str, path: Path, base: Path | None) -> dict[str, Any]:
    if not path.is_file():
        raise FileNotFoundError(ERR_NO_FILE.format(name=name, path=path))
    entry: dict[str, Any] = {
        "source": "file",
        "path": _shown(path, base),
        "sha256": sha256_file(path),
        "bytes": path.stat().st_size,
        "rows": None,
        "cols": None,
        "pii": {},
    }
    frame = _read_table(path)
    if frame is not None:
        entry.update(rows=int(frame.shape[0]), cols=int(frame.shape[1]), pii=pii_columns(frame))
    return entry


def _shown(path: Path, base: Path | None) -> str:
    if base is None:
        return path.as_posix()
    return Path(os.path.relpath(path.resolve(), base.resolve())).as_posix()


def _read_table(path: Path) -> Any:
    """Read a CSV/TSV or parquet file with pandas; None when it is not a readable table."""
    suffix = path.suffix.lower()
    try:
        import pandas as pd

        if suffix in TABLE_SUFFIXES:
            return pd.read_csv(path, sep="\t" if suffix == ".tsv" else ",", low_memory=False)
        if suffix == ".parquet":
            return pd.read_parquet(path)
    except Exception:  # noqa: BLE001 - an unreadable table still gets its digest
        return None
    return None


def _frame_entry(data: Any) -> dict[str, Any]:
    import numpy as np

    shape = getattr(data, "shape", None) or np.shape(data)
    rows = int(shape[0]) if len(shape) else 1
    cols = int(shape[1]) if len(shape) > 1 else 1
    kind = "frame" if type(data).__module__.startswith("pandas") else "array"
    return {
        "source": kind,
        "sha256": frame_digest(data),
        "rows": rows,
        "cols": cols,
        "pii": pii_columns(data) if kind == "frame" else {},
    }


def pii_columns(frame: Any) -> dict[str, list[dict[str, Any]]]:
    """Return ``{column: [{kind, severity, share}]}`` from the PII profiler (never values)."""
    try:
        from secure_check.detectors.pii.columns import profile_frame
    except ImportError:  # pragma: no cover - profiler absent in a stripped install
        return {}
    out: dict[str, list[dict[str, Any]]] = {}
    for col in profile_frame(frame):
        found = {"kind": col.kind, "severity": col.severity.value, "share": round(col.share, 3)}
        out.setdefault(col.column, []).append(found)
    return out
