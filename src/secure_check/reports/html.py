"""Self-contained HTML report: inline CSS, no scripts or external assets, rendered by Jinja2."""

from __future__ import annotations

import collections
import datetime
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from secure_check.reports.json_report import TOOL_NAME, stats, tool_version
from secure_check.reports.rules import advice, describe_in_cell

if TYPE_CHECKING:
    from secure_check.core.findings import Finding
    from secure_check.core.scan import FileResult

TITLE = "secure-check scan report"
SEVERITIES = ("high", "medium", "low")
_CSS = """
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1f2328;
  background:#f6f8fa}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:22px;margin:0 0 4px}
h2{font-size:17px;margin:28px 0 8px}
.meta{color:#59636e;font-size:12px}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin:16px 0}
.card{background:#fff;border:1px solid #d1d9e0;border-radius:8px;padding:10px 16px;min-width:110px}
.card b{display:block;font-size:20px}
.badge{display:inline-block;border-radius:10px;padding:1px 8px;font-size:12px;font-weight:600;
  color:#fff}
.sev-high{background:#cf222e}
.sev-medium{background:#bc4c00}
.sev-low{background:#6e7781}
.accepted{background:#1a7f37}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{border-bottom:1px solid #d1d9e0;padding:5px 8px;text-align:left;vertical-align:top;
  font-size:13px}
th{background:#f0f3f6}
code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;word-break:break-all}
details{background:#fff;border:1px solid #d1d9e0;border-radius:8px;margin:10px 0;padding:8px 12px}
summary{cursor:pointer;font-weight:600}
.cell{margin:10px 0 4px;color:#59636e;font-weight:600}
.bar{background:#0969da;height:10px;border-radius:3px}
.errors td{color:#82071e}
.clean{color:#1a7f37}
.help{color:#59636e;font-size:12px}
.nowrap{white-space:nowrap}
"""


def to_html(results: Sequence[FileResult], *, seconds: float) -> str:
    """Render one HTML page: summary cards, counts by rule, findings by notebook and cell."""
    findings = [f for r in results for f in r.findings]
    body = [
        _meta(),
        _cards(results, findings, seconds),
        _rule_counts(findings),
        "<h2>Findings by notebook</h2>",
        *(_notebook(r) for r in results if r.findings),
        _clean(results),
        _errors(results),
    ]
    from secure_check.core.page import document

    return document(TITLE, "<main>\n" + "\n".join(body) + "\n</main>", _CSS)


def _meta() -> str:
    from secure_check.core.page import render

    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return render(_META, title=TITLE, tool=TOOL_NAME, version=tool_version(), now=now)


def badge(severity: str, accepted: bool = False) -> str:
    """Return a coloured severity label (green ``accepted`` label added for baseline entries)."""
    from secure_check.core.page import render

    return render(_BADGE, severity=severity, accepted=accepted)


_META = '<h1>{{ title }}</h1>\n<p class="meta">{{ tool }} {{ version }} &middot; {{ now }}</p>'
_BADGE = (
    '<span class="badge sev-{{ severity }}">{{ severity }}</span>'
    '{% if accepted %} <span class="badge accepted">accepted</span>{% endif %}'
)
_CARDS = (
    '<div class="cards">{% for k, v in items %}<div class="card"><b>{{ v }}</b>{{ k }}</div>'
    "{% endfor %}</div>"
)
_RULES = (
    '{% if not rows %}<p class="clean">No findings.</p>{% else %}<h2>Findings by rule</h2>'
    "<table><tr><th>category</th><th>rule</th><th>count</th><th></th><th>what to do</th></tr>"
    '{% for cat, rule, n, width, words in rows %}<tr><td>{{ cat }}</td><td class="nowrap">'
    '<code>{{ rule }}</code></td><td>{{ n }}</td><td style="width:25%"><div class="bar" '
    'style="width:{{ width }}%"></div></td><td class="help">{{ words.why }} <b>Fix:</b> '
    "{{ words.fix or '' }}</td></tr>{% endfor %}</table>{% endif %}"
)
_CLEAN = (
    "{% if paths %}<h2>Clean files ({{ paths | length }})</h2><details>"
    '<summary class="clean">show</summary><ul>{% for p in paths %}<li><code>{{ p }}</code></li>'
    "{% endfor %}</ul></details>{% endif %}"
)
_ERRORS = (
    '{% if errors %}<h2>Unreadable files ({{ errors | length }})</h2><table class="errors">'
    "<tr><th>path</th><th>error</th></tr>{% for r in errors %}<tr><td><code>{{ r.path }}</code>"
    "</td><td>{{ r.error or '' }}</td></tr>{% endfor %}</table>{% endif %}"
)


def _cards(results: Sequence[FileResult], findings: list[Finding], seconds: float) -> str:
    from secure_check.core.page import render

    s = stats(results, seconds=seconds)
    sev = collections.Counter(f.severity.value for f in findings)
    items = [
        ("findings", s["findings"]),
        *((f"{name}", sev.get(name, 0)) for name in SEVERITIES),
        ("accepted", s["accepted"]),
        ("files", s["notebooks"]),
        ("cells", s["cells"]),
        ("MB", f"{s['bytes'] / 1e6:.1f}"),
        ("seconds", f"{s['seconds']:.2f}"),
        ("unreadable", s["errors"]),
    ]
    return render(_CARDS, items=items)


def _rule_counts(findings: list[Finding]) -> str:
    """Count by rule, with why it matters and how to fix it (reports.rules.advice, as the panel)."""
    from secure_check.core.page import render

    counts = collections.Counter((f.category, f.rule) for f in findings)
    top = max(counts.values(), default=1)
    rows = [
        (cat, rule, n, f"{100 * n / top:.0f}", advice(rule, cat))
        for (cat, rule), n in counts.most_common()
    ]
    return render(_RULES, rows=rows)


# NOTE: what a notebook controls (paths, cell ids, kinds, rules, previews, messages, errors)
# is rendered by Jinja2 with auto-escaping (core.page), never pasted into markup by hand.
_NOTEBOOK = (
    "<details open><summary><code>{{ path }}</code> &mdash; {{ findings | length }} finding(s) "
    '{{ counts }}</summary>{% for title, rows in cells %}<div class="cell">{{ title }}</div>'
    "<table><tr><th>where</th><th>rule</th><th>severity</th><th>preview</th><th>message</th></tr>"
    "{% for f, where, badge in rows %}<tr><td>{{ where }}, col {{ f.column }}<br>"
    '<span class="help">{{ f.kind }}</span></td><td class="nowrap"><code>{{ f.rule }}</code><br>'
    '<span class="help">{{ f.category }}</span></td><td>{{ badge }}<br><span class="help">'
    "confidence {{ '%.2f' | format(f.confidence) }}</span></td><td><code>{{ f.preview }}</code>"
    '<br><span class="help" title="fingerprint">{{ f.fingerprint }}</span></td>'
    '<td>{{ f.message }}{% if f.context %}<br><code class="context">{{ f.context }}</code>'
    "{% endif %}</td></tr>{% endfor %}</table>{% endfor %}</details>"
)


def _notebook(result: FileResult) -> str:
    from secure_check.core.page import render, trusted

    by_cell: dict[int | None, list[Finding]] = collections.defaultdict(list)
    for f in result.findings:
        by_cell[f.cell_index].append(f)
    sev = collections.Counter(f.severity.value for f in result.findings)
    counts = " ".join(badge(s) + f" {sev[s]}" for s in SEVERITIES if sev.get(s))
    cells = [
        (_cell_title(index, fs), [(f, describe_in_cell(f), trusted(badge(f.severity.value,
         f.accepted))) for f in fs])
        for index, fs in by_cell.items()
    ]  # fmt: skip
    return render(
        _NOTEBOOK, path=result.path, findings=result.findings, counts=trusted(counts), cells=cells
    )


def _cell_title(index: int | None, findings: list[Finding]) -> str:
    cell_id = findings[0].cell_id
    if index is None:
        return "notebook metadata" if findings[0].where == "metadata" else "file"
    return f"cell {index}" + (f" (id {cell_id})" if cell_id else "")


def _clean(results: Iterable[FileResult]) -> str:
    from secure_check.core.page import render

    return render(_CLEAN, paths=[r.path for r in results if r.error is None and not r.findings])


def _errors(results: Iterable[FileResult]) -> str:
    from secure_check.core.page import render

    return render(_ERRORS, errors=[r for r in results if r.error is not None])
