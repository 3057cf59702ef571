"""Digests that bind files, data and models to audit entries and cards (never their content)."""

from __future__ import annotations

import hashlib
import os
import weakref
from typing import Any

# model object -> every digest model_digest gave it in this process (the analyses view tells a
# stale audit, of this object before a refit, from a missing one)
_SEEN: weakref.WeakKeyDictionary[Any, list[str]] = weakref.WeakKeyDictionary()


def sha256_file(path: str | os.PathLike[str]) -> str:
    """Hex SHA-256 of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def frame_digest(data: Any) -> str:
    r"""SHA-256 (hex) of a canonical serialisation of a frame, Series or array.

    Column by column (the index first): name, dtype and length, then the values - numbers as
    little-endian bytes, anything else as UTF-8 text joined by ``\x1e`` with ``\x00`` for a
    missing value. Equal data gives an equal digest on any machine, no parquet engine is
    needed, and a million rows take about a second.
    """
    digest = hashlib.sha256()
    if type(data).__module__.startswith("pandas"):
        import pandas as pd

        frame = data.to_frame() if isinstance(data, pd.Series) else data
        digest.update(b"frame\n")
        _hash_column(digest, "__index__", frame.index)
        for i in range(frame.shape[1]):
            _hash_column(digest, str(frame.columns[i]), frame.iloc[:, i])
        return digest.hexdigest()
    _hash_column(digest, "__array__", data)
    return digest.hexdigest()


def _hash_column(digest: Any, name: str, values: Any) -> None:
    import numpy as np
    import pandas as pd

    array = values.to_numpy() if hasattr(values, "to_numpy") else np.asarray(values)
    dtype = str(getattr(values, "dtype", array.dtype))
    digest.update(f"{name}\x1f{dtype}\x1f{array.shape}\n".encode())
    if array.dtype.kind in "biufcmM":
        little = array.dtype.newbyteorder("<")
        digest.update(np.ascontiguousarray(array, dtype=little).tobytes())
        return
    flat = array.ravel()
    missing = pd.isna(flat)
    text = "\x1e".join("\x00" if m else str(v) for v, m in zip(flat, missing, strict=True))
    digest.update(text.encode("utf-8", "surrogatepass"))


def model_digest(model: Any) -> str:
    """``sha256:<hex>`` of a model's pickle (stable for one fitted object), for log entries.

    Analyses and the card log this digest, so a card can cite the analyses of its model.
    """
    import pickle

    try:
        data = pickle.dumps(model, protocol=5)
    except Exception:  # noqa: BLE001 - unpicklable model: identify it by type and id only
        data = f"{type(model).__qualname__}:{id(model)}".encode()
    digest = "sha256:" + hashlib.sha256(data).hexdigest()
    try:
        seen = _SEEN.setdefault(model, [])
    except Exception:  # noqa: BLE001 - not weak-referenceable, unhashable, or an odd __eq__
        return digest
    if digest not in seen:
        seen.append(digest)
    return digest


def digests_seen(model: Any) -> list[str]:
    """Every digest :func:`model_digest` gave ``model`` in this process, oldest first."""
    try:
        return list(_SEEN.get(model, ()))
    except Exception:  # noqa: BLE001 - as in model_digest: such objects are never remembered
        return []
