"""Whatever the strict path refuses goes to feedparser; an error only for what neither reads."""

from __future__ import annotations

import codecs

import pytest

from tnews.feeds.parse import parse_feed

URL = "https://news.example.com/feed.xml"
ITEMS = (
    "<item><guid>https://news.example.com/1</guid><title>Première nouvelle</title>"
    "<description>Le café est très élégant.</description></item>"
    "<item><guid>https://news.example.com/2</guid><title>خبر عاجل</title></item>"
)


def rss(declaration: str = '<?xml version="1.0"?>', prologue: str = "") -> str:
    """A small RSS 2.0 feed with one Latin and one Arabic item."""
    return (
        f"{declaration}\n{prologue}<rss version='2.0'><channel><title>Les nouvelles</title>"
        f"<link>https://news.example.com/</link>{ITEMS}</channel></rss>"
    )


def titles(data: bytes, charset: str | None = None) -> list[str]:
    feed = parse_feed(data, URL, "application/rss+xml", charset)
    assert feed.error is None, feed.error
    assert feed.title == "Les nouvelles"
    return [e.title for e in feed.entries]


def test_an_html_doctype_before_the_rss_root_is_read_as_the_feed() -> None:
    doctype = (
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n'
    )
    assert titles(rss(prologue=doctype).encode()) == ["Première nouvelle", "خبر عاجل"]
    page = b"<!DOCTYPE html><html><head><title>Home</title></head><body><p>Hi</p></body></html>"
    assert parse_feed(page, URL, "text/html").error == "not a feed: HTML page"
    mentions = page.replace(b"<p>Hi</p>", b"<script>var feed = '<rss version=2.0>';</script>")
    assert parse_feed(mentions, URL).error == "not a feed: HTML page"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_wide_encodings_without_a_bom_declared_in_the_xml_declaration(codec: str) -> None:
    label = codec.split("-le")[0].split("-be")[0]
    data = rss(f'<?xml version="1.0" encoding="{label}"?>').encode(codec)
    assert not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    assert titles(data) == ["Première nouvelle", "خبر عاجل"]


@pytest.mark.parametrize(("label", "codec"), [("IBM037", "cp037"), ("ibm500", "cp500")])
def test_ebcdic_feeds_are_read(label: str, codec: str) -> None:
    latin = rss(f'<?xml version="1.0" encoding="{label}"?>').replace(
        "<item><guid>https://news.example.com/2</guid><title>خبر عاجل</title></item>", ""
    )
    feed = parse_feed(latin.encode(codec), URL)
    assert feed.error is None, feed.error
    assert [e.title for e in feed.entries] == ["Première nouvelle"]
    assert feed.entries[0].summary_html == "Le café est très élégant."


def test_a_cdf_channel_is_read() -> None:
    cdf = (
        b'<?xml version="1.0"?>\n<CHANNEL HREF="https://news.example.com/">\n'
        b"  <TITLE>Example channel</TITLE>\n</CHANNEL>\n"
    )
    feed = parse_feed(cdf, URL, "application/x-cdf")
    assert feed.error is None and feed.title == "Example channel"
    assert feed.link == "https://news.example.com/"


def test_a_feed_without_items_and_an_undefined_html_entity_keeps_its_title() -> None:
    data = (
        b'<rss version="2.0"><channel><title>Caf&eacute; du monde</title>'
        b"<link>https://news.example.com/</link></channel></rss>"
    )
    feed = parse_feed(data, URL)
    assert feed.error is None
    assert feed.title == "Café du monde" and feed.link == "https://news.example.com/"
    assert feed.warning is not None and "eacute" in feed.warning
    # What neither parser reads anything from stays an error.
    for nothing in (b"<rss version='2.0'>\n</rss", b"\x00\x01garbage\xff", b'{"items": []}'):
        unread = parse_feed(nothing, URL)
        assert unread.error and not unread.entries and not unread.title
