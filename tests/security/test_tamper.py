"""An audit log that verified after tampering: the signed anchor of its head (issue 12).

The hash chain alone says "intact" after the last lines are dropped, the file is emptied, or an
entry is edited with every later hash recomputed; a signed anchor of the head catches all three.
"""

from __future__ import annotations

import json

import pytest

from secure_check.cli import main
from secure_check.core import audit


@pytest.fixture
def anchored(tmp_path):
    from secure_check.card.sign import keygen

    key, pub = keygen(tmp_path / "keys")
    log = tmp_path / "proj" / ".secure-check" / "audit.jsonl"
    for n in range(4):
        audit.append("scan", path=log, files=n, findings=n * 2)
    assert main(["anchor", "--key", str(key), "--log", str(log)]) == 0
    return log, key, pub


def verify(log, pub, *extra):
    return main(["verify", "--log", str(log), "--key", str(pub), "--anchor", *extra])


def _rewrite(log):
    """Edit entry 1 and recompute every later hash: the chain alone stays intact."""
    entries = audit.read(log)
    entries[1]["summary"]["findings"] = 0
    prev = entries[0]["hash"]
    for entry in entries[1:]:
        entry["prev_hash"] = prev
        entry["hash"] = prev = audit.entry_hash(entry)
    log.write_text("".join(json.dumps(e) + "\n" for e in entries))


def _drop_last(log):
    log.write_text("".join(log.read_text().splitlines(keepends=True)[:-1]))


def _empty(log):
    log.write_text("")


@pytest.mark.parametrize("tamper", [_drop_last, _empty, _rewrite])
def test_tampering_the_chain_cannot_hide_is_caught_by_the_anchor(anchored, tamper, capsys):
    log, _, pub = anchored
    assert verify(log, pub) == 0
    tamper(log)
    if tamper is not _empty:  # NOTE: the chain alone is fooled; that is why the anchor exists
        assert audit.verify(log) == []
    capsys.readouterr()
    assert verify(log, pub) == 1
    assert "no longer holds entry seq 3" in capsys.readouterr().err


def test_entries_after_the_anchor_are_named_as_not_yet_anchored(anchored, capsys):
    log, _, pub = anchored
    audit.append("scan", path=log, files=9)
    capsys.readouterr()
    assert verify(log, pub) == 0
    assert "1 later entry is not anchored yet" in capsys.readouterr().out


def test_a_missing_or_foreign_anchor_fails(anchored, tmp_path, capsys):
    from secure_check.card.sign import keygen

    log, _, pub = anchored
    other_key, _ = keygen(tmp_path / "other")
    # An anchor signed with a key that is not the project's
    assert main(["anchor", "--key", str(other_key), "--log", str(log)]) == 0
    assert verify(log, pub) == 1
    assert "wrong key" in capsys.readouterr().err
    # No anchor at all, when one is required
    (log.parent / "audit.anchor.json").unlink()
    assert verify(log, pub) == 1
    assert "no signed anchor" in capsys.readouterr().err


def test_a_broken_chain_is_not_anchored(tmp_path, capsys):
    from secure_check.card.sign import keygen

    key, _ = keygen(tmp_path / "keys")
    log = tmp_path / "audit.jsonl"
    audit.append("scan", path=log, files=1)
    audit.append("scan", path=log, files=2)
    _drop_first(log)
    assert main(["anchor", "--key", str(key), "--log", str(log)]) == 2
    assert "cannot be anchored" in capsys.readouterr().err


def _drop_first(log):
    log.write_text("".join(log.read_text().splitlines(keepends=True)[1:]))
