"""What the reader's refresh timer reads and records of each feed (see tnews.schedule)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from tnews.schedule import FeedTiming
from tnews.store.filters import FilterStore


class TimingStore(FilterStore):
    """Each feed's freshness bound and run of failures."""

    def record_timings(self, outcomes: Sequence[tuple[int, bool, float | None]]) -> None:
        """Record (feed id, ok, fresh until) for feeds just tried: a success clears the run
        of failures, a failure adds one to it and keeps the last freshness bound."""
        with self.transaction() as conn:
            conn.executemany(
                """INSERT INTO feed_schedule (feed_id, fresh_until, failures) VALUES (?, ?, ?)
                   ON CONFLICT (feed_id) DO UPDATE SET
                       fresh_until = CASE WHEN excluded.failures = 0
                           THEN excluded.fresh_until ELSE fresh_until END,
                       failures = CASE WHEN excluded.failures = 0 THEN 0 ELSE failures + 1 END""",
                [
                    (feed_id, fresh if ok else None, 0 if ok else 1)
                    for feed_id, ok, fresh in outcomes
                ],
            )

    def timings(self, period: float, periods: Mapping[str, float]) -> list[FeedTiming]:
        """Every feed the timer refreshes, with its own period (by URL) or the default."""
        with self._lock:
            rows = self.conn.execute(
                """SELECT f.id, f.url, f.last_attempt, f.retry_after, s.fresh_until,
                          COALESCE(s.failures, 0) AS failures
                   FROM feeds f LEFT JOIN feed_schedule s ON s.feed_id = f.id
                   WHERE f.subscribed = 1 AND f.builtin = 0 AND f.gone = 0
                   ORDER BY f.id"""
            ).fetchall()
        return [
            FeedTiming(
                feed_id=row["id"],
                period=periods.get(row["url"], period),
                last_attempt=row["last_attempt"],
                fresh_until=row["fresh_until"],
                failures=row["failures"],
                retry_after=row["retry_after"],
            )
            for row in rows
        ]
