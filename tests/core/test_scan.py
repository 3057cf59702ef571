from secure_check.core.findings import Hit, Severity
from secure_check.core.notebook import Segment
from secure_check.core.redact import fingerprint, preview
from secure_check.core.registry import Analyzer
from secure_check.core.scan import Scanner


class _Digits(Analyzer):
    """A tiny analyzer used only here: every run of 9 digits is a hit."""

    name = "test-digits"

    def scan(self, segment: Segment):
        import re

        for m in re.finditer(r"\d{9}", segment.text):
            yield Hit("digits", "pii", m.start(), m.end(), m.group(), Severity.HIGH, 0.9)


def test_preview_never_shows_more_than_a_third():
    for n in range(1, 80):
        value = "".join(chr(65 + i % 26) + chr(97 + i * 7 % 26) + str(i % 10) for i in range(n))
        shown = preview(value).replace("*", "")
        kept = shown if f"({len(value)} chars)" not in shown else ""
        assert len(kept) * 3 <= len(value)


def test_a_guessable_value_shows_its_length_only():
    for value in ("1990-04-12", "123-45-6789", "Summer2024!", "+1 202 555 0143", "a@b.co"):
        assert preview(value) == f"**** ({len(value)} chars)"


def test_fingerprint_is_stable_and_not_the_value():
    assert fingerprint("123456789") == fingerprint("123456789")
    assert fingerprint("123456789") != fingerprint("123456780")
    assert "123456789" not in fingerprint("123456789")


def test_scan_locates_line_and_column_and_honours_pragmas():
    # Given
    scanner = Scanner([_Digits()])
    text = "a = 1\nb = '123456789'\nc = '987654321'  # pragma: allowlist secret\n"
    # When
    findings = scanner.scan_text(text, "x.py")
    # Then
    assert [(f.line, f.column) for f in findings] == [(2, 6)]
    assert findings[0].preview == "**** (9 chars)"


def test_ignore_comment_names_rules():
    scanner = Scanner([_Digits()])
    assert scanner.scan_text("x = 123456789  # secure-check: ignore[digits]") == []
    assert len(scanner.scan_text("x = 123456789  # secure-check: ignore[other]")) == 1


def test_guessable_values_take_the_slow_path_and_random_tokens_the_fast_one():
    from secure_check.core.redact import looks_random

    # Given values a dictionary or a range enumerates, and tokens nobody can enumerate
    guessable = [
        "123-45-6789",
        "4111111111111111",
        "jane.doe@corp.com",
        "Summer2024!",
        "correcthorsebatterystaplecorrecthorse",
    ]
    random_tokens = [
        "ghp_" + "aZ3kQ9xW2pL7mN4vB8cR1tY6uI0oE5sD3fG2",
        "f3a9c2e7b1d84a6f9e0c5b2a7d3e1f48",
    ]
    # Then
    assert not any(looks_random(v) for v in guessable)
    assert all(looks_random(v) for v in random_tokens)


def test_a_team_key_set_mid_session_changes_fingerprints(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # NOTE: without the variable, the project key is made here
    monkeypatch.delenv("SECURE_CHECK_FINGERPRINT_KEY", raising=False)
    plain = fingerprint("123-45-6789")
    monkeypatch.setenv("SECURE_CHECK_FINGERPRINT_KEY", "team-secret")
    keyed = fingerprint("123-45-6789")
    monkeypatch.delenv("SECURE_CHECK_FINGERPRINT_KEY")
    assert keyed != plain and fingerprint("123-45-6789") == plain


def test_overlapping_hits_keep_the_strongest_as_one_greedy_pass_would():
    import random

    from secure_check.core.findings import Hit, Severity
    from secure_check.core.scan import _dedupe

    def reference(hits: list[Hit]) -> list[Hit]:
        # the definition: strongest first, each kept unless it overlaps one kept before
        ranked = sorted(
            hits, key=lambda h: (h.severity.rank, h.confidence, h.end - h.start), reverse=True
        )
        kept: list[Hit] = []
        for h in ranked:
            if not any(k.start < h.end and h.start < k.end for k in kept):
                kept.append(h)
        return kept

    # Given random sets of hits: empty, nested, touching, repeated, of every severity
    rng = random.Random(3)
    for _ in range(3000):
        hits = []
        for _ in range(rng.randint(0, 25)):
            start = rng.randint(0, 60)
            end = start + rng.choice((0, 0, 1, 2, 5, 10, 20))
            severity = rng.choice(list(Severity))
            hits.append(Hit("r", "pii", start, end, "v", severity, rng.choice((0.5, 0.6)), "m"))
        hits += hits[:1] if rng.random() < 0.2 else []
        # Then the hits kept, and their order, are the definition's
        assert [id(h) for h in _dedupe(hits)] == [id(h) for h in reference(hits)]


def test_each_scan_starts_afresh_for_an_output_under_an_empty_cell():
    from secure_check.core.scan import Scanner

    # Given: one scanner (as the server and kernel keep one) and notebooks whose first cell
    # has no source, only an output with an e-mail (the cell once left the PII memory as it was)
    def nb(value: str) -> dict:
        out = {"output_type": "stream", "name": "stdout", "text": f"contact: {value}\n"}
        cell = {"cell_type": "code", "source": "", "outputs": [out], "metadata": {}}
        return {"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 4}

    scanner = Scanner()
    first = scanner.scan_notebook(nb("jane.roe@gmail.com"), "a.ipynb")
    # When the same notebook, and another with the same address, are scanned again
    again = scanner.scan_notebook(nb("jane.roe@gmail.com"), "a.ipynb")
    other = scanner.scan_notebook(nb("jane.roe@gmail.com"), "b.ipynb")
    # Then each scan reports the address
    rules = [[f.rule for f in found] for found in (first, again, other)]
    assert rules == [["email"]] * 3
