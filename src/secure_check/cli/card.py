"""`secure-check card|keygen|verify`: write a signed model card, make keys, verify cards, logs."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from secure_check.cli.exit import EXIT_FINDINGS, EXIT_OK, fail

ERR_NO_PASSPHRASE = "environment variable {var} is not set (it should hold the key passphrase)"
ERR_VERIFY_ARGS = "give a card folder with --key PUB, or --log [PATH], or both"
ERR_NEEDS_KEY = "verifying a card needs --key PUB (the signer's public key)"
ERR_REGULATION = "cannot read --regulation {path}: {detail}"
MSG_KEYS = "wrote {key} (private, mode 0600{enc}) and {pub}"
MSG_CARD = "model card written to {folder} ({state})"
MSG_CARD_OK = "OK {folder}: signature by key {keyid}, {n} subject(s) match"
MSG_LOG_OK = "OK audit log {path}: {n} entries, chain intact"
MSG_FAILED = "FAILED: {problem}"
MSG_POLICY_OK = "OK policy {source}: no violations in the card's analyses"
MSG_POLICY = "policy: {message}"
ERR_POLICY_IN_CARD = (
    "policy {path} lies in the card folder, which the signature does not cover; "
    "give --policy PATH outside the card"
)
ERR_ANCHOR_NEEDS_KEY = "--anchor checks a signature: give the project's public key with --key"
ERR_POLICY_NEEDS_CARD = "--policy gates a card: give its folder (and --key)"


def register_card(subparsers: Any, name: str) -> None:
    """Add the ``card`` subparser.

    Parameters
    ----------
    subparsers
        What ``ArgumentParser.add_subparsers`` returned.
    name
        The subcommand's name (``card``).
    """
    p = subparsers.add_parser(name, help="write a (signed) model card for a saved model")
    p.add_argument("model", metavar="MODEL", help="model file (.skops, .joblib, .onnx...)")
    p.add_argument("--out", default="model-card", metavar="DIR", help="card folder (model-card)")
    p.add_argument("--name", help="model name (default: the file name)")
    p.add_argument(
        "--sign", metavar="KEY", help="private key (passphrase: $SECURE_CHECK_KEY_PASSPHRASE)"
    )
    p.add_argument("--notebook", metavar="NB", help="training notebook (digest and scan counts)")
    p.add_argument(
        "--data", action="append", default=[], metavar="FILE", help="dataset file (repeatable)"
    )
    p.add_argument("--regulation", metavar="JSON", help="regulation facts as a JSON object file")
    p.add_argument("--intended-use", dest="intended_use", metavar="TEXT")
    p.add_argument("--limitations", metavar="TEXT")
    p.add_argument("--log", metavar="PATH", help="audit log (default .secure-check/audit.jsonl)")
    p.set_defaults(func=run_card)


def register_keygen(subparsers: Any, name: str) -> None:
    """Add the ``keygen`` subparser.

    Parameters
    ----------
    subparsers
        What ``ArgumentParser.add_subparsers`` returned.
    name
        The subcommand's name (``keygen``).
    """
    p = subparsers.add_parser(name, help="create a signing key pair for model cards")
    p.add_argument("--out", required=True, metavar="DIR", help="folder for signing.key/.pub")
    p.add_argument("--type", choices=("ecdsa", "ed25519"), default="ecdsa", help="(ecdsa P-256)")
    p.add_argument("--passphrase-env", metavar="VAR", help="encrypt with the passphrase in $VAR")
    p.set_defaults(func=run_keygen)


def register_verify(subparsers: Any, name: str) -> None:
    """Add the ``verify`` subparser.

    Parameters
    ----------
    subparsers
        What ``ArgumentParser.add_subparsers`` returned.
    name
        The subcommand's name (``verify``).
    """
    p = subparsers.add_parser(name, help="verify a signed model card and/or the audit log")
    p.add_argument("folder", nargs="?", metavar="DIR", help="card folder (with card.dsse.json)")
    p.add_argument("--key", metavar="PUB", help="signer's public key (signing.pub)")
    p.add_argument(
        "--log",
        nargs="?",
        const="",
        default=None,
        metavar="PATH",
        help="check the audit log's chain (default .secure-check/audit.jsonl)",
    )
    p.add_argument(
        "--anchor",
        nargs="?",
        const="",
        default=None,
        metavar="PATH",
        help="require a signed anchor of the log's head (default <log>.anchor.json; needs --key)",
    )
    p.add_argument(
        "--policy",
        nargs="?",
        const="",
        default=None,
        metavar="PATH",
        help="gate the card's analyses with the policy at PATH, else the one of the project "
        "holding the card (never one inside the card folder)",
    )
    p.set_defaults(func=run_verify)


def run_card(args: argparse.Namespace) -> int:
    """Build the card from files; print where it went."""
    from secure_check.card.build import build_card

    try:
        card = build_card(
            Path(args.model), name=args.name, out_dir=args.out, notebook=args.notebook,
            datasets=[Path(d) for d in args.data] or None, regulation=_regulation(args.regulation),
            intended_use=args.intended_use, limitations=args.limitations, sign_key=args.sign,
            log=args.log,
        )  # fmt: skip
    except (OSError, ValueError, TypeError) as e:
        return fail(str(e))
    print(MSG_CARD.format(folder=card.folder, state="signed" if card.signed else "unsigned"))
    return EXIT_OK


def _regulation(path: str | None) -> dict[str, Any] | None:
    if path is None:
        return None
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise ValueError(ERR_REGULATION.format(path=path, detail=e)) from None
    if not isinstance(data, dict):
        raise ValueError(ERR_REGULATION.format(path=path, detail="not a JSON object"))
    return data


def run_keygen(args: argparse.Namespace) -> int:
    """Write a key pair."""
    from secure_check.card.sign import keygen

    passphrase = None
    if args.passphrase_env:
        passphrase = os.environ.get(args.passphrase_env)
        if not passphrase:
            return fail(ERR_NO_PASSPHRASE.format(var=args.passphrase_env))
    try:
        key, pub = keygen(args.out, key_type=args.type, passphrase=passphrase)
    except (OSError, ValueError) as e:
        return fail(str(e))
    print(MSG_KEYS.format(key=key, pub=pub, enc=", encrypted" if passphrase else ""))
    return EXIT_OK


def run_verify(args: argparse.Namespace) -> int:
    """Verify the card folder (signature, subjects) and/or the audit log; exit 1 on tampering."""
    if args.anchor is not None:
        if not args.key:
            return fail(ERR_ANCHOR_NEEDS_KEY)
        args.log = args.log if args.log is not None else ""
    if args.folder is None and args.log is None:
        return fail(ERR_VERIFY_ARGS)
    if args.policy is not None and args.folder is None:
        return fail(ERR_POLICY_NEEDS_CARD)
    if args.policy and _in_card(Path(args.policy), args.folder):
        return fail(ERR_POLICY_IN_CARD.format(path=args.policy))
    stmt: dict[str, Any] = {}
    problems: list[str] = []
    if args.folder is not None:
        outcome = _verify_card(args)
        if isinstance(outcome, int):
            return outcome
        stmt, problems = outcome
    if args.log is not None:
        cited = list(stmt.get("predicate", {}).get("audit", []))
        log_path = _log_path(args, stmt)
        problems += _verify_log(log_path, cited)
        if args.anchor is not None:
            problems += _verify_anchor(log_path, args)
    if args.policy is not None:
        gated = _policy(args, problems)
        if isinstance(gated, int):
            return gated
        problems += gated
    for problem in problems:
        print(MSG_FAILED.format(problem=problem), file=sys.stderr)
    return EXIT_FINDINGS if problems else EXIT_OK


def _verify_card(args: argparse.Namespace) -> int | tuple[dict[str, Any], list[str]]:
    """Check the envelope and subjects; an exit code on a usage error."""
    if not args.key:
        return fail(ERR_NEEDS_KEY)
    from secure_check.card.sign import load_public, verify_dir

    try:
        public = load_public(args.key)
    except ValueError as e:
        return fail(str(e))
    stmt, problems = verify_dir(args.folder, public)
    if stmt and not problems:
        n = len(stmt["subject"])
        print(MSG_CARD_OK.format(folder=args.folder, keyid=_keyid(public), n=n))
    return stmt, problems


def _log_path(args: argparse.Namespace, stmt: dict[str, Any]) -> str | None:
    """``--log PATH``, else the log the signed card names (relative to it), else the default."""
    if args.log:
        return str(args.log)
    recorded = stmt.get("predicate", {}).get("audit_log")
    if recorded and args.folder is not None and (Path(args.folder) / recorded).is_file():
        return str(Path(args.folder) / recorded)
    return None


def _policy(args: argparse.Namespace, problems: list[str]) -> int | list[str]:
    """Evaluate the verified card's analyses against the policy; an exit code on a bad policy."""
    from secure_check.core.policy import Policy, PolicyError

    if problems:
        return []  # NOTE: a card that failed verification is not worth gating
    try:
        # NOTE: never from the card folder: the signature does not cover a policy file there,
        # so the search starts at the folder holding the card
        card_dir = Path(args.folder).resolve()
        policy = Policy.load(args.policy or card_dir.parent)
    except PolicyError as e:
        return fail(str(e))
    for source in policy.sources:
        if _in_card(source, args.folder):
            return fail(ERR_POLICY_IN_CARD.format(path=source))
    card = json.loads((Path(args.folder) / "model-card.json").read_text(encoding="utf-8"))
    found = [MSG_POLICY.format(message=v.message) for v in policy.evaluate_card(card)]
    if not found:
        print(MSG_POLICY_OK.format(source=policy.shown))
    return found


def _in_card(path: Path, folder: str) -> bool:
    card_dir, real = Path(folder).resolve(), path.resolve()
    return real == card_dir or card_dir in real.parents


def _verify_anchor(path: str | None, args: argparse.Namespace) -> list[str]:
    from secure_check.cli import anchor
    from secure_check.core import audit

    try:
        return anchor.verify(Path(path) if path else audit.default_path(), args.key, args.anchor)
    except ValueError as e:  # NOTE: an unreadable public key
        return [str(e)]


def _keyid(public: Any) -> str:
    from secure_check.card.sign import keyid

    return keyid(public)[:16]


def _verify_log(path: str | None, cited: list[dict[str, Any]]) -> list[str]:
    from secure_check.core import audit

    log = Path(path) if path else audit.default_path()
    problems = audit.verify(log, cited=cited)
    if not problems:
        print(MSG_LOG_OK.format(path=log, n=len(audit.read(log))))
    return problems
