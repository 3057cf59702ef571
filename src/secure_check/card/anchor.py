"""Signed checkpoints of the audit log's head: what a hash chain alone cannot prove.

A chain catches an edited line, but not a log whose last lines were dropped, that was emptied,
or whose entries were all rewritten with fresh hashes. ``write`` signs the current head
(``seq`` and ``hash``) with the project key into ``audit.anchor.json`` (a DSSE envelope);
``check`` verifies that signature and that the log still holds that very entry.

What it proves: every entry up to the anchored head is the one that was there when the anchor
was signed. What it cannot: entries after the last anchor (anchor often, e.g. in CI after each
scan), or a roll-back of both the log and the anchor to an older signed pair (keep anchors, or
cards that cite entries, somewhere the repository cannot rewrite).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from secure_check.card import sign
from secure_check.core import audit, files

ANCHOR_KIND = "secure-check/audit-anchor@1"
ERR_EMPTY = "audit log {path} has no entries to anchor"
ERR_BROKEN = "audit log {path} is broken ({problem}); it cannot be anchored until repaired"
ERR_NO_ANCHOR = "no signed anchor {path}: the log's head is not vouched for"
ERR_NOT_ANCHOR = "{path} is not an audit-log anchor"
ERR_LOST = (
    "the log no longer holds entry seq {seq} ({hash}) that the anchor signed on {time}: "
    "lines were dropped, the file emptied, or entries rewritten"
)


def path_for(log: Path) -> Path:
    """Where a log's anchor lives: ``audit.jsonl`` -> ``audit.anchor.json`` beside it."""
    return log.with_name(log.stem + ".anchor.json")


def write(log: Path, key: Any, *, root: Path | None = None) -> dict[str, Any]:
    """Sign the log's current head with ``key``; write and return the anchor's predicate."""
    problems = audit.verify(log)
    if problems:
        raise ValueError(ERR_BROKEN.format(path=log, problem=problems[0]))
    entries = audit.read(log)
    if not entries:
        raise ValueError(ERR_EMPTY.format(path=log))
    head = entries[-1]
    predicate = {
        "kind": ANCHOR_KIND,
        "log": log.name,
        "seq": head["seq"],
        "hash": head["hash"],
        "time": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
    }
    stmt = sign.statement({f"{log.name}#{head['seq']}": str(head["hash"])}, predicate)
    text = json.dumps(sign.sign_statement(stmt, key), indent=2) + "\n"
    target = path_for(log)
    files.write_file(target.name, text, root=root or target.parent, mode=0o644)
    return predicate


def check(log: Path, public: Any, anchor: Path | None = None) -> tuple[list[str], int, int]:
    """Verify the anchor's signature and that the log still holds the anchored entry.

    Returns
    -------
    (list of str, int, int)
        The problems found, the anchored head's ``seq`` (-1 when unknown) and how many entries
        follow it (not vouched for).
    """
    where = anchor or path_for(log)
    if not where.is_file():
        return [ERR_NO_ANCHOR.format(path=where)], -1, 0
    try:
        stmt = sign.open_envelope(where.read_bytes(), public, where.name)
    except ValueError as e:
        return [str(e)], -1, 0
    pred = stmt.get("predicate") or {}
    if not isinstance(pred, dict) or pred.get("kind") != ANCHOR_KIND:
        return [ERR_NOT_ANCHOR.format(path=where)], -1, 0
    try:
        entries = audit.read(log)
    except ValueError:
        entries = []  # NOTE: the chain check reports the bad line; the anchor is simply lost
    seqs = [e.get("seq") for e in entries if isinstance(e, dict)]
    held = any(
        isinstance(e, dict)
        and e.get("seq") == pred.get("seq")
        and e.get("hash") == pred.get("hash")
        for e in entries
    )
    if not held:
        lost = ERR_LOST.format(
            seq=pred.get("seq"), hash=str(pred.get("hash"))[:12], time=pred.get("time")
        )
        return [lost], -1, 0
    head = int(pred["seq"])
    return [], head, sum(1 for s in seqs if isinstance(s, int) and s > head)
