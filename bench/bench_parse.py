"""Feed parsing speed: the strict fast path against the feedparser path, on Arabic feeds."""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lxml import etree  # noqa: E402

from tests.feeds.feedgen import arabic_feed  # noqa: E402
from tnews.feeds.parse import (  # noqa: E402
    decode_feed,
    parse_fast_only,
    parse_feed,
    parse_tolerant_only,
)

URL = "https://news.example.ly/feed"


def _times(fn: Callable[[], object], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def _row(label: str, times: list[float]) -> float:
    median = statistics.median(times)
    print(f"  {label:<24} median {median:8.2f} ms   min-max {min(times):.2f}-{max(times):.2f} ms")
    return median


def main() -> None:
    """Print median and range per feed for each path, and the ratio."""
    feeds = [arabic_feed(items=30, seed=seed) for seed in range(10)]
    size = statistics.mean(len(f) for f in feeds) / 1024
    print(f"typical feed: 30 items, HTML bodies 2-20 KB, {size:.0f} KB on average, 10 feeds")
    fast = [t for f in feeds for t in _times(lambda f=f: parse_fast_only(f, URL), 5)]
    full = [t for f in feeds for t in _times(lambda f=f: parse_feed(f, URL), 5)]
    slow = [t for f in feeds for t in _times(lambda f=f: parse_tolerant_only(f, URL), 2)]
    fast_median = _row("fast path", fast)
    # Where the fast path's time goes: decoding and the bare XML parse are floors.
    decode = [t for f in feeds for t in _times(lambda f=f: decode_feed(f, None), 5)]
    _row("  of which decode", decode)
    xml = [decode_feed(f, None)[1] for f in feeds]
    bare = [t for x in xml for t in _times(lambda x=x: etree.fromstring(x), 5)]
    _row("  of which lxml parse", bare)
    _row("parse_feed (picks fast)", full)
    slow_median = _row("feedparser path", slow)
    print(f"  ratio feedparser/fast    {slow_median / fast_median:8.1f} x")

    big = arabic_feed(items=20_000, seed=99, body_kb=(0, 0))
    print(f"large feed: 20,000 items, summaries only, {len(big) / 1024 / 1024:.1f} MB")
    big_fast = _row("fast path", _times(lambda: parse_fast_only(big, URL), 3))
    big_slow = _row("feedparser path", _times(lambda: parse_tolerant_only(big, URL), 1))
    print(f"  ratio feedparser/fast    {big_slow / big_fast:8.1f} x")


if __name__ == "__main__":
    main()
