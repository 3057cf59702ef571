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


def test_each_findings_line_is_masked_once_and_cut_around_it():
    import random

    from secure_check.core.redact import CONTEXT_WIDTH, LineMasker

    # Given lines with many values (random tokens, short ones, one overlapping another)
    rng = random.Random(5)
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    words, spans, at = [], [], 0
    for i in range(400):
        value = "".join(rng.choices(alphabet, k=rng.choice((8, 40))))
        gap = " " * rng.randint(1, 90) + ("\n" if i % 97 == 0 else "")
        words += [gap, value]
        spans.append((at + len(gap), at + len(gap) + len(value)))
        at += len(gap) + len(value)
    text = "".join(words)
    spans.append((spans[5][0] + 3, spans[6][1]))
    values = [text[s:e] for s, e in spans]
    context = LineMasker(text, spans, values).context
    for start, end in spans[:-1]:
        # When each finding's context is asked for
        shown = context(start)
        # Then it is the masked line as a whole masking gives it, cut around the finding
        begin = text.rfind("\n", 0, start) + 1
        stop = text.find("\n", start) % (len(text) + 1)
        line = mask_spans(text[begin:stop], [(s - begin, e - begin) for s, e in spans
                                             if begin <= s and e <= stop])  # fmt: skip
        assert shown.strip("…") in line and text[start:end] not in shown
        assert len(shown.strip("…")) <= 2 * CONTEXT_WIDTH
