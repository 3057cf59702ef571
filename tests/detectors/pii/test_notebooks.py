"""PII planted in every place of real-looking notebooks: outputs, markdown, metadata, widgets."""

import json
import random
from pathlib import Path

import pytest

import synth_pii
from secure_check.core import notebook
from secure_check.core.notebook import Segment
from secure_check.core.registry import text_analyzers
from secure_check.core.scan import Scanner
from secure_check.detectors.pii.analyzer import PIIAnalyzer
from secure_check.detectors.pii.presidio import engine, installed_model, presidio_hits

CORPUS = Path("/work/shared/corpus/notebooks")


@pytest.fixture(scope="module")
def scanner():
    return Scanner([PIIAnalyzer()])


def _code(source, *outputs, metadata=None):
    return {
        "cell_type": "code",
        "id": f"c{random.random():.8f}"[2:],
        "source": source,
        "outputs": list(outputs),
        "metadata": metadata or {},
        "execution_count": 1,
    }


def _planted_values(rng):
    """One synthetic value per common kind, from tests/synth_pii.py."""
    return {
        "email": synth_pii.email(rng),
        "phone": synth_pii.phone(rng, "US", "national"),
        "ssn": synth_pii.us_ssn(rng),
        "card": synth_pii.card(rng, grouped=True),
        "iban": synth_pii.iban(rng),
        "ip": synth_pii.ipv4(rng),
        "dob": synth_pii.dob_text(rng),
    }


def _planted_notebook(rng):
    """A notebook with one planted value per place, and the (rule, where, kind) expected."""
    v = _planted_values(rng)
    result = {"text/plain": f"{{'ssn': '{v['ssn']}', 'iban': '{v['iban']}'}}"}
    error = ["\x1b[0;31mValueError\x1b[0m: bad phone " + v["phone"]]
    cells = [
        {"cell_type": "markdown", "id": "md", "metadata": {}, "source": f"Owner: {v['email']}\n"},
        _code(
            "load()", {"output_type": "stream", "name": "stdout", "text": f"Charged {v['card']}\n"}
        ),
        _code("show()", {"output_type": "execute_result", "metadata": {}, "data": result}),
        _code("fail()", {"output_type": "error", "ename": "E", "evalue": "", "traceback": error}),
        _code(
            "log()",
            {
                "output_type": "display_data",
                "metadata": {},
                "data": {"text/html": f"<pre>request from {v['ip']}</pre>"},
            },
        ),
        _code("x = 1", metadata={"tags": ["parameters"], "note": v["dob"]}),
    ]
    expected = {("email", "source", "markdown"), ("credit-card", "output", "stream"),
                ("us-ssn", "output", "text/plain"), ("iban", "output", "text/plain"),
                ("phone", "output", "error"), ("ip-address", "output", "text/html"),
                ("date-of-birth", "metadata", "metadata")}  # fmt: skip
    raw = [*(x for k, x in v.items() if k != "dob"), v["dob"].split()[-1].strip(".'")]
    return {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, expected, raw


@pytest.mark.parametrize("seed", range(5))
def test_planted_values_are_found_where_they_are(scanner, seed):
    # Given
    nb, expected, _ = _planted_notebook(random.Random(seed))
    # When
    findings = scanner.scan_notebook(nb, "planted.ipynb")
    # Then
    assert {(f.rule, f.where, f.kind) for f in findings} == expected


def test_located_at_cell_and_output(scanner):
    # Given
    nb, _, _ = _planted_notebook(random.Random(1))
    # When
    card = next(f for f in scanner.scan_notebook(nb, "p.ipynb") if f.rule == "credit-card")
    # Then
    assert (card.cell_index, card.cell_id, card.output_index, card.line) == (
        1,
        nb["cells"][1]["id"],
        0,
        1,
    )


def test_no_planted_value_leaks_into_the_json(scanner):
    # Given
    nb, _, raw = _planted_notebook(random.Random(3))
    # When
    dumped = json.dumps([f.to_dict() for f in scanner.scan_notebook(nb, "p.ipynb")])
    # Then
    assert [v for v in raw if v in dumped] == []


def test_papermill_parameters_and_widget_state_are_scanned(scanner):
    # Given
    rng = random.Random(9)
    email, phone = synth_pii.email(rng), synth_pii.phone(rng, "GB", "international")
    widgets = {
        "application/vnd.jupyter.widget-state+json": {"state": {"m1": {"state": {"value": email}}}}
    }
    nb = {
        "cells": [_code("x = 1")],
        "metadata": {"papermill": {"parameters": {"contact": phone}}, "widgets": widgets},
    }
    # When
    findings = scanner.scan_notebook(nb, "p.ipynb")
    # Then
    assert sorted((f.rule, f.where) for f in findings) == [
        ("email", "metadata"),
        ("phone", "metadata"),
    ]


def test_the_registry_builds_the_pii_analyzer():
    assert [a.name for a in text_analyzers(["pii"])] == ["pii"]


def test_without_presidio_names_in_prose_are_left_to_tables():
    # Given: Presidio is not installed here (the optional `pii` extra)
    segment = Segment("Maria Garcia lives at 12 Oak Street.", "source", "markdown")
    # When / Then
    assert installed_model() is None and engine() is None
    assert list(presidio_hits(segment)) == []


@pytest.mark.slow
@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus of real notebooks is not here")
def test_no_pii_findings_on_the_real_corpus(scanner):
    # Given: 156 executed notebooks from public repositories (no personal data in them)
    files = sorted(CORPUS.rglob("*.ipynb"))
    # When
    findings = [f for file in files for f in scanner.scan_notebook(notebook.load(file), file.name)]
    # Then
    assert [(f.path, f.rule, f.message) for f in findings] == []
