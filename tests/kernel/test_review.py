"""%secure_check review: the ipywidgets UI filters, accepts into the baseline and shows the cell."""

import json
import random

import nbformat
import pytest

import synth_pii
import synth_secrets
from secure_check.kernel.review import MSG_NEED_REASON, ReviewPanel


@pytest.fixture
def panel(ip, tmp_path, token):
    aws = synth_secrets.aws_access_key(random.Random(3))
    cells = [f"gh = '{token}'", "x = 1", f"aws_id = '{aws}'"]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in cells])
    (tmp_path / "work.ipynb").write_text(nbformat.writes(nb))
    ip.user_ns["__session__"] = str(tmp_path / "work.ipynb")
    return ip.run_line_magic("secure_check", "review")


def _panel_of(shown) -> ReviewPanel:
    assert "application/vnd.jupyter.widget-view+json" in shown._repr_mimebundle_()
    return shown


def test_review_lists_findings_and_filters_them(panel):
    # Given
    review = _panel_of(panel)
    rules = sorted(f.rule for f in review.findings)
    # When
    review.severity.value = "high"
    high = [review.findings[i].rule for _, i in review.selector.options]
    # Then
    assert len(rules) >= 2 and "github-token" in rules
    assert "github-token" in high
    assert all(review.findings[i].severity.value == "high" for _, i in review.selector.options)


def test_accept_needs_a_reason_then_writes_the_baseline(panel, tmp_path):
    # Given
    review = _panel_of(panel)
    index = next(i for _, i in review.selector.options if review.findings[i].rule == "github-token")
    review.selector.value = (index,)
    # When
    refused = review.accept_button.click()
    status_without_reason = review.status.value
    review.reason.value = "revoked test token"
    review.accept_button.click()
    # Then
    assert refused is None and status_without_reason == MSG_NEED_REASON
    data = json.loads((tmp_path / ".secure-check" / "baseline.json").read_text())
    assert [(e["rule"], e["reason"]) for e in data["entries"]] == [
        ("github-token", "revoked test token")
    ]
    assert index not in [i for _, i in review.selector.options]  # accepted ones are hidden
    review.show_accepted.value = True
    assert index in [i for _, i in review.selector.options]


def test_show_cell_redacts_the_secret(panel, token):
    # Given
    review = _panel_of(panel)
    index = next(i for _, i in review.selector.options if review.findings[i].rule == "github-token")
    review.selector.value = (index,)
    # When
    review.show_button.click()
    # Then
    assert "gh = " in review.cell_view.value and token[:4] in review.cell_view.value
    assert token not in review.cell_view.value


def test_review_of_a_folder_shows_cells_of_each_notebook(ip, tmp_path, token):
    # Given
    folder = tmp_path / "project"
    folder.mkdir()
    for name, source in (("a.ipynb", "x = 1"), ("b.ipynb", f"key = '{token}'")):
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
        (folder / name).write_text(nbformat.writes(nb))
    # When
    review = ip.run_line_magic("secure_check", "review project")
    review.selector.value = (0,)
    shown = review.show_cell()
    # Then
    assert review.findings[0].path == "project/b.ipynb"
    assert shown.startswith("key = ") and token not in shown


def test_show_cell_masks_values_the_scanner_normalised(ip, tmp_path):
    # Given a cell with a PEM key (13+ lines), an SSN and a mixed-case e-mail
    rng = random.Random(11)
    pem, ssn = synth_secrets.rsa_pem(rng), synth_pii.us_ssn(rng)
    email = synth_pii.email(rng).title()  # NOTE: mixed case: the scanner lower-cases e-mails
    source = f'key = """{pem}"""\nssn = "{ssn}"\nto = "{email}"\n'
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    (tmp_path / "leak.ipynb").write_text(nbformat.writes(nb))
    ip.user_ns["__session__"] = str(tmp_path / "leak.ipynb")
    review = ip.run_line_magic("secure_check", "review")
    # When the cell is shown
    review.selector.value = (0,)
    shown = review.show_cell()
    # Then no line of the key body, nor the SSN, nor the e-mail is visible
    body = [line for line in pem.splitlines() if line and not line.startswith("-----")]
    assert len(body) >= 13
    leaked = [line for line in body if line in shown]
    assert leaked == [] and ssn not in shown and email not in shown
    assert ssn.replace("-", "") not in shown and shown.startswith("key = ")


def test_show_cell_rescans_a_markdown_cell_as_markdown(ip, tmp_path):
    # Given a markdown cell with a password the scanner finds only in prose
    source = "Log in with\n\npassword: Zq8!vT3#kLm2\n"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(source)])
    (tmp_path / "notes.ipynb").write_text(nbformat.writes(nb))
    ip.user_ns["__session__"] = str(tmp_path / "notes.ipynb")
    review = ip.run_line_magic("secure_check", "review")
    # When its cell is shown
    review.selector.value = (0,)
    shown = review.show_cell()
    # Then the password is masked where it was found
    assert review.findings[0].rule == "password-assignment"
    assert shown == "Log in with\n\npassword: **** (12 chars)\n"


def test_show_cell_hides_the_line_of_a_finding_the_rescan_misses(ip, tmp_path, token, monkeypatch):
    from secure_check.core.scan import Scanner

    # Given findings of a cell, then a re-scan that finds nothing (other detectors, settings)
    source = f"x = 1\ngh = '{token}'  # rotate\ny = 2\n"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    (tmp_path / "work.ipynb").write_text(nbformat.writes(nb))
    ip.user_ns["__session__"] = str(tmp_path / "work.ipynb")
    review = ip.run_line_magic("secure_check", "review")
    monkeypatch.setattr(review.state, "_scanner", Scanner(analyzers=[]))
    # When the cell is shown
    review.selector.value = (0,)
    shown = review.show_cell()
    # Then the line is kept up to the finding and hidden from it on; other lines are intact
    rest = len(f"{token}'  # rotate")
    assert shown == f"x = 1\ngh = '**** ({rest} chars)\ny = 2\n"


def test_a_finding_off_the_text_masks_nothing_and_breaks_nothing():
    from secure_check.core.findings import Finding, Severity
    from secure_check.kernel.review import _unmatched

    def at(line, column):
        return Finding(
            path="a.ipynb", cell_index=0, cell_id=None, where="source", output_index=None,
            line=line, column=column, category="secret", rule="r", severity=Severity.HIGH,
            confidence=1.0, fingerprint="x", preview="x",
        )  # fmt: skip

    # Given findings (from hostile JSON) past the text, at column 0, and one inside it
    found = [at(9, 1), at(2, 0), at(2, 9), at(0, 1), at(2, 2)]
    # Then only the one inside hides the rest of its line, unless a span already covers it
    assert _unmatched("ab\ncde\nf", [], found) == [(4, 6)]
    assert _unmatched("ab\ncde\nf", [(3, 6)], found) == []
