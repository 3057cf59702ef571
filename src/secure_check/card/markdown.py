"""Render the card as a Hugging Face README.md: YAML metadata (with model-index) and Markdown."""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from typing import Any

from secure_check.card.sections import NOT_RUN, dataset_rows, regulation_rows
from secure_check.card.sentences import (
    ATTACK_HEADER,
    MITIGATION_HEADER,
    PD_HEADER,
    attack_rows,
    mitigation_rows,
    pd_rows,
    privacy_lines,
)

_HF_TASK = {"classification": "tabular-classification", "regression": "tabular-regression"}
_LIBRARY = {"sklearn": "sklearn", "lightgbm": "lightgbm", "xgboost": "xgboost"}


def render(content: Mapping[str, Any]) -> str:
    """Return the README.md text."""
    parts = [front_matter(content), f"# Model card: {_esc(content['name'])}\n"]
    parts += [section(content) for section in _SECTIONS]
    return "\n".join(parts)


def front_matter(content: Mapping[str, Any]) -> str:
    """Return the YAML block: library, tags and a model-index with the evaluation metrics."""
    details = content["model_details"]
    root = details["type"].split(".")[0]
    task = _HF_TASK.get(details.get("task") or "", "tabular-classification")
    meta: dict[str, Any] = {"tags": ["secure-check", "model-card", task]}
    if root in _LIBRARY:
        meta["library_name"] = _LIBRARY[root]
    metrics = content["evaluation"].get("metrics") or {}
    if metrics:
        dataset = content["datasets"][-1]["name"] if content["datasets"] else "evaluation data"
        meta["model-index"] = [{
            "name": content["name"],
            "results": [{
                "task": {"type": task},
                "dataset": {"name": dataset, "type": "tabular"},
                "metrics": [{"type": k, "value": v, "name": k} for k, v in metrics.items()],
            }],
        }]  # fmt: skip
    return "---\n" + yaml_block(meta) + "---\n"


def yaml_block(value: Any, indent: int = 0) -> str:
    """Emit block-style YAML; scalars are JSON (a subset of YAML 1.2)."""
    pad = " " * indent
    if isinstance(value, Mapping):
        out = ""
        for k, v in value.items():
            if _scalar(v):
                out += f"{pad}{k}: {json.dumps(v)}\n"
            else:
                out += f"{pad}{k}:\n" + yaml_block(v, indent + 2)
        return out
    if isinstance(value, list):
        out = ""
        for item in value:
            body = yaml_block(item, indent + 2) if not _scalar(item) else json.dumps(item) + "\n"
            out += f"{pad}- " + (body.lstrip(" ") if not _scalar(item) else body)
        return out
    return f"{pad}{json.dumps(value)}\n"


def _scalar(value: Any) -> bool:
    return not isinstance(value, (Mapping, list)) or not value


def _esc(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _table(header: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_esc(_fmt(c)) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    return "—" if value is None else str(value)


def _not_run(section: Mapping[str, Any]) -> str | None:
    if section.get("status") == NOT_RUN:
        return f"_Not run: {section.get('reason', '')}._\n"
    return None


def _details(c: Mapping[str, Any]) -> str:
    d = c["model_details"]
    nb = d.get("notebook")
    rows = [
        ["type", d["type"]], ["task", d.get("task")], ["file", d["file"]["name"]],
        ["file sha256", d["file"]["sha256"]],
        ["training notebook", nb["path"] if nb else "not given"],
        ["notebook sha256", nb["sha256"] if nb else "—"],
    ]  # fmt: skip
    libs = ", ".join(f"{k} {v}" for k, v in d["libraries"].items())
    changed = d.get("changed_parameters") or {}
    params = (
        _table(
            ["parameter changed from its default", "value"], [[k, v] for k, v in changed.items()]
        )
        if changed
        else "All parameters are at their defaults.\n"
    )
    return f"## Model details\n\n{_table(['field', 'value'], rows)}\nLibraries: {libs}\n\n{params}"


def _uses(c: Mapping[str, Any]) -> str:
    use = c.get("intended_use") or "_Not stated._"
    lim = c.get("limitations") or "_Not stated._"
    return f"## Intended use\n\n{use}\n\n## Limitations\n\n{lim}\n"


def _data(c: Mapping[str, Any]) -> str:
    if not c["datasets"]:
        return "## Data provenance\n\n_No datasets were given._\n"
    header, rows = dataset_rows(c["datasets"])
    return "## Data provenance\n\n" + _table(header, rows)


def _evaluation(c: Mapping[str, Any]) -> str:
    e = c["evaluation"]
    body = _not_run(e) or (
        f"{e['rows']} rows, {e['task']}.\n\n"
        + _table(["metric", "value"], list(map(list, e["metrics"].items())))
    )
    return "## Evaluation\n\n" + body


def _findings(section: Mapping[str, Any], title: str) -> str:
    """Return the verdict that leads a section, as in the HTML card."""
    from secure_check.analyses.rich import verdict

    return verdict_markdown(verdict(title, section.get("findings") or []))


def verdict_markdown(v: Mapping[str, Any]) -> str:
    """Render a verdict in Markdown: bold headline, numbered issues, folded notes.

    Each issue says why it matters, how to fix it and the next step; a merged gap's metrics
    and the low notes are folded. Text from findings (group names, columns) is HTML-escaped:
    Hugging Face renders HTML.
    """
    out = [f"**{_md(v['headline'])}**\n"]
    seen: set[str] = set()
    for n, item in enumerate(v["issues"], 1):
        out.append(f"{n}. **{_md(str(item['severity']).upper())}** {_md(item['message'])}")
        words = f"{item['why']} {item['fix'] or ''}".strip()
        if words not in seen:  # NOTE: several rules share one text: say it once
            out.append(f"   {_md(words)}")
            seen.add(words)
        if item.get("next"):
            out.append(f"   Next: `{str(item['next']).replace('`', chr(39))}`")
        out += _folded(f"{len(item.get('findings', []))} metrics", item.get("findings", []))
    if v["issues"]:
        out.append("")
    out += _folded(f"{len(v['notes'])} low-severity note(s)", v["notes"], indent="")
    return "\n".join(out) + "\n"


def _folded(summary: str, items: Sequence[Mapping[str, Any]], indent: str = "   ") -> list[str]:
    if not items:
        return []
    rows = [f"{indent}- [{_md(i['severity'])}] {_md(i['message'])}" for i in items]
    return [f"{indent}<details><summary>{_md(summary)}</summary>", "", *rows, "",
            f"{indent}</details>", ""]  # fmt: skip


def _md(text: Any) -> str:
    return html.escape(str(text), quote=False).replace("\n", " ").replace("*", "\\*")


def _fairness(c: Mapping[str, Any]) -> str:
    f = c["fairness"]
    body = _not_run(f)
    if body is None:
        rows = [
            [feat, k, v] for feat, ds in f.get("disparities", {}).items() for k, v in ds.items()
        ]
        body = _findings(f, "Fairness") + "\n"
        body += _table(["sensitive feature", "disparity", "value"], rows)
        # NOTE: which label counted as favourable, and gaps that may be noise, travel with it
        body += "".join(f"\nNote: {n}\n" for n in f.get("notes") or [])
    return "## Fairness\n\n" + body


def _mitigation(c: Mapping[str, Any]) -> str:
    m = c["mitigation"]
    body = _not_run(m)
    if body is None:
        advice = (m.get("recommendation") or {}).get("text")
        held = (m.get("meta") or {}).get("held_out")
        body = (_findings(m, "Bias mitigation") + f"\n**Recommendation:** {advice}\n\n"
                f"Held-out rows: {held}.\n\n"
                + _table(MITIGATION_HEADER, mitigation_rows(m)))  # fmt: skip
    return "## Bias mitigation\n\n" + body


def _explanation(c: Mapping[str, Any]) -> str:
    x = c["explanation"]
    body = _not_run(x)
    if body is None:
        top = list(x.get("importance", {}).items())[:15]
        body = _findings(x, "Explanation") + "\n"
        body += _table(["feature", "mean abs SHAP"], list(map(list, top))) + "\n"
        if x.get("partial_dependence"):
            body += "Partial dependence:\n\n" + _table(PD_HEADER, pd_rows(x)) + "\n"
    return "## Explanation (SHAP and partial dependence)\n\n" + body


def _robustness(c: Mapping[str, Any]) -> str:
    r = c["robustness"]
    body = _not_run(r)
    if body is None:
        rows = attack_rows(r)
        privacy = "".join(f"- {line}\n" for line in privacy_lines(r))
        body = (_findings(r, "Robustness")
                + f"\nClean accuracy: {_fmt(r.get('clean_accuracy'))}.\n\n{privacy}\n"
                + _table(ATTACK_HEADER, rows))  # fmt: skip
    return "## Robustness and privacy probes\n\n" + body


def _scan(c: Mapping[str, Any]) -> str:
    s = c["security_scan"]
    body = _not_run(s) or (
        f"{s['total']} finding(s), {s['accepted']} accepted. Counts by rule (values are never "
        "recorded):\n\n" + _table(["rule", "count"], list(map(list, s["by_rule"].items())))
    )
    return "## Notebook security and privacy scan\n\n" + body


def _regulation(c: Mapping[str, Any]) -> str:
    reg = c["regulation"]
    rows = regulation_rows(reg, _listed)
    return "## Regulation (GDPR Art. 30, CCPA, EU AI Act Annex IV and Art. 10(5))\n\n" + _table(
        ["item", "value"], rows
    )


def _listed(value: Any) -> str:
    return ", ".join(map(str, value)) if isinstance(value, list) else _fmt(value)


def _provenance(c: Mapping[str, Any]) -> str:
    a, s = c["audit"], c["signature"]
    rows = [[e["seq"], e["action"], e["time"], str(e["hash"])[:16]] for e in a.get("entries", [])]
    sig = "Unsigned."
    if s.get("signed"):
        sig = (
            f"Signed: DSSE envelope `{s['envelope']}`, {s['algorithm']}, key id "
            f"`{s['keyid'][:16]}`. Check with `secure-check verify <folder> --key signing.pub`. "
            f"OpenSSF model-signing: {s.get('model_signing')}."
        )
    log = f"Audit log `{a['log']}`" + (f" (error: {a['error']})" if a.get("error") else "")
    return f"## Audit and signature\n\n{sig}\n\n{log}; this card cites:\n\n" + _table(
        ["seq", "action", "time", "hash"], rows
    )


_SECTIONS = (_details, _uses, _data, _evaluation, _fairness, _mitigation, _explanation,
             _robustness, _scan, _regulation, _provenance)  # fmt: skip
