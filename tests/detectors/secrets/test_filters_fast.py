"""The placeholder filter's fast paths agree with the patterns they replaced.

The old forms (one re.I alternation, a ``$``-anchored sub, a generator over pairs) are kept
here as the specification; random values built from the pieces they look for must get the
same answer from both.
"""

from __future__ import annotations

import itertools
import random
import re

from secure_check.detectors.secrets import filters

_SPEC_WORDS = re.compile(
    r"example|sample|dummy|placeholder|your[_\-\s]?|changeme|change[_\-]?(?:this|it|me)|replace"
    r"|insert|redacted|xxxx|\*{3}|\.{3}|todo|fixme|fake|mock|secret[_-]?here|key[_-]?here"
    r"|token[_-]?here|goes[_-]?here|enter[_-]|<[^>]*>|\{\{|\}\}|\$\{|%\(|%s\b"
    r"|test|foobar|qwerty|1234|abcd|invalid|not[_-]?a[_-]?real|notreal|John Doe|Sm9obiBEb2",
    re.I,
)
_SPEC_ESCAPES = re.compile(r"(?:\\+[nrt])+$")
_PIECES = (
    "Exam", "ple", "YOUR", "_", "-", "change", "Me", "it", "this", "secret", "KEY", "token",
    "goes", "here", "enter", "<", ">", "%", "s", "(", "{", "}", "$", "*", ".", "not", "a", "real",
    "John", " ", "Doe", "Sm9obi", "BEb2", "12", "34", "ab", "cd", "x", "X", "q7", "Z", "=", "9",
)  # fmt: skip


def _values(pieces: tuple[str, ...], seed: int, n: int = 5000) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choices(pieces, k=rng.randint(1, 12))) for _ in range(n)]


def test_placeholder_words_match_the_single_pattern_they_replace():
    values = _values(_PIECES, 1)
    # Then: every value gets the answer of the old alternation (ASCII values: lower() is exact)
    wrong = [v for v in values if filters._placeholder_words(v) != bool(_SPEC_WORDS.search(v))]
    assert wrong == []
    assert 0.1 < sum(map(filters._placeholder_words, values)) / len(values) < 0.95


def test_strip_escapes_matches_the_anchored_pattern():
    values = _values(("\\", "\\\\", "n", "r", "t", "x", "\n", "a"), 2)
    values += ["".join(p) for p in itertools.product("\\nt\nx", repeat=5)]
    assert [filters.strip_escapes(v) for v in values] == [_SPEC_ESCAPES.sub("", v) for v in values]


def test_mostly_sequential_matches_the_pairwise_count():
    pieces = ("a", "b", "c", "1", "2", "3", "z", "y", "9", "0", "@", "\x7f", "\x00", "é", "ê")
    values = _values(pieces, 3)
    for v in values:
        steps = sum(1 for a, b in itertools.pairwise(v) if ord(b) - ord(a) in (1, -1))
        assert filters._mostly_sequential(v) == (len(v) >= 8 and steps * 2 >= len(v)), v


def test_a_long_hostile_value_is_judged_in_linear_time():
    # Given: 1,000 and 4,000 characters of '<' and of a numbered assignment chain
    import time

    def cost(value: str) -> float:
        started = time.process_time()
        for _ in range(20):
            filters.is_placeholder(value)
        return time.process_time() - started

    for unit in ("<", "secret{}="):
        small = "".join(unit.format(i) for i in range(1000 // len(unit.format(1))))
        big = "".join(unit.format(i) for i in range(4000 // len(unit.format(1))))
        # Then: 4x the input costs well under 10x the time (the old '<[^>]*>' was quadratic)
        small_s, big_s = min(cost(small) for _ in range(3)), min(cost(big) for _ in range(3))
        assert big_s < 10 * max(small_s, 0.01), (unit, small_s, big_s)
