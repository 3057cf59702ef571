"""The hash-chained audit log: append, verify, and every kind of tampering detected."""

from __future__ import annotations

import itertools
import json
import multiprocessing

import pytest

from secure_check.cli.main import main
from secure_check.core import audit


@pytest.fixture
def log(tmp_path):
    """A log of four entries."""
    path = tmp_path / ".secure-check" / "audit.jsonl"
    for i, action in enumerate(["scan", "fairness", "explain", "card"]):
        audit.append(action, digests={"model": f"sha256:{i:064d}"}, path=path, findings=i)
    return path


def _lines(path):
    return path.read_text().splitlines()


def _write(path, lines):
    path.write_text("\n".join(lines) + "\n")


def test_entries_are_chained_and_numbered(log):
    # Given four appended entries
    entries = audit.read(log)
    # Then they are numbered from 0, each linked to the previous hash, and verify is clean
    assert [e["seq"] for e in entries] == [0, 1, 2, 3]
    assert entries[0]["prev_hash"] == audit.GENESIS
    assert all(b["prev_hash"] == a["hash"] for a, b in itertools.pairwise(entries))
    assert set(entries[0]) == set(audit.FIELDS)
    assert entries[1]["summary"] == {"findings": 1}
    assert audit.verify(log) == []


def _edit(lines):
    entry = json.loads(lines[1])
    entry["summary"]["findings"] = 0
    return [lines[0], json.dumps(entry), *lines[2:]]


def _edit_and_rehash(lines):
    entry = json.loads(lines[1])
    entry["who"] = "mallory"
    entry["hash"] = audit.entry_hash(entry)
    return [lines[0], json.dumps(entry), *lines[2:]]


@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        (_edit, "line 2: entry seq 1 was edited"),
        (_edit_and_rehash, "line 3: prev_hash does not match"),
        (lambda ls: [ls[0], *ls[2:]], "line 2: seq is 2, expected 1"),
        (lambda ls: [ls[0], ls[2], ls[1], ls[3]], "line 2: seq is 2, expected 1"),
        (lambda ls: ls[1:], "line 1: seq is 1, expected 0"),
        (lambda ls: [ls[0], "not json", *ls[1:]], "line 2: not a JSON entry"),
        (lambda ls: [ls[0], '{"seq": 1}', *ls[2:]], "line 2: entry lacks time"),
    ],
    ids=["edited", "edited-rehashed", "removed", "reordered", "head-removed", "garbage", "partial"],
)
def test_tampering_is_detected(log, capsys, tamper, message):
    # Given a log changed by hand
    _write(log, tamper(_lines(log)))
    # When the log is verified (API and CLI)
    problems = audit.verify(log)
    rc = main(["verify", "--log", str(log)])
    # Then the first problem names the line and what is wrong, and the CLI exits 1
    assert problems and problems[0].startswith(message), problems
    assert rc == 1 and message in capsys.readouterr().err


def test_truncated_tail_is_caught_through_a_cited_entry(log):
    # Given a card citing the last entry, and the log cut before it
    cited = [{"seq": 3, "hash": audit.read(log)[3]["hash"]}]
    _write(log, _lines(log)[:3])
    # Then the chain alone looks intact, but the citation is missing
    assert audit.verify(log) == []
    assert audit.verify(log, cited=cited) == [
        audit.ERR_CITED.format(seq=3, hash=cited[0]["hash"][:12])
    ]


def test_default_log_is_in_the_project_root(tmp_path, monkeypatch):
    # Given a project (pyproject.toml) and a working directory below it
    (tmp_path / "pyproject.toml").write_text("[project]\n")
    (tmp_path / "notebooks").mkdir()
    monkeypatch.chdir(tmp_path / "notebooks")
    monkeypatch.delenv(audit.LOG_ENV, raising=False)
    monkeypatch.setenv(audit.WHO_ENV, "analyst@example.org")
    # When an entry is appended without a path
    entry = audit.append("scan", files=3)
    # Then it lands in <root>/.secure-check/audit.jsonl and records who acted
    assert audit.read(tmp_path / ".secure-check" / "audit.jsonl") == [entry]
    assert entry["who"] == "analyst@example.org"
    assert main(["verify", "--log"]) == 0


def test_missing_log_and_bad_action_are_clear_errors(tmp_path):
    # Given no log file
    # Then verify says it does not exist, and an empty action is refused
    assert audit.verify(tmp_path / "none.jsonl") == [
        audit.ERR_NO_LOG.format(path=tmp_path / "none.jsonl")
    ]
    with pytest.raises(ValueError, match="non-empty string"):
        audit.append(" ", path=tmp_path / "a.jsonl")


def _append_many(path, n):
    for i in range(n):
        audit.append("scan", path=path, i=i)


def test_concurrent_writers_never_share_a_sequence_number(tmp_path):
    # Given three processes appending at once
    path = tmp_path / "audit.jsonl"
    ctx = multiprocessing.get_context("fork")
    workers = [ctx.Process(target=_append_many, args=(path, 20)) for _ in range(3)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(30)
    # Then all 60 entries form one valid chain
    assert len(audit.read(path)) == 60
    assert audit.verify(path) == []


def test_record_scan_logs_digests_and_rule_counts_only(tmp_path, planted, make_notebook):
    # Given a scanned notebook that leaks secrets
    from secure_check.core.scan import Scanner
    from secure_check.core.trail import record_scan

    nb = make_notebook(tmp_path / "nb.ipynb", planted)
    results = [Scanner().scan_file(nb, "nb.ipynb")]
    # When the scan is recorded
    entry = record_scan(results, root=tmp_path, path=tmp_path / "audit.jsonl")
    # Then the entry has the file digest and counts, and the log holds no planted value
    assert entry["action"] == "scan" and entry["summary"]["files"] == 1
    assert entry["digests"]["file:nb.ipynb"].startswith("sha256:")
    assert sum(entry["summary"]["by_rule"].values()) == entry["summary"]["findings"] >= 3
    text = (tmp_path / "audit.jsonl").read_text()
    assert not any(value in text for value in planted.values())


def test_record_analysis_is_cited_by_the_card(tmp_path, wages, analyses):
    # Given a fairness analysis recorded in the log
    from secure_check.card import build_card
    from secure_check.core.trail import record_analysis

    log = tmp_path / "audit.jsonl"
    entry = record_analysis("fairness", wages["model"], wages["X"], analyses["fairness"], path=log)
    # When a card is built for the same model
    card = build_card(wages["model"], out_dir=tmp_path / "c", X=wages["X"], y=wages["y"], log=log)
    # Then the card cites that entry, and the entry counts the analysis findings by severity
    assert card.content["audit"]["entries"][0]["hash"] == entry["hash"]
    assert sum(entry["summary"]["by_severity"].values()) == len(analyses["fairness"].findings)
