"""Model details for the card: type, parameters, library versions, and the saved model file."""

from __future__ import annotations

import importlib.metadata
import inspect
import io
import math
import os
import platform
from pathlib import Path
from typing import Any

from secure_check.core import files
from secure_check.core.digests import sha256_file

MODEL_STEM = "model"
LIBRARIES = ("secure-check", "scikit-learn", "numpy", "pandas", "skops", "joblib", "cryptography")
ERR_SAVE = "cannot save the model into the card folder (skops: {skops}; joblib: {joblib})"
ERR_NO_MODEL_FILE = "model file {path} does not exist"


def save_model(model: Any, folder: Path) -> dict[str, Any]:
    """Bind the model to a file in ``folder`` and return ``{name, format, sha256, bytes}``.

    A path is copied in (so the signed folder is self-contained); a model in memory is saved
    with skops (no pickle) or, when skops cannot, joblib.
    """
    if isinstance(model, (str, os.PathLike)):
        return _copy_file(Path(model), folder)
    try:
        import skops.io as sio

        name, blob, fmt = f"{MODEL_STEM}.skops", sio.dumps(model), "skops"
    except Exception as e:  # noqa: BLE001 - any skops failure falls back to joblib
        skops_error = f"{type(e).__name__}: {e}"
        name, fmt = f"{MODEL_STEM}.joblib", "joblib"
        try:
            import joblib

            buffer = io.BytesIO()
            joblib.dump(model, buffer)
            blob = buffer.getvalue()
        except Exception as e2:  # noqa: BLE001 - both failed: say why, for each
            raise ValueError(
                ERR_SAVE.format(skops=skops_error, joblib=f"{type(e2).__name__}: {e2}")
            ) from None
    target = files.write_file(name, blob, root=folder, mode=0o644)
    return _file_info(target, fmt)


def _copy_file(source: Path, folder: Path) -> dict[str, Any]:
    if not source.is_file():
        raise FileNotFoundError(ERR_NO_MODEL_FILE.format(path=source))
    target = folder / source.name
    if source.resolve() != target.resolve():
        files.write_file(source.name, source.read_bytes(), root=folder, mode=0o644)
    return _file_info(target, source.suffix.lstrip(".") or "file")


def _file_info(path: Path, fmt: str) -> dict[str, Any]:
    return {
        "name": path.name,
        "format": fmt,
        "sha256": sha256_file(path),
        "bytes": path.stat().st_size,
    }


def details(model: Any) -> dict[str, Any]:
    """Type, task, JSON-safe parameters and library versions of ``model``."""
    if isinstance(model, (str, os.PathLike)):
        return {"type": "model file", "task": None, "parameters": {}, "libraries": versions(None)}
    kind = type(model)
    out: dict[str, Any] = {
        "type": f"{kind.__module__}.{kind.__qualname__}",
        "summary": _summary(model),
        "task": _task(model),
        "parameters": parameters(model),
        "changed_parameters": changed_parameters(model),
        "libraries": versions(model),
    }
    return out


def _summary(model: Any) -> str:
    steps = getattr(model, "steps", None)
    if steps:
        return f"{type(model).__name__}({' > '.join(type(s).__name__ for _, s in steps)})"
    return type(model).__name__


def _task(model: Any) -> str | None:
    try:
        from secure_check.analyses.model import as_model

        return str(as_model(model).task)
    except Exception:  # noqa: BLE001 - not a predictor we understand: task unknown
        return None


def parameters(model: Any) -> dict[str, Any]:
    """``get_params(deep=True)`` with every value JSON-safe (estimators shown by class name)."""
    get = getattr(model, "get_params", None)
    if not callable(get):
        return {}
    try:
        params = get(deep=True)
    except Exception:  # noqa: BLE001 - a broken get_params leaves the parameters unknown
        return {}
    return {str(k): _safe(v) for k, v in sorted(params.items())}


def changed_parameters(model: Any, prefix: str = "") -> dict[str, Any]:
    """Parameters that differ from their class defaults, nested ones as ``step__name``.

    What a reader needs to reproduce the model, without the dozens of defaults.
    """
    get = getattr(model, "get_params", None)
    if not callable(get):
        return {}
    try:
        params = get(deep=False)
        defaults = {
            k: p.default for k, p in inspect.signature(type(model).__init__).parameters.items()
        }
    except Exception:  # noqa: BLE001 - an unusual estimator: report nothing rather than fail
        return {}
    out: dict[str, Any] = {}
    for key, value in sorted(params.items()):
        if hasattr(value, "get_params"):
            out.update(changed_parameters(value, f"{prefix}{key}__"))
        elif _is_step_list(value):
            for step in value:
                out.update(changed_parameters(step[1], f"{prefix}{step[0]}__"))
        elif key not in defaults:
            # NOTE: **kwargs estimators (XGBoost) leave defaults unset: None means "default"
            if value is not None:
                out[f"{prefix}{key}"] = _safe(value)
        elif not _equal(value, defaults[key]):
            out[f"{prefix}{key}"] = _safe(value)
    return out


def _is_step_list(value: Any) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(s, tuple) and len(s) >= 2 and hasattr(s[1], "get_params") for s in value)
    )


def _equal(value: Any, default: Any) -> bool:
    if isinstance(value, float) and isinstance(default, float) and value != value:
        return default != default  # NOTE: NaN equals NaN here (a "missing" marker)
    try:
        return bool(value is default or value == default)
    except Exception:  # noqa: BLE001 - arrays and odd types compare ambiguously: call it changed
        return False


def _safe(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # NOTE: JSON has no NaN/inf
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [_safe(v) for v in value]
    if hasattr(value, "get_params"):
        return type(value).__name__
    text = repr(value)
    return text if len(text) <= 200 else text[:199] + "…"


def versions(model: Any) -> dict[str, str]:
    """Python and the installed versions of the libraries the model and the card rely on."""
    names = list(LIBRARIES)
    root = type(model).__module__.split(".")[0] if model is not None else ""
    if root and root not in ("builtins", "sklearn", "numpy"):
        names.append(root)
    out = {"python": platform.python_version()}
    for name in names:
        try:
            out[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue
    return out
