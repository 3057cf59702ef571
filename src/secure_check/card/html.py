"""Render the card as one self-contained HTML page: embedded PNG plots, print-friendly CSS."""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from secure_check.analyses.rich import fmt, plots_html, table_html, verdict, verdict_html
from secure_check.card.sections import NOT_RUN, dataset_rows, regulation_rows
from secure_check.card.sentences import (
    ATTACK_HEADER,
    MITIGATION_HEADER,
    PD_HEADER,
    attack_rows,
    mitigation_rows,
    pd_rows,
    privacy_lines,
    section_note,
)

CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d1d1f;
 max-width:1000px;margin:24px auto;padding:0 20px}
h1{font-size:24px;margin-bottom:4px}h2{font-size:18px;border-bottom:2px solid #e3e3e8;
 padding-bottom:4px;margin-top:28px}h4{margin:12px 0 4px}
table{border-collapse:collapse;margin:8px 0;font-size:13px}
th,td{border:1px solid #d6d6de;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f2f2f7}code{font-size:12px;word-break:break-all}
figure{display:inline-block;margin:6px;max-width:480px}figure img{max-width:100%}
figcaption{font-size:12px;color:#555}.sc-muted{color:#666;font-style:italic}
.sc-badge{display:inline-block;padding:2px 8px;border-radius:10px;font-size:12px;margin-right:4px}
.sc-run{background:#e3f4e8;color:#1b5e20}.sc-skip{background:#eee;color:#555}
.sc-finding{margin:2px 0}.sc-high{color:#b00020}.sc-medium{color:#b26a00}.sc-low{color:#555}
@media print{body{margin:0;max-width:none;font-size:11px}h2{break-after:avoid}
 table,figure{break-inside:avoid}a{color:inherit;text-decoration:none}@page{margin:14mm}}
"""
_RUN_KEYS = ("evaluation", "fairness", "mitigation", "explanation", "robustness", "security_scan")


def render(content: Mapping[str, Any], plots: Mapping[str, str]) -> str:
    """Return the whole HTML document."""
    name = html.escape(str(content["name"]))
    body = [
        f"<h1>Model card: {name}</h1>",
        f'<p class="sc-muted">Created {html.escape(content["created"])} by secure-check.</p>',
        _badges(content),
        glance(content),
        *(section(content, plots) for section in _SECTIONS),
    ]
    from secure_check.core.page import document

    return document(f"Model card: {content['name']}", "".join(body), CSS)


def _badges(c: Mapping[str, Any]) -> str:
    out = []
    for key in _RUN_KEYS:
        run = c[key].get("status") != NOT_RUN
        label = key.replace("_", " ") + ("" if run else ": not run")
        out.append(
            f'<span class="sc-badge {"sc-run" if run else "sc-skip"}">{html.escape(label)}</span>'
        )
    return f"<p>{''.join(out)}</p>"


def glance(c: Mapping[str, Any]) -> str:
    """One table with what a reviewer reads first: metrics, findings, scan, signature."""
    rows: list[list[Any]] = [
        [f"evaluation: {k}", v] for k, v in (c["evaluation"].get("metrics") or {}).items()
    ]
    for kind in ("fairness", "mitigation", "explanation", "robustness"):
        if c[kind].get("status") != NOT_RUN:
            found = [str(f.get("severity")) for f in c[kind].get("findings") or []]
            counts = ", ".join(
                f"{found.count(s)} {s}" for s in ("high", "medium", "low") if s in found
            )
            rows.append([f"{kind} findings", counts or "none"])
    scan = c["security_scan"]
    if scan.get("status") != NOT_RUN:
        rows.append(["notebook scan findings", scan["total"]])
    sig = c["signature"]
    rows.append(
        [
            "signature",
            f"{sig['algorithm']} key {sig['keyid'][:16]}" if sig.get("signed") else "unsigned",
        ]
    )
    return "<h2>At a glance</h2>" + table_html(["item", "value"], rows)


def _esc(value: Any) -> str:
    return html.escape("—" if value is None else str(value))


def _section(title: str, body: str) -> str:
    return f"<section><h2>{html.escape(title)}</h2>{body}</section>"


def _skipped(section: Mapping[str, Any], kind: str) -> str | None:
    note = section_note(kind, section) if section.get("status") == NOT_RUN else None
    return f'<p class="sc-muted">{html.escape(note)}.</p>' if note else None


def _findings(section: Mapping[str, Any], title: str) -> str:
    """Render the verdict (headline, issues, folded notes) that leads a section."""
    return verdict_html(verdict(title, section.get("findings") or []))


def _plots(plots: Mapping[str, str], kind: str) -> str:
    return plots_html(
        {k.split(": ", 1)[1]: v for k, v in plots.items() if k.startswith(f"{kind}: ")}
    )


def _details(c: Mapping[str, Any], plots: Mapping[str, str]) -> str:
    d = c["model_details"]
    nb = d.get("notebook") or {}
    rows = [
        ("type", d["type"]), ("task", d.get("task")),
        ("model file", f"{d['file']['name']} ({d['file']['format']}, {d['file']['bytes']} bytes)"),
        ("model sha256", d["file"]["sha256"]), ("training notebook", nb.get("path", "not given")),
        ("notebook sha256", nb.get("sha256")),
        ("libraries", ", ".join(f"{k} {v}" for k, v in d["libraries"].items())),
    ]  # fmt: skip
    changed = d.get("changed_parameters") or {}
    params = (
        table_html(["parameter", "value"], changed.items())
        if changed
        else '<p class="sc-muted">All parameters are at their defaults.</p>'
    )
    title = (
        "<h4>Parameters changed from their defaults "
        f"({len(d['parameters'])} in all, in the JSON)</h4>"
    )
    return _section("Model details", table_html(["field", "value"], rows) + title + params)


def _uses(c: Mapping[str, Any], plots: Mapping[str, str]) -> str:
    def text(key: str) -> str:
        value = c.get(key)
        return f"<p>{_esc(value)}</p>" if value else '<p class="sc-muted">Not stated.</p>'

    return _section("Intended use", text("intended_use")) + _section(
        "Limitations", text("limitations")
    )


def _data(c: Mapping[str, Any], plots: Mapping[str, str]) -> str:
    if not c["datasets"]:
        return _section("Data provenance", '<p class="sc-muted">No datasets were given.</p>')
    header, rows = dataset_rows(c["datasets"])
    return _section("Data provenance", table_html(header, rows))


def _evaluation(c: Mapping[str, Any], plots: Mapping[str, str]) -> str:
    e = c["evaluation"]
    body = _skipped(e, "evaluation") or (
        f"<p>{e['rows']} rows, {_esc(e['task'])}.</p>"
        + table_html(["metric", "value"], e["metrics"].items())
    )
    return _section("Evaluation", body)


def _fairness(c: Mapping[str, Any], plots: Mapping[str, str]) -> str:
    f = c["fairness"]
    body = _skipped(f, "fairness")
    if body is None:
        rows = [
            [feat, k, v] for feat, ds in f.get("disparities", {}).items() for k, v in ds.items()
        ]
        body = (
            _findings(f, "Fairness")
            + table_html(["sensitive feature", "disparity", "value"], rows)
            + "".join(f"<p>Note: {_esc(n)}</p>" for n in f.get("notes") or [])
            + _plots(plots, "fairness")
        )
    return _section("Fairness", body)


def _mitigation(c: Mapping[str, Any], plots: Mapping[str, str]) -> str:
    m = c["mitigation"]
    body = _skipped(m, "mitigation")
    if body is None:
        advice = _esc((m.get("recommendation") or {}).get("text"))
        held = _esc((m.get("meta") or {}).get("held_out"))
        body = (
            _findings(m, "Bias mitigation")
            + f"<p><b>Recommendation:</b> {advice}</p><p>Held-out rows: {held}.</p>"
            + table_html(MITIGATION_HEADER, mitigation_rows(m))
            + _plots(plots, "mitigation")
        )
    return _section("Bias mitigation", body)


def _explanation(c: Mapping[str, Any], plots: Mapping[str, str]) -> str:
    x = c["explanation"]
    body = _skipped(x, "explanation")
    if body is None:
        top = list(x.get("importance", {}).items())[:15]
        body = _findings(x, "Explanation") + table_html(["feature", "mean |SHAP|"], top)
        if x.get("partial_dependence"):
            body += "<h4>Partial dependence</h4>" + table_html(PD_HEADER, pd_rows(x))
        body += _plots(plots, "explanation")
    return _section("Explanation: SHAP and partial dependence", body)


def _robustness(c: Mapping[str, Any], plots: Mapping[str, str]) -> str:
    r = c["robustness"]
    body = _skipped(r, "robustness")
    if body is None:
        rows = attack_rows(r)
        privacy = "".join(f"<li>{html.escape(line)}</li>" for line in privacy_lines(r))
        accuracy = html.escape(fmt(r.get("clean_accuracy")))
        body = (
            _findings(r, "Robustness")
            + f"<p>Clean accuracy {accuracy}.</p><ul>{privacy}</ul>"
            + table_html(ATTACK_HEADER, rows)
            + _plots(plots, "robustness")
        )
    return _section("Robustness and privacy probes", body)


def _scan(c: Mapping[str, Any], plots: Mapping[str, str]) -> str:
    s = c["security_scan"]
    body = _skipped(s, "security_scan") or (
        f"<p>{s['total']} finding(s), {s['accepted']} accepted. "
        "Counts by rule; values are never recorded.</p>"
        + table_html(["rule", "count"], s["by_rule"].items())
        + table_html(["severity", "count"], s["by_severity"].items())
    )
    return _section("Notebook security and privacy scan", body)


def _regulation(c: Mapping[str, Any], plots: Mapping[str, str]) -> str:
    reg = c["regulation"]
    rows = regulation_rows(reg, _listed)
    title = "Regulation: GDPR Art. 30, CCPA, EU AI Act Annex IV and Art. 10(5)"
    return _section(title, table_html(["item", "value"], rows))


def _listed(value: Any) -> str:
    return (
        ", ".join(map(str, value))
        if isinstance(value, list)
        else ("—" if value is None else str(value))
    )


def _provenance(c: Mapping[str, Any], plots: Mapping[str, str]) -> str:
    a, s = c["audit"], c["signature"]
    sig = '<p class="sc-muted">Unsigned.</p>'
    if s.get("signed"):
        sig = (
            f"<p>Signed ({_esc(s['algorithm'])}), key id <code>{_esc(s['keyid'])}</code>, "
            f"envelope <code>{_esc(s['envelope'])}</code>. Verify with "
            "<code>secure-check verify FOLDER --key signing.pub</code>. OpenSSF model-signing: "
            f"{_esc(s.get('model_signing'))}.</p>"
        )
    rows = [[e["seq"], e["action"], e["time"], e["who"], e["hash"]] for e in a.get("entries", [])]
    error = _esc(" error: " + a["error"]) if a.get("error") else ""
    log = f"<p>Audit log <code>{_esc(a['log'])}</code>{error}; cited entries:</p>"
    return _section(
        "Audit trail and signature",
        sig + log + table_html(["seq", "action", "time", "who", "hash"], rows),
    )


_SECTIONS = (_details, _uses, _data, _evaluation, _fairness, _mitigation, _explanation,
             _robustness, _scan, _regulation, _provenance)  # fmt: skip
