"""Ground truth: where each planted value sits, as segment spans and as lines of the .ipynb file."""

from __future__ import annotations

import hashlib
import html
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench.plant import Plant

Loc = tuple[int | None, str, int | None]  # (cell index, where, output index)


def dumps(nb: dict[str, Any]) -> str:
    """Serialise as Jupyter does (indent 1, UTF-8 kept), which line_locations relies on."""
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


def variants(value: str) -> list[str]:
    """The forms a value takes in notebook text: as is, JSON- or repr-escaped, its first line."""
    forms = [
        value,
        json.dumps(value, ensure_ascii=False)[1:-1],
        repr(value)[1:-1],
        value.replace("  ", "\xa0\xa0"),
        json.dumps(value)[1:-1],  # application/json outputs are read with non-ASCII escaped
    ]  # NOTE: pandas HTML writes double spaces as &nbsp;&nbsp;
    first = value.strip().splitlines()[0] if value.strip() else value
    forms.append(first)
    return list(dict.fromkeys(f for f in forms if f))


def sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def fingerprints(value: str) -> list[str]:
    """secure-check fingerprints of the value and of the normalised forms an analyzer may hash."""
    from secure_check.core.redact import fingerprint

    forms = [value, value.strip(), value.lower(), "".join(value.split())]
    digits = "".join(ch for ch in value if ch.isdigit())
    if len(digits) >= 7 and len(digits) * 2 >= len(value.replace(" ", "")):
        forms.append(digits)
    return [fingerprint(f) for f in dict.fromkeys(forms) if f]


def segment_spans(
    nb: dict[str, Any], index: int | None, where: str, out: int | None, values: tuple[str, ...]
) -> list[list[Any]]:
    """Spans [kind, output_index, line, col, end_line, end_col] (1-based) of values as scanned."""
    from secure_check.core import notebook

    if index is None:
        segs = notebook.metadata_segments(nb.get("metadata"), None, None)
    else:
        segs = notebook.cell_segments(nb["cells"][index], index)
    spans = []
    for seg in segs:
        if seg.where != where or (out is not None and seg.output_index != out):
            continue
        for value in values:
            spans.extend(_find(seg.text, value, seg.kind, seg.output_index))
    return [list(s) for s in dict.fromkeys(tuple(s) for s in spans)]


def _find(text: str, value: str, kind: str, out: int | None) -> Iterator[list[Any]]:
    """Every occurrence of any form of the value; longer forms first, no nested repeats."""
    taken: list[tuple[int, int]] = []
    for form in sorted(variants(value), key=len, reverse=True):
        start = text.find(form)
        while start >= 0:
            if not any(a <= start < b for a, b in taken):
                taken.append((start, start + len(form)))
                yield [kind, out, *_pos(text, start), *_pos(text, start + len(form))]
            start = text.find(form, start + 1)


def _pos(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def line_locations(text: str) -> list[Loc]:
    """Map each line (0-based) of a notebook written by ``dumps`` to its cell, where and output."""
    locs: list[Loc] = []
    cell, where, out, top = None, "metadata", None, ""
    for line in text.split("\n"):
        stripped, indent = line.lstrip(" "), len(line) - len(line.lstrip(" "))
        if indent == 1:
            top, cell, where, out = stripped[1:].split('"', 1)[0], None, "metadata", None
            if top == "cells":
                cell = -1
        elif top == "cells" and indent == 2 and stripped.startswith("{"):
            cell, where, out = (cell if cell is not None else -1) + 1, "source", None
        elif top == "cells" and indent == 3 and stripped.startswith('"'):
            key = stripped[1:].split('"', 1)[0]
            where = {"outputs": "output", "metadata": "metadata"}.get(key, "source")
            out = -1 if key == "outputs" else None
        elif where == "output" and indent == 4 and stripped.startswith("{"):
            out = (out if out is not None else -1) + 1
        locs.append((cell if top == "cells" else None, where, out))
    return locs


def raw_lines(text: str, locs: list[Loc], loc: Loc, values: tuple[str, ...]) -> list[int]:
    """1-based lines of the written file that hold one of the values at location ``loc``."""
    forms = {f for v in values for f in variants(v)}
    forms |= {
        html.escape(f, quote=q).replace("\xa0", "&nbsp;")
        for f in list(forms)
        for q in (True, False)
    }
    forms |= {json.dumps(f, ensure_ascii=False)[1:-1] for f in list(forms)}
    hits = []
    for no, line in enumerate(text.split("\n")):
        if locs[no] == loc and any(f in line for f in forms):
            hits.append(no + 1)
    return hits


def plant_labels(
    nb: dict[str, Any], plant: Plant, rel: str, text: str, locs: list[Loc]
) -> Iterator[dict[str, Any]]:
    """One label per spot of a plant (a value echoed in a traceback and its source is two)."""
    index = _index_of(nb, plant.cell)
    values = plant.values or (plant.item.value,)
    for place, where, output in plant.spots:
        out = _index_of_output(nb, index, output)
        spans = segment_spans(
            nb, index, where, out, values + ((plant.column,) if plant.column else ())
        )
        yield {
            "notebook": rel,
            "cell": index,
            "where": where,
            "output_index": out,
            "place": place,
            "category": plant.item.category,
            "type": f"column:{plant.item.type}" if plant.column else plant.item.type,
            "lookalike": plant.item.lookalike,
            "column": plant.column,
            "sha256": sha256(plant.item.value),
            "spans": spans,
            "raw_lines": raw_lines(text, locs, (index, where, out), values),
        }


def _index_of(nb: dict[str, Any], cell: dict[str, Any] | None) -> int | None:
    if cell is None:
        return None
    return next(i for i, c in enumerate(nb["cells"]) if c is cell)


def _index_of_output(
    nb: dict[str, Any], index: int | None, output: dict[str, Any] | None
) -> int | None:
    if output is None or index is None:
        return None
    return next(i for i, o in enumerate(nb["cells"][index]["outputs"]) if o is output)


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, sort_keys=True) + "\n")


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]
