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
from collections.abc import Generator, Iterator

# A tag: name, then attributes whose quoted values may hold ">"; the alternatives start with
# different characters, so no input can be matched in two ways (no backtracking blow-up).
_TAG = re.compile(r"<(/?)([A-Za-z][^\t\n\f\r />]*+)((?:[^>\"']++|\"[^\"]*+\"|'[^']*+')*+)(>?)")
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

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.tables: list[Table] = []
        self.cell: list[str] | None = None
        self.cell_header = False
        self.cell_start = 0
        self.cell_span = 1
        self.cell_row: list[Cell] = []
        self.in_head = False

    def text(self, raw: str) -> None:
        piece = html.unescape(raw)
        self.parts.append(piece)
        self.size += len(piece)
        if self.cell is not None:
            self.cell.append(piece)

    def tag(self, name: str, closing: bool, attrs: str) -> None:
        if closing:
            self._close(name)
        elif name == "table":
            self._finish_cell()
            self.tables.append(Table())
        elif name == "thead":
            self.in_head = True
        elif name == "tr" and self.tables:
            self._finish_cell()
            self.tables[-1].rows.append([])
            self.tables[-1].head += self.in_head
        elif name in _CELL_ENDS and self.tables and self.tables[-1].rows:
            self._finish_cell()
            span = _SPAN.search(attrs)
            self.cell, self.cell_header = [], name == "th"
            self.cell_row = self.tables[-1].rows[-1]
            self.cell_start, self.cell_span = self.size, min(int(span[1]) if span else 1, MAX_SPAN)
        elif name == "br":
            self.text("\n")

    def _close(self, name: str) -> None:
        if name in _CELL_ENDS:
            self._finish_cell()
            self.text("\t")
        elif name in _BLOCK_ENDS:
            self._finish_cell()
            self.in_head = self.in_head and name not in ("thead", "table")
            self.text("\n")

    def _finish_cell(self) -> None:
        if self.cell is None:
            return
        raw = "".join(self.cell)
        lead = len(raw) - len(raw.lstrip())
        cell = Cell(raw.strip(), self.cell_header, self.cell_start + lead)
        self.cell_row.extend([cell] * self.cell_span)
        self.cell = None


def read(markup: str) -> Page:
    """Tokenise ``markup`` once: visible text (cells tab-separated, rows on lines) and tables."""
    reader = _Reader()
    for kind, value, attrs in _tokens(markup):
        if kind == "text":
            reader.text(value)
        else:
            reader.tag(value, kind == "end", attrs)
    reader._finish_cell()
    return Page("".join(reader.parts), reader.tables)


def _tokens(markup: str) -> Iterator[tuple[str, str, str]]:
    """Yield ("text", data, ""), ("start"|"end", lower-case name, attributes)."""
    at, size = 0, len(markup)
    while at < size:
        lt = markup.find("<", at)
        if lt < 0:
            yield "text", markup[at:], ""
            return
        if lt > at:
            yield "text", markup[at:lt], ""
        at = yield from _construct(markup, lt)


def _construct(markup: str, lt: int) -> Generator[tuple[str, str, str], None, int]:
    """Read the construct at ``markup[lt] == "<"``; return where the next one may start."""
    size = len(markup)
    if markup.startswith("<!--", lt):
        if markup.startswith(("<!-->", "<!--->"), lt):
            return markup.index(">", lt) + 1
        end = _COMMENT_END.search(markup, lt + 4)
        return end.end() if end else size
    if markup.startswith(("<!", "<?"), lt) or (
        markup.startswith("</", lt)
        and not (markup[lt + 2 : lt + 3].isascii() and markup[lt + 2 : lt + 3].isalpha())
    ):
        gt = markup.find(">", lt + 1)  # NOTE: a bogus comment (doctype, CDATA, PI, </3>)
        return gt + 1 if gt >= 0 else size
    tag = _TAG.match(markup, lt)
    if tag is None:  # "<" followed by no letter: plain text
        yield "text", "<", ""
        return lt + 1
    if not tag.group(4):
        return size  # EOF inside a tag: a browser drops it, and so do we
    name, closing = tag.group(2).lower(), bool(tag.group(1))
    yield ("end" if closing else "start"), name, tag.group(3)
    if closing or name not in _RAW_END:
        return tag.end()
    end = _RAW_END[name].search(markup, tag.end())
    stop = end.start() if end else size
    if name in _RCDATA:
        yield "text", markup[tag.end() : stop], ""
    return stop
