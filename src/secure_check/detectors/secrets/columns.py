"""Secrets in table columns: a DataFrame whose header says password, token or api_key.

In a rendered table the credential word and its values are on different lines, so the
keyword rules never see them together. ``html_to_text`` keeps one row per line and cells
apart with tabs; the header row names the column, and each row's cell in it is a candidate.
A plain-text DataFrame (``print(df)``, text/plain) right-aligns each value under its header,
so there a cell is the token that ends in the header's last column.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from secure_check.core.findings import Severity
from secure_check.detectors.secrets.filters import (
    is_hash_like,
    is_placeholder,
    is_word_like,
    looks_random,
)

_SECRET_HEADER = re.compile(
    r"(?i)^(?:.*[_\s-])?(?:pass(?:word|wd)?|pwd|secret|client_secret|token|access_token|api_?key"
    r"|access_?key|secret_?key|private_?key|credentials?)$"
)
_PASSWORD_HEADER = re.compile(r"(?i)pass|pwd")
_MAX_ROWS = 2000
_TOKEN = re.compile(r"\S+")
_HEADER_LINE = re.compile(r"[\w.\-]+(?: +[\w.\-]+)+")  # column names only: no prose punctuation


def column_hits(text: str) -> Iterator[tuple[str, Severity, int, int, str]]:
    """Yield (rule, severity, start, end, value) for credential-like cells under a secret header."""
    lines = text.split("\n")
    offsets = _line_offsets(lines)
    columns: dict[int, str] = {}
    width = 0
    for row, line in enumerate(lines[:_MAX_ROWS]):
        cells = line.split("\t")
        if columns and len(cells) == width:
            yield from _row_hits(cells, columns, offsets[row])
        elif line.strip():
            # NOTE: any other line may be the header of the next table.
            columns = {i: c.strip() for i, c in enumerate(cells) if _SECRET_HEADER.match(c.strip())}
            width = len(cells)


def _row_hits(
    cells: list[str], columns: dict[int, str], offset: int
) -> Iterator[tuple[str, Severity, int, int, str]]:
    position = offset
    for index, cell in enumerate(cells):
        value = cell.strip()
        if index in columns and _credential(value, columns[index]):
            start = position + cell.find(value)
            rule = (
                "password-assignment"
                if _PASSWORD_HEADER.search(columns[index])
                else ("secret-assignment")
            )
            yield rule, Severity.MEDIUM, start, start + len(value), value
        position += len(cell) + 1


def _credential(value: str, header: str) -> bool:
    if len(value) < 6 or is_placeholder(value) or is_word_like(value):
        return False
    if _PASSWORD_HEADER.search(header):
        return any(c.isdigit() for c in value) or not value.isalpha()
    return looks_random(value, min_len=12, min_entropy=3.0) and not is_hash_like(value)


def plain_column_hits(text: str) -> Iterator[tuple[str, Severity, int, int, str]]:
    """Yield like ``column_hits`` for pandas' plain-text tables (values right-aligned).

    A row counts only when every header ends where one of its cells ends: prose under a
    line that happens to say "password" does not line up like that.
    """
    offset = 0
    ends: set[int] = set()
    edges: dict[int, str] = {}
    for line in text.split("\n")[:_MAX_ROWS]:
        # NOTE: a line is split into tokens only under a header or to be one (most are neither)
        tokens = {m.end(): m for m in _TOKEN.finditer(line)} if edges else None
        if tokens is not None and ends <= tokens.keys():
            yield from _plain_row_hits(tokens, edges, offset)
        elif _HEADER_LINE.fullmatch(line.strip()):
            tokens = {m.end(): m for m in _TOKEN.finditer(line)} if tokens is None else tokens
            edges = {e: m.group() for e, m in tokens.items() if _SECRET_HEADER.match(m.group())}
            ends = set(tokens)
        else:
            edges = {}
        offset += len(line) + 1


def _plain_row_hits(
    tokens: dict[int, re.Match[str]], edges: dict[int, str], offset: int
) -> Iterator[tuple[str, Severity, int, int, str]]:
    for end, header in edges.items():
        cell = tokens.get(end)
        if cell and _credential(cell.group(), header):
            rule = "password-assignment" if _PASSWORD_HEADER.search(header) else "secret-assignment"
            start = offset + cell.start()
            yield rule, Severity.MEDIUM, start, start + len(cell.group()), cell.group()


def _line_offsets(lines: list[str]) -> list[int]:
    offsets, at = [], 0
    for line in lines:
        offsets.append(at)
        at += len(line) + 1
    return offsets
