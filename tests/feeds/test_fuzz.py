"""parse_feed on mutated fixture bytes: never raises, never lets control characters through."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tnews.feeds.model import ParsedFeed
from tnews.feeds.parse import parse_feed

FIXTURES = sorted((Path(__file__).parent / "fixtures").glob("*.xml"))
SEEDS = [path.read_bytes() for path in FIXTURES]
_NASTY = [b"<", b"&", b"]]>", b"\x1b[2J", b"&#x1b;", b"\xc2\x85", b"\xe2\x80\xae", b"\x00"]
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["flip", "insert", "delete", "cut"]))
        if action == "flip" and at < len(data):
            data[at] = draw(st.integers(0, 255))
        elif action == "insert":
            chunk = draw(st.sampled_from(_NASTY) | st.binary(max_size=8))
            data[at:at] = chunk
        elif action == "delete":
            del data[at : at + draw(st.integers(1, 16))]
        else:
            del data[at:]
    return bytes(data)


def _single_line_fields(feed: ParsedFeed) -> list[str]:
    fields = [feed.title, feed.link, feed.language, feed.error or "", feed.warning or ""]
    for e in feed.entries:
        fields += [e.guid, e.url, e.title, e.author, e.base_url, e.language, *e.categories]
    return fields


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_feeds_never_raise_and_stay_clean(data: bytes) -> None:
    feed = parse_feed(data, "https://fuzz.example/feed", content_type="application/rss+xml")
    assert isinstance(feed, ParsedFeed)
    assert (feed.error is None) or not feed.entries
    for value in _single_line_fields(feed):
        assert not _CONTROL.search(value), value
    for entry in feed.entries:
        assert entry.guid
        assert entry.url == "" or entry.url.startswith(("http://", "https://"))
        for stamp in (entry.published, entry.updated):
            assert stamp is None or stamp.utcoffset() is not None
