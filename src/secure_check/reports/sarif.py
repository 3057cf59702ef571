"""SARIF 2.1.0 report, shaped for GitHub code-scanning upload."""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from secure_check.reports.json_report import TOOL_NAME, tool_version
from secure_check.reports.rules import (
    SARIF_LEVELS,
    SECURITY_SEVERITY,
    describe,
    first_by_rule,
    help_text,
    rule_name,
)

if TYPE_CHECKING:
    from secure_check.core.findings import Finding
    from secure_check.core.scan import FileResult

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "secureCheck/v1"
INFO_URI = "https://github.com/secure-check/secure-check"
BASELINE_JUSTIFICATION = "accepted in the secure-check baseline"


def to_sarif(results: Sequence[FileResult], *, root: str | None = None) -> str:
    """Render results as a SARIF 2.1.0 log (one run, one rule per rule id).

    Artifact URIs are relative to the current directory (``%SRCROOT%``, the repository root
    in CI) when the file lies under it, else absolute ``file://`` URIs.
    """
    locator = _Locator(root)
    findings = [f for r in results for f in r.findings]
    rules = first_by_rule(findings)
    index = {rule: i for i, rule in enumerate(rules)}
    run = {
        "tool": {"driver": _driver(rules)},
        "originalUriBaseIds": {SRCROOT: {"uri": locator.srcroot_uri}},
        "invocations": [_invocation(results, locator)],
        "results": [_result(f, index[f.rule], locator) for f in findings],
        "columnKind": "unicodeCodePoints",
    }
    log = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, indent=2) + "\n"


class _Locator:
    """Turns report paths into SARIF artifact locations."""

    def __init__(self, root: str | None) -> None:
        self.base = Path(root).resolve() if root else Path.cwd().resolve()
        self.srcroot = Path.cwd().resolve()
        self.srcroot_uri = self.srcroot.as_uri().rstrip("/") + "/"

    def artifact(self, path: str) -> dict[str, str]:
        full = self.base / path
        try:
            rel = full.relative_to(self.srcroot)
        except ValueError:
            return {"uri": full.as_uri()}
        return {"uri": urllib.parse.quote(rel.as_posix()), "uriBaseId": SRCROOT}


def _driver(rules: dict[str, Finding]) -> dict[str, Any]:
    return {
        "name": TOOL_NAME,
        "version": tool_version(),
        "informationUri": INFO_URI,
        "rules": [_rule(rule, f) for rule, f in rules.items()],
    }


def _rule(rule: str, f: Finding) -> dict[str, Any]:
    help_ = help_text(rule, f.category)
    short = f.message or f"{f.category}: {rule}"
    return {
        "id": rule,
        "name": rule_name(rule),
        "shortDescription": {"text": short},
        "fullDescription": {"text": help_},
        "help": {"text": help_, "markdown": help_},
        "defaultConfiguration": {"level": SARIF_LEVELS[f.severity.value]},
        "properties": {
            "tags": ["security", f.category],
            "security-severity": SECURITY_SEVERITY[f.severity.value],
        },
    }


def _result(f: Finding, rule_index: int, locator: _Locator) -> dict[str, Any]:
    where = describe(f)
    label = f.message or f.rule
    result: dict[str, Any] = {
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": SARIF_LEVELS[f.severity.value],
        "message": {"text": f"{label} in {where}: {f.preview}"},
        "locations": [_location(f, where, locator)],
        "partialFingerprints": {FINGERPRINT_KEY: f.fingerprint},
        "properties": _properties(f),
    }
    if f.accepted:
        result["suppressions"] = [{"kind": "external", "justification": BASELINE_JUSTIFICATION}]
    return result


def _location(f: Finding, where: str, locator: _Locator) -> dict[str, Any]:
    cell = f"cell[{f.cell_index}]" if f.cell_index is not None else f.where
    return {
        "physicalLocation": {
            "artifactLocation": locator.artifact(f.path),
            "region": {"startLine": max(1, f.line), "startColumn": max(1, f.column)},
        },
        "logicalLocations": [
            {"name": cell, "fullyQualifiedName": f"{f.path}/{cell}/{f.where}", "kind": "object"}
        ],
        "message": {"text": where},
    }


def _properties(f: Finding) -> dict[str, Any]:
    return {
        "category": f.category,
        "severity": f.severity.value,
        "confidence": f.confidence,
        "cellIndex": f.cell_index,
        "cellId": f.cell_id,
        "where": f.where,
        "outputIndex": f.output_index,
        "kind": f.kind,
        "preview": f.preview,
        **({"details": f.details} if f.details else {}),
    }


def _invocation(results: Sequence[FileResult], locator: _Locator) -> dict[str, Any]:
    errors = [r for r in results if r.error is not None]
    notes = [
        {
            "level": "error",
            "message": {"text": f"{r.path}: {r.error}"},
            "locations": [{"physicalLocation": {"artifactLocation": locator.artifact(r.path)}}],
        }
        for r in errors
    ]
    return {"executionSuccessful": not errors, "toolExecutionNotifications": notes}
