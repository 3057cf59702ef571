"""Rich-display base class for analysis results: text, HTML with embedded plots, and JSON."""

from __future__ import annotations

import html
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
        return (
            f'<div class="jp-SecureCheck-Analysis">{verdict_html(self.verdict())}'
            f'<details class="jp-SecureCheck-Evidence"><summary>Evidence: {html.escape(self.title)}'
            f" tables and plots</summary>{self._html_body()}</details></div>"
        )

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


def verdict_html(v: Mapping[str, Any], limit: int | None = None) -> str:
    """Render a verdict: the headline, the first issues, the rest and the low notes folded.

    Why a rule matters and how to fix it are said once, at the first item they apply to.
    ``limit`` caps the items listed in each part.
    """
    status, headline = html.escape(v["status"]), html.escape(v["headline"])
    out = f'<p class="jp-SecureCheck-Verdict jp-mod-{status}"><b>{headline}</b></p>'
    seen: set[str] = set()
    issues = list(v["issues"]) if limit is None else list(v["issues"])[:limit]
    first, rest = issues[:SHOWN_ISSUES], issues[SHOWN_ISSUES:]
    if first:
        out += f'<ol class="jp-SecureCheck-Issues">{_items_html(first, seen)}</ol>'
    if rest:
        out += (
            f'<details class="jp-SecureCheck-More"><summary>{len(v["issues"]) - len(first)} more '
            f'issue(s)</summary><ol class="jp-SecureCheck-Issues" start="{len(first) + 1}">'
            f"{_items_html(rest, seen)}</ol></details>"
        )
    if v["notes"]:
        notes = list(v["notes"]) if limit is None else list(v["notes"])[:limit]
        out += (
            f'<details class="jp-SecureCheck-Notes"><summary>{len(v["notes"])} low-severity '
            f"note(s)</summary><ul>{_items_html(notes, seen)}</ul></details>"
        )
    return out


def _items_html(items: Sequence[Mapping[str, Any]], seen: set[str]) -> str:
    out = []
    for i in items:
        words = f"{i['why']} {i['fix'] or ''}"  # NOTE: several rules share one text
        out.append(_item_html(i, explain=words not in seen))
        seen.add(words)
    return "".join(out)


def _item_html(i: Mapping[str, Any], explain: bool) -> str:
    colour = _SEVERITY_COLOURS.get(str(i["severity"]), "#333")
    step = f"<br/>Next: <code>{html.escape(i['next'])}</code>" if i["next"] else ""
    words = f"{html.escape(i['why'])} {html.escape(i['fix'] or '')}"
    why = f"<br/><small>{words}</small>" if explain else ""
    return (
        f'<li><b style="color:{colour}">{html.escape(str(i["severity"]).upper())}</b> '
        f"{html.escape(i['message'])}{why}{step}{_members_html(i.get('findings') or [])}</li>"
    )


def _members_html(members: Sequence[Mapping[str, Any]]) -> str:
    """Every metric's own finding behind a merged gap, folded (the evidence keeps them all)."""
    if not members:
        return ""
    rows = "".join(
        f"<li>[{html.escape(str(m['severity']))}] {html.escape(str(m['message']))}</li>"
        for m in members
    )
    return (
        f'<details class="jp-SecureCheck-Metrics"><summary>{len(members)} metrics'
        f"</summary><ul>{rows}</ul></details>"
    )


def table_html(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """Render a simple HTML table; floats are shown with 3 decimals."""
    head = "".join(f"<th>{html.escape(str(h))}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(fmt(c))}</td>" for c in row) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


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
