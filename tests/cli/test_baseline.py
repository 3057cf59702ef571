"""Baseline workflow: accept with --update-baseline, survive moved and edited cells."""

from __future__ import annotations

import json

import nbformat

from secure_check.cli.exit import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK
from secure_check.cli.main import main
from secure_check.cli.scan import MSG_BASELINE_WRITTEN
from secure_check.core.baseline import ERR_BAD_BASELINE, SCHEMA


def scan(capsys, *args):
    code = main(["scan", "--no-progress", "--format", "json", *args])
    out = capsys.readouterr()
    return code, json.loads(out.out) if out.out else None, out.err


def test_round_trip_survives_moved_and_edited_cells(capsys, leaky_nb, nbk, planted, tmp_path):
    # Given: every current finding accepted, and one reason edited by hand
    baseline = tmp_path / "baseline.json"
    code, first, err = scan(
        capsys, str(leaky_nb.parent), "--baseline", str(baseline), "--update-baseline"
    )
    assert code == EXIT_OK
    assert MSG_BASELINE_WRITTEN.split("{")[0] in err
    data = json.loads(baseline.read_text())
    assert data["schema"] == SCHEMA
    assert (
        len(data["entries"]) == len({(f["rule"], f["fingerprint"]) for f in first["findings"]}) > 0
    )
    data["entries"][0]["reason"] = "test fixture, revoked"
    baseline.write_text(json.dumps(data))
    # When: cells are reversed, another cell is edited, a clean cell is inserted
    nb = nbformat.read(leaky_nb, as_version=4)
    nb.cells.reverse()
    nb.cells[0].source = "# edited markdown"
    nb.cells.insert(2, nbformat.v4.new_code_cell("y = 2"))
    nbformat.write(nb, leaky_nb)
    code, second, _ = scan(capsys, str(leaky_nb.parent), "--baseline", str(baseline))
    # Then: still accepted, nothing fails
    assert code == EXIT_OK
    assert second["stats"]["findings"] == second["stats"]["accepted"] == first["stats"]["findings"]
    assert all(f["accepted"] for f in second["findings"])
    assert {f["cell_index"] for f in second["findings"]} != {
        f["cell_index"] for f in first["findings"]
    }


def test_new_secret_fails_and_update_keeps_old_reasons(capsys, leaky_nb, nbk, planted, tmp_path):
    # Given: an accepted baseline with a hand-written reason
    baseline = tmp_path / "baseline.json"
    scan(capsys, str(leaky_nb.parent), "--baseline", str(baseline), "--update-baseline")
    data = json.loads(baseline.read_text())
    for entry in data["entries"]:
        entry["reason"] = "known, rotated"
    baseline.write_text(json.dumps(data))
    # When: a new leak lands in another notebook
    nbk.write(
        leaky_nb.parent / "new.ipynb",
        [nbk.code("print(1)", nbk.stream(f"token: {planted['github']}x\n"))],
    )
    nbk.write(leaky_nb.parent / "new2.ipynb", [nbk.code(f'K = "{_other_token()}"')])
    code, report, _ = scan(capsys, str(leaky_nb.parent), "--baseline", str(baseline))
    # Then: only the new one is unaccepted, and the run fails
    assert code == EXIT_FINDINGS
    fresh = [f for f in report["findings"] if not f["accepted"]]
    assert {f["path"] for f in fresh} >= {"new2.ipynb"}
    assert all(f["path"] != "leaky.ipynb" for f in fresh)
    # When: the baseline is updated
    code, _, _ = scan(
        capsys, str(leaky_nb.parent), "--baseline", str(baseline), "--update-baseline"
    )
    # Then: old reasons kept, new entries added with the default reason
    entries = json.loads(baseline.read_text())["entries"]
    assert code == EXIT_OK
    reasons = {e["path"]: e["reason"] for e in entries}
    assert reasons["leaky.ipynb"] == "known, rotated"
    assert reasons["new2.ipynb"] != "known, rotated"


def test_partial_scan_keeps_entries_of_files_not_scanned(capsys, leaky_nb, nbk, tmp_path):
    # Given: a baseline over the whole folder
    baseline = tmp_path / "baseline.json"
    other = nbk.write(leaky_nb.parent / "other" / "b.ipynb", [nbk.code(f'K = "{_other_token()}"')])
    scan(capsys, str(leaky_nb.parent), "--baseline", str(baseline), "--update-baseline")
    before = json.loads(baseline.read_text())["entries"]
    # When: only one notebook is scanned and the baseline updated
    scan(capsys, str(other.parent), "--baseline", str(baseline), "--update-baseline")
    # Then: leaky.ipynb's entries are still there
    after = json.loads(baseline.read_text())["entries"]
    assert {e["fingerprint"] for e in before} <= {e["fingerprint"] for e in after}


def test_bad_baseline_is_a_usage_error(capsys, clean_nb, tmp_path):
    baseline = tmp_path / "baseline.json"
    baseline.write_text('{"entries": []}')
    code, report, err = scan(capsys, str(clean_nb), "--baseline", str(baseline))
    assert code == EXIT_ERROR
    assert report is None
    assert ERR_BAD_BASELINE.split("{")[0] in err


def _other_token() -> str:
    import random

    import synth_secrets

    return synth_secrets.github_classic_token(random.Random(99))


def test_wildcard_entries_accept_anywhere_and_survive_updates(capsys, leaky_nb, tmp_path):
    # Given: every finding accepted with a hand-written path "*" entry
    baseline = tmp_path / "baseline.json"
    scan(capsys, str(leaky_nb.parent), "--baseline", str(baseline), "--update-baseline")
    entries = json.loads(baseline.read_text())["entries"]
    for e in entries:
        e["path"] = "*"
        e["reason"] = "team-wide"
    baseline.write_text(json.dumps({"schema": SCHEMA, "entries": entries}))
    # When: the notebook moves to another folder and the baseline is refreshed
    moved = leaky_nb.parent / "elsewhere" / "renamed.ipynb"
    moved.parent.mkdir()
    leaky_nb.rename(moved)
    code, report, _ = scan(capsys, str(moved.parent.parent), "--baseline", str(baseline))
    scan(capsys, str(moved.parent.parent), "--baseline", str(baseline), "--update-baseline")
    # Then: still accepted, and each wildcard entry is kept exactly once
    assert code == EXIT_OK, report["errors"]
    assert all(f["accepted"] for f in report["findings"])
    after = json.loads(baseline.read_text())["entries"]
    keys = [(e["path"], e["rule"], e["fingerprint"]) for e in after]
    assert len(keys) == len(set(keys))
    assert {(e["rule"], e["fingerprint"]) for e in entries} == {
        (e["rule"], e["fingerprint"]) for e in after if e["path"] == "*"
    }
