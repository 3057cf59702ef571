"""Path checks and on-disk edits (redact a literal, clear outputs) behind the server routes."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from secure_check.core.redact import fingerprint
from secure_check.core.scan import Scanner
from secure_check.server import edits, paths
from synth_secrets import aws_key_pair, github_classic_token

RNG = random.Random(3)
TOKEN = github_classic_token(RNG)
AWS_ID, AWS_SECRET = aws_key_pair(RNG)


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return Scanner()


def nb_with(source: str | list[str], *more: str) -> dict:
    cells = [{"cell_type": "code", "source": s, "metadata": {}, "outputs": [],
              "execution_count": None} for s in (source, *more)]
    return {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def redact_first(scanner: Scanner, nb: dict, cell: int = 0, **kw: str) -> str:
    source = "".join(nb["cells"][cell]["source"])
    (finding,) = [f for f in scanner.scan_text(source) if f.category == "secret"][:1]
    return edits.redact(scanner, nb, cell, finding.line, finding.fingerprint, **kw)


@pytest.mark.parametrize(("path", "expected"), [
    ("a.ipynb", "a.ipynb"), ("./d/./a.ipynb", "d/a.ipynb"), ("d\\a.ipynb", "d/a.ipynb"),
])
def test_relative_paths_are_normalised(path, expected):
    assert paths.relative(path) == expected


@pytest.mark.parametrize(("path", "status", "message"), [
    (None, 400, paths.ERR_NO_PATH), (3, 400, paths.ERR_NO_PATH), ("  ", 400, paths.ERR_NO_PATH),
    ("/abs.ipynb", 403, paths.ERR_ABSOLUTE), ("D:/x.ipynb", 403, paths.ERR_ABSOLUTE),
    ("a/../../x", 403, paths.ERR_TRAVERSAL), ("..\\x", 403, paths.ERR_TRAVERSAL),
])
def test_bad_paths_are_refused(path, status, message):
    with pytest.raises(paths.PathError) as e:
        paths.relative(path)
    assert e.value.status == status and str(e.value) == message.format(path=path)


def test_resolve_refuses_symlink_escape_and_non_notebooks(tmp_path: Path):
    # Given a root with a symlink to a directory outside it, and a text file inside it
    (tmp_path / "root").mkdir()
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "x.ipynb").write_text("{}")
    (tmp_path / "root" / "link").symlink_to(tmp_path / "out")
    (tmp_path / "root" / "notes.txt").write_text("hi")
    # Then the escape is a 403 and the text file a 400
    with pytest.raises(paths.PathError) as escape:
        paths.notebook(tmp_path / "root", "link/x.ipynb")
    with pytest.raises(paths.PathError) as wrong:
        paths.notebook(tmp_path / "root", "notes.txt")
    assert (escape.value.status, wrong.value.status) == (403, 400)


@pytest.mark.parametrize(("line", "expected"), [
    (f'GITHUB_TOKEN = "{TOKEN}"', 'GITHUB_TOKEN = os.environ["GITHUB_TOKEN"]'),
    (f"token='{TOKEN}'  # CI", "token=os.environ[\"TOKEN\"]  # CI"),
    (f'cfg = {{"api-key": "{TOKEN}"}}', 'cfg = {"api-key": os.environ["API_KEY"]}'),
    (f'client(auth=f"{TOKEN}")', 'client(auth=os.environ["AUTH"])'),
    (f'headers["Authorization"] = "Bearer {TOKEN}"',
     'headers["Authorization"] = os.environ["AUTHORIZATION"]'),
])
def test_redact_replaces_the_whole_literal(scanner, line, expected):
    # Given a cell holding a secret literal (os already imported)
    nb = nb_with("import os\n" + line + "\nprint(1)")
    # When it is redacted
    redact_first(scanner, nb)
    # Then the literal is an environment lookup, the rest of the cell unchanged
    assert nb["cells"][0]["source"] == f"import os\n{expected}\nprint(1)"


def test_redact_adds_import_os_and_keeps_list_form(scanner):
    nb = nb_with([f'aws_secret_access_key = "{AWS_SECRET}"\n', "x = 1\n"])
    name = redact_first(scanner, nb)
    assert name == "AWS_SECRET_ACCESS_KEY"
    assert nb["cells"][0]["source"] == [
        "import os\n", 'aws_secret_access_key = os.environ["AWS_SECRET_ACCESS_KEY"]\n', "x = 1\n"]


def test_redact_uses_the_given_name_and_checks_it(scanner):
    nb = nb_with(f'import os\nk = "{TOKEN}"')
    assert redact_first(scanner, nb, name="GH_PAT") == "GH_PAT"
    with pytest.raises(edits.EditError) as e:
        redact_first(scanner, nb_with(f'k = "{TOKEN}"'), name="not valid")
    assert e.value.status == 400 and str(e.value) == edits.ERR_BAD_NAME.format(name="not valid")


def test_redact_works_in_cells_with_magics(scanner):
    nb = nb_with(f'%pip install boto3\n!echo hi\naws_secret_access_key = "{AWS_SECRET}"')
    redact_first(scanner, nb)
    assert AWS_SECRET not in nb["cells"][0]["source"]
    assert nb["cells"][0]["source"].startswith("import os\n%pip install boto3\n")


@pytest.mark.parametrize(("cell", "line", "fp", "status", "message"), [
    (5, 1, "x", 400, edits.ERR_BAD_CELL.format(index=5, count=1)),
    (True, 1, "x", 400, edits.ERR_BAD_CELL.format(index=True, count=1)),
    (0, 1, "sc1:none", 409, edits.ERR_NO_MATCH.format(line=1, index=0)),
    (0, 2, fingerprint(TOKEN), 409, edits.ERR_NO_MATCH.format(line=2, index=0)),
])
def test_redact_refusals_leave_the_cell(scanner, cell, line, fp, status, message):
    nb = nb_with(f'k = "{TOKEN}"')
    with pytest.raises(edits.EditError) as e:
        edits.redact(scanner, nb, cell, line, fp)
    assert (e.value.status, str(e.value)) == (status, message)
    assert nb["cells"][0]["source"] == f'k = "{TOKEN}"'


def test_redact_refuses_a_secret_outside_a_literal(scanner):
    nb = nb_with(f"# the key was {TOKEN}")
    with pytest.raises(edits.EditError) as e:
        redact_first(scanner, nb)
    assert str(e.value) == edits.ERR_NOT_LITERAL.format(line=1, index=0)


def test_clear_outputs(tmp_path: Path):
    # Given two code cells with outputs and a markdown cell
    nb = nb_with("print(1)", "print(2)")
    for cell in nb["cells"]:
        cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "1\n"}]
        cell["execution_count"] = 1
    nb["cells"].append({"cell_type": "markdown", "source": "x", "metadata": {}})
    # When one cell, then all, are cleared (the routes save through the ContentsManager)
    assert edits.clear_outputs(nb, 1) == 1
    assert nb["cells"][0]["outputs"] and not nb["cells"][1]["outputs"]
    assert edits.clear_outputs(nb) == 1
    # Then every code cell is empty and unnumbered; the markdown cell is untouched
    assert all(c["outputs"] == [] and c["execution_count"] is None for c in nb["cells"][:2])
    assert "outputs" not in nb["cells"][2]
