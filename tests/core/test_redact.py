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


def test_scrub_hides_every_value_however_many_there_are():
    import random

    from secure_check.core.redact import scrub

    # Given a line where 40 distinct values each stand twice, one value inside a longer one
    rng = random.Random(8)
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    values = ["".join(rng.choices(alphabet, k=rng.randint(6, 40))) for _ in range(40)]
    values.append(values[0][:6])
    line = " ".join(v + " x " + v for v in values)
    for few in (values[:3], values):
        # When it is scrubbed of a few of them, or of all (the one-pass path)
        shown = scrub(line, few)
        # Then none of them shows anywhere
        assert not [v for v in few if v in shown]
    assert scrub(line, values).count(" x ") == line.count(" x ")


def test_many_values_are_scrubbed_as_the_few_value_path_scrubs_them():
    import random

    from secure_check.core.redact import _FEW_VALUES, preview, scrub

    def by_hand(text: str, values: list[str]) -> str:
        # NOTE: the definition: left to right, the longest value at each place
        out, i = [], 0
        while i < len(text):
            found = max((v for v in values if text.startswith(v, i)), key=len, default="")
            out.append(preview(found) if found else text[i])
            i += len(found) or 1
        return "".join(out)

    # Given: texts of overlapping values (one the head of another, runs of one letter)
    rng = random.Random(4)
    for _ in range(300):
        values: set[str] = set()
        while len(values) <= _FEW_VALUES:  # NOTE: more than a few: the one-pass path
            values.add("".join(rng.choices("aab-", k=rng.randint(1, 7))))
        text = "".join(rng.choices([*values, "a", "b", " ", "-"], k=rng.randint(0, 30)))
        # Then: the one-pass path gives what the definition gives
        assert scrub(text, list(values)) == by_hand(text, list(values)), (text, values)
    # And with more distinct heads than one small pattern holds (values of random letters)
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
    values = {"".join(rng.choices(alphabet, k=rng.randint(5, 9))) for _ in range(600)}
    text = " ".join(rng.choices(sorted(values), k=60))
    assert scrub(text, list(values)) == by_hand(text, list(values))


def test_a_line_of_many_findings_is_masked_in_linear_time():
    import time

    from secure_check.core.redact import LineMasker

    def cost(n: int) -> float:
        # Given one line of n e-mail-like values, each its own finding
        values = [f"user{i}@mail.example" for i in range(n)]
        text = " ".join(values)
        spans, at = [], 0
        for v in values:
            spans.append((at, at + len(v)))
            at += len(v) + 1
        started = time.process_time()
        context = LineMasker(text, spans, values).context
        for s, _ in spans:
            context(s)
        return time.process_time() - started

    # Then 4x the findings cost well under 10x the time (one replace per value was quadratic)
    small, big = min(cost(2000) for _ in range(3)), min(cost(8000) for _ in range(3))
    assert big < 10 * max(small, 0.01), (small, big)
