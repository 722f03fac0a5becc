"""Sections a reader recognises: the site's labels before URL plumbing and Latin slugs."""

from __future__ import annotations

from pathlib import Path

import pytest

from tnews.content.html import parse_html
from tnews.content.sections import page_section, section_labels, url_section
from tnews.feeds.parse import parse_feed
from tnews.prepare import prepare_entry

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize(
    ("url", "section"),
    [
        ("https://www.bbc.com/urdu/articles/c4g1xyz", ""),
        ("https://news.example/other/2026/11/30/story-slug", ""),
        ("https://news.example/pages/12345/story", ""),
        ("https://news.example/featured/story-slug", ""),
        ("https://news.example/arabic/world/2026/11/30/story", "world"),
        ("https://news.example/category/economy/story", "economy"),
    ],
)
def test_url_plumbing_is_no_section(url: str, section: str) -> None:
    assert url_section(url) == section


def test_the_page_names_its_section_by_its_rubric_link() -> None:
    root = parse_html((FIXTURES / "sputnik_lead.html").read_text("utf-8"))
    assert root is not None
    url = "https://arabic.sputniknews.com/economy/20261128/1090.html"
    assert page_section(root, url) == "اقتصاد"
    assert section_labels(root)["economy"] == "اقتصاد"


def test_a_url_slug_is_named_by_the_page_links_to_it() -> None:
    page = (
        "<html><body><nav><a href='/sport/'>رياضة</a> <a href='/economy/'>اقتصاد</a></nav>"
        "<article><h1>عنوان</h1><p>نص الخبر الذي يكفي ليكون فقرة من فقرات المقال.</p>"
        "</article></body></html>"
    )
    root = parse_html(page)
    assert root is not None
    assert page_section(root, "https://news.example/economy/2026/11/30/x") == "اقتصاد"
    # A slug the page names nowhere stays as it is: it is all there is.
    assert page_section(root, "https://news.example/health/2026/11/30/x") == "health"


FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>T</title><link>https://news.example/</link>
<item><guid>1</guid><title>a</title><link>https://news.example/other/2026/a</link>
<category label="\xd8\xb3\xd9\x8a\xd8\xa7\xd8\xb3\xd8\xa9">politics</category></item>
<item><guid>2</guid><title>b</title><link>https://news.example/featured/b</link>
<category>world-news</category><category>\xd8\xa7\xd9\x84\xd8\xb9\xd8\xa7\xd9\x84\xd9\x85</category></item>
<item><guid>3</guid><title>c</title><link>https://news.example/pages/c</link></item>
<item><guid>4</guid><title>d</title><link>https://news.example/economy/2026/d</link></item>
<item><guid>5</guid><title>e</title><link>https://news.example/2026/e</link>
<category>https://news.example/category/sport/</category></item>
</channel></rss>"""


def test_feed_categories_are_labels_not_slugs_or_path_segments() -> None:
    entries = parse_feed(FEED, "https://news.example/feed").entries
    sections = [prepare_entry(e).categories for e in entries]
    assert sections == [("سياسة",), ("العالم",), (), ("economy",), ("sport",)]
