"""Bind the card folder into a signed in-toto statement."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from secure_check.card.sign import ENVELOPE_NAME, sign_statement, statement
from secure_check.core import files
from secure_check.core.digests import sha256_file


def subjects(folder: Path, paths: Mapping[str, Path], notebook: Path | None) -> dict[str, str]:
    """``{name relative to folder: sha256}`` of the model, the three card files and the notebook."""
    files = [paths[k] for k in ("model", "json", "html", "markdown")]
    if notebook is not None:
        files.append(notebook)
    out = {}
    for file in files:
        name = Path(os.path.relpath(file.resolve(), folder.resolve())).as_posix()
        out[name] = sha256_file(file)
    return out


def predicate(content: Mapping[str, Any]) -> dict[str, Any]:
    """Return the card summary the signature vouches for (no plots, no raw values)."""
    scan = content["security_scan"]
    return {
        "name": content["name"],
        "created": content["created"],
        "model_type": content["model_details"]["type"],
        "evaluation": content["evaluation"].get("metrics", {}),
        "sections": {
            k: content[k].get("status", "run")
            for k in ("evaluation", "fairness", "explanation", "robustness", "security_scan")
        },
        "security_scan": {k: scan.get(k) for k in ("total", "by_rule", "by_severity")},
        "datasets": [{"name": d["name"], "sha256": d["sha256"]} for d in content["datasets"]],
        "audit": content["audit"].get("entries", []),
        "audit_log": content["audit"].get("log"),
    }


def sign_folder(
    folder: Path,
    content: Mapping[str, Any],
    paths: dict[str, Path],
    key: Any,
    notebook: Path | None,
) -> Path:
    """Write ``card.dsse.json``: a DSSE envelope over every subject's SHA-256."""
    stmt = statement(subjects(folder, paths, notebook), predicate(content))
    envelope = sign_statement(stmt, key)
    path = folder / ENVELOPE_NAME
    files.write_file(ENVELOPE_NAME, json.dumps(envelope, indent=2) + "\n", root=folder, mode=0o644)
    return path


MODEL_SIGNATURE = "model.sig"


def cosign_model(model_file: Path, key_file: Any) -> str:
    """Also sign the model with OpenSSF ``model-signing`` when it is installed; say what happened.

    Optional and guarded: the package is not a dependency, and any failure is reported in the
    card instead of stopping it. Needs the private key as a file (unencrypted).
    """
    import importlib.util

    if importlib.util.find_spec("model_signing") is None:
        return "not installed"
    if not isinstance(key_file, (str, os.PathLike)):
        return "skipped: model-signing needs the private key as a file"
    try:
        import model_signing

        config = model_signing.signing.Config().use_elliptic_key_signer(private_key=key_file)
        config.sign(model_file, model_file.parent / MODEL_SIGNATURE)
    except Exception as e:  # noqa: BLE001 - optional co-signature: report, never fail the card
        return f"failed: {type(e).__name__}"
    return f"signed: {MODEL_SIGNATURE}"
