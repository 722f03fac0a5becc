"""Field rules of parse_feed: what each ParsedEntry field holds, and the error messages."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from tnews.feeds.authors import find_email, split_author
from tnews.feeds.fast import fast_parse
from tnews.feeds.model import ParsedFeed
from tnews.feeds.parse import parse_fast_only, parse_feed, parse_tolerant_only
from tnews.feeds.raw import _UNCLEAN, LINE_LIMIT, clean_field
from tnews.text.clean import clean_line

FIXTURES = Path(__file__).parent / "fixtures"
URL = "https://feeds.example.com/feed.xml"


def _fixture(name: str) -> ParsedFeed:
    return parse_feed((FIXTURES / name).read_bytes(), URL)


def _rss(items: str, channel: str = "<title>T</title>") -> bytes:
    return f'<rss version="2.0"><channel>{channel}{items}</channel></rss>'.encode()


def test_arabic_wordpress_entry_fields() -> None:
    feed = _fixture("rss2_arabic_wordpress.xml")
    assert feed.title == "صحيفة الوسط – أخبار ليبيا"
    assert (feed.link, feed.language, feed.error, feed.warning) == (
        "https://alwasat.example.ly",
        "ar",
        None,
        None,
    )
    first = feed.entries[0]
    assert first.guid == "https://alwasat.example.ly/?p=401234"
    assert first.url == "https://alwasat.example.ly/news/libya/401234"
    assert first.author == "محمد علي"
    assert first.published == datetime(2025, 6, 2, 8, 30, tzinfo=UTC)
    assert first.categories == ("أخبار", "ليبيا")
    assert first.summary_html.startswith("<p>طرابلس- الوسط: أعلنت")
    assert '<a href="/news/libya/401100">' in first.content_html
    assert first.language == "ar"
    assert feed.entries[1].title == "منتخب ليبيا يفوز “بثلاثية” في التصفيات"


def test_double_escaped_and_cdata_titles_become_plain_text() -> None:
    entries = _fixture("rss2_english_entities.xml").entries
    assert entries[0].title == "Markets & Money: a bold week"
    assert entries[1].title == "CDATA title with italics & ampersand"
    assert entries[2].title == "Whitespace around the title"
    assert entries[3].title == "Café “quotes” — dash"


def test_rss_author_splits_email_and_name() -> None:
    entries = _fixture("rss2_english_entities.xml").entries
    assert entries[0].author == "Jane Editor"
    assert entries[1].author == "news-desk@example.co.uk"


def test_link_query_ampersand_and_relative_permalink_guid() -> None:
    entries = _fixture("rss2_english_entities.xml").entries
    assert entries[0].url == "http://news.example.com/story?id=1&ref=rss"
    assert entries[3].guid == entries[3].url == "https://feeds.example.com/story/4"


def test_missing_guid_and_link_gives_stable_hash() -> None:
    one = _fixture("rss2_english_entities.xml").entries[2]
    two = _fixture("rss2_english_entities.xml").entries[2]
    assert one.guid == two.guid and one.guid.startswith("sha256:")
    assert one.url == "" and one.published is None and one.updated is None


def test_categories_are_deduplicated_in_order() -> None:
    assert _fixture("rss2_english_entities.xml").entries[3].categories == ("World", "Business")


def test_dates_are_utc_and_bad_dates_are_none() -> None:
    entries = _fixture("rss2_odd_dates_relative.xml").entries
    assert entries[0].published == datetime(2025, 6, 2, 10, 0, tzinfo=UTC)
    assert entries[1].published == datetime(2025, 6, 3, 18, 22, 33, tzinfo=UTC)
    assert entries[1].updated is not None and entries[1].updated.tzinfo is UTC
    assert entries[2].published is None
    assert entries[3].published is None


def test_relative_links_resolve_against_xml_base_and_bad_schemes_drop() -> None:
    feed = _fixture("rss2_odd_dates_relative.xml")
    assert feed.link == "https://www.example.com/ar/"
    assert feed.entries[0].url == "https://www.example.com/ar/news/2025/06/story-1.html"
    assert feed.entries[1].url == "https://www.example.com/en/story-2"
    assert feed.entries[2].url == ""  # javascript: link
    assert feed.entries[2].guid == "story-3"  # isPermaLink="True" is not "true": left alone
    assert feed.entries[4].url == "https://www.example.com/ar/story-5"


def test_atom_xhtml_content_xml_base_language_and_labels() -> None:
    feed = _fixture("atom_xhtml_base.xml")
    assert (feed.title, feed.link, feed.language) == (
        "Atom & Friends",
        "https://atom.example.net/blog/",
        "en",
    )
    first, arabic, text, two_divs = feed.entries
    assert first.url == "https://atom.example.net/blog/posts/first.html"
    assert first.base_url == "https://atom.example.net/blog/posts/"
    assert first.title == "First <post> & more"
    assert first.author == "Ada"
    assert first.categories == ("Technology", "news")
    assert first.content_html.startswith("<p>Hello <a href=")
    assert "<br></br>" in first.content_html and "<div" not in first.content_html
    assert first.summary_html == "A &lt;plain&gt; text summary"
    assert first.published == datetime(2025, 6, 1, 7, 0, tzinfo=UTC)
    assert arabic.language == "ar" and arabic.url == "https://atom.example.net/ar/2"
    assert arabic.content_html == "<p>نص <b>عربي</b></p>"
    assert text.content_html == "1 &lt; 2 &amp; &lt;b&gt;not bold&lt;/b&gt; is text"
    assert text.url == ""  # a tag: id is not a web link
    assert two_divs.content_html == "<div>one</div><div>two</div>"


def test_rss10_dc_fields() -> None:
    feed = _fixture("rdf_dc.xml")
    assert feed.language == "ar-LY"
    one, two = feed.entries
    assert one.guid == "https://blog.example.org/a/1"
    assert one.author == "خالد" and one.categories == ("برمجة",)
    assert one.updated == datetime(2025, 5, 30, 10, 0, tzinfo=UTC)
    assert two.author == "Layla" and two.categories == ("Unicode", "RTL")
    assert two.content_html == "<p>Bidi <b>matters</b>.</p>" and two.summary_html == ""


def test_windows_1256_feed_with_declaration() -> None:
    feed = _fixture("rss2_windows1256.xml")
    assert feed.title == "أخبار بترميز ويندوز"
    assert feed.entries[0].title == "عنوان الخبر الأول: «اقرأ أيضاً»"
    assert feed.entries[0].categories == ("اقتصاد",)


def test_windows_1256_bytes_with_wrong_declaration() -> None:
    data = (FIXTURES / "rss2_windows1256.xml").read_bytes().replace(b"windows-1256", b"utf-8")
    assert parse_feed(data, URL).entries[1].title == "الخبر الثاني"


# Byte sequences Python's UTF-8 codec refuses: overlong forms, surrogates, past U+10FFFF,
# stray or missing continuation bytes, and single-byte Arabic.
_NOT_UTF8 = [
    b"\xc0\xaf",
    b"\xe0\x80\xaf",
    b"\xf0\x80\x80\xaf",
    b"\xed\xa0\x80",
    b"\xf4\x90\x80\x80",
    b"\xf8\x88\x80\x80\x80",
    b"\x80",
    b"\xd8",
    b"\xe2\x80",
    b"\xd8\x41",
    b"\xff",
    "العربية".encode("cp1256"),
]


@pytest.mark.parametrize("where", ["text", "cdata", "attribute", "comment"])
@pytest.mark.parametrize("sequence", _NOT_UTF8)
def test_strict_path_refuses_bytes_that_are_not_utf8(sequence: bytes, where: str) -> None:
    # parse_feed hands lxml undecoded bytes on the strength of this refusal: bytes it took
    # would otherwise skip the legacy encoding detection.
    item = {
        "text": b"<title>a" + sequence + b"b</title>",
        "cdata": b"<title><![CDATA[a" + sequence + b"b]]></title>",
        "attribute": b'<title type="a' + sequence + b'b">t</title>',
        "comment": b"<!-- a" + sequence + b"b --><title>t</title>",
    }[where]
    data = b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><item>'
    data += item + b"</item></channel></rss>"
    with pytest.raises(etree.XMLSyntaxError):
        fast_parse(data, URL)


def test_windows_1256_bytes_claiming_utf8_in_document_and_header() -> None:
    data = (FIXTURES / "rss2_windows1256.xml").read_bytes()
    for declaration in (b"utf-8", b"UTF-8"):
        feed = parse_feed(data.replace(b"windows-1256", declaration), URL, charset="utf-8")
        assert feed.error is None and feed.entries[1].title == "الخبر الثاني"


def test_control_characters_never_reach_single_line_fields() -> None:
    data = _rss(
        "<item><title>bad&#x1b;[2J title\u202e</title><link>http://x.example/1\u202e</link></item>"
    )
    entry = parse_feed(data, URL).entries[0]
    # The title keeps the author's override (each field is laid out on its own); a URL never.
    assert entry.title == "bad title\u202e"
    assert entry.url == "http://x.example/1"


def test_empty_document() -> None:
    assert parse_feed(b"  \n ", URL).error == "empty document"


def test_html_page_is_not_a_feed() -> None:
    page = b"<!DOCTYPE html>\n<html><head><title>x</title></head><body>hi</body></html>"
    feed = parse_feed(page, URL, content_type="text/html")
    assert feed.error == "not a feed: HTML page" and not feed.entries


def test_xml_error_reports_line() -> None:
    feed = parse_feed(b"<?xml version='1.0'?>\n<rss>\n<channel><title>x</oops>", URL)
    assert feed.error is not None and re.match(r"XML error at line \d+: ", feed.error)
    assert "\n" not in feed.error


def test_broken_feed_with_entries_sets_warning() -> None:
    data = _rss("<item><title>One &nbsp; broken</title><link>http://x.example/1</link></item>")
    feed = parse_feed(data.replace(b"</channel>", b""), URL)
    assert feed.error is None and feed.warning and feed.entries[0].url == "http://x.example/1"


def test_well_formed_empty_feed_is_not_an_error() -> None:
    feed = parse_feed(_rss(""), URL)
    assert (feed.title, feed.entries, feed.error) == ("T", [], None)


_FEEDPARSER_EMAIL = re.compile(
    r"(([a-zA-Z0-9\_\-\.\+]+)@((\[[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.)|(([a-zA-Z0-9\-]+\.)+))"
    r"([a-zA-Z]{2,4}|[0-9]{1,3})(\]?))(\?subject=\S+)?"
)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab1.-_+@[]()<> ?=subject", max_size=40))
def test_linear_email_search_matches_feedparser_regex(text: str) -> None:
    found = _FEEDPARSER_EMAIL.search(text)
    assert find_email(text) == (found.group(0) if found else None)


def test_split_author_forms() -> None:
    assert split_author("ed@example.com (Ed Name)") == ("Ed Name", "ed@example.com")
    assert split_author("Ed Name <ed@example.com>") == ("Ed Name", "ed@example.com")
    assert split_author("محمد") == ("محمد", "")


def _changed_by_clean_line(codepoints: range) -> set[int]:
    """The code points clean_line changes between letters, found by halving blocks of them."""
    text = "".join(f"a{chr(c)}" for c in codepoints if not 0xD800 <= c < 0xE000) + "a"
    if clean_line(text, len(text)) == text:
        return set()
    if len(codepoints) == 1:
        return {codepoints[0]}
    middle = len(codepoints) // 2
    return _changed_by_clean_line(codepoints[:middle]) | _changed_by_clean_line(codepoints[middle:])


def test_clean_field_skips_exactly_the_characters_clean_line_leaves_alone() -> None:
    changed = _changed_by_clean_line(range(0x110000))
    flagged = {c for c in range(0x110000) if c != 0x20 and _UNCLEAN.search(chr(c))}
    assert changed == flagged


_FIELD_PIECES = [
    "a",
    "ب",
    " ",
    "  ",
    "\t",
    "\n",
    "\r\n",
    "\x1b[2J",
    "\x85",
    "\xa0",
    "\u202e",
    "\u2028",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_FIELD_PIECES), max_size=12).map("".join), st.booleans())
def test_clean_field_is_clean_line(text: str, long: bool) -> None:
    if long:
        text = "x" * (LINE_LIMIT - 4) + text
    assert clean_field(text) == clean_line(text)


def test_ids_that_name_no_link_are_kept_as_written_on_both_paths() -> None:
    data = (
        b"<rss version='2.0'><channel><title>Ids</title>"
        b"<item><title>a</title><guid>12345</guid></item>"
        b"<item><title>b</title><guid>post-7</guid><link>https://news.example.com/7</link></item>"
        b"<item><title>c</title><guid>tag:example.com,2026:3</guid></item>"
        b"<item><title>d</title><guid>/p/4</guid></item>"
        b"</channel></rss>"
    )
    base = "https://news.example.com/feeds/"
    for feed in (parse_fast_only(data, base), parse_tolerant_only(data, base)):
        ids = [(e.guid, e.url) for e in feed.entries]
        assert ids == [
            ("12345", "https://news.example.com/feeds/12345"),
            ("post-7", "https://news.example.com/7"),
            ("tag:example.com,2026:3", ""),
            ("https://news.example.com/p/4", "https://news.example.com/p/4"),
        ]
