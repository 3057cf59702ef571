"""Short sentences about analysis sections, shared by the JSON and HTML renderings."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from secure_check.card.sections import NOT_RUN

_TITLES = {
    "evaluation": "Evaluation",
    "fairness": "Fairness",
    "mitigation": "Bias mitigation",
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


ATTACK_HEADER = ["attack", "eps", "samples", "adversarial accuracy", "success rate"]


def attack_rows(section: Mapping[str, Any]) -> list[list[Any]]:
    """Return a row per evasion run; ``eps`` None means a minimal-perturbation attack."""
    return [
        [
            a.get("name"),
            "minimal" if a.get("eps") is None else a.get("eps"),
            a.get("samples"),
            a.get("adversarial_accuracy"),
            a.get("success_rate"),
        ]
        for a in section.get("attacks") or []
    ]


PD_HEADER = ["feature", "lowest average at", "highest average at", "effect range"]


def pd_rows(section: Mapping[str, Any]) -> list[list[Any]]:
    """Return a row per partial-dependence curve: where the average is lowest, highest, the gap."""
    rows = []
    for name, curve in (section.get("partial_dependence") or {}).items():
        grid, avg = list(curve.get("grid") or []), [_num(v) for v in curve.get("average") or []]
        pairs = [(g, a) for g, a in zip(grid, avg, strict=False) if a is not None]
        if not pairs:
            continue
        low, high = min(pairs, key=lambda p: p[1]), max(pairs, key=lambda p: p[1])
        rows.append(
            [name, f"{low[0]} ({low[1]:.3f})", f"{high[0]} ({high[1]:.3f})", high[1] - low[1]]
        )
    return rows


def _num(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) else None


def privacy_lines(section: Mapping[str, Any]) -> list[str]:
    """Membership and attribute inference and the poisoning screen, one sentence each."""
    lines = []
    mia = section.get("membership_inference") or {}
    if "auc" in mia:
        lines.append(
            f"Membership inference ({mia.get('attack')}): AUC {mia['auc']:.3f} (0.5 = no leakage)."
        )
    elif mia.get("skipped"):
        lines.append(f"Membership inference skipped: {mia['skipped']}.")
    attr = section.get("attribute_inference") or {}
    if attr.get("skipped"):
        lines.append(f"Attribute inference skipped: {attr['skipped']}.")
    elif attr:
        shown = {
            k: v for k, v in attr.items() if isinstance(v, (int, float, str)) and k != "attack"
        }
        lines.append(
            "Attribute inference: " + ", ".join(f"{k} {_short(v)}" for k, v in shown.items()) + "."
        )
    poison = section.get("poisoning") or {}
    if "rows_screened" in poison:
        noise = (poison.get("label_noise") or {}).get("count", 0)
        outliers = (poison.get("outliers") or {}).get("count", 0)
        both = (poison.get("suspects") or {}).get("count", 0)
        lines.append(
            f"Poisoning screen: {poison['rows_screened']} rows, {noise} suspected label flips, "
            f"{outliers} outliers, {both} flagged by both."
        )
    return lines


def _short(value: Any) -> str:
    return f"{value:.3f}" if isinstance(value, float) else str(value)


MITIGATION_HEADER = [
    "method",
    "metric",
    "disparity",
    "disparity CI",
    "change CI",
    "reads sensitive",
]


def mitigation_rows(section: Mapping[str, Any]) -> list[list[Any]]:
    """One row per mitigation candidate: held-out metric, disparity and intervals (or error)."""
    rows = []
    for c in section.get("candidates") or []:
        if c.get("error"):
            rows.append([c.get("method"), "failed", c.get("error"), "", "", ""])
            continue
        rows.append([
            c.get("method"), c.get("metric"), c.get("disparity"), _interval(c.get("disparity_ci")),
            _interval(c.get("disparity_change_ci")), "yes" if c.get("needs_sensitive") else "no",
        ])  # fmt: skip
    return rows


def _interval(ci: Any) -> str:
    if not ci or ci[0] is None or ci[1] is None:
        return "—"
    return f"{ci[0]:.3f} to {ci[1]:.3f}"
