"""Rich display objects the magics return: findings, tables and notices (text, HTML and JSON)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from secure_check.core.findings import Finding

FINDINGS_MIME = "application/vnd.secure-check.findings+json"
MAX_LISTED = 25  # rows shown as text and HTML; the JSON payload keeps every finding
MORE = "... and {n} more finding(s) (all of them are in the JSON output and %secure_check review)"
_COLOURS = {"high": "#c62828", "medium": "#ef6c00", "low": "#607d8b"}
_STYLE = (
    "<style>.jp-SecureCheck-Report table{border-collapse:collapse;font-size:12px}"
    ".jp-SecureCheck-Report td,.jp-SecureCheck-Report th{padding:2px 8px;text-align:left;"
    "border-bottom:1px solid #ddd}.jp-SecureCheck-Report code{white-space:pre}</style>"
)
# NOTE: paths, rules, messages and table cells come from notebooks: every view below renders
# through core.page (Jinja2, autoescape); only our own markup (the verdict) is passed trusted.
_NOTE = "{% if note %}<p>{{ note }}</p>{% endif %}"
_FINDINGS = (
    _STYLE + '<div class="jp-SecureCheck-Report">{% if not rows %}<b>{{ summary }}</b>' + _NOTE
    + "{% else %}{{ verdict }}" + _NOTE + "<details><summary>{{ summary }}</summary><table><tr>"
    "<th>severity</th><th>where</th><th>rule</th><th>preview</th><th>message</th></tr>"
    "{% for f, where in rows %}<tr><td style=\"color:{{ colours.get(f.severity.value, '#000') }}"
    '"><b>{{ f.severity.value }}</b></td><td>{{ where }}</td><td>{{ f.category }}/{{ f.rule }}'
    "</td><td><code>{{ f.preview }}</code></td><td>{{ f.message }}{% if f.accepted %} "
    "<i>(accepted)</i>{% endif %}</td></tr>{% endfor %}</table>{% if more %}<p>{{ more }}</p>"
    "{% endif %}</details>{% endif %}</div>"
)  # fmt: skip
_TABLE = (
    "<table><tr>{% for c in columns %}<th>{{ c }}</th>{% endfor %}</tr>{% for r in rows %}<tr>"
    "{% for v in r %}<td>{{ v }}</td>{% endfor %}</tr>{% endfor %}</table>"
)
_REPORT = (
    _STYLE + '<div class="jp-SecureCheck-Report">{% if verdict %}{{ verdict }}<details><summary>'
    "{{ title }}</summary>" + _TABLE + "</details>" + _NOTE + "{% else %}<b>{{ title }}</b>"
    + _TABLE + _NOTE + "{% endif %}</div>"
)  # fmt: skip
_NOTICE = (
    '<div class="jp-SecureCheck-Notice" style="color:{{ colour }}">'
    "{% for line in lines %}{% if not loop.first %}<br>{% endif %}{{ line }}{% endfor %}</div>"
)


def where_label(f: Finding, scanned: str | None = None) -> str:
    """Return a short location: ``cell 3, line 2``, ``cell 3, output 1, line 1``.

    The file comes first when it is not ``scanned`` itself (a finding of a folder scan).
    """
    parts = [f.path] if scanned is not None and f.path != scanned else []
    if f.cell_index is not None:
        parts.append(
            f"cell {f.cell_id}"
            if (f.cell_id or "").startswith("In[")
            else f"cell {f.cell_index + 1}"
        )
    if f.where == "output" and f.output_index is not None:
        parts.append(f"output {f.output_index + 1}")
    elif f.where == "metadata":
        parts.append("metadata")
    parts.append(f"line {f.line}")
    return ", ".join(parts)


class FindingsReport:
    """Findings of one scan; displays as a table and carries the JSON the JupyterLab panel reads."""

    def __init__(self, findings: Sequence[Finding], path: str, source: str, note: str = "") -> None:
        self.findings = list(findings)
        self.path = path
        self.source = source
        self.note = note

    def __len__(self) -> int:
        return len(self.findings)

    def __iter__(self) -> Any:
        return iter(self.findings)

    @property
    def summary(self) -> str:
        """One line: how many findings, by severity, and what was scanned."""
        if not self.findings:
            return f"secure-check: no findings in {self.path} ({self.source})"
        counts = {s: sum(f.severity.value == s for f in self.findings) for s in _COLOURS}
        detail = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
        n = len(self.findings)
        return f"secure-check: {n} finding(s) in {self.path} ({self.source}): {detail}"

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form: ``{"findings": [...], "path": ..., "source": ...}``."""
        return {
            "findings": [f.to_dict() for f in self.findings],
            "path": self.path,
            "source": self.source,
        }

    def verdict(self) -> dict[str, Any]:
        """Return the headline and the findings ranked, each with why and how to fix it."""
        from secure_check.analyses.advice import Advice
        from secure_check.analyses.rich import verdict
        from secure_check.reports.rules import advice

        def advise(rule: str, category: str) -> Advice:
            return Advice(**advice(rule, category))  # type: ignore[arg-type]

        items = [
            {
                "category": f.category,
                "rule": f.rule,
                "severity": f.severity.value,
                "message": f"{where_label(f, self.path)}: {f.message or f.rule} ({f.preview})",
            }
            for f in self.findings
            if not f.accepted
        ]
        return verdict(f"Scan of {self.path}", items, advise=advise)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return {
            "text/plain": self._text(),
            "text/html": self._html(),
            # NOTE: the verdict first, as the analyses' outputs, so the renderer leads with it.
            FINDINGS_MIME: {"verdict": self.verdict(), **self.to_dict()},
        }

    def _text(self) -> str:
        lines = [self.summary]
        if self.note:
            lines.append(self.note)
        for f in self.findings[:MAX_LISTED]:
            flag = " (accepted)" if f.accepted else ""
            where = where_label(f, self.path)
            lines.append(
                f"  [{f.severity.value}] {where}: {f.category}/{f.rule} {f.preview}{flag}"
                + (f" - {f.message}" if f.message else "")
            )
        if len(self.findings) > MAX_LISTED:
            lines.append(MORE.format(n=len(self.findings) - MAX_LISTED))
        return "\n".join(lines)

    def _html(self) -> str:
        from secure_check.analyses.rich import verdict_html
        from secure_check.core.page import render, trusted

        shown = self.findings[:MAX_LISTED]
        extra = len(self.findings) - MAX_LISTED
        verdict = trusted(verdict_html(self.verdict(), MAX_LISTED)) if self.findings else ""
        return render(
            _FINDINGS, rows=[(f, where_label(f, self.path)) for f in shown], note=self.note,
            summary=self.summary, verdict=verdict, colours=_COLOURS,
            more=MORE.format(n=extra) if extra > 0 else "",
        )  # fmt: skip


class Table:
    """A titled table with an optional JSON payload under its own MIME type."""

    def __init__(
        self,
        title: str,
        columns: Sequence[str],
        rows: Sequence[Sequence[Any]],
        *,
        note: str = "",
        mime: str | None = None,
        data: Any = None,
        verdict: dict[str, Any] | None = None,
    ) -> None:
        self.title, self.columns, self.note = title, list(columns), note
        self.rows = [list(r) for r in rows]
        self.mime, self.data = mime, data
        # NOTE: with a verdict (analyses/rich.py), the display leads with it, table folded.
        self.verdict = verdict

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        bundle: dict[str, Any] = {"text/plain": self._text(), "text/html": self._html()}
        if self.mime is not None:
            verdict = {"verdict": self.verdict} if self.verdict else {}
            bundle[self.mime] = {**verdict, **self.data} if verdict else self.data
        return bundle

    def _text(self) -> str:
        cells = [self.columns, *[[str(v) for v in r] for r in self.rows]]
        widths = [max(len(str(r[i])) for r in cells) for i in range(len(self.columns))]
        lines = [self.title]
        lines += [
            "  " + "  ".join(str(v).ljust(w) for v, w in zip(r, widths, strict=True)) for r in cells
        ]
        if self.note:
            lines.append(self.note)
        return "\n".join(line.rstrip() for line in lines)

    def _html(self) -> str:
        from secure_check.core.page import render, trusted

        verdict = ""
        if self.verdict and self.rows:
            from secure_check.analyses.rich import verdict_html

            verdict = trusted(verdict_html(self.verdict))
        return render(
            _REPORT, verdict=verdict, title=self.title, columns=self.columns,
            rows=[[str(v) for v in r] for r in self.rows], note=self.note,
        )  # fmt: skip


class Notice:
    """A short message (info or warning) as text and HTML."""

    def __init__(self, text: str, level: str = "info") -> None:
        self.text, self.level = text, level

    def __repr__(self) -> str:
        return self.text

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        from secure_check.core.page import render

        colour = "#c62828" if self.level == "warning" else "#2e7d32"
        page = render(_NOTICE, colour=colour, lines=self.text.split("\n"))
        return {"text/plain": self.text, "text/html": page}
