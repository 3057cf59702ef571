"""Rich-display base class for analysis results: text, HTML with embedded plots, and JSON."""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar

_SEVERITY_COLOURS = {"high": "#b00020", "medium": "#b26a00", "low": "#555555"}


class AnalysisResult:
    """Base for results shown in a notebook (``_repr_mimebundle_``) and stored (``to_dict``).

    Subclasses set ``mime_type`` and ``title`` and implement ``to_dict`` and ``_html_body``.
    ``findings`` is a list of plain dicts (``category``, ``rule``, ``severity``, ``message``).
    """

    mime_type: ClassVar[str] = "application/vnd.secure-check.analysis+json"
    title: ClassVar[str] = "Analysis"

    findings: list[dict[str, Any]]

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
            self.mime_type: self.to_dict(),
        }
        if include is not None:
            bundle = {k: v for k, v in bundle.items() if k in set(include)}
        if exclude is not None:
            bundle = {k: v for k, v in bundle.items() if k not in set(exclude)}
        return bundle

    def _repr_html_(self) -> str:
        return (
            f'<div class="jp-SecureCheck-Analysis"><h3>{html.escape(self.title)}</h3>'
            f"{self._html_body()}{findings_html(self.findings)}</div>"
        )

    def _text(self) -> str:
        lines = [self.title]
        summary = self._text_summary()
        if summary:
            lines.append(summary)
        lines.append(f"{len(self.findings)} finding(s)")
        lines.extend(f"  [{f['severity']}] {f['rule']}: {f['message']}" for f in self.findings)
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self._text()


def findings_html(findings: Sequence[Mapping[str, Any]]) -> str:
    """Render findings as an HTML list (severity coloured), or a note that there are none."""
    if not findings:
        return "<p>No findings.</p>"
    items = "".join(
        f'<li><b style="color:{_SEVERITY_COLOURS.get(str(f["severity"]), "#333")}">'
        f"{html.escape(str(f['severity']).upper())}</b> <code>{html.escape(str(f['rule']))}</code> "
        f"{html.escape(str(f['message']))}</li>"
        for f in findings
    )
    return f"<h4>Findings ({len(findings)})</h4><ul>{items}</ul>"


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
