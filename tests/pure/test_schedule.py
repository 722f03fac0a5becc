"""The refresh schedule as pure functions: periods, freshness bounds, back-off."""

from __future__ import annotations

import pytest

from tnews.schedule import (
    MAX_BACKOFF,
    MAX_FRESH,
    FeedTiming,
    cache_lifetime,
    due_feeds,
    feed_interval,
    next_due,
    next_refresh,
)

T0 = 2_000_000_000.0  # an arbitrary moment; the functions take "now" as given


def test_never_tried_is_due_at_once() -> None:
    assert next_due(FeedTiming(1, 1800)) == 0.0


def test_period_after_the_last_attempt() -> None:
    assert next_due(FeedTiming(1, 1800, last_attempt=T0)) == T0 + 1800


def test_freshness_is_a_lower_bound_only() -> None:
    assert next_due(FeedTiming(1, 1800, last_attempt=T0, fresh_until=T0 + 7200)) == T0 + 7200
    # Fresh for less than the period: the period still holds.
    assert next_due(FeedTiming(1, 1800, last_attempt=T0, fresh_until=T0 + 60)) == T0 + 1800
    # A server asking for a year is polled within a week.
    far = FeedTiming(1, 1800, last_attempt=T0, fresh_until=T0 + 365 * 86400)
    assert next_due(far) == T0 + MAX_FRESH


def test_retry_after_is_respected() -> None:
    assert next_due(FeedTiming(1, 60, last_attempt=T0, retry_after=T0 + 900)) == T0 + 900


@pytest.mark.parametrize(
    ("failures", "wait"),
    [(0, 600), (1, 1200), (2, 2400), (3, 4800), (8, MAX_BACKOFF), (40, MAX_BACKOFF)],
)
def test_failures_back_off_doubling_up_to_a_day(failures: int, wait: float) -> None:
    assert next_due(FeedTiming(1, 600, last_attempt=T0, failures=failures)) == T0 + wait


def test_a_period_longer_than_the_back_off_cap_is_kept() -> None:
    weekly = FeedTiming(1, 7 * 86400, last_attempt=T0, failures=3)
    assert next_due(weekly) == T0 + 7 * 86400


def test_due_and_next() -> None:
    feeds = [
        FeedTiming(1, 1800, last_attempt=T0),
        FeedTiming(2, 600, last_attempt=T0),
        FeedTiming(3, 600, last_attempt=T0, fresh_until=T0 + 3600),
    ]
    assert due_feeds(feeds, T0 + 700) == [2]
    assert due_feeds(feeds, T0 + 3600) == [1, 2, 3]
    assert next_refresh(feeds) == T0 + 600
    assert next_refresh([]) is None


@pytest.mark.parametrize(
    ("cache_control", "expires", "date", "seconds"),
    [
        ("max-age=600", None, None, 600),
        ("public, s-maxage=900, max-age=60", None, None, 900),
        ('max-age="120"', None, None, 120),
        ("no-cache, max-age=600", None, None, 0),
        ("no-store", None, None, 0),
        ("max-age=99999999999", None, None, MAX_FRESH),
        ("max-age=9999999", None, None, MAX_FRESH),
        (None, "Sun, 29 Nov 2026 11:00:00 GMT", "Sun, 29 Nov 2026 10:00:00 GMT", 3600),
        (None, "Sun, 29 Nov 2026 09:00:00 GMT", "Sun, 29 Nov 2026 10:00:00 GMT", 0),
        (None, "0", "Sun, 29 Nov 2026 10:00:00 GMT", 0),
        (None, "garbage", "garbage", 0),
        ("private", None, None, 0),
        (None, None, None, 0),
    ],
)
def test_cache_lifetime(
    cache_control: str | None, expires: str | None, date: str | None, seconds: float
) -> None:
    assert cache_lifetime(cache_control, expires, date) == seconds


@pytest.mark.parametrize(
    ("body", "seconds"),
    [
        (b"<rss><channel><ttl>60</ttl></channel></rss>", 3600),
        (b"<channel><sy:updatePeriod>hourly</sy:updatePeriod></channel>", 3600),
        (
            b"<sy:updatePeriod> daily </sy:updatePeriod><sy:updateFrequency>4</sy:updateFrequency>",
            21600,
        ),
        (b"<syn:updatePeriod>weekly</syn:updatePeriod>", 7 * 86400),
        (b"<sy:updatePeriod>sometimes</sy:updatePeriod>", 0),
        (b"<ttl>60</ttl><sy:updatePeriod>daily</sy:updatePeriod>", 86400),
        (b"<ttl>9999999</ttl>", MAX_FRESH),
        (b"<ttl>abc</ttl>", 0),
        (b"{}", 0),
    ],
)
def test_feed_interval(body: bytes, seconds: float) -> None:
    assert feed_interval(body) == seconds
