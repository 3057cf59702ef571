"""Digests of files, frames and models: canonical, quick, and remembered per model object."""

from __future__ import annotations

import pytest


def _frame():
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(3)
    return pd.DataFrame(
        {
            "x": rng.normal(size=50),
            "n": pd.array([1, None] * 25, dtype="Int64"),
            "s": ["a", None, "b", "c", "d"] * 10,
        }
    )


@pytest.mark.parametrize(
    ("change", "same"),
    [
        (lambda f: f.copy(), True),
        (lambda f: f.assign(x=f["x"].to_numpy() + 1e-12), False),
        (lambda f: f[["n", "x", "s"]], False),
        (lambda f: f.set_axis(range(1, 51)), False),
        (lambda f: f.assign(n=f["n"].astype("float64")), False),
        (lambda f: f.assign(s=f["s"].fillna("")), False),
        (lambda f: f.rename(columns={"s": "t"}), False),
    ],
    ids=["copy", "tiny-value", "column-order", "index", "dtype", "missing-vs-empty", "name"],
)
def test_frame_digest_is_canonical(change, same):
    # Given a frame with floats, nullable ints and text with gaps
    from secure_check.core.digests import frame_digest

    frame = _frame()
    # When it is changed (or only copied)
    # Then the digest is equal only for the copy
    assert (frame_digest(change(frame)) == frame_digest(frame)) is same


def test_frame_digest_of_a_million_rows_is_quick():
    # Given a 1,000,000-row frame
    import time

    import numpy as np
    import pandas as pd

    from secure_check.core.digests import frame_digest

    rng = np.random.default_rng(0)
    frame = pd.DataFrame(rng.normal(size=(1_000_000, 8)), columns=list("abcdefgh"))
    frame["label"] = np.where(frame["a"] > 0, "yes", "no")
    # When it is digested
    started = time.perf_counter()
    frame_digest(frame)
    # Then it takes seconds at most, not minutes
    assert time.perf_counter() - started < 5
