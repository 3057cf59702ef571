"""Append-only, hash-chained audit log (``.secure-check/audit.jsonl``) and its verification.

Each line is one JSON entry ``{seq, time, who, action, digests, summary, prev_hash, hash}``;
``hash`` is the SHA-256 of the entry's canonical JSON without ``hash``, and ``prev_hash`` is the
previous entry's ``hash`` (64 zeros for the first). Editing, removing or reordering a line breaks
the chain. Entries hold digests and counts, never raw values.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import hashlib
import json
import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from secure_check.core import files
from secure_check.core.project import project_root

LOG_ENV = "SECURE_CHECK_AUDIT_LOG"
WHO_ENV = "SECURE_CHECK_AUDIT_WHO"
LOG_RELATIVE = ".secure-check/audit.jsonl"
GENESIS = "0" * 64
FIELDS = ("seq", "time", "who", "action", "digests", "summary", "prev_hash", "hash")

ERR_NO_LOG = "audit log {path} does not exist"
ERR_JSON = "line {line}: not a JSON entry ({detail})"
ERR_FIELDS = "line {line}: entry lacks {missing}"
ERR_SEQ = "line {line}: seq is {got}, expected {want} (an entry was removed or reordered)"
ERR_PREV = "line {line}: prev_hash does not match the hash of the entry before it (seq {seq})"
ERR_HASH = "line {line}: entry seq {seq} was edited (its hash does not match its content)"
ERR_CITED = "cited entry seq {seq} ({hash}) is not in the log (removed or rewritten)"
ERR_BAD_ACTION = "audit action must be a non-empty string, not {action!r}"


def default_path() -> Path:
    """``$SECURE_CHECK_AUDIT_LOG`` if set, else ``<project root>/.secure-check/audit.jsonl``."""
    env = os.environ.get(LOG_ENV)
    return Path(env).expanduser() if env else project_root() / LOG_RELATIVE


def _root_for(path: str | os.PathLike[str] | None) -> Path:
    """Return the folder a log may not leave: the project, or the folder of a named log."""
    if path is None and not os.environ.get(LOG_ENV):
        return project_root()
    return default_path().parent if path is None else Path(path).absolute().parent


def entry_hash(entry: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of the canonical JSON of ``entry`` without its ``hash`` field."""
    body = {k: v for k, v in entry.items() if k != "hash"}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def who() -> str:
    """Return the acting user: ``$SECURE_CHECK_AUDIT_WHO``, else the login name."""
    env = os.environ.get(WHO_ENV)
    if env:
        return env
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # NOTE: no passwd entry (some containers)
        return f"uid:{os.getuid()}" if hasattr(os, "getuid") else "unknown"


def append(
    action: str,
    *,
    digests: Mapping[str, str] | None = None,
    path: str | os.PathLike[str] | None = None,
    **summary: Any,
) -> dict[str, Any]:
    """Append one entry to the log and return it.

    Parameters
    ----------
    action : str
        What ran: ``"scan"``, ``"fairness"``, ``"explain"``, ``"robustness"``, ``"card"``...
    digests : mapping, optional
        ``{name: "sha256:<hex>"}`` of the model, datasets, notebook or files involved.
    path : path-like, optional
        The log file; default :func:`default_path`.
    **summary
        JSON-serialisable result summary (counts, metrics). Never pass raw values.

    Returns
    -------
    dict
        The entry as written, with ``seq`` and ``hash``.
    """
    if not isinstance(action, str) or not action.strip():
        raise ValueError(ERR_BAD_ACTION.format(action=action))
    log = Path(path) if path is not None else default_path()
    with _locked(log, _root_for(path)) as fh:
        last = _last_entry(fh)
        entry: dict[str, Any] = {
            "seq": last["seq"] + 1 if last else 0,
            "time": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "who": who(),
            "action": action,
            "digests": dict(digests or {}),
            "summary": json.loads(json.dumps(summary, default=str)),
            "prev_hash": last["hash"] if last else GENESIS,
        }
        entry["hash"] = entry_hash(entry)
        fh.seek(0, os.SEEK_END)
        fh.write((json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8"))
    return entry


@contextlib.contextmanager
def _locked(log: Path, root: Path) -> Iterator[Any]:
    """Open ``log`` for append+read under an exclusive lock (two writers never share a seq)."""
    fd = files.open_append(log, root=root)
    with os.fdopen(fd, "r+b") as fh:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: no advisory lock
            yield fh
            return
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield fh
        finally:
            # NOTE: flush before unlocking, or the next writer reads a log without this entry
            fh.flush()
            os.fsync(fh.fileno())
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def _last_entry(fh: Any) -> dict[str, Any] | None:
    fh.seek(0)
    lines = [line for line in fh.read().decode("utf-8").splitlines() if line.strip()]
    return json.loads(lines[-1]) if lines else None


def read(path: str | os.PathLike[str] | None = None) -> list[dict[str, Any]]:
    """Return the log's entries (no verification; see :func:`verify`)."""
    log = Path(path) if path is not None else default_path()
    if not log.is_file():
        return []
    text = log.read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def verify(
    path: str | os.PathLike[str] | None = None,
    *,
    cited: Sequence[Mapping[str, Any]] | None = None,
) -> list[str]:
    """Check the chain; return the problems found (empty when the log is intact).

    Parameters
    ----------
    path : path-like, optional
        The log file; default :func:`default_path`.
    cited : list of mappings, optional
        ``{seq, hash}`` pairs a card cites: each must still be in the log (this also catches
        a log truncated after the card was built, which the chain alone cannot).
    """
    log = Path(path) if path is not None else default_path()
    if not log.is_file():
        return [ERR_NO_LOG.format(path=log)]
    problems: list[str] = []
    prev, want, hashes = GENESIS, 0, set()
    lines = log.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        entry, problem = _check_line(number, line, want, prev)
        if problem:
            problems.append(problem)
        if entry is None:
            break  # NOTE: the chain cannot be followed past an unreadable line
        # NOTE: resynchronise on this entry, so one removal is reported once, not per line
        prev, want = str(entry["hash"]), _int(entry["seq"]) + 1
        hashes.add((entry["seq"], prev))
    for ref in cited or ():
        if (ref.get("seq"), ref.get("hash")) not in hashes:
            problems.append(ERR_CITED.format(seq=ref.get("seq"), hash=str(ref.get("hash"))[:12]))
    return problems


def _int(value: Any) -> int:
    return value if isinstance(value, int) else -1


def _check_line(
    number: int, line: str, want_seq: int, prev: str
) -> tuple[dict[str, Any] | None, str | None]:
    try:
        entry = json.loads(line)
    except json.JSONDecodeError as e:
        return None, ERR_JSON.format(line=number, detail=e.msg)
    if not isinstance(entry, dict):
        return None, ERR_JSON.format(line=number, detail="not an object")
    missing = [f for f in FIELDS if f not in entry]
    if missing:
        return None, ERR_FIELDS.format(line=number, missing=", ".join(missing))
    if entry["hash"] != entry_hash(entry):
        return entry, ERR_HASH.format(line=number, seq=entry["seq"])
    if entry["seq"] != want_seq:
        return entry, ERR_SEQ.format(line=number, got=entry["seq"], want=want_seq)
    if entry["prev_hash"] != prev:
        return entry, ERR_PREV.format(line=number, seq=entry["seq"])
    return entry, None


def related(entries: list[dict[str, Any]], digests: Mapping[str, str]) -> list[dict[str, Any]]:
    """Entries that share a digest with ``digests`` (the analyses of the same model or data)."""
    wanted = {v for v in digests.values() if v}
    return [e for e in entries if wanted & set((e.get("digests") or {}).values())]
