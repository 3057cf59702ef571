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


@dataclasses.dataclass(slots=True)
class Cell:
    """A table cell: its text, whether it is a header cell, and where it starts in the text."""

    text: str
    header: bool
    offset: int


# Where a cell's text is in the page text (start, end), whether it is a header, its colspan.
Span = tuple[int, int, bool, int]


@dataclasses.dataclass
class Table:
    """The rows of one ``<table>``; ``head`` counts the rows that sat in ``<thead>``.

    NOTE: the reader keeps where each cell is; its Cell is made when ``rows`` is first read
    (the scan profiles the first 500 tables of an output, and most outputs have one).
    """

    spans: list[list[Span]] = dataclasses.field(default_factory=list)
    head: int = 0
    text: str = dataclasses.field(default="", repr=False)  # the page text the spans point into
    _rows: list[list[Cell]] | None = dataclasses.field(default=None, repr=False, compare=False)

    @property
    def rows(self) -> list[list[Cell]]:
        """The cells of each row (a cell that spans n columns is there n times)."""
        if self._rows is None:
            self._rows = [_cells(self.text, row) for row in self.spans]
        return self._rows


def _cells(text: str, row: list[Span]) -> list[Cell]:
    cells: list[Cell] = []
    for start, end, header, span in row:
        raw = text[start:end]
        value = raw.strip()
        lead = raw.find(value) if value and raw[0].isspace() else 0
        cell = Cell(value, header, start + lead)
        if span == 1:
            cells.append(cell)
        else:
            cells.extend([cell] * span)
    return cells


@dataclasses.dataclass
class Page:
    """What one pass over the markup gives: the visible text, the tables, and where the text was.

    ``shown`` holds the spans of the markup that are visible text (``blank_shown`` blanks
    them: what is left is what only the markup holds, tags and scripts).
    """

    text: str
    tables: list[Table]
    shown: list[tuple[int, int]] = dataclasses.field(default_factory=list)


def blank_shown(markup: str, shown: list[tuple[int, int]]) -> str:
    """Return ``markup`` with its visible text blanked: same length, line ends kept."""
    out, at, find = [], 0, markup.find
    for start, end in shown:
        out.append(markup[at:start])
        if find("\n", start, end) < 0:
            out.append(" " * (end - start))
        else:
            out.append("\n".join(" " * len(line) for line in markup[start:end].split("\n")))
        at = end
    out.append(markup[at:])
    return "".join(out)


def _end_tag(name: str) -> re.Pattern[str]:
    return re.compile(rf"</{name}[\t\n\f\r />]", re.I)


_RAW_END = {name: _end_tag(name) for name in _RAW | _RCDATA}


class _Reader:
    """Collects text pieces and table cells while the tokenizer walks the markup."""

    __slots__ = (
        "blank", "cell_header", "cell_open", "cell_row", "cell_span", "cell_start", "in_head",
        "parts", "shown", "size", "spare", "tables",
    )  # fmt: skip

    def __init__(self, spare: int) -> None:
        self.spare = spare  # NOTE: how many more cells colspan copies may still add
        self.parts: list[str] = []
        self.size = 0
        self.blank = True  # NOTE: whether the text so far ends blank (or is empty)
        self.tables: list[Table] = []
        self.shown: list[tuple[int, int]] = []  # NOTE: spans of the markup that are text
        self.cell_open = False
        self.cell_header = False
        self.cell_start = 0
        self.cell_span = 1
        self.cell_row: list[Span] = []
        self.in_head = False

    def text(self, piece: str) -> None:
        self.parts.append(piece)
        self.blank = piece[-1:].isspace() if piece else self.blank
        self.size += len(piece)

    def start(self, name: str, attrs: str) -> None:
        # NOTE: td and tr come first and inline what they call: they are most of a table
        # NOTE: the open cell ends before the separator: its text is then often one piece
        if name in _CELL_ENDS:
            if self.cell_open:
                self.finish_cell()
            if not self.blank:
                self.parts.append("\t")  # NOTE: apart("\t")
                self.size += 1
                self.blank = True
            if self.tables and self.tables[-1].spans:
                self.open_cell(name == "th", attrs)
        elif name == "tr":
            if self.cell_open and self.tables:
                self.finish_cell()
            if not self.blank:
                self.parts.append("\n")  # NOTE: apart("\n")
                self.size += 1
                self.blank = True
            if self.tables:
                table = self.tables[-1]
                table.spans.append([])
                table.head += self.in_head
        elif name == "table":
            self.finish_cell()
            self.apart("\n")
            self.tables.append(Table())
        elif name == "thead":
            self.in_head = True
        elif name == "br":
            self.text("\n")
        elif name in _BLOCK_ENDS:
            self.apart("\n")

    def apart(self, separator: str) -> None:
        """Keep a new cell, row or block apart from the text before it.

        NOTE: HTML may leave ``</td>``, ``</tr>``, ``</p>`` out (``<td>a<td>b``): a browser
        still shows two cells, and values must not run together (``a@b.coc@d.co``).
        """
        if not self.blank:
            self.text(separator)

    def open_cell(self, header: bool, attrs: str) -> None:
        if self.cell_open:
            self.finish_cell()
        span = _SPAN.search(attrs) if attrs else None
        self.cell_span = 1
        if span is not None:
            self.cell_span = min(int(span[1]), MAX_SPAN, 1 + self.spare)
            self.spare -= max(0, self.cell_span - 1)
        self.cell_open, self.cell_header, self.cell_start = True, header, self.size
        self.cell_row = self.tables[-1].spans[-1]

    def end(self, name: str) -> None:
        if name in _CELL_ENDS:
            if self.cell_open:
                self.finish_cell()
            self.parts.append("\t")  # NOTE: text("\t"), inlined
            self.size += 1
            self.blank = True
        elif name in _BLOCK_ENDS:
            self.finish_cell()
            self.in_head = self.in_head and name not in ("thead", "table")
            self.text("\n")

    def finish_cell(self) -> None:
        if self.cell_open:
            self.cell_row.append((self.cell_start, self.size, self.cell_header, self.cell_span))
            self.cell_open = False


def read(markup: str) -> Page:
    """Tokenise ``markup`` once: visible text (cells tab-separated, rows on lines) and tables."""
    # NOTE: colspan copies are bounded by the markup's length: a page of <td colspan=1000> must
    # not make a thousand cells per cell written (real tables span what their rows write).
    reader = _Reader(MAX_SPAN + len(markup))
    search, unescape = _CONSTRUCT.search, html.unescape  # NOTE: hot loop: one step per token
    at, size = 0, len(markup)
    parts, shown, start, end = reader.parts, reader.shown, reader.start, reader.end
    while at < size:
        found = search(markup, at)
        if found is None:
            reader.text(unescape(markup[at:]))
            shown.append((at, size))
            break
        begin = found.start()
        if begin > at:  # NOTE: reader.text inlined: this runs once per tag
            shown.append((at, begin))
            piece = markup[at:begin]
            piece = unescape(piece) if "&" in piece else piece
            if piece:
                parts.append(piece)
                reader.size += len(piece)
                reader.blank = piece[-1].isspace()
        closing, name, attrs, gt = found.group(3, 4, 5, 6)
        if not gt:  # NOTE: a comment, a bogus comment or a tag cut by EOF
            at = _skip(markup, found)
            continue
        name, at = name.lower(), found.end()
        if closing:
            end(name)
        else:
            start(name, attrs)
            if name in _RAW_END:
                at = _raw_text(markup, at, name, reader)
    reader.finish_cell()
    text = "".join(reader.parts)
    for table in reader.tables:
        table.text = text
    return Page(text, reader.tables, shown)


def _raw_text(markup: str, at: int, name: str, reader: _Reader) -> int:
    """Read the raw text of a ``<script>`` or ``<textarea>`` from ``at``; return its end."""
    end = _RAW_END[name].search(markup, at)
    stop = end.start() if end else len(markup)
    if name in _RCDATA:
        reader.text(html.unescape(markup[at:stop]))
        reader.shown.append((at, stop))
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
