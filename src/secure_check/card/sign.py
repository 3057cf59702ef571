"""Offline signing: in-toto Statement v1 in a DSSE envelope (ECDSA P-256 default, Ed25519).

The envelope follows the DSSE spec: the signature covers
``PAE(payloadType, payload) = "DSSEv1" SP len(type) SP type SP len(body) SP body``.
A key's id is the SHA-256 of its DER SubjectPublicKeyInfo.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from secure_check.core import files
from secure_check.core.digests import sha256_file

STATEMENT_TYPE = "https://in-toto.io/Statement/v1"
PREDICATE_TYPE = "https://secure-check.dev/model-card/v1"
PAYLOAD_TYPE = "application/vnd.in-toto+json"
ENVELOPE_NAME = "card.dsse.json"
KEY_NAME, PUB_NAME = "signing.key", "signing.pub"
KEY_TYPES = ("ecdsa", "ed25519")
PASSPHRASE_ENV = "SECURE_CHECK_KEY_PASSPHRASE"

ERR_KEY_TYPE = "key type must be one of {types}, not {value!r}"
ERR_KEY_EXISTS = "{path} already exists: refusing to overwrite a signing key"
ERR_KEY_READ = "cannot read key {path}: {detail}"
ERR_KEY_KIND = "{path} holds a {kind} key; expected an ECDSA P-256 or Ed25519 key"
ERR_NO_ENVELOPE = "no signature envelope {path} (the card was not signed)"
ERR_ENVELOPE = "envelope {name} is damaged: {detail}"
ERR_PAYLOAD_TYPE = "envelope {name} has payloadType {got!r}, expected {want!r}"
ERR_WRONG_KEY = "wrong key: the card was signed by key {signed}, not by {given}"
ERR_BAD_SIG = "bad signature: envelope {name} was changed after signing or the key does not match"
ERR_STATEMENT = "statement in {name} is not an in-toto Statement v1 ({detail})"
ERR_UNSIGNED = "{name} in {folder} is not covered by the signature (remove it or re-sign the card)"
ERR_SUBJECT_MISSING = "subject {name} is missing ({path})"
ERR_SUBJECT_CHANGED = "subject {name} changed: sha256 {got}, signed {want}"


def pae(payload_type: str, payload: bytes) -> bytes:
    """DSSE pre-authentication encoding of ``payload``."""
    kind = payload_type.encode("utf-8")
    return b"DSSEv1 %d %s %d %s" % (len(kind), kind, len(payload), payload)


def keygen(
    out_dir: str | os.PathLike[str], *, key_type: str = "ecdsa", passphrase: str | None = None
) -> tuple[Path, Path]:
    """Write ``signing.key`` (mode 0600, encrypted when ``passphrase``) and ``signing.pub``.

    Returns
    -------
    (Path, Path)
        The private and the public key files.
    """
    from cryptography.hazmat.primitives import serialization as ser
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519

    if key_type not in KEY_TYPES:
        raise ValueError(ERR_KEY_TYPE.format(types=", ".join(KEY_TYPES), value=key_type))
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    key_path, pub_path = out / KEY_NAME, out / PUB_NAME
    for path in (key_path, pub_path):
        if path.exists():
            raise FileExistsError(ERR_KEY_EXISTS.format(path=path))
    key: Any = (
        ec.generate_private_key(ec.SECP256R1())
        if key_type == "ecdsa"
        else (ed25519.Ed25519PrivateKey.generate())
    )
    crypt: Any = ser.NoEncryption()
    if passphrase:
        crypt = ser.BestAvailableEncryption(passphrase.encode("utf-8"))
    pem = key.private_bytes(ser.Encoding.PEM, ser.PrivateFormat.PKCS8, crypt)
    # NOTE: write_file creates 0600 and refuses a link planted at either name
    files.write_file(KEY_NAME, pem, root=out, mode=0o600)
    files.write_file(PUB_NAME, _public_pem(key.public_key()), root=out, mode=0o644)
    return key_path, pub_path


def _public_pem(public: Any) -> bytes:
    from cryptography.hazmat.primitives import serialization as ser

    return bytes(public.public_bytes(ser.Encoding.PEM, ser.PublicFormat.SubjectPublicKeyInfo))


def keyid(public: Any) -> str:
    """SHA-256 (hex) of the public key's DER SubjectPublicKeyInfo."""
    from cryptography.hazmat.primitives import serialization as ser

    der = public.public_bytes(ser.Encoding.DER, ser.PublicFormat.SubjectPublicKeyInfo)
    return hashlib.sha256(der).hexdigest()


def load_private(path: str | os.PathLike[str], passphrase: str | None = None) -> Any:
    """Load a PEM private key; the passphrase defaults to ``$SECURE_CHECK_KEY_PASSPHRASE``."""
    from cryptography.hazmat.primitives import serialization as ser

    secret = passphrase if passphrase is not None else os.environ.get(PASSPHRASE_ENV)
    try:
        data = Path(path).read_bytes()
        if b"ENCRYPTED" not in data:
            secret = None  # NOTE: a passphrase in the environment must not break a plain key
        key = ser.load_pem_private_key(data, secret.encode("utf-8") if secret else None)
    except (OSError, ValueError, TypeError) as e:
        raise ValueError(ERR_KEY_READ.format(path=path, detail=_reason(e))) from None
    return _checked(key, path)


def load_public(path: str | os.PathLike[str]) -> Any:
    """Load a PEM public key (ECDSA P-256 or Ed25519)."""
    from cryptography.hazmat.primitives import serialization as ser

    try:
        key = ser.load_pem_public_key(Path(path).read_bytes())
    except (OSError, ValueError) as e:
        raise ValueError(ERR_KEY_READ.format(path=path, detail=_reason(e))) from None
    return _checked(key, path)


def _reason(error: Exception) -> str:
    # NOTE: never echo key material; the exception type and first line are enough
    return f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}".strip()


def _checked(key: Any, path: Any) -> Any:
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519

    if isinstance(key, (ed25519.Ed25519PrivateKey, ed25519.Ed25519PublicKey)):
        return key
    if isinstance(key, (ec.EllipticCurvePrivateKey, ec.EllipticCurvePublicKey)):
        if isinstance(key.curve, ec.SECP256R1):
            return key
    raise ValueError(ERR_KEY_KIND.format(path=path, kind=type(key).__name__))


def statement(subjects: Mapping[str, str], predicate: Mapping[str, Any]) -> dict[str, Any]:
    """Return an in-toto Statement v1 over ``{name: sha256 hex}`` subjects."""
    return {
        "_type": STATEMENT_TYPE,
        "subject": [{"name": n, "digest": {"sha256": d}} for n, d in sorted(subjects.items())],
        "predicateType": PREDICATE_TYPE,
        "predicate": dict(predicate),
    }


def sign_statement(stmt: Mapping[str, Any], key: Any) -> dict[str, Any]:
    """Wrap ``stmt`` in a DSSE envelope signed with ``key`` (a loaded private key)."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec

    payload = json.dumps(stmt, sort_keys=True, separators=(",", ":")).encode("utf-8")
    message = pae(PAYLOAD_TYPE, payload)
    if isinstance(key, ec.EllipticCurvePrivateKey):
        sig = key.sign(message, ec.ECDSA(hashes.SHA256()))
    else:
        sig = key.sign(message)
    return {
        "payloadType": PAYLOAD_TYPE,
        "payload": base64.b64encode(payload).decode("ascii"),
        "signatures": [
            {"keyid": keyid(key.public_key()), "sig": base64.b64encode(sig).decode("ascii")}
        ],
    }


def verify_dir(card_dir: str | os.PathLike[str], public: Any) -> tuple[dict[str, Any], list[str]]:
    """Check the envelope's signature with ``public`` and every subject's digest.

    Returns
    -------
    (dict, list of str)
        The statement (empty when the envelope failed) and the problems found.
    """
    folder = Path(card_dir)
    path = folder / ENVELOPE_NAME
    if not path.is_file():
        return {}, [ERR_NO_ENVELOPE.format(path=path)]
    try:
        stmt = open_envelope(path.read_bytes(), public)
    except ValueError as e:
        return {}, [str(e)]
    return stmt, check_subjects(folder, stmt["subject"]) + unsigned_files(folder, stmt["subject"])


def unsigned_files(folder: Path, subjects: Sequence[Mapping[str, Any]]) -> list[str]:
    """Name every file in the card folder the statement does not cover (the envelope aside).

    A dropped ``model.pkl``, ``extra.html`` or ``secure-check.toml`` would otherwise ride along
    with a card that verifies; links are listed too and never followed.
    """
    covered = {str(s.get("name")) for s in subjects} | {ENVELOPE_NAME}
    problems = []
    for here, dirs, names in os.walk(folder):
        base = Path(here)
        links = [d for d in dirs if (base / d).is_symlink()]
        for name in sorted([*names, *links]):
            rel = (base / name).relative_to(folder).as_posix()
            if rel not in covered:
                problems.append(ERR_UNSIGNED.format(name=rel, folder=folder))
    return problems


def open_envelope(data: bytes, public: Any, name: str = ENVELOPE_NAME) -> dict[str, Any]:
    """Verify a DSSE envelope and return its in-toto statement; raise ``ValueError`` if bad."""
    try:
        env = json.loads(data.decode("utf-8"))
        payload = base64.b64decode(env["payload"], validate=True)
        sigs = [(s["keyid"], base64.b64decode(s["sig"], validate=True)) for s in env["signatures"]]
        payload_type = env["payloadType"]
    except (UnicodeDecodeError, ValueError, KeyError, TypeError) as e:
        raise ValueError(ERR_ENVELOPE.format(name=name, detail=_reason(e))) from None
    if payload_type != PAYLOAD_TYPE:
        raise ValueError(ERR_PAYLOAD_TYPE.format(name=name, got=payload_type, want=PAYLOAD_TYPE))
    mine = keyid(public)
    if sigs and all(k != mine for k, _ in sigs):
        raise ValueError(ERR_WRONG_KEY.format(signed=sigs[0][0][:16], given=mine[:16]))
    message = pae(payload_type, payload)
    if not any(k == mine and _valid(public, sig, message) for k, sig in sigs):
        raise ValueError(ERR_BAD_SIG.format(name=name))
    return _statement(payload, name)


def _valid(public: Any, sig: bytes, message: bytes) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec

    try:
        if isinstance(public, ec.EllipticCurvePublicKey):
            public.verify(sig, message, ec.ECDSA(hashes.SHA256()))
        else:
            public.verify(sig, message)
    except InvalidSignature:
        return False
    return True


def _statement(payload: bytes, name: str) -> dict[str, Any]:
    try:
        stmt = json.loads(payload)
        ok = stmt["_type"] == STATEMENT_TYPE and isinstance(stmt["subject"], list)
    except (ValueError, KeyError, TypeError) as e:
        raise ValueError(ERR_STATEMENT.format(name=name, detail=_reason(e))) from None
    if not ok:
        raise ValueError(ERR_STATEMENT.format(name=name, detail="wrong _type or subject"))
    return dict(stmt)


def check_subjects(folder: Path, subjects: Sequence[Mapping[str, Any]]) -> list[str]:
    """Compare each subject's SHA-256 with the file it names (relative to ``folder``)."""
    problems = []
    for subject in subjects:
        name, want = str(subject["name"]), str(subject["digest"]["sha256"])
        path = (folder / name).resolve()
        if not path.is_file():
            problems.append(ERR_SUBJECT_MISSING.format(name=name, path=path))
            continue
        got = sha256_file(path)
        if got != want:
            problems.append(ERR_SUBJECT_CHANGED.format(name=name, got=got[:16], want=want[:16]))
    return problems
