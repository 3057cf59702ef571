"""Views put text into HTML only through core.page (Jinja2, autoescape), never by hand.

Hand escaping is easy to forget at one field, and a forgotten field is an XSS in a notebook
output; the templates escape every value unless the code marks it as our own markup.
"""

import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "secure_check"
# NOTE: the HF README is Markdown, not an HTML view: html.escape keeps raw HTML out of it.
MARKDOWN = {"card/markdown.py"}
HAND_ESCAPE = re.compile(
    r"\bhtml\.escape\(|(?<![\w.])escape\(|^\s*(import html\b|from html import)"
)


@pytest.mark.parametrize("folder", ["kernel", "analyses", "card", "reports", "deps"])
def test_no_view_escapes_html_by_hand(folder):
    # Given every module of a folder whose objects display as HTML
    modules = sorted((PACKAGE / folder).rglob("*.py"))
    # When they are searched for hand escaping
    found = [
        f"{path.relative_to(PACKAGE)}:{n}"
        for path in modules
        if path.relative_to(PACKAGE).as_posix() not in MARKDOWN
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if HAND_ESCAPE.search(line)
    ]
    # Then there is none: they render through secure_check.core.page
    assert len(modules) > 3 and found == []


def test_the_check_catches_hand_escaping():
    assert HAND_ESCAPE.search("    body = html.escape(text)")
    assert HAND_ESCAPE.search("import html")
    assert HAND_ESCAPE.search("from html import escape")
    assert not HAND_ESCAPE.search("from secure_check.core.page import render")
    assert not HAND_ESCAPE.search("from secure_check.card import html as render_html")
    assert not HAND_ESCAPE.search("pattern = re.escape(word)")
