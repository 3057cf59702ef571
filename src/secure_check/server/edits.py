"""Edits of a notebook: replace a secret literal by ``os.environ[...]``, clear outputs.

Pure Python (no tornado): the handlers read and save through the ContentsManager
(``server/contents.py``), call these on the notebook in between, and never see a raw value.
"""

from __future__ import annotations

import io
import re
import tokenize
from typing import Any

from secure_check.core import notebook
from secure_check.core.notebook import Segment
from secure_check.core.redact import fingerprint
from secure_check.core.scan import Scanner

ERR_BAD_CELL = "cell_index {index!r} is not a cell of this notebook ({count} cells)"
ERR_NOT_CODE = "cell {index} is a {kind} cell; only code cells can be redacted"
ERR_NO_MATCH = "no finding with this fingerprint on line {line} of cell {index} (already redacted?)"
ERR_NOT_LITERAL = "the value on line {line} of cell {index} is not inside a string literal"
ERR_BAD_NAME = "environment variable name {name!r} must match [A-Za-z_][A-Za-z0-9_]*"

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_TARGET = re.compile(r"""(?:([A-Za-z_]\w*)|["']([\w\-. ]+)["']\]?)\s*(?::|=|\+=)\s*$""")
_IMPORTS_OS = re.compile(r"^\s*(import\s+(.*,\s*)?os\b|from\s+os\s+import\b)", re.M)
_PREFIX = frozenset("rRbBuUfF")


class EditError(ValueError):
    """An edit that cannot be made; ``status`` is the HTTP code to answer with."""

    def __init__(self, message: str, status: int = 409) -> None:
        super().__init__(message)
        self.status = status


def get_cell(nb: dict[str, Any], index: object) -> dict[str, Any]:
    """Return cell ``index`` or raise EditError(400)."""
    cells = nb["cells"]
    if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < len(cells):
        raise EditError(ERR_BAD_CELL.format(index=index, count=len(cells)), 400)
    cell: dict[str, Any] = cells[index]
    return cell


def redact(
    scanner: Scanner,
    nb: dict[str, Any],
    index: object,
    line: object,
    fp: object,
    name: object = None,
) -> str:
    """Replace the literal holding the finding (cell, line, fingerprint) by ``os.environ[NAME]``.

    Returns the variable name used. The notebook dict is changed in place.
    """
    var, new = redacted_source(scanner, nb, index, line, fp, name)
    set_source(get_cell(nb, index), new)
    return var


def redacted_source(
    scanner: Scanner,
    nb: dict[str, Any],
    index: object,
    line: object,
    fp: object,
    name: object = None,
) -> tuple[str, str]:
    """Return the variable name and the cell's new source; ``nb`` is only read.

    This is the costly part of a redaction (it scans the cell and tokenizes it): the server runs
    it in a worker under the time limit, on ``sources(nb)``, and saves the result itself.
    """
    cell = get_cell(nb, index)
    assert isinstance(index, int)  # checked by get_cell
    if cell.get("cell_type") != "code":
        raise EditError(ERR_NOT_CODE.format(index=index, kind=cell.get("cell_type")), 400)
    if name is not None and not (isinstance(name, str) and _NAME.match(name)):
        raise EditError(ERR_BAD_NAME.format(name=name), 400)
    source = notebook.join_source(cell.get("source"))
    start, end, rule = _find_hit(scanner, source, index, line, fp)
    lit_start, lit_end = _literal_span(source, start, end)
    if lit_start < 0:
        raise EditError(ERR_NOT_LITERAL.format(line=line, index=index))
    var = name if isinstance(name, str) and name else _guess_name(source[:lit_start], rule)
    new = f'{source[:lit_start]}os.environ["{var}"]{source[lit_end:]}'
    if not _imports_os(nb, index):
        new = "import os\n" + new
    return var, new


def sources(nb: dict[str, Any]) -> dict[str, Any]:
    """Return the notebook as a redaction reads it: each cell's type and source, no outputs.

    NOTE: outputs can be most of a file; they need not be copied to a worker.
    """
    cells = [
        {"cell_type": c.get("cell_type"), "source": c.get("source")} if isinstance(c, dict) else c
        for c in nb["cells"]
    ]
    return {"cells": cells}


def clear_outputs(nb: dict[str, Any], index: object = None) -> int:
    """Clear the outputs of one code cell (or all when ``index`` is None); return how many cells."""
    cells = [get_cell(nb, index)] if index is not None else nb["cells"]
    cleared = 0
    for cell in cells:
        if isinstance(cell, dict) and cell.get("cell_type") == "code":
            cleared += bool(cell.get("outputs"))
            cell["outputs"] = []
            cell["execution_count"] = None
    return cleared


def _find_hit(
    scanner: Scanner, source: str, index: int, line: object, fp: object
) -> tuple[int, int, str]:
    seg = Segment(source, "source", "code", index)
    for analyzer in scanner.analyzers:
        for hit in analyzer.scan(seg):
            on_line = source.count("\n", 0, hit.start) + 1 == line
            if on_line and fingerprint(hit.value, scanner.key) == fp:
                return hit.start, hit.end, hit.rule
    raise EditError(ERR_NO_MATCH.format(line=line, index=index))


def _literal_span(source: str, start: int, end: int) -> tuple[int, int]:
    """Return the span of the string literal that covers [start, end), or (-1, -1)."""
    offsets = [0]
    for text_line in source.splitlines(keepends=True):
        offsets.append(offsets[-1] + len(text_line))
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.STRING:
                s = offsets[tok.start[0] - 1] + tok.start[1]
                e = offsets[tok.end[0] - 1] + tok.end[1]
                if s <= start and end <= e:
                    return s, e
    except (tokenize.TokenError, SyntaxError, IndentationError):
        pass  # NOTE: cells with magics or half-typed code: fall back to reading the line.
    return _line_literal(source, start, end)


def _line_literal(source: str, start: int, end: int) -> tuple[int, int]:
    """Return the one-line string literal covering [start, end) on its line, or (-1, -1).

    NOTE: one left-to-right pass, as a tokenizer reads; the regex it replaces was exponential
    in a run of backslashes after a quote (40 of them: 29 s).
    """
    lo = source.rfind("\n", 0, start) + 1
    hi = source.find("\n", end)
    hi = len(source) if hi < 0 else hi
    at = lo
    while at < hi:
        char = source[at]
        if char == "#":
            break
        if char not in "'\"":
            at += 1
            continue
        quote = char * 3 if source.startswith(char * 3, at) else char
        first = at
        while first > max(lo, at - 2) and source[first - 1] in _PREFIX:
            first -= 1
        if first > lo and (source[first - 1].isalnum() or source[first - 1] == "_"):
            first = at  # NOTE: name"..." is not a prefixed literal
        i = at + len(quote)
        while i < hi and not source.startswith(quote, i):
            i += 2 if source[i] == "\\" else 1
        if i >= hi:
            return -1, -1
        if first <= start and end <= i + len(quote):
            return first, i + len(quote)
        at = i + len(quote)
    return -1, -1


def _guess_name(before: str, rule: str) -> str:
    """Name the variable after the assignment target or dict key, else after the rule."""
    match = _TARGET.search(before.rsplit("\n", 1)[-1])
    raw = (match.group(1) or match.group(2)) if match else rule
    name = re.sub(r"\W+", "_", raw).strip("_").upper() or "SECRET"
    return name if not name[0].isdigit() else f"SECRET_{name}"


def _imports_os(nb: dict[str, Any], upto: int) -> bool:
    for cell in nb["cells"][: upto + 1]:
        if isinstance(cell, dict) and cell.get("cell_type") == "code":
            if _IMPORTS_OS.search(notebook.join_source(cell.get("source"))):
                return True
    return False


def set_source(cell: dict[str, Any], text: str) -> None:
    """Store the source in the form the file used (one string or a list of lines)."""
    as_list = isinstance(cell.get("source"), list)
    cell["source"] = text.splitlines(keepends=True) if as_list else text
