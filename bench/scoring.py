"""Match findings to labels and count: recall, precision, false positives, look-alikes flagged."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

# A keyword rule may start its finding at the variable name, a little before the value.
SLACK_COLUMNS = 40
COMMON_PII = ("email", "phone", "us-ssn", "credit-card", "iban", "ip-address", "date-of-birth")
TARGETS = {
    "secret_recall": 0.93,
    "secret_precision": 0.987,
    "pii_recall": 0.87,
    "pii_precision": 0.80,
    "fp_per_100": 2.7,
    "lookalikes_flagged": 0,
}

Label = dict[str, Any]
FindingDict = dict[str, Any]


def index_labels(labels: list[Label]) -> dict[tuple[str, Any, str], list[int]]:
    by_loc: dict[tuple[str, Any, str], list[int]] = defaultdict(list)
    for i, lab in enumerate(labels):
        by_loc[(lab["notebook"], lab["cell"], lab["where"])].append(i)
    return by_loc


def in_span(f: FindingDict, span: list[Any]) -> bool:
    """Does the finding start inside the span (or just before it, on its first line)?"""
    kind, out, line, col, end_line, end_col = span
    if kind != f.get("kind") or out != f.get("output_index"):
        return False
    start = (line, col - SLACK_COLUMNS) if f["line"] == line else (line, col)
    return start <= (f["line"], f["column"]) < (end_line, end_col)


def matches(f: FindingDict, lab: Label) -> bool:
    if f["fingerprint"] in lab.get("fingerprints", ()):
        return True
    if any(in_span(f, s) for s in lab["spans"]):
        return True
    column = lab.get("column")
    return bool(
        column and f.get("output_index") == lab["output_index"] and column in f.get("message", "")
    )


def match_all(
    findings: Iterable[FindingDict], labels: list[Label]
) -> list[tuple[FindingDict, int | None]]:
    """Pair each finding with the label it hits, or None.

    A finding carries no metadata key, so two metadata spans may both hold its position.
    Candidates are ranked: fingerprint match, then true before look-alike, then same category;
    an ambiguous finding goes, in a second pass, to a candidate no other finding has taken.
    """
    by_loc = index_labels(labels)
    ranked = []
    for f in findings:
        cands = [
            i
            for i in by_loc.get((f["path"], f["cell_index"], f["where"]), [])
            if matches(f, labels[i])
        ]
        cands.sort(
            key=lambda i, f=f: (
                not _fingerprinted(f, labels[i]),
                labels[i]["lookalike"],
                labels[i]["category"] != f["category"],
            )
        )
        ranked.append((f, cands))
    taken = {c[0] for f, c in ranked if (c and _fingerprinted(f, labels[c[0]])) or len(c) == 1}
    return [(f, _pick(f, cands, taken, labels)) for f, cands in ranked]


def _fingerprinted(f: FindingDict, lab: Label) -> bool:
    return f["fingerprint"] in lab.get("fingerprints", ())


def _pick(f: FindingDict, cands: list[int], taken: set[int], labels: list[Label]) -> int | None:
    """The best candidate; an ambiguous finding takes the best one no finding has taken yet."""
    if not cands:
        return None
    first = cands[0]
    if len(cands) == 1 or _fingerprinted(f, labels[first]):
        return first
    free = [
        i for i in cands if i not in taken and labels[i]["lookalike"] == labels[first]["lookalike"]
    ]
    pick = free[0] if free else first
    taken.add(pick)
    return pick


def score(
    pairs: list[tuple[FindingDict, int | None]], labels: list[Label], notebooks: int
) -> dict[str, Any]:
    """The full quality report (numbers only; no raw values anywhere)."""
    found = {i for _, i in pairs if i is not None}
    fps = [f for f, i in pairs if i is None or labels[i]["lookalike"]]
    looks = {i for _, i in pairs if i is not None and labels[i]["lookalike"]}
    report = {
        "notebooks": notebooks,
        "findings": len(pairs),
        "labels": len(labels),
        "false_positives": len(fps),
        "fp_per_100": round(100 * len(fps) / max(notebooks, 1), 2),
        "lookalikes_flagged": len(looks),
        "lookalikes": sum(lab["lookalike"] for lab in labels),
        "lookalike_types_flagged": sorted(Counter(labels[i]["type"] for i in looks).items()),
    }
    for cat in ("secret", "pii"):
        report[cat] = _category(pairs, labels, found, cat)
    report["pii_common"] = _recall(labels, found, lambda lab: lab["type"] in COMMON_PII)
    report["pii_columns"] = _recall(labels, found, lambda lab: bool(lab.get("column")))
    report["types"] = _types(pairs, labels, found)
    report["places"] = _places(labels, found)
    report["rules"] = _rules(pairs, labels)
    missed = Counter(
        f"{lab['type']}@{lab['place']}"
        for i, lab in enumerate(labels)
        if not lab["lookalike"] and i not in found
    )
    report["missed"] = dict(missed.most_common())
    return report


def _recall(labels: list[Label], found: set[int], want: Any) -> dict[str, Any]:
    idx = [i for i, lab in enumerate(labels) if not lab["lookalike"] and want(lab)]
    hit = sum(i in found for i in idx)
    return {"labels": len(idx), "found": hit, "recall": round(hit / len(idx), 4) if idx else None}


def _category(
    pairs: list[tuple[FindingDict, int | None]], labels: list[Label], found: set[int], cat: str
) -> dict[str, Any]:
    mine = [(f, i) for f, i in pairs if f["category"] == cat]
    tp = sum(i is not None and not labels[i]["lookalike"] for _, i in mine)
    out = _recall(labels, found, lambda lab: lab["category"] == cat)
    out.update(
        findings=len(mine),
        true_positives=tp,
        false_positives=len(mine) - tp,
        precision=round(tp / len(mine), 4) if mine else None,
    )
    return out


def _types(
    pairs: list[tuple[FindingDict, int | None]], labels: list[Label], found: set[int]
) -> dict[str, Any]:
    """Per label type: recall; precision, each false positive charged to its rule's usual type."""
    tp: Counter[str] = Counter()
    rule_type: dict[str, Counter[str]] = defaultdict(Counter)
    for f, i in pairs:
        if i is not None and not labels[i]["lookalike"]:
            tp[labels[i]["type"]] += 1
            rule_type[f["rule"]][labels[i]["type"]] += 1
    fp: Counter[str] = Counter()
    for f, i in pairs:
        if i is None or labels[i]["lookalike"]:
            usual = rule_type.get(f["rule"])
            fp[usual.most_common(1)[0][0] if usual else f"rule:{f['rule']}"] += 1
    out = {}
    for t in sorted({lab["type"] for lab in labels if not lab["lookalike"]} | set(fp)):
        rec = _recall(labels, found, lambda lab, t=t: lab["type"] == t)
        n = tp[t] + fp[t]
        out[t] = {**rec, "false_positives": fp[t], "precision": round(tp[t] / n, 4) if n else None}
    return out


def _places(labels: list[Label], found: set[int]) -> dict[str, Any]:
    places = sorted({lab["place"] for lab in labels})
    return {p: _recall(labels, found, lambda lab, p=p: lab["place"] == p) for p in places}


def _rules(pairs: list[tuple[FindingDict, int | None]], labels: list[Label]) -> dict[str, Any]:
    out: dict[str, Counter[str]] = defaultdict(Counter)
    for f, i in pairs:
        state = "unlabelled" if i is None else "lookalike" if labels[i]["lookalike"] else "true"
        out[f["rule"]][state] += 1
    return {r: dict(c) for r, c in sorted(out.items())}
