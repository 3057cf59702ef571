"""Read a notebook into text segments, each located at a cell, an output or a metadata key."""

from __future__ import annotations

import base64
import binascii
import dataclasses
import json
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from secure_check.core import walk
from secure_check.core.findings import Where
from secure_check.core.markup import Table
from secure_check.core.markup import read as read_markup

MAX_NOTEBOOK_BYTES = 200 * 1024 * 1024
ERR_NOT_JSON = "not a JSON document: {detail}"
ERR_NOT_NOTEBOOK = "not a Jupyter notebook: {detail}"
ERR_TOO_LARGE = "notebook is {size} bytes, over the {limit}-byte limit"
ERR_UNREADABLE = "cannot read file: {detail}"
ERR_DEEP = "nested too deeply to read"
ERR_NOT_REGULAR = "not a regular file ({kind}); only regular files are scanned"

# NOTE: bounded, so an unterminated sequence costs a constant, never a scan to the end (CSI:
# parameters and final byte; OSC: a title or link, ended by BEL or ST).
_ANSI = re.compile(r"\x1b\[[0-9;?]{0,64}[ -/]{0,8}[@-~]|\x1b\][^\x07\x1b]{0,2048}(?:\x07|\x1b\\)")
_MARKUP_MIMES = frozenset({"text/html", "image/svg+xml"})
# Outputs whose data is text (others, like image/png, are base64 of binary and skipped).
_TEXT_MIMES = frozenset({"application/javascript", "application/x-latex", "image/svg+xml"})
_SKIPPED_MIMES = frozenset({"application/vnd.jupyter.widget-view+json"})
_SKIPPED_METADATA = frozenset({"widgets"})  # widget state is walked separately, by key
MAX_ATTACHMENT_CHARS = 2 * 1024 * 1024


class NotebookError(ValueError):
    """A file that is not a readable nbformat 4 notebook; the message says why."""


@dataclasses.dataclass
class Segment:
    """A piece of notebook text with where it came from.

    ``kind`` tells analyzers what they read: code, markdown, raw, stream, error,
    text/plain, text/html (tags stripped; the markup is in ``html``, its tables in ``tables``,
    where its visible text was in ``shown``),
    text/markdown, application/json, attachment, metadata.
    """

    text: str
    where: Where
    kind: str
    cell_index: int | None = None
    cell_id: str | None = None
    output_index: int | None = None
    key: str | None = None
    html: str | None = None
    tables: list[Table] | None = None
    shown: list[tuple[int, int]] | None = None  # spans of ``html`` that are visible text


def strip_ansi(text: str) -> str:
    """Drop terminal colour codes (tracebacks carry them)."""
    return _ANSI.sub("", text)


def html_to_text(markup: str) -> str:
    """Strip tags, keeping table cells apart (tab) and rows on their own line (linear time)."""
    return read_markup(markup).text


def is_text_mime(mime: str) -> bool:
    """Whether an output or attachment of type ``mime`` holds text (not base64 of binary)."""
    return (
        mime.startswith("text/") or mime in _TEXT_MIMES or mime.endswith(("json", "xml"))
    ) and mime not in _SKIPPED_MIMES


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def ascii_lower(text: str) -> str:
    """Lower-case ``text`` keeping every offset valid (``"\u0130".lower()`` is 2 characters)."""
    low = text.lower()
    # NOTE: lower() only ever expands a character, so equal lengths mean offsets line up.
    return low if len(low) == len(text) else text.translate(_ASCII_LOWER)


def join_source(value: Any) -> str:
    """Join a multiline field, which nbformat stores as a string or a list of lines."""
    if isinstance(value, list):
        return "".join(str(v) for v in value)
    return value if isinstance(value, str) else ""


def load(path: Path) -> dict[str, Any]:
    """Read and validate enough of ``path`` to scan it; raise NotebookError otherwise."""
    return parse(read(path))


def read(path: Path) -> bytes:
    """Read a file to scan, refusing one over the size limit; raise NotebookError otherwise."""
    try:
        # NOTE: O_NONBLOCK so that a FIFO named x.ipynb cannot hang us; it is refused just below
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as e:
        raise NotebookError(ERR_UNREADABLE.format(detail=e.strerror or type(e).__name__)) from None
    with os.fdopen(fd, "rb") as fh:
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                raise NotebookError(ERR_NOT_REGULAR.format(kind=walk.kind(st.st_mode)))
            if st.st_size > MAX_NOTEBOOK_BYTES:
                raise NotebookError(ERR_TOO_LARGE.format(size=st.st_size, limit=MAX_NOTEBOOK_BYTES))
            return fh.read()
        except OSError as e:
            detail = e.strerror or type(e).__name__
            raise NotebookError(ERR_UNREADABLE.format(detail=detail)) from None


def parse(raw: bytes | str) -> dict[str, Any]:
    """Parse notebook JSON, upgrading nbformat 3 to 4; raise NotebookError when it is not one."""
    try:
        nb: Any = json.loads(raw)
    except RecursionError:
        raise NotebookError(ERR_NOT_JSON.format(detail=ERR_DEEP)) from None
    except (ValueError, UnicodeDecodeError) as e:
        # NOTE: json's message quotes no document text, only the position, so it is safe to show.
        raise NotebookError(ERR_NOT_JSON.format(detail=_json_detail(e))) from None
    if not isinstance(nb, dict):
        raise NotebookError(ERR_NOT_NOTEBOOK.format(detail="top level is not an object"))
    major = nb.get("nbformat")
    if major == 3:
        nb = _upgrade_v3(nb)
    elif major != 4:
        raise NotebookError(ERR_NOT_NOTEBOOK.format(detail=f"unsupported nbformat {major!r}"))
    if not isinstance(nb.get("cells"), list):
        raise NotebookError(ERR_NOT_NOTEBOOK.format(detail="'cells' is missing or not a list"))
    return dict(nb)


def _json_detail(e: Exception) -> str:
    if isinstance(e, json.JSONDecodeError):
        # NOTE: some of json's messages end in "at" ("Unterminated string starting at").
        where = "line" if e.msg.endswith(" at") else "at line"
        return f"{e.msg} {where} {e.lineno} column {e.colno}"
    return type(e).__name__


def _upgrade_v3(nb: dict[str, Any]) -> dict[str, Any]:
    try:
        import nbformat  # NOTE: only v3 needs it; nbformat is a base dependency.

        upgraded = nbformat.v4.upgrade(nbformat.from_dict(nb))  # type: ignore[no-untyped-call]
    except Exception as e:  # noqa: BLE001 - any failure means the v3 file is malformed
        raise NotebookError(ERR_NOT_NOTEBOOK.format(detail=f"bad nbformat 3: {e}")) from None
    return dict(upgraded)


def segments(nb: dict[str, Any]) -> Iterator[Segment]:
    """Yield every scannable piece of text in ``nb``: sources, outputs, attachments, metadata."""
    yield from metadata_segments(nb.get("metadata"), None, None)
    for index, cell in enumerate(_items(nb.get("cells"))):
        if isinstance(cell, dict):
            yield from cell_segments(cell, index)


def cell_segments(cell: dict[str, Any], index: int) -> Iterator[Segment]:
    """Yield the segments of one cell (the unit the live panel re-scans)."""
    cell_id = cell.get("id") if isinstance(cell.get("id"), str) else None
    cell_type = cell.get("cell_type", "code")
    kind = cell_type if cell_type in ("code", "markdown", "raw") else "raw"
    yield Segment(join_source(cell.get("source")), "source", kind, index, cell_id)
    attachments = cell.get("attachments")
    for name, bundle in attachments.items() if isinstance(attachments, dict) else ():
        key = f"attachments.{name}"
        yield Segment(str(name), "source", "attachment", index, cell_id, key=key)
        for seg in _attachment_segments(bundle):
            yield dataclasses.replace(seg, cell_index=index, cell_id=cell_id, key=key)
    for out_index, output in enumerate(_items(cell.get("outputs"))):
        if isinstance(output, dict):
            for seg in output_segments(output):
                yield dataclasses.replace(
                    seg, cell_index=index, cell_id=cell_id, output_index=out_index
                )
    yield from metadata_segments(cell.get("metadata"), index, cell_id)


def _items(value: Any) -> list[Any]:
    """Return a JSON list, or nothing: a hostile ``"outputs": 5`` is no outputs, not a crash."""
    return value if isinstance(value, list) else []


def output_segments(output: dict[str, Any]) -> Iterator[Segment]:
    """Yield text of one output; images and other binary data are skipped."""
    kind = output.get("output_type")
    if kind == "stream":
        yield Segment(strip_ansi(join_source(output.get("text"))), "output", "stream")
    elif kind == "error":
        lines = [str(x) for x in _items(output.get("traceback"))]
        text = strip_ansi("\n".join(lines))
        evalue = str(output.get("evalue") or "")
        if not text or evalue not in text:  # NOTE: a value raised but left out of the traceback
            text += ("\n" if text else "") + f"{output.get('ename')}: {evalue}"
        yield Segment(text, "output", "error")
    elif kind in ("execute_result", "display_data", "update_display_data"):
        yield from _data_segments(output.get("data") or {}, "output")
    for seg in metadata_segments(output.get("metadata"), None, None):
        yield dataclasses.replace(seg, where="output", key=f"outputs.metadata.{seg.key}")


def _data_segments(data: dict[str, Any], where: Where) -> Iterator[Segment]:
    """One segment per textual MIME type; markup (HTML, SVG) is read as its visible text."""
    if not isinstance(data, dict):
        return
    for mime, value in data.items():
        if not isinstance(mime, str) or not is_text_mime(mime):
            continue
        if mime.endswith("json"):
            yield Segment(json.dumps(value, indent=1), where, "application/json")
            continue
        text = join_source(value)
        if not text:
            continue
        if mime in _MARKUP_MIMES:
            page = read_markup(text)  # NOTE: one pass gives the text and the tables
            yield Segment(page.text, where, mime, html=text, tables=page.tables, shown=page.shown)
        else:
            yield Segment(strip_ansi(text), where, mime)


def _attachment_segments(bundle: Any) -> Iterator[Segment]:
    """Attachments are base64 by MIME type; the textual ones are decoded and read."""
    if not isinstance(bundle, dict):
        return
    decoded: dict[str, Any] = {}
    for mime, value in bundle.items():
        if isinstance(mime, str) and is_text_mime(mime) and not mime.endswith("json"):
            data = join_source(value)[: MAX_ATTACHMENT_CHARS * 4 // 3 + 4]
            try:
                decoded[mime] = base64.b64decode(data).decode("utf-8", errors="replace")
            except (binascii.Error, ValueError):
                decoded[mime] = data  # NOTE: some writers store text attachments unencoded
        elif isinstance(mime, str) and mime.endswith("json"):
            decoded[mime] = value
    yield from _data_segments(decoded, "source")


def metadata_segments(meta: Any, index: int | None, cell_id: str | None) -> Iterator[Segment]:
    """Yield metadata as ``key: value`` lines, one segment per top-level key.

    Widget state gets its own walk so that model ids (uuids) are keys, never values: that
    is where detect-secrets finds thousands of false positives.
    """
    if not isinstance(meta, dict):
        return
    for key, value in meta.items():
        if key in _SKIPPED_METADATA:
            yield from _widget_segments(value, index, cell_id)
            continue
        lines = list(_flatten(value, key))
        if lines:
            yield Segment("\n".join(lines), "metadata", "metadata", index, cell_id, key=key)


def _widget_segments(value: Any, index: int | None, cell_id: str | None) -> Iterator[Segment]:
    state = (
        value.get("application/vnd.jupyter.widget-state+json") if isinstance(value, dict) else None
    )
    models = state.get("state") if isinstance(state, dict) else None
    if not isinstance(models, dict):
        return
    lines: list[str] = []
    for model in models.values():
        values = model.get("state") if isinstance(model, dict) else None
        if isinstance(values, dict):
            for name, v in values.items():
                if (
                    isinstance(v, str)
                    and v
                    and not v.startswith("IPY_MODEL_")
                    and not name.startswith("_")
                ):
                    lines.append(f"{name}: {v}")
    if lines:
        yield Segment("\n".join(lines), "metadata", "metadata", index, cell_id, key="widgets")


def _flatten(value: Any, prefix: str) -> Iterator[str]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _flatten(v, f"{prefix}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _flatten(v, f"{prefix}[{i}]")
    elif isinstance(value, str):
        # NOTE: the last key name stays next to the value so keyword rules (password=...) see it.
        if value:
            yield f"{prefix.rsplit('.', 1)[-1]} = {value!r}"
