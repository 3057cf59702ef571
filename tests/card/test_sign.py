"""Signing and verification: keygen, DSSE/PAE, tampering with each subject or the envelope."""

from __future__ import annotations

import base64
import json
import shutil
import stat

import pytest

from secure_check.card import sign
from secure_check.cli.main import main

SUBJECTS = ("model.skops", "README.md", "model-card.json", "model-card.html", "../train.ipynb")


def _copy(signed_card, tmp_path):
    """A private copy of the project (card folder + notebook) that a test may damage."""
    root = tmp_path / "project"
    shutil.copytree(signed_card["root"], root)
    return root / "card"


def _flip(path, offset=None):
    data = bytearray(path.read_bytes())
    i = len(data) // 2 if offset is None else offset
    data[i] ^= 0x01
    path.write_bytes(bytes(data))


def test_pae_matches_the_dsse_spec_example():
    # Given the example from the DSSE protocol document
    # When it is encoded
    got = sign.pae("http://example.com/HelloWorld", b"hello world")
    # Then it is byte-for-byte the spec's encoding
    assert got == b"DSSEv1 29 http://example.com/HelloWorld 11 hello world"


@pytest.mark.parametrize("key_type", sign.KEY_TYPES)
def test_keygen_writes_a_private_key_only_its_owner_reads(tmp_path, key_type):
    # Given an empty folder
    # When a key pair is generated
    key, pub = sign.keygen(tmp_path, key_type=key_type)
    # Then the private key is 0600 and both keys load back as the right type
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert sign.keyid(sign.load_private(key).public_key()) == sign.keyid(sign.load_public(pub))
    with pytest.raises(FileExistsError, match="refusing to overwrite"):
        sign.keygen(tmp_path, key_type=key_type)


def test_encrypted_key_needs_its_passphrase(tmp_path, monkeypatch):
    # Given a passphrase-encrypted key
    key, _ = sign.keygen(tmp_path, passphrase="correct horse")
    assert b"ENCRYPTED" in key.read_bytes()
    # Then it loads with the passphrase (argument or environment) and not without it
    assert sign.load_private(key, "correct horse") is not None
    monkeypatch.setenv(sign.PASSPHRASE_ENV, "correct horse")
    assert sign.load_private(key) is not None
    monkeypatch.delenv(sign.PASSPHRASE_ENV)
    with pytest.raises(ValueError, match="cannot read key"):
        sign.load_private(key)
    with pytest.raises(ValueError, match="cannot read key"):
        sign.load_private(key, "wrong")


def test_a_passphrase_in_the_environment_does_not_break_a_plain_key(tmp_path, monkeypatch):
    # Given an unencrypted key and a passphrase set for some other key
    key, _ = sign.keygen(tmp_path)
    monkeypatch.setenv(sign.PASSPHRASE_ENV, "for another key")
    # Then the plain key still loads
    assert sign.load_private(key) is not None


def test_other_key_types_are_refused(tmp_path):
    # Given an RSA key (not a P-256 or Ed25519 key)
    from cryptography.hazmat.primitives import serialization as ser
    from cryptography.hazmat.primitives.asymmetric import rsa

    pem = rsa.generate_private_key(public_exponent=65537, key_size=2048).private_bytes(
        ser.Encoding.PEM, ser.PrivateFormat.PKCS8, ser.NoEncryption()
    )
    (tmp_path / "rsa.key").write_bytes(pem)
    # Then loading it names the problem
    with pytest.raises(ValueError, match="expected an ECDSA P-256 or Ed25519 key"):
        sign.load_private(tmp_path / "rsa.key")


def test_signed_card_verifies(signed_card, capsys):
    # Given an untouched signed card
    card = signed_card["card"]
    # When it is verified with the signer's public key (and the audit log)
    rc = main(["verify", str(card.folder), "--key", str(signed_card["pub"]),
               "--log", str(signed_card["log"])])  # fmt: skip
    # Then every subject matches and the chain is intact
    out = capsys.readouterr().out
    assert rc == 0, out
    assert f"{len(SUBJECTS)} subject(s) match" in out and "chain intact" in out


def test_statement_is_in_toto_v1_in_a_dsse_envelope(signed_card):
    # Given the envelope
    env = json.loads((signed_card["card"].folder / sign.ENVELOPE_NAME).read_text())
    stmt = json.loads(base64.b64decode(env["payload"]))
    # Then it follows in-toto Statement v1 and names every subject with its sha256
    assert env["payloadType"] == "application/vnd.in-toto+json"
    assert stmt["_type"] == "https://in-toto.io/Statement/v1"
    assert stmt["predicateType"] == sign.PREDICATE_TYPE
    assert sorted(s["name"] for s in stmt["subject"]) == sorted(SUBJECTS)
    assert all(len(s["digest"]["sha256"]) == 64 for s in stmt["subject"])
    assert stmt["predicate"]["audit"][-1]["action"] == "card"
    # And the optional OpenSSF co-signature is reported, not attempted, without the package
    status = signed_card["card"].content["signature"]["model_signing"]
    assert status == "not installed" and "model-signing: not installed" in _readme(signed_card)


def _readme(signed_card):
    return (signed_card["card"].folder / "README.md").read_text()


@pytest.mark.parametrize("subject", SUBJECTS)
def test_one_flipped_byte_in_a_subject_is_named(signed_card, tmp_path, capsys, subject):
    # Given a copy of the card with one byte of one subject flipped
    folder = _copy(signed_card, tmp_path)
    _flip(folder / subject)
    # When it is verified
    rc = main(["verify", str(folder), "--key", str(signed_card["pub"])])
    # Then it fails naming that subject, and only that one
    err = capsys.readouterr().err
    assert rc == 1
    assert f"subject {subject} changed" in err and err.count("FAILED") == 1


def test_a_removed_subject_is_named(signed_card, tmp_path, capsys):
    # Given a copy whose model file was deleted
    folder = _copy(signed_card, tmp_path)
    (folder / "model.skops").unlink()
    # Then verification names the missing file
    assert main(["verify", str(folder), "--key", str(signed_card["pub"])]) == 1
    assert "subject model.skops is missing" in capsys.readouterr().err


@pytest.mark.parametrize("where", ["payload", "signature", "json"])
def test_one_flipped_byte_in_the_envelope_fails(signed_card, tmp_path, capsys, where):
    # Given a copy whose envelope has one byte changed in the payload, the signature or its JSON
    folder = _copy(signed_card, tmp_path)
    path = folder / sign.ENVELOPE_NAME
    text = path.read_text()
    env = json.loads(text)
    field = {"payload": env["payload"], "signature": env["signatures"][0]["sig"], "json": text}[
        where
    ]
    anchor = {"json": 0}.get(where, text.index(field) + len(field) // 2)
    _flip(path, anchor)
    # When it is verified
    rc = main(["verify", str(folder), "--key", str(signed_card["pub"])])
    # Then it fails, naming the envelope
    err = capsys.readouterr().err
    assert rc == 1
    assert sign.ENVELOPE_NAME in err and ("bad signature" in err or "is damaged" in err)


def test_verify_log_defaults_to_the_log_the_card_names(signed_card, tmp_path, capsys):
    # Given a copy of the project whose log lost the entry the card cites
    folder = _copy(signed_card, tmp_path)
    log = folder.parent / "audit.jsonl"
    log.write_text("")
    # When the card is verified with a bare --log (no path)
    rc = main(["verify", str(folder), "--key", str(signed_card["pub"]), "--log"])
    # Then the card's own log was checked, and the missing citation is reported
    assert rc == 1
    assert "cited entry seq" in capsys.readouterr().err


def test_another_public_key_is_reported_as_the_wrong_key(signed_card, tmp_path, capsys):
    # Given the card verified with somebody else's public key
    _, other = sign.keygen(tmp_path / "other", key_type="ed25519")
    # When it is verified
    rc = main(["verify", str(signed_card["card"].folder), "--key", str(other)])
    # Then it fails saying the key is wrong
    assert rc == 1
    assert "wrong key" in capsys.readouterr().err


def test_ed25519_signed_card_verifies_and_detects_tampering(tmp_path, wages):
    # Given a card signed with an Ed25519 key
    from secure_check.card import build_card

    key, pub = sign.keygen(tmp_path / "k", key_type="ed25519")
    card = build_card(wages["model"], out_dir=tmp_path / "c", sign_key=key, log=tmp_path / "a")
    assert card.content["signature"]["algorithm"] == "ed25519"
    # Then it verifies, and fails once its markdown changes
    assert sign.verify_dir(card.folder, sign.load_public(pub))[1] == []
    (card.folder / "README.md").write_text("edited")
    assert "subject README.md changed" in sign.verify_dir(card.folder, sign.load_public(pub))[1][0]


def test_verify_reports_an_unsigned_card(tmp_path, wages, keys, capsys):
    # Given an unsigned card
    from secure_check.card import build_card

    card = build_card(wages["model"], out_dir=tmp_path / "c", log=tmp_path / "a")
    # Then verify fails saying there is no envelope
    assert main(["verify", str(card.folder), "--key", str(keys[1])]) == 1
    assert "no signature envelope" in capsys.readouterr().err


@pytest.mark.parametrize("claim_real_keyid", [False, True], ids=["own-keyid", "forged-keyid"])
def test_an_attacker_re_signing_edited_files_is_caught(signed_card, tmp_path, claim_real_keyid):
    # Given a copy whose README was edited and whose statement was re-signed by another key
    folder = _copy(signed_card, tmp_path)
    (folder / "README.md").write_text("# A better-looking card\n")
    env = json.loads((folder / sign.ENVELOPE_NAME).read_text())
    stmt = json.loads(base64.b64decode(env["payload"]))
    for subject in stmt["subject"]:
        subject["digest"]["sha256"] = sign.sha256_file((folder / subject["name"]).resolve())
    attacker, _ = sign.keygen(tmp_path / "attacker")
    forged = sign.sign_statement(stmt, sign.load_private(attacker))
    if claim_real_keyid:
        forged["signatures"][0]["keyid"] = env["signatures"][0]["keyid"]
    (folder / sign.ENVELOPE_NAME).write_text(json.dumps(forged))
    # When it is verified with the real signer's public key
    _, problems = sign.verify_dir(folder, sign.load_public(signed_card["pub"]))
    # Then it is refused: by key id, or because the signature does not verify
    expected = "bad signature" if claim_real_keyid else "wrong key"
    assert len(problems) == 1 and problems[0].startswith(expected)


@pytest.mark.parametrize(
    ("policy", "rc", "expected"),
    [
        ('fail-on = "never"\n', 0, "OK policy"),
        ('fail-on = "never"\n[fairness]\nmin-ratio = 0.8\n', 1, "policy: fairness "),
        ('fail-on = "high"\n', 1, "policy: fairness finding 'demographic_parity_difference'"),
        ('fail-on = "never"\nbogus = 1\n', 2, "unknown key 'bogus'"),
    ],
    ids=["passes", "ratio-floor", "high-findings", "bad-policy"],
)
def test_verify_gates_the_card_with_the_project_policy(
    signed_card, tmp_path, capsys, policy, rc, expected
):
    # Given a verified card in a project whose secure-check.toml sets limits
    folder = _copy(signed_card, tmp_path)
    (folder.parent / "secure-check.toml").write_text(policy)
    # When it is verified with --policy
    got = main(["verify", str(folder), "--key", str(signed_card["pub"]), "--policy"])
    # Then the card's analyses pass or fail the policy, by its own words
    out = capsys.readouterr()
    assert got == rc, out
    assert expected in out.out + out.err


def test_policy_needs_a_card(capsys):
    # Given --policy without a card folder
    # Then it is a usage error
    assert main(["verify", "--log", "--policy"]) == 2
    assert "--policy gates a card" in capsys.readouterr().err
