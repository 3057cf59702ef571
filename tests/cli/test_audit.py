"""A CLI scan appends a value-free, verifiable entry to the hash-chained audit log."""

import json

from secure_check.cli.main import main
from secure_check.core import audit


def test_scan_appends_a_verifiable_entry_without_values(
    leaky_nb, planted, _private_audit_log, capsys
):
    # When
    code = main(["scan", str(leaky_nb), "--format", "json", "--no-progress"])
    capsys.readouterr()
    # Then
    assert code == 1
    entries = audit.read(_private_audit_log)
    assert [e["action"] for e in entries] == ["scan"]
    assert entries[0]["summary"]["findings"] > 0
    assert audit.verify(_private_audit_log) == []
    text = _private_audit_log.read_text()
    assert not [k for k, v in planted.items() if v in text]


def test_no_audit_leaves_the_log_alone(leaky_nb, _private_audit_log, capsys):
    main(["scan", str(leaky_nb), "--format", "json", "--no-progress", "--no-audit"])
    capsys.readouterr()
    assert not _private_audit_log.exists()


def test_a_second_scan_chains_to_the_first(leaky_nb, _private_audit_log, capsys):
    for _ in range(2):
        main(["scan", str(leaky_nb), "--format", "json", "--no-progress"])
    capsys.readouterr()
    first, second = audit.read(_private_audit_log)
    assert second["prev_hash"] == first["hash"]
    json.dumps(second)  # JSON-serialisable as written


def test_the_entry_binds_the_digest_of_the_bytes_scanned(leaky_nb, _private_audit_log, capsys):
    import hashlib

    main(["scan", str(leaky_nb), "--format", "json", "--no-progress"])
    capsys.readouterr()
    (entry,) = audit.read(_private_audit_log)
    want = "sha256:" + hashlib.sha256(leaky_nb.read_bytes()).hexdigest()
    assert want in entry["digests"].values()
