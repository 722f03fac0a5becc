"""Feed parsing speed on Arabic feeds of three shapes: parse_feed against lxml and feedparser.

For each shape: parse_feed (which takes the strict fast path on all of these), lxml's bare
etree.fromstring on the same bytes (the floor: no Python work at all), and the feedparser
path as the baseline. Times are CPU time of this process (time.process_time), so other
work on the machine stretches them less; each row is the median and the min-max over
every run of every feed of the shape.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from lxml import etree  # noqa: E402

from corpus import feed_bytes, paragraph_pool  # noqa: E402
from tests.feeds.feedgen import arabic_feed, summary_feed  # noqa: E402
from tnews.feeds.parse import parse_fast_only, parse_feed, parse_tolerant_only  # noqa: E402

URL = "https://news.example.ly/feed"


def _times(fn: Callable[[], object], runs: int) -> list[float]:
    fn()  # warm: first-use costs (imports, caches of tag names) are not per feed
    out = []
    for _ in range(runs):
        start = time.process_time()
        fn()
        out.append((time.process_time() - start) * 1000)
    return out


def _row(label: str, times: list[float], size: int) -> float:
    median = statistics.median(times)
    rate = size / 1e6 / (median / 1000)
    spread = f"{min(times):.2f}-{max(times):.2f}"
    print(f"  {label:<22} median {median:8.2f} ms   min-max {spread:>15} ms   {rate:6.1f} MB/s")
    return median


def _shape(title: str, feeds: list[bytes], runs: int, baseline_runs: int) -> None:
    size = int(statistics.mean(len(f) for f in feeds))
    print(f"{title}: {len(feeds)} feed(s), {size / 1024:.0f} KB on average")
    fast = [t for f in feeds for t in _times(lambda f=f: parse_feed(f, URL), runs)]
    bare = [t for f in feeds for t in _times(lambda f=f: etree.fromstring(f), runs)]
    slow = [
        t for f in feeds for t in _times(lambda f=f: parse_tolerant_only(f, URL), baseline_runs)
    ]
    fast_median = _row("parse_feed", fast, size)
    bare_median = _row("  floor: lxml alone", bare, size)
    slow_median = _row("feedparser path", slow, size)
    print(
        f"  feedparser/parse_feed {slow_median / fast_median:7.1f} x"
        f"   parse_feed/lxml {fast_median / bare_median:5.1f} x"
    )


def main() -> None:
    """Print median and range per feed for each shape and path, and the ratios."""
    print(__doc__.splitlines()[0])
    print("CPU ms per feed, median and min-max over all runs; MB/s from the median\n")
    typical = [summary_feed(items=40, seed=seed) for seed in range(10)]
    _shape("typical: 40 items, summaries of 0.3-1.8 KB, no bodies", typical, 20, 3)
    full = [arabic_feed(items=30, seed=seed) for seed in range(10)]
    _shape("full content: 30 items, HTML bodies of 2-20 KB", full, 5, 2)
    corpus = [feed_bytes(0, 10, 1, paragraph_pool(1))]
    _shape("refresh corpus feed 0: 10 items, bodies of 20-200 KB", corpus, 20, 3)

    big = arabic_feed(items=20_000, seed=99, body_kb=(0, 0))
    print(f"large feed: 20,000 items, summaries only, {len(big) / 1024 / 1024:.1f} MB")
    big_fast = _row("fast path", _times(lambda: parse_fast_only(big, URL), 3), len(big))
    big_slow = _row("feedparser path", _times(lambda: parse_tolerant_only(big, URL), 1), len(big))
    print(f"  feedparser/fast       {big_slow / big_fast:7.1f} x")


if __name__ == "__main__":
    main()
