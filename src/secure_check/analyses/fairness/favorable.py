"""Which label is the favourable outcome: given by the user, inferred from plain words, or assumed.

"Selected" only means something once we know whether the label is good for the person: on a
recidivism data set 1 = reoffended, so the larger label is the harmful one. We infer only when
the labels say it in words (approved/denied, good/bad); otherwise the larger label is assumed and
the result says so.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

FAVORABLE_WORDS = frozenset(
    {
        "good",
        "approved",
        "approve",
        "accepted",
        "accept",
        "granted",
        "hired",
        "pass",
        "passed",
        "admitted",
        "paid",
        "repaid",
        ">50k",
        "favorable",
        "favourable",
    }
)
UNFAVORABLE_WORDS = frozenset(
    {
        "bad",
        "denied",
        "deny",
        "rejected",
        "reject",
        "refused",
        "not hired",
        "fail",
        "failed",
        "default",
        "defaulted",
        "<=50k",
        "unfavorable",
        "unfavourable",
    }
)
BOTH_GIVEN = "pos_label={pos!r} and favorable_label={fav!r} disagree: give one of them"
ASSUMED = (
    "No favourable label was given, so {label!r} (the larger of {labels}) is treated as the "
    "favourable outcome that 'selected' refers to. If {label!r} is harmful to the person "
    "(reoffended, denied, defaulted), the selection-rate findings read the other way round: "
    "pass pos_label= (or --favorable) to say which outcome is good."
)
INFERRED = "{label!r} is treated as the favourable outcome: the labels {labels} say so in words."
GIVEN = "{label!r} is the favourable outcome, as given."


class Favorable(NamedTuple):
    """The favourable label, how it was chosen (given/inferred/assumed) and the note saying so."""

    label: Any
    source: str
    note: str


def merge(pos_label: Any, favorable_label: Any) -> Any:
    """Return the one label the user named through either keyword (both must agree)."""
    if pos_label is not None and favorable_label is not None:
        if str(pos_label) != str(favorable_label):
            raise ValueError(BOTH_GIVEN.format(pos=pos_label, fav=favorable_label))
    return favorable_label if favorable_label is not None else pos_label


def choose(raw: np.ndarray, given: Any, find: Any) -> Favorable:
    """Pick the favourable label of the two in ``raw``; ``find`` matches a given one."""
    labels = [_plain(v) for v in raw]
    if given is not None:
        label = _plain(find(raw, given))
        return Favorable(label, "given", GIVEN.format(label=label))
    words = [str(v).strip().lower() for v in raw]
    good = [i for i, w in enumerate(words) if w in FAVORABLE_WORDS]
    bad = [i for i, w in enumerate(words) if w in UNFAVORABLE_WORDS]
    if len(good) == 1 and len(bad) == len(words) - 1 and good[0] not in bad:
        label = labels[good[0]]
        return Favorable(label, "inferred", INFERRED.format(label=label, labels=labels))
    label = labels[-1]
    return Favorable(label, "assumed", ASSUMED.format(label=label, labels=labels))


def _plain(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value
