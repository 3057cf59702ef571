"""DataFrame outputs: a customer table labelled column by column, and numeric noise."""

from __future__ import annotations

import random
from typing import Any

from bench.items import Item, Source
from bench.plant import Plant

from bench import cells as C

PII_COLUMNS = ("name", "email", "phone", "ssn", "date_of_birth", "address", "card_number", "ip")


def people_rows(rng: random.Random, n: int) -> list[dict[str, str]]:
    """Customer rows from tests/synth_pii.py ``people()``; none when it is not there."""
    try:
        from synth_pii import people
    except ImportError:
        return []
    return people(n, seed=rng.randint(0, 2**31))


def in_pii_table(
    nb: dict[str, Any], rng: random.Random, source: Source, rows: int = 8
) -> list[Plant]:
    """Insert a customer DataFrame output; each PII column becomes one column label."""
    import pandas as pd

    people = people_rows(rng, rows)
    if not people:
        return []
    picked = [c for c in PII_COLUMNS if c in people[0]]
    picked = rng.sample(picked, k=min(len(picked), rng.randint(2, 4)))
    data: dict[str, list[Any]] = {"customer_id": [rng.randint(10_000, 99_999) for _ in range(rows)]}
    data.update({c: [p[c] for p in people] for c in picked})
    data["balance"] = [round(rng.uniform(0, 5000), 2) for _ in range(rows)]
    frame = pd.DataFrame(data)
    out = C.result({"text/html": frame._repr_html_(), "text/plain": repr(frame)})
    cell = C.code("customers.head(8)\n", [out])
    nb["cells"].insert(rng.randint(0, len(nb["cells"])), cell)
    return [
        Plant(
            Item(c, source.category, data[c][0]),
            cell,
            [("text/html", "output", out)],
            c,
            tuple(data[c]),
        )
        for c in picked
    ]


def numeric_table(rng: random.Random, rows: int, cols: int = 8) -> dict[str, Any]:
    """A large DataFrame output of floats, ints, dates and product codes (no PII, no secrets)."""
    import pandas as pd

    data: dict[str, list[Any]] = {
        "order_id": [f"ORD-{rng.randint(10**7, 10**8 - 1)}" for _ in range(rows)],
        "sku": [f"SKU{rng.randint(100000, 999999)}" for _ in range(rows)],
        "date": [f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" for _ in range(rows)],
    }
    for j in range(cols):
        data[f"x{j}"] = [round(rng.gauss(0, 1000), 6) for _ in range(rows)]
    data["count"] = [rng.randint(0, 10**10) for _ in range(rows)]
    frame = pd.DataFrame(data)
    with pd.option_context("display.max_rows", rows, "display.max_columns", cols + 4):
        return C.result({"text/html": frame._repr_html_(), "text/plain": repr(frame)})
