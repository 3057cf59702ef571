"""Secrets analyzer: detect-secrets' plugins and filters plus our own rules, notebook-aware.

Speed: one pre-filter pass (secret_gate.py) finds the literals every rule needs (``ghp_``,
``AKIA``, ``://``) and the lines that hold a credential word. Literal-led rules and
detect-secrets plugins then run over the segment only when their literal is in it; the slow,
keyword-led ones (password assignments, entropy strings) only on the credential lines.
"""

from __future__ import annotations

import collections
import dataclasses
import re
from collections.abc import Iterable, Iterator
from typing import ClassVar

from secure_check.core.findings import Category, Hit
from secure_check.core.markup import blank_shown
from secure_check.core.notebook import Segment
from secure_check.core.registry import Analyzer
from secure_check.detectors.secrets.bridge import MAX_REPEATS, Candidate, DetectSecretsBridge
from secure_check.detectors.secrets.columns import column_hits, plain_column_hits
from secure_check.detectors.secrets.filters import blob_spans, inside
from secure_check.detectors.secrets.folded import fold
from secure_check.detectors.secrets.gate import Gate, Marks
from secure_check.detectors.secrets.passwords import RULES as PASSWORD_RULES
from secure_check.detectors.secrets.rules import (
    GCP_RULE_ID,
    HIGH,
    LINE_RULES,
    PEM_RULE_ID,
    Rule,
    pem_blocks,
)
from secure_check.detectors.secrets.vendors import CONTEXT_RULES as VENDOR_CONTEXT_RULES
from secure_check.detectors.secrets.vendors import PREFIXED_RULES

CATEGORY: Category = "secret"
MESSAGE_PEM = "Private key (PEM block)"
MESSAGE_COLUMN = "Credential in a table column named like a secret"
MESSAGE_GCP = "GCP service-account key (private key inside the JSON key file)"
_CODE_KINDS = frozenset({"code"})
_BIG_SCRIPT = 20_000
_TABLE_READERS = {
    "text/html": column_hits,
    "text/plain": plain_column_hits,
    "stream": plain_column_hits,
}
_PEM_LAYOUT = re.compile(r"\\[rn]|\s")
_BLOCK_RULES = frozenset({PEM_RULE_ID, GCP_RULE_ID})
_OWN_RULES = LINE_RULES + PASSWORD_RULES
ANCHORED_RULES = tuple(r for r in _OWN_RULES if not r.context) + PREFIXED_RULES
CONTEXT_RULES = tuple(r for r in _OWN_RULES if r.context) + VENDOR_CONTEXT_RULES
_PYTHON_CONTEXT_RULES = tuple(r for r in CONTEXT_RULES if not r.text_only)
_ANCHORED_GATES = tuple((r, tuple(g.lower() for g in r.gate)) for r in ANCHORED_RULES)


class SecretsAnalyzer(Analyzer):
    """Find credentials in notebook text (category ``secret``).

    Built once per scanner: the detect-secrets plugins and the pre-filter are compiled here.
    """

    name: ClassVar[str] = "secrets"

    def __init__(self) -> None:
        self._bridge = DetectSecretsBridge()
        literals = [g for r in ANCHORED_RULES for g in r.gate] + list(self._bridge.gate_literals())
        self._gate = Gate(literals)

    def scan(self, segment: Segment) -> Iterator[Hit]:
        """Yield secret hits in ``segment``; the raw value stays in ``Hit.value`` only."""
        hits = list(self._text_hits(segment.text, segment.kind))
        yield from hits
        if segment.html:
            # NOTE: the visible text was scanned above: only what the markup alone holds is left
            markup = segment.html
            markup = blank_shown(markup, segment.shown) if segment.shown else markup
            yield from self._markup_hits(segment.text, markup, hits)

    def _text_hits(self, text: str, kind: str) -> Iterator[Hit]:
        hits = list(self._pem_hits(text))
        # NOTE: JSON-in-JSON and reprs escape quotes (\"); a blank keeps every offset in place.
        text = text.replace('\\"', ' "') if '\\"' in text else text
        marks = self._gate.marks(text)
        taken = [(h.start, h.end) for h in hits]
        hits.extend(self._anchored_hits(text, marks))
        # NOTE: a %%writefile/%%bash cell holds a file or a script, not Python.
        code = kind in _CODE_KINDS and not text.lstrip().startswith("%%")
        hits.extend(self._context_hits(text, marks, code))
        tables = _TABLE_READERS.get(kind)
        if tables is not None and marks.windows:
            hits.extend(
                Hit(rule, CATEGORY, s, e, v, sev, 0.6, MESSAGE_COLUMN)
                for rule, sev, s, e, v in tables(text)
            )
        blobs: list[tuple[int, int]] | None = None
        for hit in hits:
            if hit.rule not in _BLOCK_RULES and inside(taken, hit.start, hit.end):
                continue  # a fragment of a private key already reported whole
            blobs = blob_spans(text) if blobs is None else blobs
            if not inside(blobs, hit.start, hit.end):
                yield hit

    def _markup_hits(self, text: str, markup: str, seen: list[Hit]) -> Iterator[Hit]:
        """Secrets only the HTML markup holds (attributes, scripts: a maps key in a folium map).

        They have no place in the visible text, so they are reported at its end (a zero-width
        span: the scan loop then previews ``Hit.value``).
        """
        values = {h.value for h in seen}
        # NOTE: markup is code-like (quoted attribute values, inline JavaScript).
        for hit in self._text_hits(_without_big_scripts(markup), "code"):
            if hit.value not in values and hit.value not in text:
                values.add(hit.value)
                yield dataclasses.replace(hit, start=len(text), end=len(text))

    def _pem_hits(self, text: str) -> Iterator[Hit]:
        if "PRIVATE KEY" not in text and "PuTTY" not in text:
            return
        for rule, start, end in pem_blocks(text):
            message = MESSAGE_GCP if rule == GCP_RULE_ID else MESSAGE_PEM
            # NOTE: the value drops line breaks and their escapes, so that one key printed raw,
            # as a repr or inside JSON has one fingerprint (baselines follow the key).
            value = _PEM_LAYOUT.sub("", text[start:end])
            yield Hit(rule, CATEGORY, start, end, value, HIGH, 0.99, message)

    def _anchored_hits(self, text: str, marks: Marks) -> Iterator[Hit]:
        low = fold(text)
        if marks.present:
            yield from _rule_hits([r for r, gate in _ANCHORED_GATES if marks.open(gate)], text, low)
        yield from (_to_hit(c) for c in self._bridge.scan_text(text, marks, low))

    def _context_hits(self, text: str, marks: Marks, code: bool) -> Iterator[Hit]:
        # NOTE: the hits of a window depend on its text only, so a window whose text was seen
        # already (a log line printed 1,000 times, a run of one credential word) is not scanned
        # again: its hits are shifted to its place.
        seen: dict[str, list[Hit]] = {}
        for start, end in marks.windows:
            line = text[start:end]
            hits = seen.get(line)
            if hits is None:
                hits = seen[line] = list(self._window_hits(line, code))
            for hit in hits:
                yield dataclasses.replace(hit, start=hit.start + start, end=hit.end + start)

    def _window_hits(self, line: str, code: bool) -> Iterator[Hit]:
        # NOTE: %env NAME=value and !export NAME=value lines are shell, unquoted values.
        python = code and not line.lstrip().startswith(("%", "!"))
        rules = _PYTHON_CONTEXT_RULES if python else CONTEXT_RULES
        low = fold(line)
        needed = [r for r in rules if r.need_finder is None or r.need_finder.search(line, low)]
        yield from _rule_hits(needed, line, low)
        yield from (_to_hit(c) for c in self._bridge.scan_line(line, python, low))


def _without_big_scripts(markup: str) -> str:
    """Blank inline scripts over ``_BIG_SCRIPT`` characters.

    Bundled libraries (plotly.js, bokeh) are megabytes of minified code, not configuration
    that could hold a key.
    """
    parts, at = [], 0
    while (start := markup.find("<script", at)) >= 0:
        end = markup.find("</script>", start)
        if end < 0:
            break
        if end - start > _BIG_SCRIPT:
            parts.append(markup[at:start])
            at = end
        else:
            parts.append(markup[at:end])
            at = end
    parts.append(markup[at:])
    return "".join(parts)


def _rule_hits(rules: Iterable[Rule], text: str, low: str = "") -> Iterator[Hit]:
    """Each rule's accepted matches in ``text`` (``low``: its fold, where the caller has it)."""
    for rule in rules:
        seen: collections.Counter[str] = collections.Counter()
        low = fold(text) if rule.finder.folded and not low else low
        for match in rule.finder.finditer(text, low):
            seen[match.group(rule.group)] += 1
            if seen[match.group(rule.group)] <= MAX_REPEATS and rule.accepts(match):
                start = match.start(rule.group)
                value = match.group(rule.group)
                start += len(value) - len(value.lstrip())
                value = value.strip()
                yield Hit(
                    rule.id, CATEGORY, start, start + len(value), value,
                    rule.severity, rule.confidence, rule.message,
                )  # fmt: skip


def _to_hit(cand: Candidate) -> Hit:
    return Hit(
        cand.rule, CATEGORY, cand.start, cand.end, cand.value,
        cand.severity, cand.confidence, cand.message,
    )  # fmt: skip
