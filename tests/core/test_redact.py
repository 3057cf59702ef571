"""mask_spans: the one masking function of every view that shows notebook text."""

from secure_check.core.redact import mask_spans


def test_spans_are_masked_in_the_original_text_and_lines_are_kept():
    # Given a text with a two-line value and a value that overlaps another span
    text = "a = '''AAAA1111\nBBBB2222'''\nb = '123-45-6789'\n"
    pem = (text.index("AAAA"), text.index("'''\n"))
    ssn = (text.index("123"), text.index("123") + 11)
    # When both are masked (one span given twice, overlapping)
    shown = mask_spans(text, [pem, ssn, (ssn[0] + 2, ssn[1])])
    # Then nothing of either value shows, and the line count is unchanged
    assert "AAAA" not in shown and "2222" not in shown and "6789" not in shown
    assert shown.count("\n") == text.count("\n")
    assert shown.startswith("a = '''****\n****'''\nb = '**** (11 chars)'")


def test_spans_out_of_range_or_empty_are_ignored():
    assert mask_spans("abc", [(5, 9), (1, 1)]) == "abc"
