"""Feed bytes to a ParsedFeed: the strict fast path first, feedparser when it declines."""

from __future__ import annotations

import codecs
import re

from lxml import etree

from tnews.feeds.fast import fast_parse
from tnews.feeds.model import ParsedFeed
from tnews.feeds.raw import RawFeed, finish_feed
from tnews.feeds.tolerant import tolerant_parse
from tnews.feeds.walker import Unsupported
from tnews.text.clean import clean_line
from tnews.text.encoding import decode_bytes

# Past this no real feed goes; feedparser's regexes would only buy an attacker time.
MAX_FEED_BYTES = 32 * 1024 * 1024

_HTML_START = re.compile(r"\A(?:\s|<!--.*?-->|<\?.*?\?>)*<(?:!doctype\s+html|html)\b", re.I | re.S)


def decode_feed(data: bytes, charset: str | None) -> tuple[str, bytes]:
    """Feed text, and the same text as UTF-8 bytes for lxml (the input itself when it is)."""
    text, encoding = decode_bytes(data, charset, kind="xml")
    if data.isascii() or (encoding == "utf-8" and not data.startswith(codecs.BOM_UTF8)):
        return text, data
    return text, text.encode("utf-8")


def _xml_error(exc: etree.XMLSyntaxError) -> str:
    line = exc.lineno or (exc.position[0] if exc.position else 0)
    return f"XML error at line {line}: {exc.msg or exc}"


def _result(raw: RawFeed, url: str) -> ParsedFeed:
    return finish_feed(raw, url)


def parse_fast_only(data: bytes, url: str, charset: str | None = None) -> ParsedFeed:
    """The strict path alone; raises Unsupported or XMLSyntaxError. For tests and benchmarks."""
    _text, xml = decode_feed(data, charset)
    return finish_feed(fast_parse(xml, url), url)


def parse_tolerant_only(data: bytes, url: str, charset: str | None = None) -> ParsedFeed:
    """The feedparser path alone, as parse_feed would run it. For tests and benchmarks."""
    text, _xml = decode_feed(data, charset)
    raw, _problem, _version = tolerant_parse(text, url)
    return finish_feed(raw, url)


def _parse(data: bytes, url: str, content_type: str | None, charset: str | None) -> ParsedFeed:
    if not data.strip():
        return ParsedFeed(title="", link="", error="empty document")
    if len(data) > MAX_FEED_BYTES:
        size = len(data) / (1024 * 1024)
        return ParsedFeed(title="", link="", error=f"feed too large: {size:.0f} MB")
    text, xml = decode_feed(data, charset)
    if _HTML_START.match(text[:4096]):
        return ParsedFeed(title="", link="", error="not a feed: HTML page")
    strict_error = None
    try:
        return finish_feed(fast_parse(xml, url), url)
    except Unsupported:
        pass
    except etree.XMLSyntaxError as exc:
        strict_error = _xml_error(exc)
    raw, problem, version = tolerant_parse(text, url)
    complaint = strict_error or problem
    feed = finish_feed(raw, url)
    if feed.entries:
        if complaint:
            feed.warning = clean_line(f"feed is malformed, entries recovered: {complaint}")
        return feed
    if complaint:
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
