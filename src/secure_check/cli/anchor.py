"""`secure-check anchor`: sign the audit log's head; and the `verify --anchor` check."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from secure_check.cli.exit import EXIT_OK, fail

MSG_ANCHORED = "anchored {log} at seq {seq} ({hash}) in {anchor}"
MSG_ANCHOR_OK = "OK anchor {anchor}: entries up to seq {seq} are the ones signed{later}"
MSG_LATER = "; {n} later entr{ies} not anchored yet"


def register(subparsers: Any, name: str) -> None:
    """Add the ``anchor`` subparser."""
    p = subparsers.add_parser(
        name,
        help="sign the audit log's head, so that dropped or rewritten entries are caught",
        description="Write <log>.anchor.json: the log's last entry, signed with the project key.",
    )
    p.add_argument("--key", required=True, metavar="KEY", help="private key (see keygen)")
    p.add_argument("--log", metavar="PATH", help="audit log (default .secure-check/audit.jsonl)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Sign the head of the log; 2 when the log is empty or broken or the key unusable."""
    from secure_check.card import anchor
    from secure_check.card.sign import load_private
    from secure_check.core import audit

    log = Path(args.log) if args.log else audit.default_path()
    try:
        pred = anchor.write(log, load_private(args.key))
    except (OSError, ValueError) as e:  # NOTE: UnsafePathError (a planted link) is a ValueError
        return fail(str(e))
    shown = anchor.path_for(log)
    print(MSG_ANCHORED.format(log=log, seq=pred["seq"], hash=pred["hash"][:12], anchor=shown))
    return EXIT_OK


def verify(log: Path, key: str, anchor_path: str) -> list[str]:
    """Return the problems ``verify --anchor`` finds (printing the OK line when none)."""
    from secure_check.card import anchor
    from secure_check.card.sign import load_public

    public = load_public(key)
    where = Path(anchor_path) if anchor_path else anchor.path_for(log)
    problems, seq, later = anchor.check(log, public, where)
    if not problems:
        note = MSG_LATER.format(n=later, ies="y is" if later == 1 else "ies are") if later else ""
        print(MSG_ANCHOR_OK.format(anchor=where, seq=seq, later=note))
    return problems
