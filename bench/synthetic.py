"""Synthetic notebooks for the hard cases: big DataFrames, images, long tracebacks, many cells."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from bench.tables import numeric_table

from bench import cells as C

Notebook = dict[str, Any]


def big_frames(rng: random.Random, size: int) -> Notebook:
    """Several large DataFrame outputs (HTML + text repr), as in exploratory analysis."""
    nb = C.empty_notebook(rng)
    nb["cells"].append(C.markdown("# Sales exploration\nLoad the export and look at it.\n"))
    for i in range(6):
        nb["cells"].append(
            C.code(f"df{i} = load_part({i})\ndf{i}\n", [numeric_table(rng, size)], n=i + 1)
        )
        nb["cells"].append(C.code(f"df{i}.describe()\n", [numeric_table(rng, 8)], n=i + 2))
    return nb


def images(rng: random.Random, size: int) -> Notebook:
    """Plots saved as base64 PNGs, the largest part of many real notebooks."""
    nb = C.empty_notebook(rng)
    for i in range(8):
        out = C.display(
            {"image/png": C.png(rng, size * 100), "text/plain": "<Figure size 640x480 with 1 Axes>"}
        )
        nb["cells"].append(C.code(f"plt.plot(history[{i}])\nplt.show()\n", [out], n=i + 1))
    return nb


def tracebacks(rng: random.Random, size: int) -> Notebook:
    """Deep ANSI-coloured tracebacks (recursion, library stacks) and stderr warnings."""
    nb = C.empty_notebook(rng)
    for i in range(6):
        frames = [C.frame(i + 1, 3, "model.fit(X_train, y_train)")]
        frames += [C.library_frame(rng) for _ in range(size // 10 + 5)]
        err = C.error(
            "ValueError", f"Input contains NaN, infinity or a value too large ({i}).", frames
        )
        warn = C.stream(
            "".join(
                f"/opt/conda/lib/python3.11/site-packages/sklearn/base.py:{400 + j}: "
                "UserWarning: X has feature names\n"
                for j in range(20)
            ),
            "stderr",
        )
        nb["cells"].append(C.code("model.fit(X_train, y_train)\n", [warn, err], n=i + 1))
    return nb


def many_cells(rng: random.Random, size: int) -> Notebook:
    """A very long notebook: thousands of small cells with small outputs."""
    nb = C.empty_notebook(rng)
    for i in range(size):
        if i % 5 == 0:
            nb["cells"].append(C.markdown(f"## Step {i // 5}\nCheck the intermediate values.\n"))
        elif i % 2:
            out = C.result({"text/plain": f"array([{rng.random():.6f}, {rng.random():.6f}])"}, n=i)
            nb["cells"].append(C.code(f"x_{i} = np.random.rand(2)\nx_{i}\n", [out], n=i))
        else:
            nb["cells"].append(
                C.code(
                    f"print('iteration {i}', total)\n",
                    [C.stream(f"iteration {i} {rng.randint(0, 10**6)}\n")],
                    n=i,
                )
            )
    return nb


def training_log(rng: random.Random, size: int) -> Notebook:
    """A training run printing thousands of progress lines (tqdm bars use carriage returns)."""
    nb = C.empty_notebook(rng)
    bar = "".join(
        f"\r{k}%|{'#' * (k // 10)}| {k}/100 [00:{k:02d}<00:10, 9.8it/s]" for k in range(0, 101, 5)
    )
    log = "".join(
        f"epoch {e} step {s} loss={rng.random():.5f} lr=3e-05\n"
        for e in range(size // 50 + 1)
        for s in range(50)
    )
    nb["cells"].append(C.code("trainer.train()\n", [C.stream(bar + "\n", "stderr"), C.stream(log)]))
    return nb


KINDS: dict[str, Callable[[random.Random, int], Notebook]] = {
    "big_frames": big_frames,
    "images": images,
    "tracebacks": tracebacks,
    "many_cells": many_cells,
    "training_log": training_log,
}
# size per kind at each scale: rows, image KB/100, frames*10, cells, log lines
SIZES = {
    "tiny": {
        "big_frames": 20,
        "images": 10,
        "tracebacks": 20,
        "many_cells": 60,
        "training_log": 100,
    },
    "full": {
        "big_frames": 1500,
        "images": 1500,
        "tracebacks": 300,
        "many_cells": 3000,
        "training_log": 15000,
    },
}
