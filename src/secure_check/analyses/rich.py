"""Rich-display base class for analysis results: text, HTML with embedded plots, and JSON."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, ClassVar

from secure_check.analyses.advice import Advice, advice, fill
from secure_check.analyses.gaps import merge_gaps

_SEVERITY_COLOURS = {"high": "#b00020", "medium": "#b26a00", "low": "#555555"}


class AnalysisResult:
    """Base for results shown in a notebook (``_repr_mimebundle_``) and stored (``to_dict``).

    Subclasses set ``mime_type`` and ``title`` and implement ``to_dict`` and ``_html_body``.
    ``findings`` is a list of plain dicts (``category``, ``rule``, ``severity``, ``message``).
    """

    mime_type: ClassVar[str] = "application/vnd.secure-check.analysis+json"
    title: ClassVar[str] = "Analysis"

    findings: list[dict[str, Any]]
    # The names the user gave (model, data, target, sensitive), set by the magics; the next
    # steps quote them so they can be run as they are.
    names: dict[str, str]

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-serialisable dict (subclasses define the keys)."""
        raise NotImplementedError

    def _html_body(self) -> str:
        raise NotImplementedError

    def _text_summary(self) -> str:
        return ""

    def to_json(self, **kwargs: Any) -> str:
        """Return ``to_dict()`` as JSON text."""
        return json.dumps(self.to_dict(), **kwargs)

    def _repr_mimebundle_(
        self, include: Iterable[str] | None = None, exclude: Iterable[str] | None = None
    ) -> dict[str, Any]:
        bundle = {
            "text/plain": self._text(),
            "text/html": self._repr_html_(),
            # NOTE: the verdict comes first so every renderer can lead with it.
            self.mime_type: {"verdict": self.verdict(), **self.to_dict()},
        }
        if include is not None:
            bundle = {k: v for k, v in bundle.items() if k in set(include)}
        if exclude is not None:
            bundle = {k: v for k, v in bundle.items() if k not in set(exclude)}
        return bundle

    def verdict(self) -> dict[str, Any]:
        """Return the headline and the ranked findings with their next steps (see ``verdict``)."""
        return verdict(self.title, self.findings, getattr(self, "names", {}))

    def _repr_html_(self) -> str:
        from secure_check.core.page import render, trusted

        head, body = trusted(verdict_html(self.verdict())), trusted(self._html_body())
        return render(_ANALYSIS, head=head, title=self.title, body=body)

    def _text(self) -> str:
        v = self.verdict()
        lines = [v["headline"]]
        for item in v["issues"]:
            lines.append(f"  [{item['severity']}] {item['message']}")
            lines += [f"      - {m['message']}" for m in item.get("findings", [])[1:]]
            if item["next"]:
                lines.append(f"      next: {item['next']}")
        if v["notes"]:
            lines.append(f"  {len(v['notes'])} low-severity note(s)")
        summary = self._text_summary()
        if summary:
            lines += [self.title, summary]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self._text()


_ANALYSIS = (
    '<div class="jp-SecureCheck-Analysis">{{ head }}<details class="jp-SecureCheck-Evidence">'
    "<summary>Evidence: {{ title }} tables and plots</summary>{{ body }}</details></div>"
)
_RANK = {"high": 0, "medium": 1, "low": 2}


def verdict(
    title: str,
    findings: Sequence[Mapping[str, Any]],
    names: Mapping[str, str] | None = None,
    advise: Callable[[str, str], Advice] = advice,
) -> dict[str, Any]:
    """Say first what the user must do: a headline, the issues ranked, then the low notes.

    Parameters
    ----------
    title
        The analysis (``Fairness``), named in the headline.
    findings
        The analysis' findings (``category``, ``rule``, ``severity``, ``message``, ...).
    names
        The user's names for ``model``, ``data``, ``target``, ``sensitive``; the next steps
        quote them (placeholders such as ``MODEL`` otherwise).
    advise
        Where the words for a rule come from (the scan's view passes the secrets' and PII's).

    Returns
    -------
    dict
        ``headline`` (one sentence), ``status`` (``act``, ``notes`` or ``clear``), ``issues``
        (high and medium, most severe first; one per gap between two groups of a feature,
        its metrics' findings under ``findings``) and ``notes`` (low); each item has
        ``severity``, ``rule``, ``category``, ``label``, ``message``, ``why``, ``fix`` and
        ``next`` (a ``%secure_check`` line, or ``None``).
    """
    ranked = sorted(findings, key=lambda f: _RANK.get(str(f.get("severity")), 3))
    items = [_item(f, names or {}, advise) for f in ranked]
    notes = [i for i in items if i["severity"] not in ("high", "medium")]
    # NOTE: one issue per gap between two groups, however many metrics show it
    issues = merge_gaps([i for i in items if i["severity"] in ("high", "medium")])
    if issues:
        labels = list(dict.fromkeys(i["label"] for i in issues))
        more = f" and {len(labels) - 3} more" if len(labels) > 3 else ""
        need = "1 issue needs" if len(issues) == 1 else f"{len(issues)} issues need"
        headline = f"{title}: {need} attention: {', '.join(labels[:3])}{more}."
        status = "act"
    elif notes:
        headline = f"{title}: nothing needs attention; {len(notes)} low-severity note(s)."
        status = "notes"
    else:
        headline = f"{title}: no issues found."
        status = "clear"
    return {"headline": headline, "status": status, "issues": issues, "notes": notes}


def _item(
    f: Mapping[str, Any], names: Mapping[str, str], advise: Callable[[str, str], Advice]
) -> dict[str, Any]:
    rule, category = str(f.get("rule", "")), str(f.get("category", ""))
    a = advise(rule, category)
    return {
        "severity": str(f.get("severity", "low")),
        "rule": rule,
        "category": category,
        "label": a.label,
        "message": str(f.get("message", "")),
        "why": a.why,
        "fix": fill(a.fix, f, names),
        "next": fill(a.next, f, names),
        # NOTE: what merge_gaps groups by: the feature and its pair, or the slice
        **{k: f[k] for k in ("feature", "description") if f.get(k)},
        **({"groups": list(f["groups"])} if isinstance(f.get("groups"), list) else {}),
    }


SHOWN_ISSUES = 5  # issues listed open; the rest are folded under "N more issue(s)"
# NOTE: messages come from notebooks and models' column names: Jinja2 escapes every value.
_ITEMS = (
    "{% for i, explain in items %}<li><b style=\"color:{{ colours.get(i.severity, '#333') }}\">"
    "{{ i.severity | string | upper }}</b> {{ i.message }}{% if explain %}<br/><small>{{ i.why }} "
    "{{ i.fix or '' }}</small>{% endif %}{% if i.next %}<br/>Next: <code>{{ i.next }}</code>"
    "{% endif %}{% if i.get('findings') %}<details class=\"jp-SecureCheck-Metrics\"><summary>"
    "{{ i.findings | length }} metrics</summary><ul>{% for m in i.findings %}<li>"
    "[{{ m.severity }}] {{ m.message }}</li>{% endfor %}</ul></details>{% endif %}</li>"
    "{% endfor %}"
)
_VERDICT = (
    '<p class="jp-SecureCheck-Verdict jp-mod-{{ status }}"><b>{{ headline }}</b></p>'
    '{% if first %}<ol class="jp-SecureCheck-Issues">{{ first }}</ol>{% endif %}'
    '{% if rest %}<details class="jp-SecureCheck-More"><summary>{{ more }} more issue(s)'
    '</summary><ol class="jp-SecureCheck-Issues" start="{{ start }}">{{ rest }}</ol></details>'
    '{% endif %}{% if notes %}<details class="jp-SecureCheck-Notes"><summary>{{ n_notes }} '
    "low-severity note(s)</summary><ul>{{ notes }}</ul></details>{% endif %}"
)
_TABLE = (
    "<table><thead><tr>{% for h in header %}<th>{{ h }}</th>{% endfor %}</tr></thead><tbody>"
    "{% for row in rows %}<tr>{% for c in row %}<td>{{ fmt(c) }}</td>{% endfor %}</tr>"
    "{% endfor %}</tbody></table>"
)


def verdict_html(v: Mapping[str, Any], limit: int | None = None) -> str:
    """Render a verdict: the headline, the first issues, the rest and the low notes folded.

    Why a rule matters and how to fix it are said once, at the first item they apply to.
    ``limit`` caps the items listed in each part.
    """
    from secure_check.core.page import render

    seen: set[str] = set()
    issues = list(v["issues"]) if limit is None else list(v["issues"])[:limit]
    first, rest = issues[:SHOWN_ISSUES], issues[SHOWN_ISSUES:]
    notes = list(v["notes"]) if limit is None else list(v["notes"])[:limit]
    parts = [_items_html(part, seen) for part in (first, rest, notes)]  # NOTE: in reading order
    return render(
        _VERDICT, status=v["status"], headline=v["headline"], first=parts[0], rest=parts[1],
        more=len(v["issues"]) - len(first), start=len(first) + 1, notes=parts[2],
        n_notes=len(v["notes"]),
    )  # fmt: skip


def _items_html(items: Sequence[Mapping[str, Any]], seen: set[str]) -> Any:
    """Render ``<li>`` items (safe markup); each rule's why and fix only at its first item."""
    from secure_check.core.page import render, trusted

    marked = []
    for i in items:
        words = f"{i['why']} {i['fix'] or ''}"  # NOTE: several rules share one text
        marked.append((i, words not in seen))
        seen.add(words)
    return trusted(render(_ITEMS, items=marked, colours=_SEVERITY_COLOURS)) if marked else ""


def table_html(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """Render a simple HTML table; floats are shown with 3 decimals."""
    from secure_check.core.page import render

    return render(_TABLE, header=[str(h) for h in header], rows=rows, fmt=fmt)


def plots_html(plots: Mapping[str, str]) -> str:
    """Render ``{name: data URI}`` as embedded ``<img>`` tags (``core.page.figures``)."""
    from secure_check.core.page import figures

    return figures(plots)


def fmt(value: Any) -> str:
    """Format a cell value: floats to 3 decimals, NaN/None as an em dash."""
    if value is None:
        return "—"
    if isinstance(value, float):
        if value != value:
            return "—"
        return str(int(value)) if value.is_integer() and abs(value) >= 2 else f"{value:.3f}"
    return str(value)
