"""The strict fast path and the feedparser path must read every feed the fast path takes alike."""

from __future__ import annotations

from pathlib import Path

import pytest
from feedparser.urls import _urljoin
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.feeds.feedgen import arabic_feed, summary_feed
from tnews.feeds.fast import Unsupported
from tnews.feeds.parse import parse_fast_only, parse_feed, parse_tolerant_only
from tnews.feeds.walker import urljoin

FIXTURES = Path(__file__).parent / "fixtures"
URL = "https://feeds.example.com/feed.xml"
FALLBACK_ONLY = {"atom03.xml", "atom_xhtml_title.xml"}
WELL_FORMED = sorted(p.name for p in FIXTURES.glob("*.xml") if p.name not in FALLBACK_ONLY)


@pytest.mark.parametrize("name", WELL_FORMED)
def test_fast_path_takes_fixture_and_agrees_with_feedparser(name: str) -> None:
    data = (FIXTURES / name).read_bytes()
    fast = parse_fast_only(data, URL)
    assert fast.entries, "fixture should yield entries"
    assert fast == parse_tolerant_only(data, URL)
    assert parse_feed(data, URL) == fast


@pytest.mark.parametrize("name", sorted(FALLBACK_ONLY))
def test_unsupported_shapes_fall_back_to_feedparser(name: str) -> None:
    data = (FIXTURES / name).read_bytes()
    with pytest.raises(Unsupported):
        parse_fast_only(data, URL)
    feed = parse_feed(data, URL)
    assert feed.error is None and feed.entries
    assert feed == parse_tolerant_only(data, URL)


def test_generated_arabic_feed_agrees() -> None:
    data = arabic_feed(items=30, seed=7)
    fast = parse_fast_only(data, "https://news.example.ly/feed")
    assert len(fast.entries) == 30
    assert all(e.content_html and e.summary_html for e in fast.entries)
    assert fast == parse_tolerant_only(data, "https://news.example.ly/feed")


@pytest.mark.parametrize("seed", [1, 2])
def test_generated_summary_feed_agrees(seed: int) -> None:
    data = summary_feed(items=40, seed=seed)
    fast = parse_fast_only(data, "https://news.example.ly/feed")
    assert len(fast.entries) == 40
    assert all(e.summary_html and not e.content_html for e in fast.entries)
    assert fast == parse_tolerant_only(data, "https://news.example.ly/feed")


_PIECES = [*"ab <>&;/\"'\t\n", "&amp;", "&lt;b&gt;", "</p>", "&#233;", "Ã©", "\u0627\u0644", "\x85"]
# Character references written as such: C1 controls, which feedparser maps through cp1252,
# and the ordinary kind WordPress feeds are full of.
_REFS = st.lists(
    st.sampled_from(["&#133;", "&#x96;", "&#0150;", "&#8217;", "&#233;", "x"]), max_size=3
)
_REFS_TEXT = _REFS.map("".join)
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=12).map("".join)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@settings(max_examples=150, deadline=None)
@given(
    title=_TEXT,
    description=_TEXT,
    author=_TEXT,
    link=st.sampled_from(["", "rel/x", "/abs", "https://h.example/p?a=1&b=2", "mailto:x@y.z"]),
    cdata=st.booleans(),
    permalink=st.sampled_from([None, "true", "false"]),
    date=st.sampled_from(["", "Mon, 02 Jun 2025 10:00:00 +0000", "2025-06-02T10:00:00Z", "junk"]),
    atom=st.booleans(),
    refs=_REFS_TEXT,
)
def test_fast_path_agrees_on_generated_feeds(
    title: str,
    description: str,
    author: str,
    link: str,
    cdata: bool,
    permalink: str | None,
    date: str,
    atom: bool,
    refs: str,
) -> None:
    def field(text: str) -> str:
        if cdata and "]]>" not in text:
            return f"<![CDATA[{text}]]>"
        return _esc(text)

    if atom:
        doc = (
            '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ar">'
            f"<title>{field(title)}</title><entry><title type='html'>{field(title)}{refs}</title>"
            f"<link href='{_esc(link)}'/><id>{_esc(link)}</id><updated>{date}</updated>"
            f"<author><name>{field(author)}</name></author>"
            f"<summary>{field(description)}{refs}</summary></entry></feed>"
        )
    else:
        guid = "" if permalink is None else f'<guid isPermaLink="{permalink}">{_esc(link)}</guid>'
        doc = (
            f'<rss version="2.0"><channel><title>{field(title)}</title><item>'
            f"<title>{field(title)}{refs}</title>{guid}<link>{_esc(link)}</link>"
            f"<author>{field(author)}</author><pubDate>{date}</pubDate>"
            f"<description>{field(description)}{refs}</description></item></channel></rss>"
        )
    data = doc.encode("utf-8")
    try:
        fast = parse_fast_only(data, URL)
    except Unsupported:
        return
    assert fast == parse_tolerant_only(data, URL)


_URL_PIECES = [
    *["http", "https", "HTTP", "ftp", "mailto:", ":", "//", "/", "///", "?", "#", ";", "&", "="],
    *["a", "b.example", ":80", "@", "%20", "[", "]", "::1", " ", "\t", "\n", "é", "ا", "..", "\\"],
]
_BASES = ["", URL, "http://h.example/a/b", "http://[bad", "ftp://x/", "rel/", "https://ß.example/"]


@settings(max_examples=500, deadline=None)
@given(
    st.sampled_from(["", "http://", "https://"]),
    st.lists(st.sampled_from(_URL_PIECES), max_size=8).map("".join),
    st.sampled_from(_BASES),
)
def test_link_joining_matches_feedparser(scheme: str, rest: str, base: str) -> None:
    assert urljoin(base, scheme + rest) == _urljoin(base, scheme + rest)
