"""A linear-time HTML reader: the visible text of an output and the tables it holds.

NOTE: why not ``html.parser``: on Python 3.11.7 (ours) it is quadratic on hostile input (a
100 KB run of ``<a`` takes 6 s; ``<![<![`` raises AssertionError), fixed upstream only in
later security releases. selectolax (lexbor) tokenises linearly but its tree building is
quadratic in nesting depth (800 KB of ``<div>``: 97 s). This tokenizer follows the HTML
standard's states for what text extraction needs (data, tags with quoted attributes,
comments ended by ``-->`` or ``--!>``, bogus comments, raw-text elements, EOF inside a
construct drops the rest as a browser does); every step consumes what it scanned, so the
whole pass is linear. Markup the text misses (attributes, scripts) is scanned raw elsewhere.
"""

from __future__ import annotations

import dataclasses
import html
import re

# The next construct: a comment (1), a bogus comment (2: <!, <?, </ not followed by a letter) or
# a tag (3-6: name, then attributes whose quoted values may hold ">"). A "<" followed by anything
# else is text, so the search steps over it in C. The alternatives start with different
# characters, so no input can be matched in two ways (no backtracking blow-up).
_CONSTRUCT = re.compile(
    r"<(?:(!--)|([!?]|/(?![A-Za-z]))"
    r"|(/?)([A-Za-z][^\t\n\f\r />]*+)((?:[^>\"']++|\"[^\"]*+\"|'[^']*+')*+)(>?))"
)
_COMMENT_END = re.compile(r"--!?>")
_RAW = frozenset({"script", "style", "xmp", "iframe", "noembed", "noframes", "noscript"})
_RCDATA = frozenset({"textarea", "title"})
_CELL_ENDS = frozenset({"td", "th"})
_BLOCK_ENDS = frozenset({"tr", "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6"}) | {
    "table", "thead", "tbody",
}  # fmt: skip
_SPAN = re.compile(r"colspan\s*=\s*[\"']?(\d{1,4})", re.I)
MAX_SPAN = 1000


@dataclasses.dataclass
class Cell:
    """A table cell: its text, whether it is a header cell, and where it starts in the text."""

    text: str
    header: bool
    offset: int


@dataclasses.dataclass
class Table:
    """The rows of one ``<table>``; ``head`` counts the rows that sat in ``<thead>``."""

    rows: list[list[Cell]] = dataclasses.field(default_factory=list)
    head: int = 0


@dataclasses.dataclass
class Page:
    """What one pass over the markup gives: the visible text and the tables."""

    text: str
    tables: list[Table]


def _end_tag(name: str) -> re.Pattern[str]:
    return re.compile(rf"</{name}[\t\n\f\r />]", re.I)


_RAW_END = {name: _end_tag(name) for name in _RAW | _RCDATA}


class _Reader:
    """Collects text pieces and table cells while the tokenizer walks the markup."""

    def __init__(self, spare: int) -> None:
        self.spare = spare  # NOTE: how many more cells colspan copies may still add
        self.parts: list[str] = []
        self.size = 0
        self.tables: list[Table] = []
        self.cell_from = -1  # NOTE: where the open cell's pieces start in parts; -1: none open
        self.cell_header = False
        self.cell_start = 0
        self.cell_span = 1
        self.cell_row: list[Cell] = []
        self.in_head = False

    def text(self, piece: str) -> None:
        self.parts.append(piece)
        self.size += len(piece)

    def start(self, name: str, attrs: str) -> None:
        if name in _CELL_ENDS:  # NOTE: the most common tag first
            if self.tables and self.tables[-1].rows:
                self.open_cell(name == "th", attrs)
        elif name == "tr":
            if self.tables:
                self.finish_cell()
                self.tables[-1].rows.append([])
                self.tables[-1].head += self.in_head
        elif name == "table":
            self.finish_cell()
            self.tables.append(Table())
        elif name == "thead":
            self.in_head = True
        elif name == "br":
            self.text("\n")

    def open_cell(self, header: bool, attrs: str) -> None:
        if self.cell_from >= 0:
            self.finish_cell()
        span = _SPAN.search(attrs) if attrs else None
        self.cell_span = 1
        if span:
            self.cell_span = min(int(span[1]), MAX_SPAN, 1 + self.spare)
            self.spare -= max(0, self.cell_span - 1)
        self.cell_from, self.cell_header, self.cell_start = len(self.parts), header, self.size
        self.cell_row = self.tables[-1].rows[-1]

    def end(self, name: str) -> None:
        if name in _CELL_ENDS:
            self.finish_cell()
            self.text("\t")
        elif name in _BLOCK_ENDS:
            self.finish_cell()
            self.in_head = self.in_head and name not in ("thead", "table")
            self.text("\n")

    def finish_cell(self) -> None:
        if self.cell_from < 0:
            return
        raw = "".join(self.parts[self.cell_from :])
        lead = len(raw) - len(raw.lstrip())
        cell = Cell(raw.strip(), self.cell_header, self.cell_start + lead)
        if self.cell_span == 1:
            self.cell_row.append(cell)
        else:
            self.cell_row.extend([cell] * self.cell_span)
        self.cell_from = -1


def read(markup: str) -> Page:
    """Tokenise ``markup`` once: visible text (cells tab-separated, rows on lines) and tables."""
    # NOTE: colspan copies are bounded by the markup's length: a page of <td colspan=1000> must
    # not make a thousand cells per cell written (real tables span what their rows write).
    reader = _Reader(MAX_SPAN + len(markup))
    search, unescape = _CONSTRUCT.search, html.unescape  # NOTE: hot loop: one step per token
    at, size = 0, len(markup)
    while at < size:
        found = search(markup, at)
        if found is None:
            reader.text(unescape(markup[at:]))
            break
        if found.start() > at:
            reader.text(unescape(markup[at : found.start()]))
        closing, name, attrs, gt = found.group(3, 4, 5, 6)
        if not gt:  # NOTE: a comment, a bogus comment or a tag cut by EOF
            at = _skip(markup, found)
            continue
        name, at = name.lower(), found.end()
        if closing:
            reader.end(name)
        else:
            reader.start(name, attrs)
            if name in _RAW_END:
                at = _raw_text(markup, at, name, reader)
    reader.finish_cell()
    return Page("".join(reader.parts), reader.tables)


def _raw_text(markup: str, at: int, name: str, reader: _Reader) -> int:
    """Read the raw text of a ``<script>`` or ``<textarea>`` from ``at``; return its end."""
    end = _RAW_END[name].search(markup, at)
    stop = end.start() if end else len(markup)
    if name in _RCDATA:
        reader.text(html.unescape(markup[at:stop]))
    return stop


def _skip(markup: str, found: re.Match[str]) -> int:
    """Step over a comment, a bogus comment or a tag cut by EOF; return where text resumes."""
    lt, size = found.start(), len(markup)
    if found[1]:
        if markup.startswith(("<!-->", "<!--->"), lt):
            return markup.index(">", lt) + 1
        end = _COMMENT_END.search(markup, lt + 4)
        return end.end() if end else size
    if found[2] is not None:
        gt = markup.find(">", lt + 1)  # NOTE: a bogus comment (doctype, CDATA, PI, </3>)
        return gt + 1 if gt >= 0 else size
    return size  # NOTE: EOF inside a tag: a browser drops it, and so do we
