import json

from secure_check.core.baseline import SCHEMA, Baseline
from secure_check.core.findings import Finding, Severity


def _finding(fp: str) -> Finding:
    return Finding(
        "nb.ipynb", 0, None, "source", None, 1, 1, "secret", "r", Severity.HIGH, 0.9, fp, "x"
    )


def test_a_hand_edited_entry_without_keys_neither_crashes_nor_accepts(tmp_path):
    # Given a baseline someone edited by hand: one entry lost its rule and fingerprint
    path = tmp_path / "baseline.json"
    good = {"path": "nb.ipynb", "rule": "r", "fingerprint": "sc1:a", "reason": "test key"}
    path.write_text(json.dumps({"schema": SCHEMA, "entries": [{"path": "nb.ipynb"}, good]}))
    # When
    baseline = Baseline.load(path)
    accepted = [f.accepted for f in baseline.apply([_finding("sc1:a"), _finding("sc1:b")])]
    baseline.save(path)
    # Then
    assert accepted == [True, False]


def test_an_entry_accepted_after_matching_is_seen_by_the_next_match():
    baseline = Baseline()
    assert baseline.match(_finding("sc1:a")) is None
    baseline.accept(_finding("sc1:a"), "reviewed")
    assert baseline.match(_finding("sc1:a")) is not None
