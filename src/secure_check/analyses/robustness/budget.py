"""Time budget, sample caps, progress bars and seeding shared by every robustness probe."""

from __future__ import annotations

import contextlib
import dataclasses
import time
from collections.abc import Iterator
from typing import Any

import numpy as np

BAD_BUDGET = "budget must be a positive number of seconds, got {budget!r}"
DEFAULT_BUDGET = 60.0
# NOTE: evasion is the probe whose cost grows with time (hundreds of queries per row), so it
# stops at its share; privacy and poisoning are bounded by row caps and take the rest.
SHARES = {"evasion": 0.7}


@dataclasses.dataclass
class Budget:
    """Seconds for the whole run; ``slot(name)`` gives a probe its share of the time left."""

    seconds: float
    progress: bool = True
    started: float = dataclasses.field(default_factory=time.monotonic)

    def __post_init__(self) -> None:
        if not isinstance(self.seconds, (int, float)) or not self.seconds > 0:
            raise ValueError(BAD_BUDGET.format(budget=self.seconds))

    @property
    def left(self) -> float:
        """Seconds left of the whole budget."""
        return max(0.0, self.seconds - (time.monotonic() - self.started))

    def slot(self, name: str) -> Deadline:
        """Return the deadline for probe ``name`` (its share of what is left)."""
        share = self.left * SHARES.get(name, 1.0)
        return Deadline(time.monotonic() + share, share)

    def bar(self, total: int, desc: str) -> Any:
        """Return a tqdm progress bar (a widget in a kernel, text elsewhere)."""
        from tqdm.auto import tqdm

        return tqdm(total=total, desc=desc, disable=not self.progress, leave=False)


@dataclasses.dataclass
class Deadline:
    """When a probe must stop starting new work."""

    at: float
    seconds: float

    @property
    def passed(self) -> bool:
        """True once the deadline is reached."""
        return time.monotonic() >= self.at

    def part(self, fraction: float) -> Deadline:
        """Return a deadline for a sub-step: ``fraction`` of the time left."""
        left = max(0.0, self.at - time.monotonic())
        return Deadline(time.monotonic() + left * fraction, left * fraction)


@contextlib.contextmanager
def seeded(seed: int) -> Iterator[None]:
    """Seed numpy's global RNG (ART draws from it) and restore the caller's state after."""
    state = np.random.get_state()
    np.random.seed(seed)
    try:
        yield
    finally:
        np.random.set_state(state)


def sample_rows(
    rows: np.ndarray, cap: int, seed: int, groups: np.ndarray | None = None
) -> np.ndarray:
    """Pick at most ``cap`` rows, seeded; balanced over groups when groups are given."""
    rng = np.random.default_rng(seed)
    rows = rng.permutation(rows)
    if groups is None or len(rows) <= cap:
        return rows[:cap]
    buckets = [rows[groups[rows] == g] for g in np.unique(groups[rows])]
    order = [b[i] for i in range(max(len(b) for b in buckets)) for b in buckets if i < len(b)]
    return np.asarray(order[:cap])
