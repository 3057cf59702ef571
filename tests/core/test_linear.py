"""Scanning stays linear in the input: adversarial notebooks of every pattern family."""

from __future__ import annotations

import time

import pytest

import hostile
from secure_check.core.scan import Scanner
from secure_check.server import edits

SMALL, LARGE = 6_000, 24_000  # 4x apart; quadratic growth would be 16x
FLOOR_S = 0.05  # under this even the large size is too fast to tell growth from noise
MAX_RATIO = 10.0
# NOTE: a loose bound (the bench reports the real worst case): a shared 2-core machine is noisy,
# and the dense-* families, a real finding every 16 characters, cost 2-4 s/MB (each finding's
# own validation and reporting: linear, see bench/hostile.py).
MAX_S_PER_MB = 15.0


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return Scanner()


def _seconds(scanner: Scanner, nb: dict, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        scanner.scan_notebook(nb)
        best = min(best, time.perf_counter() - started)
    return best


@pytest.mark.parametrize("family", sorted(hostile.families()))
def test_scan_time_grows_linearly(scanner, family):
    # Given one adversarial case at two sizes, 4x apart
    make = hostile.families()[family]
    # When each is scanned (best of three)
    small, large = _seconds(scanner, make(SMALL)), _seconds(scanner, make(LARGE))
    superlinear = large > FLOOR_S and large / max(small, 1e-4) >= MAX_RATIO
    if superlinear or large / (LARGE / 1e6) >= MAX_S_PER_MB:  # NOTE: once more, on noise
        small, large = _seconds(scanner, make(SMALL), 5), _seconds(scanner, make(LARGE), 5)
    # Then the large one costs about 4x, never 16x, and stays far under a second per MB
    assert large / (LARGE / 1e6) < MAX_S_PER_MB, f"{family}: {large:.3f} s for {LARGE} chars"
    if large > FLOOR_S:
        assert large / max(small, 1e-4) < MAX_RATIO, f"{family}: {small:.4f} s -> {large:.4f} s"


@pytest.mark.parametrize("quote", ["'", '"', "'''", 'b"'])
def test_the_redaction_fallback_is_linear_in_backslashes(quote):
    # Given a cell tokenize rejects (a magic) with a quote followed by a run of backslashes
    source = f"%time x = {quote}" + "\\" * 100_000 + "\n"
    # When the literal around a position is looked for
    started = time.perf_counter()
    span = edits._literal_span(source, 14, 15)
    # Then it answers at once that there is no closed literal there
    assert time.perf_counter() - started < 0.5
    assert span == (-1, -1)


def test_the_redaction_fallback_still_finds_one_line_literals():
    # Given a magic line holding a prefixed literal after an escaped quote in another one
    source = "%env A='it\\'s' B=rb\"ghp_secret\" # 'x'\n"
    start = source.index("ghp_")
    # When the literal around the value is looked for
    span = edits._literal_span(source, start, start + 10)
    # Then it is the whole rb"..." literal
    assert source[span[0] : span[1]] == 'rb"ghp_secret"'
