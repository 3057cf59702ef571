"""Render the card as Model Card Toolkit (schema 0.0.2) JSON, plus a ``secure_check`` block."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from secure_check.card.sentences import finding_lines, section_note

MCT_SCHEMA_VERSION = "0.0.2"
PNG_PREFIX = "data:image/png;base64,"


def render(content: Mapping[str, Any], plots: Mapping[str, str]) -> dict[str, Any]:
    """Return the MCT-compatible dict; the full card content sits under ``secure_check``."""
    return {
        "schema_version": MCT_SCHEMA_VERSION,
        "model_details": _details(content),
        "model_parameters": _parameters(content),
        "quantitative_analysis": _quantitative(content, plots),
        "considerations": _considerations(content),
        "secure_check": dict(content),
    }


def _details(c: Mapping[str, Any]) -> dict[str, Any]:
    d = c["model_details"]
    nb = d.get("notebook")
    refs = [{"reference": f"training notebook {nb['path']} (sha256 {nb['sha256']})"}] if nb else []
    return {
        "name": c["name"],
        "overview": f"{d.get('summary', d['type'])} ({d.get('task') or 'task unknown'}).",
        "version": {"name": d["file"]["sha256"][:12], "date": c["created"]},
        "references": refs,
        "path": d["file"]["name"],
    }


def _parameters(c: Mapping[str, Any]) -> dict[str, Any]:
    data = []
    for d in c["datasets"]:
        kinds = sorted({p["kind"] for ps in d["pii"].values() for p in ps})
        data.append({
            "name": d["name"],
            "link": d.get("path", ""),
            "sensitive": {"sensitive_data": [
                f"{col}: {p['kind']}" for col, ps in d["pii"].items() for p in ps
            ]},
            "description": f"sha256 {d['sha256']}; {d['rows']} rows x {d['cols']} cols; "
            f"PII kinds: {', '.join(kinds) or 'none found'}; anonymisation: "
            f"{d.get('anonymisation', 'none stated')}",
        })  # fmt: skip
    return {"model_architecture": c["model_details"]["type"], "data": data}


def _quantitative(c: Mapping[str, Any], plots: Mapping[str, str]) -> dict[str, Any]:
    metrics = [
        {"type": k, "value": str(v), "slice": "overall"}
        for k, v in (c["evaluation"].get("metrics") or {}).items()
    ]
    for feature, ds in (c["fairness"].get("disparities") or {}).items():
        metrics += [{"type": k, "value": str(v), "slice": feature} for k, v in ds.items()]
    collection = [
        {"name": name, "image": uri[len(PNG_PREFIX):]}
        for name, uri in plots.items() if uri.startswith(PNG_PREFIX)
    ]  # fmt: skip
    graphics = {
        "description": "fairness, mitigation, explanation and robustness plots",
        "collection": collection,
    }
    return {"performance_metrics": metrics, "graphics": graphics}


def _considerations(c: Mapping[str, Any]) -> dict[str, Any]:
    ethical = [
        {"name": line, "mitigation_strategy": ""}
        for kind in ("fairness", "mitigation", "explanation", "robustness")
        for line in finding_lines(c[kind])
    ]
    for kind in ("fairness", "mitigation", "explanation", "robustness", "security_scan"):
        note = section_note(kind, c[kind])
        if note:
            ethical.append({"name": note, "mitigation_strategy": ""})
    out: dict[str, Any] = {"ethical_considerations": ethical}
    if c.get("intended_use"):
        out["use_cases"] = [{"description": c["intended_use"]}]
    if c.get("limitations"):
        out["limitations"] = [{"description": c["limitations"]}]
    return out
