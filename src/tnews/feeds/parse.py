"""Feed bytes to a ParsedFeed: the strict fast path first, feedparser when it declines."""

from __future__ import annotations

import codecs
import re

from lxml import etree

from tnews.feeds.fast import fast_parse
from tnews.feeds.jsonfeed import looks_like_json, parse_json_feed
from tnews.feeds.model import ParsedFeed
from tnews.feeds.raw import finish_feed
from tnews.feeds.tolerant import tolerant_parse
from tnews.feeds.walker import Unsupported
from tnews.text.clean import clean_line
from tnews.text.encoding import decode_bytes

# Past this no real feed goes; feedparser's regexes would only buy an attacker time.
MAX_FEED_BYTES = 32 * 1024 * 1024

_HTML_START = re.compile(r"\A(?:\s|<!--.*?-->|<\?.*?\?>)*<(?:!doctype\s+html|html)\b", re.I | re.S)
# A feed's root element (RSS, Atom, RDF, CDF) somewhere in the head: an HTML doctype before
# it is a publisher's mistake, not a web page.
_FEED_ROOT = re.compile(r"<(?:rss|feed|rdf:rdf|channel)[\s>]", re.I)
_DECLARED_ENCODING = re.compile(r"""\A(\s*<\?xml[^>]*?encoding\s*=\s*)(["'])[^"'>]*\2""")
_BOMS = (
    codecs.BOM_UTF8,
    codecs.BOM_UTF32_LE,
    codecs.BOM_UTF32_BE,
    codecs.BOM_UTF16_LE,
    codecs.BOM_UTF16_BE,
)


def decode_feed(data: bytes, charset: str | None) -> tuple[str, bytes]:
    """Feed text, and the same text as UTF-8 bytes for lxml (the input itself when it is)."""
    text, encoding = decode_bytes(data, charset, kind="xml")
    # ASCII bytes read one character a byte are their own UTF-8 (not so UTF-16 without BOM).
    if (data.isascii() and len(text) == len(data)) or (
        encoding == "utf-8" and not data.startswith(codecs.BOM_UTF8) and "\ufffd" not in text
    ):
        return text, data
    # The bytes are UTF-8 now, whatever the declaration said they were.
    return text, _DECLARED_ENCODING.sub(r'\1"utf-8"', text, count=1).encode("utf-8")


def _xml_error(exc: etree.XMLSyntaxError) -> str:
    line = exc.lineno or (exc.position[0] if exc.position else 0)
    return f"XML error at line {line}: {exc.msg or exc}"


def _strict(xml: bytes, url: str) -> ParsedFeed | str | None:
    """The strict path's feed, else why it declined: an XML error, or None when unsupported."""
    try:
        return finish_feed(fast_parse(xml, url), url)
    except Unsupported:
        return None
    except etree.XMLSyntaxError as exc:
        return _xml_error(exc)


def _head(data: bytes) -> str:
    """The first 4096 characters of UTF-8 data: no character is longer than four bytes."""
    return data[:16384].decode("utf-8", "replace")[:4096]


def _as_utf8(data: bytes) -> bool:
    """Whether the strict path may read the bytes as they came, before any decoding.

    Bytes that are valid UTF-8 are decoded as UTF-8 whatever they declare, and lxml told to
    read UTF-8 refuses any byte sequence that is not, so for a document it accepts, decoding
    first would give the same bytes back at the cost of a second pass over them. A BOM
    means other handling (stripped, or another encoding altogether).
    """
    if data.startswith(_BOMS):
        return False
    # The HTML test backtracks through the whole head on a feed; the word must be there first.
    return b"html" not in data[:16384].lower() or not _HTML_START.match(_head(data))


def parse_fast_only(data: bytes, url: str, charset: str | None = None) -> ParsedFeed:
    """The strict path alone; raises Unsupported or XMLSyntaxError. For tests and benchmarks."""
    if _as_utf8(data):
        try:
            return finish_feed(fast_parse(data, url), url)
        except etree.XMLSyntaxError:
            pass
    _text, xml = decode_feed(data, charset)
    return finish_feed(fast_parse(xml, url), url)


def parse_tolerant_only(data: bytes, url: str, charset: str | None = None) -> ParsedFeed:
    """The feedparser path alone, as parse_feed would run it. For tests and benchmarks."""
    text, _xml = decode_feed(data, charset)
    raw, _problem, _version = tolerant_parse(text, url)
    return finish_feed(raw, url)


def _parse(data: bytes, url: str, content_type: str | None, charset: str | None) -> ParsedFeed:
    if not data or data.isspace():
        return ParsedFeed(title="", link="", error="empty document")
    if len(data) > MAX_FEED_BYTES:
        size = len(data) / (1024 * 1024)
        return ParsedFeed(title="", link="", error=f"feed too large: {size:.0f} MB")
    if looks_like_json(data, content_type):
        return parse_json_feed(data, url)
    strict: ParsedFeed | str | None = None
    tried = _as_utf8(data)
    if tried:
        strict = _strict(data, url)
        if isinstance(strict, ParsedFeed):
            return strict
    text, xml = decode_feed(data, charset)
    head = text[:65536]
    html_start = _HTML_START.match(head[:4096]) is not None
    if html_start and not _FEED_ROOT.search(head):
        return ParsedFeed(title="", link="", error="not a feed: HTML page")
    # Decoding gives the same bytes back for UTF-8: the strict path would only fail again.
    if not tried or xml is not data:
        strict = _strict(xml, url)
        if isinstance(strict, ParsedFeed):
            return strict
    raw, problem, version = tolerant_parse(text, url)
    complaint = (strict if isinstance(strict, str) else None) or problem
    feed = finish_feed(raw, url)
    # Whatever either parser could read is kept: an error only when neither read anything.
    if feed.entries or feed.title or feed.link:
        if complaint:
            what = "entries" if feed.entries else "the feed's own fields"
            feed.warning = clean_line(f"feed is malformed, {what} recovered: {complaint}")
        return feed
    if html_start:
        feed.error = "not a feed: HTML page"
    elif complaint:
        feed.error = clean_line(complaint)
    elif not version:
        kind = "HTML page" if content_type and "html" in content_type.lower() else "unknown format"
        feed.error = f"not a feed: {kind}"
    return feed


def parse_feed(
    data: bytes, url: str, content_type: str | None = None, charset: str | None = None
) -> ParsedFeed:
    """Parse feed bytes; never raises: trouble comes back as error (nothing usable) or warning."""
    try:
        return _parse(data, url, content_type, charset)
    except (RecursionError, MemoryError, ValueError, TypeError, LookupError) as exc:
        # Parsers have many ways to fail on hostile input; none may reach the caller.
        return ParsedFeed(title="", link="", error=clean_line(f"could not parse feed: {exc}"))
