"""Short sentences about analysis sections, shared by the JSON and HTML renderings."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .sections import NOT_RUN

_TITLES = {
    "evaluation": "Evaluation",
    "fairness": "Fairness",
    "explanation": "Explanation",
    "robustness": "Robustness",
    "security_scan": "Security scan",
}


def finding_lines(section: Mapping[str, Any]) -> list[str]:
    """``[SEVERITY] rule: message`` for each finding of a section."""
    return [
        f"[{str(f.get('severity', '')).upper()}] {f.get('rule')}: {f.get('message')}"
        for f in section.get("findings") or []
    ]


def section_note(kind: str, section: Mapping[str, Any]) -> str | None:
    """Return a sentence for a section that was not run, or the scan's totals; else None."""
    if section.get("status") == NOT_RUN:
        return f"{_TITLES[kind]} not run: {section.get('reason')}"
    if kind == "security_scan":
        rules = ", ".join(f"{k} x{v}" for k, v in section.get("by_rule", {}).items()) or "none"
        return f"Security scan of the notebook: {section.get('total')} finding(s) ({rules})"
    return None
