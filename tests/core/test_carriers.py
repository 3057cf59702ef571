"""Every carrier is read: each output MIME type, error values, output metadata, text attachments."""

import base64
import random

import pytest

import synth_secrets
from secure_check.core.scan import Scanner

TOKEN = synth_secrets.github_classic_token(random.Random(21))
GOOGLE = synth_secrets.google_api_key(random.Random(22))


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return Scanner()


def _nb(cell: dict) -> dict:
    cell = {"cell_type": "code", "source": "", "metadata": {}, "outputs": [], **cell}
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [cell]}


def _display(mime: str, value: object, metadata: dict | None = None) -> dict:
    out = {"output_type": "display_data", "data": {mime: value}, "metadata": metadata or {}}
    return _nb({"outputs": [out]})


MIMES = {
    "text/plain": f"token {TOKEN}",
    "text/html": f"<b>token</b> <i>{TOKEN}</i>",
    "text/markdown": f"**token** `{TOKEN}`",
    "text/latex": f"$\\texttt{{{TOKEN}}}$",
    "text/csv": f"name,token\nci,{TOKEN}\n",
    "application/javascript": f'const token = "{TOKEN}";',
    "image/svg+xml": f'<svg xmlns="http://www.w3.org/2000/svg"><text>{TOKEN}</text></svg>',
    "application/json": {"token": TOKEN},
    "application/vnd.custom+json": {"deep": [{"token": TOKEN}]},
    "text/x-python": f'TOKEN = "{TOKEN}"',
}


@pytest.mark.parametrize("mime", sorted(MIMES))
def test_every_textual_output_type_is_read(scanner, mime):
    findings = scanner.scan_notebook(_display(mime, MIMES[mime]))
    assert [f.rule for f in findings] == ["github-token"], mime
    assert findings[0].where == "output" and findings[0].output_index == 0


def test_binary_images_are_skipped(scanner):
    png = base64.b64encode(b"\x89PNG\r\n" + TOKEN.encode()).decode()
    assert scanner.scan_notebook(_display("image/png", png)) == []


def test_a_script_tag_alone_is_read(scanner):
    markup = f'<script src="https://maps.googleapis.com/maps/api/js?key={GOOGLE}"></script>'
    findings = scanner.scan_notebook(_display("text/html", markup))
    assert [f.rule for f in findings] == ["google-api-key"]


def test_a_token_only_in_the_error_value_is_read(scanner):
    out = {"output_type": "error", "ename": "ValueError", "evalue": f"bad token {TOKEN}",
           "traceback": ["\x1b[31mValueError\x1b[0m: bad token"]}  # fmt: skip
    findings = scanner.scan_notebook(_nb({"outputs": [out]}))
    assert [f.rule for f in findings] == ["github-token"]


def test_output_metadata_is_read(scanner):
    findings = scanner.scan_notebook(_display("text/plain", "ok", {"auth": {"token": TOKEN}}))
    assert [(f.rule, f.where) for f in findings] == [("github-token", "output")]


@pytest.mark.parametrize("mime", ["text/plain", "text/markdown", "image/svg+xml"])
def test_text_attachments_are_decoded_and_read(scanner, mime):
    data = base64.b64encode(f"<text>token {TOKEN}</text>".encode()).decode()
    cell = {"cell_type": "markdown", "attachments": {"notes.txt": {mime: data}}}
    findings = scanner.scan_notebook(_nb(cell))
    assert [(f.rule, f.where) for f in findings] == [("github-token", "source")]


def test_offsets_hold_after_characters_whose_lower_case_is_longer(scanner):
    # Given 300 dotted capital I (lower-cased, each becomes two characters) on an earlier line
    source = "title = '" + "\u0130" * 300 + f"'\npassword = 'Xq9#mT2$vL7p'\ngh = '{TOKEN}'\n"
    # When the cell is scanned
    found = {f.rule: (f.line, f.column) for f in scanner.scan_notebook(_nb({"source": source}))}
    # Then both the password and the token are found, at their own line and column
    assert found.get("github-token") == (3, 7)
    assert any(
        rule.startswith(("password", "secret")) and pos[0] == 2 for rule, pos in found.items()
    )
