"""The secrets analyzer's pre-filter: one pass over a segment says which rules may match where.

Every rule and detect-secrets plugin declares literals that any match of it contains (``ghp_``,
``AKIA``, ``://``) or, for keyword-led rules, the credential words that must sit on the same
line (``password``, ``token``). All of them are compiled into one trie-shaped regular
expression (core/trie.py) and run once over the lower-cased segment: about 3x faster than one
regex per literal or a flat alternation. Rules whose literals are absent never run.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable

from secure_check.core.notebook import ascii_lower
from secure_check.core.trie import trie_pattern

_LONG_LINE = 2000  # longer lines are cut to windows around the credential words
_WINDOW = 400
_MAX_WINDOW = 4000  # merged windows stop growing here: keyword regexes are superlinear

# Lower-case words that put a line in credential context (keyword-led rules run there only).
CONTEXT_WORDS = (
    "pass", "pwd", "secret", "token", "api_key", "apikey", "api-key", "auth", "credential",
    "private_key", "privkey", "priv_key", "bearer", "contrase", "access_key", "accesskey",
    "service_key", "account_key", "client_key", "db_key", "dbkey", "database_key",
    "ibm", "cloudant", "softlayer", "hmac", "artifactory", "jfrog", "aws", "login", "username",
    "_key",
)  # fmt: skip


@dataclasses.dataclass
class Marks:
    """What the pre-filter found in one segment."""

    present: set[str]  # lower-cased gate literals found
    windows: list[tuple[int, int]]  # spans of text in credential context

    def __post_init__(self) -> None:
        # NOTE: substring tests on the joined literals, since a longer literal may have won a
        # position (private_key over private).
        self._joined = "\0".join(self.present)

    def open(self, gate: tuple[str, ...]) -> bool:
        """Whether any literal of ``gate`` (lower-cased) occurs in the segment."""
        return bool(self._joined) and any(g in self._joined for g in gate)


class Gate:
    """The compiled pre-filter for a fixed set of gate literals plus the context words."""

    def __init__(self, literals: Iterable[str]) -> None:
        words = {w.lower() for w in literals} | set(CONTEXT_WORDS)
        self._regex = re.compile(trie_pattern(words))
        self._context = frozenset(w for w in words if any(c in w for c in CONTEXT_WORDS))

    def marks(self, text: str) -> Marks:
        """Run the pre-filter over ``text``."""
        present: set[str] = set()
        positions: list[int] = []
        for match in self._regex.finditer(ascii_lower(text)):
            word = match.group()
            present.add(word)
            if word in self._context:
                positions.append(match.start())
        return Marks(present, context_windows(text, positions))


def context_windows(text: str, positions: list[int]) -> list[tuple[int, int]]:
    """Lines holding a credential word; a long line is cut to windows around the words."""
    out: list[tuple[int, int]] = []
    line = (-1, -1)
    for pos in positions:  # NOTE: finditer yields them in order
        if out and out[-1][0] <= pos < out[-1][1]:
            continue
        if not line[0] <= pos <= line[1]:  # NOTE: one rfind/find per line, not per word
            end = text.find("\n", pos)
            line = (text.rfind("\n", 0, pos) + 1, len(text) if end < 0 else end)
        start, end = line
        if end - start > _LONG_LINE:
            start, end = max(start, pos - _WINDOW), min(end, pos + _WINDOW)
        if out and out[-1][1] >= start and end - out[-1][0] <= _MAX_WINDOW:
            start = out.pop()[0]
        out.append((start, end))
    return out
