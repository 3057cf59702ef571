"""Scan reports: one renderer per format (JSON, SARIF 2.1.0, self-contained HTML, terminal text).

``render`` is the one composer of every report: the scan itself, plus any ``Section`` a caller
adds (the exporter's policy verdict and analyses, the dependency audit).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Literal

from secure_check.reports.json_report import SCHEMA, stats, to_json_dict

if TYPE_CHECKING:
    from secure_check.core.scan import FileResult

Format = Literal["json", "sarif", "html", "text"]
FORMATS: tuple[Format, ...] = ("text", "json", "sarif", "html")
ERR_UNKNOWN_FORMAT = "unknown report format {fmt!r}; choose one of: {choices}"

__all__ = ["FORMATS", "SCHEMA", "Format", "Section", "render", "stats", "to_json_dict"]


@dataclasses.dataclass(frozen=True)
class Section:
    """A part of a report beyond the scan's findings, in each form a report can take.

    SARIF has no place for it and leaves it out.
    """

    key: str  # its key in the JSON report
    json: Any  # its JSON value
    html: str = ""  # already escaped; inserted at the end of the HTML report's <main>
    text: tuple[str, ...] = ()  # lines appended to the text report


def render(
    results: Sequence[FileResult],
    fmt: Format,
    *,
    seconds: float,
    root: str | None = None,
    sections: Sequence[Section] = (),
) -> str:
    """Render scan results as a report, with any extra sections.

    Parameters
    ----------
    results
        One ``FileResult`` per scanned file, in the order they should appear.
    fmt
        ``"json"`` (``secure-check/scan@1``), ``"sarif"`` (2.1.0), ``"html"`` or ``"text"``.
    seconds
        Wall-clock time of the whole scan (the per-file times overlap when run in parallel).
    root
        The directory the result paths are relative to (SARIF resolves artifact URIs from it);
        ``None`` means the current directory.
    sections
        Parts beyond the findings (policy verdict, analyses, dependencies), in order.

    Returns
    -------
    str
        The report; it holds redacted previews and fingerprints, never a raw value.

    Raises
    ------
    ValueError
        If ``fmt`` is not one of ``FORMATS``.
    """
    renderer = _RENDERERS.get(fmt)
    if renderer is None:
        raise ValueError(ERR_UNKNOWN_FORMAT.format(fmt=fmt, choices=", ".join(FORMATS)))
    report = renderer(results, seconds, root)
    return _with_sections(report, fmt, sections) if sections else report


def _with_sections(report: str, fmt: str, sections: Sequence[Section]) -> str:
    if fmt == "json":
        doc = json.loads(report)
        doc.update({s.key: s.json for s in sections})
        return json.dumps(doc, indent=2, default=str) + "\n"
    if fmt == "html":
        return report.replace("</main>", "".join(s.html for s in sections) + "\n</main>", 1)
    if fmt == "text":
        from secure_check.reports.text import terminal_safe

        return report + "".join(f"\n{terminal_safe(x)}" for s in sections for x in s.text) + "\n"
    return report


def _json(results: Sequence[FileResult], seconds: float, root: str | None) -> str:
    return json.dumps(to_json_dict(results, seconds=seconds), indent=2) + "\n"


def _sarif(results: Sequence[FileResult], seconds: float, root: str | None) -> str:
    from secure_check.reports.sarif import to_sarif

    return to_sarif(results, root=root)


def _html(results: Sequence[FileResult], seconds: float, root: str | None) -> str:
    from secure_check.reports.html import to_html

    return to_html(results, seconds=seconds)


def _text(results: Sequence[FileResult], seconds: float, root: str | None) -> str:
    from secure_check.reports.text import to_text

    return to_text(results, seconds=seconds)


# NOTE: each renderer imports its module on use, so the CLI's --help stays light.
_RENDERERS: dict[str, Callable[[Sequence[FileResult], float, str | None], str]] = {
    "json": _json,
    "sarif": _sarif,
    "html": _html,
    "text": _text,
}
