"""Build the model card: gather content, render Markdown/JSON/HTML, log it, and sign it."""

from __future__ import annotations

import datetime as dt
import json
import math
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from secure_check.card import model_info, provenance, sections
from secure_check.card.result import Card
from secure_check.card.sign import ENVELOPE_NAME
from secure_check.core import audit, files
from secure_check.core.digests import model_digest, sha256_file

SCHEMA = "https://secure-check.dev/model-card/v1"
FILES = {"markdown": "README.md", "json": "model-card.json", "html": "model-card.html"}
ERR_OUT_FILE = "out_dir {path} exists and is not a folder"


def build_card(
    model: Any,
    *,
    name: str | None = None,
    out_dir: str | os.PathLike[str] | None = "model-card",
    X: Any = None,
    y: Any = None,
    datasets: Any = None,
    notebook: str | os.PathLike[str] | None = None,
    fairness: Any = None,
    mitigation: Any = None,
    explanation: Any = None,
    robustness: Any = None,
    scan: Any = None,
    intended_use: str | None = None,
    limitations: str | None = None,
    regulation: Mapping[str, Any] | None = None,
    sign_key: Any = None,
    log: str | os.PathLike[str] | None = None,
) -> Card:
    """Write a model card (README.md, model-card.json, model-card.html), log it, and sign it.

    Parameters
    ----------
    model : estimator or path
        A fitted model (saved into the card folder with skops, else joblib) or a model file.
    name : str, optional
        The model's name (default: its class name).
    out_dir : path, default "model-card"
        The card folder (created).
    X, y : optional
        Evaluation data; also listed under data provenance.
    datasets : path, frame, list or dict, optional
        Datasets to record (SHA-256, shape, PII per column); see :func:`provenance.describe`.
    notebook : path, optional
        The training notebook: digest, security-scan counts, metadata ``model_card``.
    fairness, mitigation, explanation, robustness : result or dict, optional
        Results of :func:`secure_check.fairness`, ``mitigate``, ``explain``, ``robustness``.
    scan : list of Finding or dicts, optional
        Findings to summarise (else the notebook is scanned). Only counts by rule are kept.
    intended_use, limitations : str, optional
        Default: the notebook's ``metadata.model_card`` keys of the same names.
    regulation : dict, optional
        Keys of :data:`sections.REGULATION_KEYS` (GDPR Art. 30, CCPA, EU AI Act); default:
        the notebook's ``metadata.model_card.regulation``.
    sign_key : path or private key, optional
        Signs an in-toto statement over every file in a DSSE envelope (card.dsse.json).
    log : path, optional
        The audit log (default ``.secure-check/audit.jsonl`` at the project root).

    Returns
    -------
    Card
    """
    # NOTE: everything that can reject bad input runs before anything is written.
    folder = _check_folder(out_dir, model)
    key = _load_key(sign_key)
    nb = _notebook(Path(notebook) if notebook else None, folder)
    content: dict[str, Any] = {
        "schema": SCHEMA,
        "name": name or _default_name(model),
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "model_details": model_info.details(model),
        "intended_use": intended_use or nb["meta"].get("intended_use"),
        "limitations": limitations or nb["meta"].get("limitations"),
        "datasets": provenance.describe(datasets, X, base=folder),
        "evaluation": sections.evaluation(model, X, y),
    }
    results = {
        "fairness": fairness,
        "mitigation": mitigation,
        "explanation": explanation,
        "robustness": robustness,
    }
    facts = regulation if regulation is not None else nb["meta"].get("regulation")
    plots = _analyses(content, results, scan, facts, nb["path"])
    folder.mkdir(parents=True, exist_ok=True)
    content["model_details"]["file"] = model_info.save_model(model, folder)
    content["model_details"]["notebook"] = nb["info"]
    content["audit"] = _audit(model, content, log, folder)
    content["signature"] = _signature_plan(key)
    if key is not None:
        from secure_check.card.attest import cosign_model

        model_file = folder / content["model_details"]["file"]["name"]
        content["signature"]["model_signing"] = cosign_model(model_file, sign_key)
    return _write(folder, content, plots, key, nb["path"])


def _analyses(
    content: dict[str, Any],
    results: Mapping[str, Any],
    scan: Any,
    regulation: Mapping[str, Any] | None,
    notebook: Path | None,
) -> dict[str, str]:
    """Fill the analysis, scan and regulation sections; return the plots to embed."""
    plots: dict[str, str] = {}
    for kind, result in results.items():
        content[kind], found = sections.analysis(kind, result)
        plots.update(found)
    content["security_scan"] = sections.scan_summary(scan, notebook)
    used = sections.sensitive_features(content["fairness"], content["explanation"])
    content["regulation"] = sections.regulation(
        regulation, content["datasets"], used, content["mitigation"]
    )
    return plots


def _check_folder(out_dir: Any, model: Any) -> Path:
    if isinstance(model, (str, os.PathLike)) and not Path(model).is_file():
        raise FileNotFoundError(model_info.ERR_NO_MODEL_FILE.format(path=model))
    folder = Path(out_dir if out_dir is not None else "model-card")
    if folder.exists() and not folder.is_dir():
        raise NotADirectoryError(ERR_OUT_FILE.format(path=folder))
    return folder


def _default_name(model: Any) -> str:
    return Path(model).stem if isinstance(model, (str, os.PathLike)) else type(model).__name__


def _load_key(sign_key: Any) -> Any:
    if sign_key is None:
        return None
    from secure_check.card.sign import load_private

    return load_private(sign_key) if isinstance(sign_key, (str, os.PathLike)) else sign_key


def _notebook(path: Path | None, folder: Path) -> dict[str, Any]:
    if path is None:
        return {"path": None, "info": None, "meta": {}}
    if not path.is_file():
        raise FileNotFoundError(f"notebook {path} does not exist")
    meta: dict[str, Any] = {}
    try:
        raw = json.loads(path.read_text(encoding="utf-8")).get("metadata", {})
        meta = dict(
            raw.get("model_card") or (raw.get("secure_check") or {}).get("model_card") or {}
        )
    except (ValueError, AttributeError, TypeError):
        meta = {}  # NOTE: a malformed notebook is reported by the scan section
    info = {
        "path": _relative(path, folder),
        "sha256": sha256_file(path),
    }
    return {"path": path, "info": info, "meta": meta}


def _audit(model: Any, content: dict[str, Any], log: Any, folder: Path) -> dict[str, Any]:
    digests = {"model_file": "sha256:" + content["model_details"]["file"]["sha256"]}
    if not isinstance(model, (str, os.PathLike)):
        digests["model"] = model_digest(model)
    for d in content["datasets"]:
        digests[f"data:{d['name']}"] = "sha256:" + d["sha256"]
    if content["model_details"]["notebook"]:
        digests["notebook"] = "sha256:" + content["model_details"]["notebook"]["sha256"]
    path = Path(log) if log is not None else audit.default_path()
    try:
        earlier = audit.related(audit.read(path), digests)
        entry = audit.append("card", digests=digests, path=path, **_audit_summary(content))
    except (OSError, ValueError) as e:
        return {"log": _relative(path, folder), "error": f"{type(e).__name__}: {e}", "entries": []}
    cited = [*earlier, entry]
    keys = ("seq", "hash", "action", "time", "who")
    # NOTE: relative to the card, so a published card does not reveal a home folder
    return {"log": _relative(path, folder), "entries": [{k: e.get(k) for k in keys} for e in cited]}


def _relative(path: Path, folder: Path) -> str:
    return Path(os.path.relpath(path.resolve(), folder.resolve())).as_posix()


def _audit_summary(content: Mapping[str, Any]) -> dict[str, Any]:
    status = {
        k: content[k].get("status")
        for k in ("evaluation", "fairness", "mitigation", "explanation", "robustness")
    }
    status["security_scan"] = content["security_scan"].get("status")
    scan = content["security_scan"]
    return {"name": content["name"], "sections": status, "scan_findings": scan.get("total")}


def _signature_plan(key: Any) -> dict[str, Any]:
    if key is None:
        return {"signed": False}
    from secure_check.card.sign import ENVELOPE_NAME, keyid

    algorithm = "ecdsa-p256-sha256" if hasattr(key, "curve") else "ed25519"
    return {
        "signed": True,
        "keyid": keyid(key.public_key()),
        "algorithm": algorithm,
        "envelope": ENVELOPE_NAME,
    }


def _write(
    folder: Path, content: dict[str, Any], plots: dict[str, str], key: Any, nb: Path | None
) -> Card:
    from secure_check.card import html as render_html
    from secure_check.card import markdown as render_md
    from secure_check.card import mct as render_mct

    content = _finite(content)
    paths = {kind: folder / file for kind, file in FILES.items()}
    # NOTE: a card folder inside a cloned repo may hold planted links: never write through one
    texts = {
        "markdown": render_md.render(content),
        "json": json.dumps(render_mct.render(content, plots), indent=2),
        "html": render_html.render(content, plots),
    }
    for kind, text in texts.items():
        files.write_file(FILES[kind], text, root=folder, mode=0o644)
    paths["model"] = folder / content["model_details"]["file"]["name"]
    if key is None:
        # NOTE: an envelope left from an earlier signed build would vouch for other files
        (folder / ENVELOPE_NAME).unlink(missing_ok=True)
    else:
        from secure_check.card.attest import sign_folder

        paths["envelope"] = sign_folder(folder, content, paths, key, nb)
    return Card(folder=folder, content=content, paths=paths)


def _finite(value: Any) -> Any:
    """Replace NaN and infinities (not JSON) by None, everywhere in the content."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value
