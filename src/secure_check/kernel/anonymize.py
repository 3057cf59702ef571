"""`%secure_check anonymize`: pick columns and methods, get the key, run the engine, store."""

from __future__ import annotations

import argparse
from typing import Any

from secure_check.anonymize.methods import anonymize
from secure_check.anonymize.pseudonym import load_key
from secure_check.kernel import tabular
from secure_check.kernel.models import resolve
from secure_check.kernel.views import Table

ERR_BAD_INTO = "--into must be a Python identifier, got {name!r}"


def run(state: Any, ns: dict[str, Any], args: argparse.Namespace) -> Table:
    """Anonymise ``args.var`` into ``args.into`` (default ``<var>_anon``); describe the result."""
    into = args.into or f"{args.var.split('[')[0].split('.')[-1]}_anon"
    if not into.isidentifier():
        raise ValueError(ERR_BAD_INTO.format(name=into))
    frame = tabular.to_frame(resolve(ns, args.var), args.var, "anonymize")
    rows = _profile(frame, state.settings.values.pii_sample_rows, needed=not args.columns)
    plan, quasi = tabular.plan_columns(frame, rows, args.columns, args.method)
    if not plan:
        raise ValueError(tabular.ERR_NOTHING_TO_DO.format(name=args.var))
    key, key_source = load_key() if "hash" in plan.values() else (None, "(no hashing)")
    k_target = args.k or state.settings.values.k_target
    result = anonymize(
        frame,
        plan,
        key=key,
        quasi_identifiers=quasi,
        k_target=k_target,
        reach_k=not args.keep_detail,
    )
    ns[into] = result.frame
    return tabular.anonymize_table(result, args.var, into, key_source)


def _profile(frame: Any, sample_rows: int, *, needed: bool) -> list[dict[str, Any]]:
    try:
        return tabular.profile(frame, sample_rows)
    except ImportError:
        if needed:
            raise
        return []  # NOTE: with --columns given, header rules alone find the quasi-identifiers
