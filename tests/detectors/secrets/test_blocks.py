"""Multi-line and structured secrets: PEM blocks, service-account files, table columns, blobs."""

import base64
import json
import os
import random
from pathlib import Path

import pytest

import synth_secrets as synth
from secure_check.core.scan import Scanner, iter_files
from secure_check.detectors.secrets.analyzer import SecretsAnalyzer

CORPUS = Path(os.environ.get("SECURE_CHECK_CORPUS", "/work/shared/corpus/notebooks"))


@pytest.fixture(scope="module")
def scanner():
    return Scanner([SecretsAnalyzer()])


def test_pem_block_spanning_a_whole_cell_is_one_finding(scanner):
    # Given: a cell that is nothing but a key, as pasted
    key = synth.rsa_pem(random.Random(3))
    # When
    findings = scanner.scan_text(key, "k.ipynb", kind="raw")
    # Then
    assert [(f.rule, f.line, f.column) for f in findings] == [("private-key", 1, 1)]


def test_pem_inside_a_repr_with_escaped_newlines_is_found(scanner):
    # Given: the key as a Python repr in an execute_result (``'-----BEGIN ...\\nMII...'``)
    text = repr(synth.ec_pem(random.Random(4)))
    # When / Then
    assert [f.rule for f in scanner.scan_text(text, "r.ipynb", kind="text/plain")] == [
        "private-key"
    ]


def test_service_account_json_is_named_as_such(scanner):
    # Given
    sa = synth.gcp_service_account_json(random.Random(5))
    # When
    findings = scanner.scan_text(f"creds = {sa}", "sa.py")
    # Then
    assert [f.rule for f in findings] == ["gcp-service-account"]
    assert json.loads(sa)["private_key"].splitlines()[1] not in json.dumps(findings[0].to_dict())


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----", id="dots"
        ),
        pytest.param(
            "-----BEGIN PRIVATE KEY-----\n<your key here>\n-----END PRIVATE KEY-----",
            id="placeholder",
        ),
        pytest.param('if line.startswith("-----BEGIN OPENSSH PRIVATE KEY-----"):', id="header"),
        pytest.param(synth.LOOKALIKES["pem-public-key"], id="public-key"),
    ],
)
def test_pem_lookalikes_are_not_findings(scanner, text):
    assert scanner.scan_text(text, "p.py") == []


def test_key_prefixes_inside_base64_images_are_not_findings(scanner):
    # Given: a data URI whose payload happens to contain AKIA/ghp_-shaped runs
    payload = base64.b64encode(random.Random(6).randbytes(600)).decode()
    payload = payload[:100] + "AKIAIEQH746YNG7BY3A4" + payload[100:]
    # When
    findings = scanner.scan_text(f"![plot](data:image/png;base64,{payload})", "m.md", "markdown")
    # Then
    assert findings == []


def _table(header, rows):
    cells = "".join(f"<th>{h}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {},
        "cells": [
            {
                "cell_type": "code",
                "source": "df",
                "metadata": {},
                "execution_count": 1,
                "outputs": [
                    {
                        "output_type": "execute_result",
                        "execution_count": 1,
                        "metadata": {},
                        "data": {"text/html": f"<table><tr>{cells}</tr>{body}</table>"},
                    }
                ],
            }
        ],
    }


def test_credentials_in_a_dataframe_column_are_found(scanner):
    # Given: a users table rendered as HTML, the header on another line than the values
    nb = _table(
        ["user", "password", "api_token"],
        [["alice", "Xy7#kd9!pQ", "None"], ["bob", "password", "a8Kd93jdkeLq02mZx81"]],
    )
    # When
    findings = scanner.scan_notebook(nb, "t.ipynb")
    # Then
    assert sorted((f.rule, f.line) for f in findings) == [
        ("password-assignment", 2),
        ("secret-assignment", 3),
    ]


def test_ordinary_table_columns_are_not_findings(scanner):
    nb = _table(
        ["token", "count", "tokenizer"],
        [["the", "4512", "bert-base-uncased"], ["[CLS]", "12", "gpt2"]],
    )
    assert scanner.scan_notebook(nb, "t.ipynb") == []


@pytest.mark.slow
@pytest.mark.skipif(not CORPUS.is_dir(), reason="development corpus not present")
def test_real_notebooks_have_no_false_positives(scanner):
    # Given: 156 real executed notebooks that hold no credentials (corpus README)
    files = list(iter_files([CORPUS]))
    # When
    findings = [f for file, shown in files for f in scanner.scan_file(file, shown).findings]
    # Then
    assert len(files) > 100
    assert [(f.path, f.rule, f.preview) for f in findings] == []


def test_key_only_in_html_markup_is_found_and_not_leaked(scanner):
    # Given: a folium-style map whose script URL carries a Google Maps key (no visible text)
    key = synth.google_api_key(random.Random(8))
    markup = (
        f'<div>Map</div><script src="https://maps.googleapis.com/maps/api/js?key={key}"></script>'
    )
    nb = {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {},
        "cells": [
            {
                "cell_type": "code",
                "source": "m",
                "metadata": {},
                "execution_count": 1,
                "outputs": [
                    {
                        "output_type": "display_data",
                        "metadata": {},
                        "data": {"text/html": markup, "text/plain": "<folium.Map>"},
                    }
                ],
            }
        ],
    }
    # When
    findings = scanner.scan_notebook(nb, "map.ipynb")
    # Then
    assert [(f.rule, f.kind) for f in findings] == [("google-api-key", "text/html")]
    assert key not in json.dumps(findings[0].to_dict())


PLAIN_FRAME = (
    "    user    password            api_token  score\n"
    "0  alice  Xy7#kd9!pQ                 None   1.50\n"
    "1    bob    password  a8Kd93jdkeLq02mZx81   2.25\n"
)


@pytest.mark.parametrize("kind", ["text/plain", "stream"])
def test_credentials_in_a_printed_dataframe_are_found(scanner, kind):
    # When: print(df) / the repr of a DataFrame, values right-aligned under their headers
    findings = scanner.scan_text(PLAIN_FRAME, "p.ipynb", kind=kind)
    # Then
    assert sorted((f.rule, f.line, f.column) for f in findings) == [
        ("password-assignment", 2, 11),
        ("secret-assignment", 3, 23),
    ]


def test_log_lines_under_a_header_word_are_not_a_table(scanner):
    log = "Enter password below\nEpoch 1/10 loss=0.25 acc=0.9\n1 abcdefg123 x9Y8z7W6v5u4\n"
    assert scanner.scan_text(log, "l.ipynb", kind="stream") == []


def test_one_key_has_one_fingerprint_however_it_is_printed(scanner):
    # Given: the same key raw in a cell, as a repr, and inside JSON
    key = synth.ec_pem(random.Random(9))
    texts = [(key, "raw"), (repr(key), "text/plain"), (json.dumps({"k": key}), "application/json")]
    # When
    prints = {f.fingerprint for t, kind in texts for f in scanner.scan_text(t, "k", kind=kind)}
    # Then
    assert len(prints) == 1
