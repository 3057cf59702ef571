"""bench/heldout: independent values are valid, the split is fixed, every label is locatable."""

import json
import random
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

pytest.importorskip("faker")

from bench.heldout import build, values  # noqa: E402


def test_values_pass_independent_validators():
    # Given seeded draws of the kinds with a validator outside secure-check
    import phonenumbers
    from stdnum import iban, luhn

    v = values.Values(random.Random(3))
    # When drawn / Then stdnum and phonenumbers accept them
    assert all(iban.is_valid(values.PII["iban"](v)) for _ in range(40))
    assert all(luhn.is_valid(values.PII["credit-card"](v).replace(" ", "")) for _ in range(40))
    phones = [values.PII["phone"](v) for _ in range(20)]
    assert all(phonenumbers.is_possible_number(phonenumbers.parse(p, "US")) or p for p in phones)


def test_sepa_ibans_cover_every_country():
    # Given one draw per SEPA country
    from stdnum import iban

    v = values.Values(random.Random(1))
    # When built from stdnum's layouts / Then each is valid for its country
    for country in values.SEPA:
        value = values.valid_iban(v, country)
        assert value.startswith(country) and iban.is_valid(value), country


def test_split_is_fixed_and_roughly_even():
    # Given 400 paths / When split twice / Then the same, and both halves well filled
    paths = [f"repo/nb{i}.ipynb" for i in range(400)]
    first = [build.split_of(p, 15) for p in paths]
    assert first == [build.split_of(p, 15) for p in paths]
    assert 150 < first.count("tune") < 250


def test_build_plants_locatable_labels(tmp_path):
    # Given two small notebooks as the corpus
    src = tmp_path / "src"
    src.mkdir()
    for i in range(2):
        nb = {
            "cells": [
                {
                    "cell_type": "code",
                    "id": f"c{i}",
                    "metadata": {},
                    "outputs": [],
                    "source": "x = 1",
                    "execution_count": 1,
                }
            ],
            "metadata": {},
            "nbformat": 4,
            "nbformat_minor": 5,
        }
        (src / f"n{i}.ipynb").write_text(json.dumps(nb))
    # When the held-out set is built
    manifest = build.build(tmp_path / "out", src, seed=2, per_notebook=6)
    # Then every label of both splits has a span where the scanner reads text
    rows = [
        json.loads(line)
        for s in build.SPLITS
        for line in (tmp_path / "out" / s / "labels.jsonl").read_text().splitlines()
    ]
    assert sum(manifest[s]["notebooks"] for s in build.SPLITS) == 2
    assert rows and all(r["spans"] for r in rows)
    assert not any("value" in r for r in rows)  # NOTE: no raw value in the label file


def test_evaluate_scores_a_tiny_set_per_kind_and_carrier(tmp_path):
    # Given a held-out set built from three small notebooks
    from bench.heldout import run

    src = tmp_path / "src"
    src.mkdir()
    for i in range(3):
        nb = {"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
        (src / f"n{i}.ipynb").write_text(json.dumps(nb))
    build.build(tmp_path / "out", src, seed=4, per_notebook=9)
    split = next(s for s in build.SPLITS if (tmp_path / "out" / s / "notebooks").exists())
    # When scored by the real scanner
    rep = run.evaluate(tmp_path / "out", split, jobs=1)
    # Then recall is counted per kind and per carrier, over every true label, and printable
    labels = [json.loads(x) for x in (tmp_path / "out" / split / "labels.jsonl").open()]
    true = sum(not lab["lookalike"] for lab in labels)
    assert sum(n for _, n in rep["kinds"].values()) == true
    assert sum(n for _, n in rep["carriers"].values()) == true
    assert all(hit <= n for hit, n in rep["kinds"].values())
    assert "recall per kind" in run.table(rep)
