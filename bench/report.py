"""Compact text tables of the quality and speed reports (what bench/results/latest.txt holds)."""

from __future__ import annotations

from typing import Any

from bench.scoring import TARGETS


def pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.1f}%"


def _ok(flag: bool) -> str:
    return "ok" if flag else "MISS"


def _headline(r: dict[str, Any]) -> list[str]:
    ds = r.get("detect_secrets") or {}
    s, p, pc = r["secret"], r["pii"], r["pii_common"]
    rows = [
        (
            "secrets recall",
            pct(s["recall"]),
            "> 93%",
            (s["recall"] or 0) > TARGETS["secret_recall"],
            pct(ds.get("secret_recall")),
        ),
        (
            "secrets precision",
            pct(s["precision"]),
            "> 98.7%",
            (s["precision"] or 0) > TARGETS["secret_precision"],
            "",
        ),
        (
            "PII recall (common kinds)",
            pct(pc["recall"]),
            "> 87%",
            (pc["recall"] or 0) > TARGETS["pii_recall"],
            "",
        ),
        (
            "PII precision",
            pct(p["precision"]),
            "> 80%",
            (p["precision"] or 0) > TARGETS["pii_precision"],
            "",
        ),
        ("PII columns recall", pct(r["pii_columns"]["recall"]), "", True, ""),
        (
            "FP per 100 notebooks",
            f"{r['fp_per_100']:.2f}",
            "< 2.7",
            r["fp_per_100"] < TARGETS["fp_per_100"],
            f"{ds['fp_per_100']:.1f}" if ds else "",
        ),
        (
            "look-alikes flagged",
            f"{r['lookalikes_flagged']}/{r['lookalikes']}",
            "0",
            r["lookalikes_flagged"] == 0,
            str(ds.get("lookalikes_flagged", "")),
        ),
    ]
    out = [f"{'':28}{'ours':>10}{'target':>10}{'':>6}{'detect-secrets':>16}"]
    out += [f"{a:28}{b:>10}{c:>10}{_ok(d) if c else '':>6}{e:>16}" for a, b, c, d, e in rows]
    return out


def _types(r: dict[str, Any]) -> list[str]:
    ds = (r.get("detect_secrets") or {}).get("types", {})
    out = [f"{'type':28}{'labels':>7}{'recall':>9}{'prec.':>9}{'FP':>5}{'DS recall':>11}{'':>6}"]
    for t, v in r["types"].items():
        d = ds.get(t)
        worse = d and d["recall"] > 0 and (v["recall"] or 0) < d["recall"]
        out.append(
            f"{t[:28]:28}{v['labels']:>7}{pct(v['recall']):>9}{pct(v['precision']):>9}"
            f"{v['false_positives']:>5}{pct(d['recall']) if d else '':>11}"
            f"{'WORSE' if worse else '':>6}"
        )
    return out


def _places(r: dict[str, Any]) -> list[str]:
    cells = [f"{p}={pct(v['recall'])}({v['labels']})" for p, v in r["places"].items()]
    return ["recall by place: " + ", ".join(cells)]


def _rules(r: dict[str, Any]) -> list[str]:
    cells = [
        f"{rule} {c.get('true', 0)}/{c.get('lookalike', 0)}/{c.get('unlabelled', 0)}"
        for rule, c in r["rules"].items()
    ]
    return ["findings by rule (true/look-alike/unlabelled): " + ", ".join(cells)]


def _real(r: dict[str, Any]) -> list[str]:
    if "real_corpus" not in r:
        return ["unmodified shared corpus: skipped"]
    real = r["real_corpus"]
    if not real:
        return ["unmodified shared corpus: not found (set SECURE_CHECK_SHARED)"]
    out = [
        f"UNMODIFIED shared corpus: {real['notebooks']} notebooks, {real['bytes'] / 1e6:.1f} MB, "
        f"{real['seconds']:.1f} s: {real['false_positives']} findings = false positives "
        f"({real['fp_per_100']:.2f} per 100 notebooks; target < 2.7)"
    ]
    for f in real["findings"][:60]:
        out.append(
            f"  {f['rule']:<22} {f['path']} cell {f['cell_index']} {f['where']}/{f['kind']} "
            f"line {f['line']}  {f['preview']}"
        )
    if len(real["findings"]) > 60:
        out.append(f"  ... {len(real['findings']) - 60} more in quality.json")
    return out


def quality_table(r: dict[str, Any]) -> str:
    """The quality report as text."""
    head = (
        f"QUALITY on the labelled corpus: {r['notebooks']} notebooks, {r['bytes'] / 1e6:.1f} MB, "
        f"{r['labels']} labels ({r['lookalikes']} look-alikes), {r['findings']} findings, "
        f"scan {r['seconds']:.1f} s"
    )
    looks = ", ".join(f"{t}x{n}" for t, n in r["lookalike_types_flagged"]) or "none"
    missed = ", ".join(f"{k} x{n}" for k, n in r.get("missed", {}).items()) or "none"
    parts = [
        head,
        *_headline(r),
        f"look-alike kinds flagged: {looks}",
        "",
        *_types(r),
        "",
        *_places(r),
        f"missed (type@place): {missed}",
        *_rules(r),
        "",
        *_real(r),
    ]
    return "\n".join(parts)


def _speed_set(s: dict[str, Any]) -> list[str]:
    out = [
        f"SPEED on the {s['name']}: {s['files']} files, {s['bytes'] / 1e6:.1f} MB ({s['machine']})",
        f"  {'tool':44}{'wall s':>8}{'MB/s':>7}{'x DS':>6}{'CPU s':>8}{'x DS':>6}{'peak RSS':>10}",
    ]
    for row in s["runs"]:
        ratio = f"{row['ratio']:.1f}" if row.get("ratio") else ""
        cpu_ratio = f"{row['cpu_ratio']:.1f}" if row.get("cpu_ratio") else ""
        out.append(
            f"  {row['name'][:44]:44}{row['seconds']:>8.2f}{row['mb_s']:>7.2f}{ratio:>6}"
            f"{row.get('cpu_seconds', 0):>8.1f}{cpu_ratio:>6}{row['peak_rss_mb']:>7} MB"
        )
    out.append(
        f"  throughput vs detect-secrets (wall): {s['best_ratio']:.1f}x (target >= 10x) "
        f"{_ok(s['best_ratio'] >= 10)}"
    )
    return out


def _rescan_line(cell: dict[str, Any]) -> str:
    what = f" with a {cell['table_rows']}-row DataFrame output" if cell.get("table_rows") else ""
    return (
        f"re-scan one edited cell{what} of a {cell['cells']}-cell notebook: "
        f"median {cell['median_ms']:.2f} ms, p95 {cell['p95_ms']:.2f} ms (target < 10 ms) "
        f"{_ok(cell['p95_ms'] < 10)}; {cell.get('findings_in_cell', '?')} finding(s) in the cell"
    )


def speed_table(s: dict[str, Any]) -> str:
    """The speed report as text."""
    out = [line for one in s["sets"] for line in _speed_set(one)]
    for key in ("rescan_cell", "rescan_cell_table"):
        cell = s.get(key)
        if cell:
            out.append(_rescan_line(cell))
    imp = s.get("import")
    if imp:
        out.append(
            f"import secure_check (fresh process): median {imp['median_ms']:.0f} ms "
            f"(target < 300 ms) {_ok(imp['median_ms'] < 300)}; heavy modules loaded: "
            f"{', '.join(imp['heavy_loaded']) or 'none'}"
        )
    fp = s.get("fingerprint_ms")
    if isinstance(fp, dict):
        out.append(
            f"one fingerprint (paid once per finding): {fp['guessable']:.2f} ms for a guessable "
            f"value (scrypt), {fp['random']:.3f} ms for a random token"
        )
    return "\n".join(out)
