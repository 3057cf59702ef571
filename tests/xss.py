"""The XSS payload corpus and the check that an HTML view holds nothing a browser would run.

Shared by the page tests (tests/core/test_page.py) and the notebook views' tests
(tests/kernel/test_views_escape.py, tests/analyses/test_escape.py).
"""

from __future__ import annotations

from html.parser import HTMLParser

from secure_check.core.page import DATA_IMAGE

PAYLOADS = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "javascript:alert(1)",
    "</title><script>alert(1)</script>",
    "<iframe src=//evil.example>",
    'data:image/png;base64,AAAA" onerror="alert(1)',
)
ACTIVE_TAGS = frozenset({"script", "svg", "iframe", "object", "embed", "a", "form", "base"})


class Tags(HTMLParser):
    """Every tag and attribute a browser would build from the page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def text_of(page: str) -> str:
    """The page's text as a reader sees it (entities decoded, tags dropped)."""
    parser = Tags()
    parser.feed(page)
    parser.close()
    return "".join(parser.text)


def assert_inert(page: str) -> list[str]:
    """Fail on an active tag, an ``on*`` attribute, a ``javascript:`` URL or a non-image src.

    Returns the tag names found, so a test can also check the view kept its structure.
    """
    parser = Tags()
    parser.feed(page)
    parser.close()
    for tag, attrs in parser.tags:
        assert tag not in ACTIVE_TAGS, (tag, attrs)
        assert not [name for name, _ in attrs if name.startswith("on")], (tag, attrs)
        urls = [v for _, v in attrs if v and v.strip().lower().startswith("javascript:")]
        assert not urls, (tag, attrs)
        if tag == "img":
            assert DATA_IMAGE.fullmatch(dict(attrs).get("src") or ""), attrs
    return [tag for tag, _ in parser.tags]
