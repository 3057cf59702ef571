"""The linear HTML reader: visible text as a browser shows it, and the tables it holds."""

import pytest

from secure_check.core.markup import read


def test_text_keeps_cells_apart_and_rows_on_lines():
    page = read("<table><tr><th>email</th><th>n</th></tr><tr><td>a&amp;b</td><td>1</td></tr>")
    assert page.text == "email\tn\t\na&b\t1\t\n"
    rows = page.tables[0].rows
    assert [[c.text for c in r] for r in rows] == [["email", "n"], ["a&b", "1"]]
    assert page.text[rows[1][0].offset :].startswith("a&b")


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("a<!-- hidden -->b", "ab"),
        ("a<!-- hidden --!>b", "ab"),  # NOTE: browsers end a comment here too
        ("a<!-->b", "ab"),
        ("a<script>var k = '<b>';</script>b", "ab"),
        ("a<SCRIPT type=x>x</script >b", "ab"),
        ("a<textarea><b>kept</b></textarea>", "a<b>kept</b>"),
        ('a<img alt=">" src=x>b', "ab"),
        ("a<!doctype html>b<?xml x?>c</3>d", "abcd"),
        ("1 < 2 and a<b", "1 < 2 and a"),  # NOTE: EOF inside a tag drops it, as a browser does
        ("a<!-- never closed", "a"),
        ("a<script>never closed", "a"),
    ],
)
def test_constructs_are_read_as_a_browser_reads_them(markup, text):
    assert read(markup).text == text


def test_colspan_repeats_a_cell_and_is_bounded():
    page = read('<table><tr><th colspan="2">a</th><th colspan=99999>b</th></tr></table>')
    assert [c.text for c in page.tables[0].rows[0]] == ["a", "a"] + ["b"] * 1000


def test_colspan_copies_are_bounded_by_the_markup_length():
    # Given: a page of cells that each ask for a thousand copies
    markup = "<table>" + "<tr><td colspan=1000>x" * 2000
    # When
    rows = read(markup).tables[0].rows
    # Then: the first cells get their copies, the rest stand alone; no thousandfold growth
    assert [len(r) for r in rows[:2]] == [1000, 1000]
    assert sum(len(r) for r in rows) <= 2000 + 1000 + len(markup)
    assert len(rows[-1]) == 1


def test_a_stray_lt_is_text_and_entities_around_it_are_decoded():
    page = read("1 &lt; 2 <3 &amp; <<b>x</b> < y &gt; z")
    assert page.text == "1 < 2 <3 & <x < y > z"


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        # NOTE: end tags HTML lets a page leave out: a browser still shows cells and lines apart
        ("<table><tr><th>email<tr><td>a@b.co<tr><td>c@d.co", "email\na@b.co\nc@d.co"),
        ("<table><tr><td>a<td>b<td> c</table>", "a\tb\t c\n"),
        ("<p>one<p>two<div>three</div>", "one\ntwo\nthree\n"),
        ("<ul><li>x<li>y</ul>", "x\ny"),
        ("a <td>b", "a b"),  # NOTE: already apart: no separator added
    ],
)
def test_left_out_end_tags_still_keep_values_apart(markup, text):
    assert read(markup).text == text


def test_cells_are_made_when_first_read_and_match_the_text():
    from secure_check.detectors.pii.rules import find_emails

    page = read("<table><tr><th>email<tr><td> a@b.co <tr><td>c@d.co")
    # The e-mails stay whole in the text (they ran together before: a@b.coc@d.co)
    assert [e[2] for e in find_emails(page.text)] == ["a@b.co", "c@d.co"]
    table = page.tables[0]
    assert table.rows is table.rows  # (made once)
    assert [[c.text for c in r] for r in table.rows] == [["email"], ["a@b.co"], ["c@d.co"]]
    assert all(page.text[c.offset :].startswith(c.text) for r in table.rows for c in r)


def test_blanking_the_shown_text_leaves_what_only_the_markup_holds():
    from secure_check.core.markup import blank_shown

    markup = (
        '<p title="k1">two\nlines &amp; more</p><script>var k2 = 1;</script>'
        "<!-- k3 --><textarea>shown</textarea>tail"
    )
    page = read(markup)
    blanked = blank_shown(markup, page.shown)
    # Same length and line ends (offsets and lines keep their meaning); text gone, tags kept
    assert len(blanked) == len(markup) and blanked.count("\n") == markup.count("\n")
    for shown in ("two", "lines", "&amp;", "more", "shown", "tail"):
        assert shown not in blanked
    for kept in ('<p title="k1">', "var k2 = 1;", "<!-- k3 -->", "<textarea>", "</p>"):
        assert kept in blanked
