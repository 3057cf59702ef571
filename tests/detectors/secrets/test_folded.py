"""Case-insensitive rules found through their case-sensitive twins on the folded text."""

from __future__ import annotations

import random
import re

from secure_check.detectors.secrets import folded
from secure_check.detectors.secrets.analyzer import ANCHORED_RULES, CONTEXT_RULES

_PIECES = (
    *"token TOKEN Secret secret_key API_KEY apikey passphrase client-secret webhook".split(),
    *"password PASSWD pwd Pass pw aws AWS_ bearer Bearer authorization login( username".split(),
    *"\u017f \u212a \u0130 \u0131 \u00d1 \u03a3 K s".split(),
    *(" ", "  ", "=", ": ", ":=", "=>", "->", "--", "'", '"', "`", ";", ",", "?", "&", "(", ")"),
    *("Xk7pQ2vLm9Rt4wZ8", "b3J5c2VjcmV0LXZh", "AbCdEfGh12345678", "_", "-", "\n", "x"),
)


def test_fold_keeps_offsets_and_equates_what_re_ignorecase_equates():
    every = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000)
    low = folded.fold(every)
    assert len(low) == len(every)
    for letter in "abcdefghijklmnopqrstuvwxyz":
        # Every character re.I takes for this letter folds to it (\u017f -> s, \u212a -> k...)
        for ch in re.findall(letter, every, re.IGNORECASE):
            assert folded.fold(ch) == letter, (letter, hex(ord(ch)))
    # and no other character folds to an ASCII letter
    assert sum(c.isascii() and c.isalpha() for c in low) == sum(
        len(re.findall(c, every, re.IGNORECASE)) for c in "abcdefghijklmnopqrstuvwxyz"
    )


def test_every_case_insensitive_rule_is_found_through_its_twin_with_the_same_matches():
    rules = [r for r in CONTEXT_RULES + ANCHORED_RULES if r.pattern.flags & re.IGNORECASE]
    assert rules and all(r.finder.folded for r in rules)
    rng = random.Random(17)
    texts = ["".join(rng.choices(_PIECES, k=rng.randint(3, 30))) for _ in range(3000)]
    found = 0
    for text in texts:
        low = folded.fold(text)
        for rule in rules:
            want = [m.span() for m in rule.pattern.finditer(text)]
            got = [m.span() for m in rule.finder.finditer(text, low)]
            assert got == want, (rule.id, text)
            found += bool(want)
    assert found > 300  # (the texts did match often enough for that to mean something)


def test_a_pattern_with_a_literal_capital_gets_no_twin():
    assert folded.folded(re.compile(r"(?i)Basic\s+(\w+)")) is None
    assert folded.folded(re.compile(r"basic")) is None  # not case-insensitive: no need
    assert folded.folded(re.compile(r"(?i)[A-F0-9]{8}")) is None  # only A-Z is rewritten
    twin = folded.folded(re.compile(r"(?i)key[A-Z0-9]\S+"))
    assert twin is not None and twin.search(folded.fold("KEYX1")) is not None
