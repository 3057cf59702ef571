"""Scan reports: one renderer per format (JSON, SARIF 2.1.0, self-contained HTML, terminal text)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Literal

from secure_check.reports.json_report import SCHEMA, stats, to_json_dict

if TYPE_CHECKING:
    from secure_check.core.scan import FileResult

Format = Literal["json", "sarif", "html", "text"]
FORMATS: tuple[Format, ...] = ("text", "json", "sarif", "html")
ERR_UNKNOWN_FORMAT = "unknown report format {fmt!r}; choose one of: {choices}"

__all__ = ["FORMATS", "SCHEMA", "Format", "render", "stats", "to_json_dict"]


def render(
    results: Sequence[FileResult],
    fmt: Format,
    *,
    seconds: float,
    root: str | None = None,
) -> str:
    """Render scan results as a report.

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
    return renderer(results, seconds, root)


def _json(results: Sequence[FileResult], seconds: float, root: str | None) -> str:
    import json

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
