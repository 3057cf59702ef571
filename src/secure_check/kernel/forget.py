"""Take a refused cell out of IPython's history, so the secret it held is not kept on disk."""

from __future__ import annotations

from typing import Any

PLACEHOLDER = "# [secure-check] cell refused: it held a secret (removed from history)"
_CACHE_NAMES = ("_i", "_ii", "_iii", "_i00")


def forget_input(shell: Any, source: str, count: int | None) -> int:
    """Replace ``source`` wherever IPython stored it; return how many places were changed.

    IPython records a cell's input even when the cell fails before it runs: in ``In``/``_ih``,
    in the ``_i`` variables, and in its SQLite history (through a cache that a background
    thread writes out). Each place is rewritten to a placeholder.
    """
    hm = getattr(shell, "history_manager", None)
    if hm is None:
        return 0
    wanted = source.rstrip("\n")
    changed = _replace_in_lists(hm, wanted) + _replace_names(shell, hm, wanted, count)
    with hm.db_input_cache_lock:
        for i, (line, _parsed, raw) in enumerate(hm.db_input_cache):
            if raw == wanted:
                hm.db_input_cache[i] = (line, PLACEHOLDER, PLACEHOLDER)
                changed += 1
        changed += _replace_in_db(hm, wanted)
    return changed


def _replace_in_lists(hm: Any, wanted: str) -> int:
    changed = 0
    raw, parsed = hm.input_hist_raw, hm.input_hist_parsed
    for i in range(len(raw) - 1, max(len(raw) - 3, 0) - 1, -1):
        if raw[i] == wanted:
            raw[i] = PLACEHOLDER
            if i < len(parsed):
                parsed[i] = PLACEHOLDER
            changed += 1
    return changed


def _replace_names(shell: Any, hm: Any, wanted: str, count: int | None) -> int:
    counts = {c for c in (count, getattr(shell, "execution_count", None)) if isinstance(c, int)}
    names = [*_CACHE_NAMES, *(f"_i{c - d}" for c in counts for d in (0, 1))]
    changed = 0
    for name in names:
        if shell.user_ns.get(name) == wanted:
            shell.user_ns[name] = PLACEHOLDER
            changed += 1
        if getattr(hm, name, None) == wanted:
            setattr(hm, name, PLACEHOLDER)
    return changed


def _replace_in_db(hm: Any, wanted: str) -> int:
    db = getattr(hm, "db", None)
    if db is None or not getattr(hm, "enabled", False) or not hasattr(db, "execute"):
        return 0
    try:
        with db:
            cursor = db.execute(
                "UPDATE history SET source=?, source_raw=? WHERE session=? AND source_raw=?",
                (PLACEHOLDER, PLACEHOLDER, hm.session_number, wanted),
            )
        return int(cursor.rowcount or 0)
    except Exception:  # noqa: BLE001 - a locked or in-memory history must not break the kernel
        return 0
