"""Bind the card folder into a signed in-toto statement."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .sign import ENVELOPE_NAME, sha256_file, sign_statement, statement


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
    path.write_text(json.dumps(envelope, indent=2) + "\n", encoding="utf-8")
    return path
