"""Pure parts of the network layer: body decoding, Content-Type and Retry-After parsing."""

from __future__ import annotations

import tracemalloc
import zlib
from datetime import UTC, datetime
from email.utils import format_datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tnews.net import FetchLimits
from tnews.net.decode import (
    PIECE,
    BadEncoding,
    BodyDecoder,
    BodyTooLarge,
    content_base,
    parse_content_type,
    parse_retry_after,
)

from . import routes


def _decode(encoding: str, data: bytes, sizes: list[int], max_bytes: int = 1 << 24) -> bytes:
    decoder = BodyDecoder(encoding, max_bytes)
    start = 0
    for size in sizes:
        decoder.feed(data[start : start + size])
        start += size
    decoder.feed(data[start:])
    return decoder.finish()


@given(
    body=st.binary(max_size=4000),
    sizes=st.lists(st.integers(min_value=0, max_value=300), max_size=20),
    layers=st.lists(st.sampled_from(["gzip", "deflate", "raw-deflate"]), max_size=3),
)
def test_any_split_of_any_layering_decodes_back(
    body: bytes, sizes: list[int], layers: list[str]
) -> None:
    data = body
    for layer in layers:
        wbits = {"gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}.get(layer, -zlib.MAX_WBITS)
        compressor = zlib.compressobj(6, zlib.DEFLATED, wbits)
        data = compressor.compress(data) + compressor.flush()
    header = ", ".join("deflate" if layer == "raw-deflate" else layer for layer in layers)
    assert _decode(header, data, sizes) == body


@given(cut=st.integers(min_value=1, max_value=20))
def test_any_truncated_gzip_is_refused(cut: int) -> None:
    data = routes.gzip(routes.FEED)
    with pytest.raises(BadEncoding):
        _decode("gzip", data[:-cut], [7, 7])


def test_pieces_stay_small_even_for_one_huge_chunk() -> None:
    bomb = routes.gzip_bomb(32 * 1024 * 1024)
    decoder = BodyDecoder("gzip", 1 << 20)
    tracemalloc.start()
    try:
        with pytest.raises(BodyTooLarge):
            decoder.feed(bomb)  # one call, the whole bomb at once
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # The cap plus a few pieces, nowhere near the 32 MB the bomb expands to.
    assert peak < (1 << 20) + 8 * PIECE


def test_a_stream_of_empty_blocks_is_cut_by_the_raw_cap() -> None:
    decoder = BodyDecoder("deflate", 1000)
    decoder.feed(b"\x78\x9c")  # a zlib header, then empty stored blocks that decode to nothing
    with pytest.raises(BodyTooLarge):
        for _ in range(100_000):
            decoder.feed(b"\x00\x00\x00\xff\xff")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("application/rss+xml; charset=UTF-8", ("application/rss+xml", "utf-8")),
        ('text/xml;Charset="windows-1256"', ("text/xml", "windows-1256")),
        ("Text/HTML", ("text/html", None)),
        ("text/xml; foo=bar; charset=iso-8859-6", ("text/xml", "iso-8859-6")),
        ("", (None, None)),
        (None, (None, None)),
        ("; charset=", (None, None)),
    ],
)
def test_parse_content_type(header: str | None, expected: tuple[str | None, str | None]) -> None:
    assert parse_content_type(header) == expected


NOW = datetime(2025, 1, 1, 12, 0, tzinfo=UTC).timestamp()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("120", 120.0),
        (" 0 ", 0.0),
        ("99999999", 86400.0),
        ("9" * 5000, 86400.0),
        ("Wed, 01 Jan 2025 12:30:00 GMT", 1800.0),
        ("Wednesday, 01-Jan-25 12:30:00 GMT", 1800.0),  # the obsolete RFC 850 form
        ("Wed, 01 Jan 2025 11:00:00 GMT", 0.0),
        ("Wed, 01 Jan 2099 11:00:00 GMT", 86400.0),
        ("-1", None),
        ("1.5", None),
        ("soon", None),
        ("", None),
        (None, None),
        ("Wed, 99 Foo 2025 12:30:00 GMT", None),
        ("١٢٠", None),  # Arabic-Indic digits are digits to Python, not to HTTP
    ],
)
def test_parse_retry_after(value: str | None, expected: float | None) -> None:
    assert parse_retry_after(value, FetchLimits().retry_after_cap, now=NOW) == expected


@given(st.text(max_size=60))
def test_parse_retry_after_never_raises_nor_goes_negative(value: str) -> None:
    delay = parse_retry_after(value, 3600.0)
    assert delay is None or 0.0 <= delay <= 3600.0


@given(st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2200, 1, 1)))
def test_parse_retry_after_dates(moment: datetime) -> None:
    moment = moment.replace(tzinfo=UTC, microsecond=0)
    delay = parse_retry_after(format_datetime(moment, usegmt=True), 1e12, now=NOW)
    assert delay == max(moment.timestamp() - NOW, 0.0)


FEED_URL = "https://news.example.com/feeds/main.xml"


@pytest.mark.parametrize(
    ("location", "base"),
    [
        ("/news/ar/", "https://news.example.com/news/ar/"),
        ("ar/index.xml", "https://news.example.com/feeds/ar/index.xml"),
        ("http://mirror.example.org/feed", "http://mirror.example.org/feed"),
        (" /a\x1b[31m/ ", "https://news.example.com/a/"),
        ("javascript:alert(1)", FEED_URL),
        ("http://[broken", FEED_URL),
        ("", FEED_URL),
        (None, FEED_URL),
    ],
)
def test_content_location_is_the_base_when_it_is_a_usable_http_url(
    location: str | None, base: str
) -> None:
    assert content_base(FEED_URL, location) == base
