"""Text files: any file named explicitly and the documented suffixes in a folder are scanned."""

from __future__ import annotations

import json
import random

import pytest

from secure_check.core.notebook import NotebookError, parse
from secure_check.core.scan import ERR_BINARY, Scanner, iter_files, scannable
from synth_pii import us_ssn
from synth_secrets import github_classic_token

TOKEN = github_classic_token(random.Random(17))


@pytest.mark.parametrize(
    "name",
    [
        "NOTES.md",
        "a.txt",
        ".env",
        "prod.env",
        "c.yaml",
        "c.yml",
        "setup.cfg",
        "x.ini",
        "pyproject.toml",
        "run.sh",
        "data.json",
        "n.ipynb",
        "m.py",
        "README.MD",
    ],
)
def test_documented_suffixes_are_walked(name):
    assert scannable(name)


@pytest.mark.parametrize("name", ["photo.png", "model.pkl", "env", "notes.mdx", "a.csv"])
def test_other_files_are_not_walked(name):
    assert not scannable(name)


@pytest.mark.parametrize(
    "name",
    [
        "NOTES.md",
        "creds.txt",
        ".env",
        "config.yaml",
        "setup.cfg",
        "settings.json",
        "deploy.sh",
        "no_suffix",
    ],
)
def test_a_text_file_named_explicitly_reports_its_line(tmp_path, name):
    # Given a secret on line 3 of a plain-text file
    file = tmp_path / name
    file.write_text(f"# settings\n\nGITHUB_TOKEN={TOKEN}\n")
    # When
    result = Scanner().scan_file(file, name)
    # Then it is scanned as text, not refused as "not a JSON document"
    assert result.error is None
    found = [f for f in result.findings if f.category == "secret"]
    assert [(f.line, f.column) for f in found] == [(3, 14)]
    assert TOKEN not in json.dumps([f.to_dict() for f in result.findings])


def test_a_json_notebook_is_scanned_as_a_notebook_and_other_json_as_text(tmp_path):
    nb = {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {},
        "cells": [
            {
                "cell_type": "code",
                "source": f"t = '{TOKEN}'",
                "metadata": {},
                "outputs": [],
                "execution_count": None,
            }
        ],
    }
    (tmp_path / "nb.json").write_text(json.dumps(nb))
    (tmp_path / "cfg.json").write_text(json.dumps({"ssn": us_ssn(random.Random(3))}, indent=1))
    as_nb = Scanner().scan_file(tmp_path / "nb.json")
    as_text = Scanner().scan_file(tmp_path / "cfg.json")
    assert as_nb.cells == 1 and as_nb.findings[0].cell_index == 0
    assert as_text.cells == 1 and [f.line for f in as_text.findings] == [2]
    assert as_text.findings[0].cell_index is None


def test_a_binary_file_is_an_error_not_garbage(tmp_path):
    (tmp_path / "blob.txt").write_bytes(b"\x00\x01" + TOKEN.encode())
    result = Scanner().scan_file(tmp_path / "blob.txt")
    assert result.error == ERR_BINARY and result.findings == []


def test_a_folder_walk_picks_the_documented_suffixes(tmp_path):
    for name in ["a.md", ".env", "b.png", "c.ipynb", "d.json", "sub/e.toml", ".git/f.md"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    shown = [s for _, s in iter_files([tmp_path])]
    assert shown == [".env", "a.md", "c.ipynb", "d.json", "sub/e.toml"]


def test_json_error_reads_plainly():
    with pytest.raises(NotebookError) as e:
        parse(b'{"cells": "abc')
    assert "at at" not in str(e.value)
    assert "Unterminated string starting at line 1 column 11" in str(e.value)


def test_each_finding_carries_its_line_with_every_hit_masked():
    other = github_classic_token(random.Random(18))
    text = f"x = 1\na, b = '{TOKEN}', '{other}'  # two\n"
    findings = Scanner().scan_text(text, "x.py")
    assert len(findings) == 2
    for f in findings:
        assert f.context.startswith("a, b = 'ghp_") and f.context.endswith("# two")
        assert TOKEN not in f.context and other not in f.context
        assert f.preview in f.context


def test_a_long_line_is_cut_around_the_finding():
    text = "y" * 500 + f" {TOKEN} " + "z" * 500
    (found,) = Scanner().scan_text(text, "x.py")
    assert found.context.startswith("…y") and found.context.endswith("z…")
    assert len(found.context) < 140 and TOKEN not in found.context


def test_a_value_a_span_misses_is_still_masked():
    from secure_check.core.redact import LineMasker

    text = f"a = 1; token = '{TOKEN}'"
    # an empty span (a detector that gave no position) at the line's start
    line = LineMasker(text, [(0, 0)], [TOKEN]).context(0)
    assert TOKEN not in line and "ghp_****" in line
