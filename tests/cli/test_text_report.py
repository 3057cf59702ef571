"""The text report writes control characters as escapes: nothing reaches the terminal raw."""

from secure_check.core.findings import Finding, Severity
from secure_check.core.scan import FileResult
from secure_check.reports import render

HOSTILE = "a\x1b[2J\x1b]0;pwned\x07\rb\u202ec\x9b31m.ipynb"


def test_file_names_and_messages_are_escaped():
    # Given a finding and an error whose path and message carry escapes and a bidi override
    finding = Finding(
        path=HOSTILE, cell_index=0, cell_id=None, where="source", output_index=None, line=1,
        column=1, category="secret", rule="r", severity=Severity.HIGH, confidence=0.9,
        fingerprint="sc1:x", preview="****", message=HOSTILE, kind="code",
    )  # fmt: skip
    results = [FileResult(HOSTILE, [finding]), FileResult(HOSTILE, [], error=HOSTILE)]
    # When the text report is rendered
    text = render(results, "text", seconds=0.1)
    # Then no control or bidi character is left, and each is shown as an escape
    assert not [c for c in text if (ord(c) < 32 and c != "\n") or 0x7F <= ord(c) < 0xA0]
    assert "\u202e" not in text and "\\x1b[2J" in text and "\\u202e" in text
