"""HTML titles are parsed as bodies are and reduced to the text a reader would see."""

from __future__ import annotations

from xml.sax.saxutils import escape

import pytest

from tnews.feeds.parse import parse_fast_only, parse_feed, parse_tolerant_only

URL = "https://news.example.com/feed.atom"

# (title markup, what must show)
CASES = [
    ("sa<script>alert(1);</script>fe", "safe"),
    ("safe<!-- a comment > not a title -->", "safe"),
    ('<a href="/x" title="cat>dog">big</a> dog', "big dog"),
    ('<img alt="a>b" src="/p.png">dog', "dog"),
    ('<span title="x > y">Budget</span> vote', "Budget vote"),
    ("<style>b { color: red }</style><b>Bold</b> claim", "Bold claim"),
    ('<span style="display:none">hidden </span>Shown', "Shown"),
    ("<p>First</p><p>second</p><noscript>Enable scripts</noscript>", "First second"),
    ("AT&amp;T &lt;b&gt; and <i>زيت</i> الزيتون<!-- <b> -->", "AT&T <b> and زيت الزيتون"),
]


def atom(title_html: str) -> bytes:
    """An Atom feed whose one entry has the given HTML title."""
    return (
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>Feed</title>'
        "<entry><id>https://news.example.com/1</id>"
        f'<title type="html">{escape(title_html)}</title>'
        "<link href='https://news.example.com/1'/><updated>2026-11-30T10:00:00Z</updated>"
        "</entry></feed>"
    ).encode()


@pytest.mark.parametrize(("markup", "shown"), CASES)
def test_html_titles_show_only_visible_text(markup: str, shown: str) -> None:
    data = atom(markup)
    feed = parse_feed(data, URL)
    assert feed.error is None
    assert feed.entries[0].title == shown
    assert parse_fast_only(data, URL).entries[0].title == shown
    assert parse_tolerant_only(data, URL).entries[0].title == shown


def test_an_rss_title_taken_for_html_is_flattened_the_same_way() -> None:
    data = (
        b"<rss version='2.0'><channel><title>Feed</title><item>"
        b"<title>&lt;b&gt;Breaking&lt;/b&gt;&lt;!-- 1 &gt; 0 --&gt; news</title>"
        b"<guid>https://news.example.com/1</guid></item></channel></rss>"
    )
    assert parse_feed(data, URL).entries[0].title == "Breaking news"
