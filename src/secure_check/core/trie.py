"""A regex alternation of literal words, factored by common prefixes (a trie).

NOTE: ``re`` tries each alternative of a flat ``w1|w2|...`` in turn at every position; factored
(``ab(?:c|d)`` for abc|abd) it reads each character once per trie level: about 3x faster for the
secrets gate's hundred words, and the only form that stays fast for thousands.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def trie_pattern(words: Iterable[str]) -> str:
    """Return a regex source matching any of ``words``, the longest at a position first."""
    root: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in sorted(set(words)):
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _node(root)


def _node(node: dict) -> str:  # type: ignore[type-arg]
    ends = "" in node
    alts = [re.escape(c) + _node(child) for c, child in sorted(node.items()) if c]
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    if ends:
        # NOTE: greedy optional, so the longest word wins at a position (private_key > private).
        body = f"(?:{body})?"
    return body
