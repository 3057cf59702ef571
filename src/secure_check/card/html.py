"""Render the card as one self-contained HTML page: embedded PNG plots, print-friendly CSS."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
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
from secure_check.core import page

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


# NOTE: names, notes, dataset and regulation texts come from the user and the notebook:
# every value goes through Jinja2 with auto-escaping (core.page); ``trusted`` marks only
# markup that this module or table_html/verdict_html rendered the same way.
_HEAD = (
    "<h1>Model card: {{ name }}</h1>"
    '<p class="sc-muted">Created {{ created }} by secure-check.</p>'
    '<p>{% for css, label in badges %}<span class="sc-badge {{ css }}">{{ label }}</span>'
    "{% endfor %}</p>"
)
_SECTION = "<section><h2>{{ title }}</h2>{{ body }}</section>"
_MUTED = '<p class="sc-muted">{{ text }}</p>'
_TEXT = "<p>{{ text }}</p>"
_DETAILS = (
    "{{ fields }}<h4>Parameters changed from their defaults ({{ n }} in all, in the JSON)</h4>"
    '{% if changed %}{{ changed }}{% else %}<p class="sc-muted">All parameters are at their '
    "defaults.</p>{% endif %}"
)
_FAIRNESS = "{{ head }}{{ table }}{% for n in notes %}<p>Note: {{ n }}</p>{% endfor %}{{ plots }}"
_MITIGATION = (
    "{{ head }}<p><b>Recommendation:</b> {{ advice }}</p><p>Held-out rows: {{ held }}.</p>"
    "{{ table }}{{ plots }}"
)
_EXPLANATION = (
    "{{ head }}{{ table }}{% if pd %}<h4>Partial dependence</h4>{{ pd }}{% endif %}{{ plots }}"
)
_ROBUSTNESS = (
    "{{ head }}<p>Clean accuracy {{ accuracy }}.</p><ul>{% for line in privacy %}"
    "<li>{{ line }}</li>{% endfor %}</ul>{{ table }}{{ plots }}"
)
_SCAN = (
    "<p>{{ s.total }} finding(s), {{ s.accepted }} accepted. Counts by rule; values are never "
    "recorded.</p>{{ rules }}{{ severities }}"
)
_SIGNED = (
    "<p>Signed ({{ s.algorithm }}), key id <code>{{ s.keyid }}</code>, envelope "
    "<code>{{ s.envelope }}</code>. Verify with <code>secure-check verify FOLDER --key "
    "signing.pub</code>. OpenSSF model-signing: {{ signing }}.</p>"
)
_AUDIT = (
    "{{ sig }}<p>Audit log <code>{{ log }}</code>{% if error %} error: {{ error }}{% endif %}; "
    "cited entries:</p>{{ table }}"
)


def render(content: Mapping[str, Any], plots: Mapping[str, str]) -> str:
    """Return the whole HTML document."""
    from secure_check.core.page import document

    head = page.render(
        _HEAD, name=str(content["name"]), created=content["created"], badges=_badges(content)
    )
    body = [head, glance(content), *(section(content, plots) for section in _SECTIONS)]
    return document(f"Model card: {content['name']}", "".join(body), CSS)


def _badges(c: Mapping[str, Any]) -> list[tuple[str, str]]:
    out = []
    for key in _RUN_KEYS:
        run = c[key].get("status") != NOT_RUN
        out.append(
            ("sc-run" if run else "sc-skip", key.replace("_", " ") + ("" if run else ": not run"))
        )
    return out


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


def _text(value: Any) -> str:
    return "—" if value is None else str(value)


def _section(title: str, body: str) -> str:
    return page.render(_SECTION, title=title, body=page.trusted(body))


def _muted(text: str) -> str:
    return page.render(_MUTED, text=text)


def _skipped(section: Mapping[str, Any], kind: str) -> str | None:
    note = section_note(kind, section) if section.get("status") == NOT_RUN else None
    return _muted(f"{note}.") if note else None


def _findings(section: Mapping[str, Any], title: str) -> Any:
    """Render the verdict (headline, issues, folded notes) that leads a section."""
    return page.trusted(verdict_html(verdict(title, section.get("findings") or [])))


def _plots(plots: Mapping[str, str], kind: str) -> Any:
    return page.trusted(
        plots_html({k.split(": ", 1)[1]: v for k, v in plots.items() if k.startswith(f"{kind}: ")})
    )


def _table(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Any:
    return page.trusted(table_html(header, rows))


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
    body = page.render(
        _DETAILS, fields=_table(["field", "value"], rows), n=len(d["parameters"]),
        changed=_table(["parameter", "value"], changed.items()) if changed else "",
    )  # fmt: skip
    return _section("Model details", body)


def _uses(c: Mapping[str, Any], plots: Mapping[str, str]) -> str:
    def text(key: str) -> str:
        value = c.get(key)
        return page.render(_TEXT, text=_text(value)) if value else _muted("Not stated.")

    return _section("Intended use", text("intended_use")) + _section(
        "Limitations", text("limitations")
    )


def _data(c: Mapping[str, Any], plots: Mapping[str, str]) -> str:
    if not c["datasets"]:
        return _section("Data provenance", _muted("No datasets were given."))
    header, rows = dataset_rows(c["datasets"])
    return _section("Data provenance", table_html(header, rows))


def _evaluation(c: Mapping[str, Any], plots: Mapping[str, str]) -> str:
    e = c["evaluation"]
    body = _skipped(e, "evaluation") or (
        page.render(_TEXT, text=f"{e['rows']} rows, {_text(e['task'])}.")
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
        body = page.render(
            _FAIRNESS, head=_findings(f, "Fairness"), notes=list(map(_text, f.get("notes") or [])),
            table=_table(["sensitive feature", "disparity", "value"], rows),
            plots=_plots(plots, "fairness"),
        )  # fmt: skip
    return _section("Fairness", body)


def _mitigation(c: Mapping[str, Any], plots: Mapping[str, str]) -> str:
    m = c["mitigation"]
    body = _skipped(m, "mitigation")
    if body is None:
        body = page.render(
            _MITIGATION, head=_findings(m, "Bias mitigation"),
            advice=_text((m.get("recommendation") or {}).get("text")),
            held=_text((m.get("meta") or {}).get("held_out")),
            table=_table(MITIGATION_HEADER, mitigation_rows(m)), plots=_plots(plots, "mitigation"),
        )  # fmt: skip
    return _section("Bias mitigation", body)


def _explanation(c: Mapping[str, Any], plots: Mapping[str, str]) -> str:
    x = c["explanation"]
    body = _skipped(x, "explanation")
    if body is None:
        top = list(x.get("importance", {}).items())[:15]
        body = page.render(
            _EXPLANATION, head=_findings(x, "Explanation"),
            table=_table(["feature", "mean |SHAP|"], top), plots=_plots(plots, "explanation"),
            pd=_table(PD_HEADER, pd_rows(x)) if x.get("partial_dependence") else "",
        )  # fmt: skip
    return _section("Explanation: SHAP and partial dependence", body)


def _robustness(c: Mapping[str, Any], plots: Mapping[str, str]) -> str:
    r = c["robustness"]
    body = _skipped(r, "robustness")
    if body is None:
        body = page.render(
            _ROBUSTNESS, head=_findings(r, "Robustness"), accuracy=fmt(r.get("clean_accuracy")),
            privacy=privacy_lines(r), table=_table(ATTACK_HEADER, attack_rows(r)),
            plots=_plots(plots, "robustness"),
        )  # fmt: skip
    return _section("Robustness and privacy probes", body)


def _scan(c: Mapping[str, Any], plots: Mapping[str, str]) -> str:
    s = c["security_scan"]
    body = _skipped(s, "security_scan") or page.render(
        _SCAN, s=s, rules=_table(["rule", "count"], s["by_rule"].items()),
        severities=_table(["severity", "count"], s["by_severity"].items()),
    )  # fmt: skip
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
    sig = (
        page.render(_SIGNED, s=s, signing=_text(s.get("model_signing")))
        if s.get("signed")
        else _muted("Unsigned.")
    )
    rows = [[e["seq"], e["action"], e["time"], e["who"], e["hash"]] for e in a.get("entries", [])]
    body = page.render(
        _AUDIT, sig=page.trusted(sig), log=a["log"], error=a.get("error"),
        table=_table(["seq", "action", "time", "who", "hash"], rows),
    )  # fmt: skip
    return _section("Audit trail and signature", body)


_SECTIONS = (_details, _uses, _data, _evaluation, _fairness, _mitigation, _explanation,
             _robustness, _scan, _regulation, _provenance)  # fmt: skip
