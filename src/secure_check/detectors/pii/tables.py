"""Tables inside notebook outputs: DataFrame HTML (``segment.html``) and text reprs.

Each table becomes ``(header, values, offset)`` columns for the column profiler; ``offset`` is
where the header sits in the segment's text, so a column finding points at its header.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

from secure_check.core.markup import Cell, Table

_GAP = re.compile(r"\s{2,}")
_CHUNK = re.compile(r"\S+(?: \S+)*")
_SHAPE_FOOTER = re.compile(r"^\[\d+ rows x \d+ columns\]$")
_SERIES_FOOTER = re.compile(r"^Name: (.+?), (?:Length: \d+, )?dtype: \w+")
MAX_ROWS = 2000
# NOTE: possessive: adjacent runs of blanks (\s* \|? \s*) made a long blank line quadratic.
_PIPE_RULE = re.compile(r"^\s*+\|?\s*+:?-{3,}+:?\s*+(?:\|\s*+:?-{3,}+:?\s*+)++\|?\s*+$")
_SUMMARY_ROWS = frozenset(
    "count unique top freq mean std min max 25% 50% 75% first last dtype non-null".split()
)


@dataclasses.dataclass
class Column:
    """One table column as text: its header, its cell values, and where the header is."""

    header: str
    values: list[str]
    offset: int = 0


def html_tables(tables: list[Table]) -> Iterator[list[Column]]:
    """Yield the columns of each table ``core.markup`` read (offsets into its stripped text)."""
    for table in tables:
        columns = list(_html_table(table))
        if columns:
            yield columns


def _values(row: list[Cell]) -> list[tuple[str, bool]]:
    return [(cell.text, cell.header) for cell in row]


def _html_table(table: Table) -> Iterator[Column]:
    header_cells = table.rows[: table.head]
    body = table.rows[table.head :][:MAX_ROWS]
    if not header_cells and body and body[0] and all(c.header for c in body[0]):
        header_cells, body = [body[0]], body[1:]
    rows = [_values(r) for r in body]
    if not header_cells or not rows:
        return
    if is_summary([row[0][0] for row in rows if row and row[0][1]]):
        return
    header = [cell.text for cell in header_cells[0]]
    offsets = [cell.offset for cell in header_cells[0]]
    named_index = len(header_cells) > 1 and bool(header_cells[1]) and bool(header_cells[1][0].text)
    if header and not header[0] and named_index:
        header[0] = header_cells[1][0].text  # NOTE: pandas puts the index name on a second row
        offsets[0] = header_cells[1][0].offset
    # NOTE: one pass over the cells (a wide header times many rows was quadratic)
    columns: list[list[str]] = [[] for _ in range(min(len(header), max(map(len, rows))))]
    for row in rows:
        for i, (value, is_header) in enumerate(row[: len(columns)]):
            if named_index or i or not is_header:
                columns[i].append(value)
    for name, values, offset in zip(header, columns, offsets, strict=False):
        if name and values:
            yield Column(name, values, offset)


def pipe_tables(text: str) -> Iterator[list[Column]]:
    """Yield the columns of each Markdown pipe table (``| a | b |`` over ``|---|---|``).

    A table's body ends at a line without ``|`` or at the next table's header line: two
    tables printed back to back are two tables, and no line is read for more than one.
    """
    lines = text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    rules = [i for i in range(1, len(lines)) if _PIPE_RULE.match(lines[i]) and "|" in lines[i - 1]]
    for i, stop in zip(rules, [*rules[1:], len(lines) + 1], strict=False):
        rows = []
        for line in lines[i + 1 : min(stop - 1, i + 1 + MAX_ROWS)]:
            if "|" not in line:
                break
            rows.append(_pipe_cells(line))
        header = _pipe_cells(lines[i - 1])
        columns: list[list[str]] = [[] for _ in header]
        for row in rows:  # NOTE: one pass over the cells, not one per header cell
            for j, cell in enumerate(row[: len(header)]):
                if cell:
                    columns[j].append(cell)
        yield [
            Column(name, values, starts[i - 1] + at)
            for (name, at), values in zip(_header_cells(lines[i - 1]), columns, strict=True)
            if name
        ]


def _header_cells(line: str) -> list[tuple[str, int]]:
    """Return the names of a header and where each starts in ``line`` (in its own cell)."""
    cells, at = [], len(line) - len(line.lstrip())
    body = line.strip()
    at += len(body) - len(body.lstrip("|"))
    for raw in body.strip("|").split("|"):
        cells.append((raw.strip(), at + len(raw) - len(raw.lstrip())))
        at += len(raw) + 1
    return cells


def _pipe_cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def is_summary(index: list[str]) -> bool:
    """Whether row labels are those of ``describe()`` or ``info()``: statistics, not records."""
    return len(index) >= 3 and sum(label in _SUMMARY_ROWS for label in index) >= 0.6 * len(index)


def text_tables(text: str) -> Iterator[list[Column]]:
    """Yield the columns of each pandas DataFrame or Series repr printed as text."""
    lines = text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    i = 0
    while i < len(lines):
        block_end = _block_end(lines, i)
        columns = list(_text_block(lines[i:block_end], starts[i]))
        if columns:
            yield columns
        i = block_end + 1


def _block_end(lines: list[str], i: int) -> int:
    j = i
    while j < len(lines) and lines[j].strip():
        j += 1
    return j


def _text_block(block: list[str], base: int) -> Iterator[Column]:
    if len(block) < 3 or not (block[0].startswith(" ") or _SERIES_FOOTER.match(block[-1])):
        return
    series = _SERIES_FOOTER.match(block[-1])
    if series:
        values = [
            _GAP.split(line.strip(), 1)[-1] for line in block[:-1] if _GAP.search(line.strip())
        ]
        if len(values) >= 2 and len(values) >= len(block) - 3:
            footer = base + sum(len(line) + 1 for line in block[:-1]) + len("Name: ")
            yield Column(series.group(1), values[:MAX_ROWS], footer)
        return
    yield from _frame_block(block, base)


def _frame_block(block: list[str], base: int) -> Iterator[Column]:
    """Read a DataFrame repr: right-aligned labels and values, an index at the left.

    Header words belong to one label unless a gutter (a position blank in every row) runs
    between them: ``ssn date_of_birth`` is two columns, ``first name`` over names is one.
    """
    header = block[0]
    rows = [r for r in block[1:] if r.strip() and not _SHAPE_FOOTER.match(r.strip())]
    rows = [r for r in rows if not r.startswith(" ")][:MAX_ROWS]
    if not header.startswith(" ") or len(rows) < 2:
        return
    if sum(len(r) == len(header) for r in rows) < 0.8 * len(rows):
        return  # NOTE: pandas pads every row to the header's width; a log is ragged
    width = max(len(r) for r in rows)
    blank = [all(p >= len(r) or r[p] == " " for r in rows) for p in range(width + 1)]
    index_end = next((p for p in range(1, width + 1) if blank[p]), width)
    if is_summary([r[:index_end].strip() for r in rows]):
        return
    if not rows[0][index_end:].strip():  # NOTE: the line naming the index (set_index)
        index_name, rows = rows[0].strip(), rows[1:]
        yield Column(index_name, [r[:index_end].strip() for r in rows], base + len(header) + 1)
    yield from _value_columns(_label_spans(header, blank), rows, index_end, base)


def _value_columns(
    spans: list[tuple[str, int]], rows: list[str], left: int, base: int
) -> Iterator[Column]:
    pending = ""
    for name, end in spans:
        cells = [row[left:end].strip() for row in rows]
        left = end
        if not any(cells):
            pending = f"{pending} {name}".strip()  # NOTE: a word of the next label
            continue
        label = f"{pending} {name}".strip()
        pending = ""
        yield Column(label, [c for c in cells if c and c != "..."], base + end - len(name))


def _label_spans(header: str, blank: list[bool]) -> list[tuple[str, int]]:
    spans: list[tuple[str, int]] = []
    for word in re.finditer(r"\S+", header):
        if spans:
            name, end = spans[-1]
            gap = range(end, word.start())
            if not any(p < len(blank) and blank[p] for p in gap):
                spans[-1] = (f"{name} {word.group()}", word.end())
                continue
        spans.append((word.group(), word.end()))
    return spans
