"""When each feed is next due on the reader's timer: pure functions of what is known of it.

A feed is due its period after its last attempt. What the server or the feed says about how
long the copy stays fresh (Cache-Control max-age, Expires, <ttl>, sy:updatePeriod) is a lower
bound, never a reason to poll sooner; a feed that keeps failing waits twice as long after each
failure, up to a day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

# However long a server or a feed asks for, a feed is polled at least this often.
MAX_FRESH = 7 * 86400.0
# A feed failing again and again is still tried this often.
MAX_BACKOFF = 86400.0
# A feed's own hints are looked for in its first bytes, where the channel's elements are.
HINT_BYTES = 65536

_MAX_AGE = re.compile(r"(?:^|[,\s])(s-maxage|max-age)\s*=\s*\"?(\d{1,10})", re.I)
_NO_CACHE = re.compile(r"(?:^|[,\s])(no-cache|no-store)(?:$|[,\s=])", re.I)
_TTL = re.compile(rb"<ttl>\s*(\d{1,7})\s*</ttl>")
_PERIOD = re.compile(rb"<(?:[\w-]+:)?updatePeriod>\s*(\w{1,10})\s*</(?:[\w-]+:)?updatePeriod>")
_FREQUENCY = re.compile(rb"<(?:[\w-]+:)?updateFrequency>\s*(\d{1,5})\s*</")
_PERIODS = {
    b"hourly": 3600.0,
    b"daily": 86400.0,
    b"weekly": 7 * 86400.0,
    b"monthly": 30 * 86400.0,
    b"yearly": 365 * 86400.0,
}


@dataclass(frozen=True, slots=True)
class FeedTiming:
    """What the schedule needs of one feed."""

    feed_id: int
    period: float  # seconds: the feed's own refresh_every, else the reader's
    last_attempt: float | None = None
    fresh_until: float | None = None  # the server's or the feed's lower bound
    failures: int = 0  # failed attempts in a row
    retry_after: float | None = None  # the server asked not to come back before this


def next_due(feed: FeedTiming) -> float:
    """The moment (epoch seconds) the feed is next due; 0 when it was never tried."""
    if feed.last_attempt is None:
        return 0.0
    wait = feed.period
    if feed.failures:
        # At least the period itself, however long the period is.
        wait = max(feed.period, min(feed.period * 2 ** min(feed.failures, 16), MAX_BACKOFF))
    due = feed.last_attempt + wait
    if feed.fresh_until is not None:
        due = max(due, min(feed.fresh_until, feed.last_attempt + MAX_FRESH))
    if feed.retry_after is not None:
        due = max(due, feed.retry_after)
    return due


def due_feeds(feeds: list[FeedTiming], now: float) -> list[int]:
    """The ids of the feeds due at now."""
    return [feed.feed_id for feed in feeds if next_due(feed) <= now]


def next_refresh(feeds: list[FeedTiming]) -> float | None:
    """When the first feed is next due, or None when there are no feeds."""
    return min((next_due(feed) for feed in feeds), default=None)


def cache_lifetime(cache_control: str | None, expires: str | None, date: str | None) -> float:
    """Seconds a response stays fresh by its headers (max-age first, then Expires - Date)."""
    if cache_control:
        if _NO_CACHE.search(cache_control):
            return 0.0
        ages = [float(m.group(2)) for m in _MAX_AGE.finditer(cache_control)]
        if ages:
            return min(max(ages), MAX_FRESH)
    if expires and date:
        try:
            lifetime = (
                parsedate_to_datetime(expires).timestamp() - parsedate_to_datetime(date).timestamp()
            )
        except (TypeError, ValueError, IndexError, OverflowError):
            return 0.0
        return min(max(lifetime, 0.0), MAX_FRESH)
    return 0.0


def feed_interval(body: bytes) -> float:
    """Seconds the feed says it stays unchanged: RSS <ttl> (minutes) or the syndication
    module's updatePeriod / updateFrequency; 0 when it says nothing."""
    head = body[:HINT_BYTES]
    hints = [0.0]
    ttl = _TTL.search(head)
    if ttl:
        hints.append(float(ttl.group(1)) * 60)
    period = _PERIOD.search(head)
    if period and period.group(1).lower() in _PERIODS:
        frequency = _FREQUENCY.search(head)
        times = int(frequency.group(1)) if frequency else 1
        hints.append(_PERIODS[period.group(1).lower()] / max(times, 1))
    return min(max(hints), MAX_FRESH)
