"""Feeds in the store: subscriptions synced from the config, and each feed's fetch state."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from tnews import clock
from tnews.store.copies import forget_feed
from tnews.store.db import Database


@dataclass(frozen=True, slots=True)
class FeedRow:
    """A feed as stored."""

    id: int
    url: str
    fetch_url: str
    title: str
    section: str
    site_url: str
    etag: str | None
    last_modified: str | None
    last_attempt: float | None
    last_success: float | None
    last_status: int | None
    last_error: str | None
    error_kind: str | None
    retry_after: float | None
    gone: bool
    builtin: bool
    subscribed: bool
    articles: int = 0
    unread: int = 0

    @property
    def display_title(self) -> str:
        """The name to show: the configured or feed title, else the URL."""
        return self.title or self.url


@dataclass(frozen=True, slots=True)
class Attempt:
    """How one fetch of a feed went, to be recorded (see FeedStore.record_attempt)."""

    feed_id: int
    ok: bool
    status: int | None
    error: str | None = None
    error_kind: str | None = None
    retry_after: float | None = None  # seconds the server asked us to wait
    gone: bool = False
    etag: str | None = None
    last_modified: str | None = None
    fetch_url: str | None = None


@dataclass(frozen=True, slots=True)
class Subscription:
    """What the config says about a feed."""

    url: str
    title: str = ""
    section: str = ""
    full_text: str = ""  # "refresh", "open" or "never"; empty: the [settings] default


def _feed(row: sqlite3.Row) -> FeedRow:
    keys = row.keys()
    return FeedRow(
        id=row["id"],
        url=row["url"],
        fetch_url=row["fetch_url"],
        title=row["title"] or row["feed_title"],
        section=row["section"],
        site_url=row["site_url"],
        etag=row["etag"],
        last_modified=row["last_modified"],
        last_attempt=row["last_attempt"],
        last_success=row["last_success"],
        last_status=row["last_status"],
        last_error=row["last_error"],
        error_kind=row["error_kind"],
        retry_after=row["retry_after"],
        gone=bool(row["gone"]),
        builtin=bool(row["builtin"]),
        subscribed=bool(row["subscribed"]),
        articles=row["n_articles"] if "n_articles" in keys else 0,
        unread=row["n_unread"] if "n_unread" in keys else 0,
    )


# A feed as never fetched: subscribing again starts afresh, with no validators to send.
_FRESH = """fetch_url = url, etag = NULL, last_modified = NULL,
    last_attempt = NULL, last_success = NULL, last_status = NULL, last_error = NULL,
    error_kind = NULL, retry_after = NULL, gone = 0"""


class FeedStore(Database):
    """Feed rows and their fetch state."""

    def sync_subscriptions(self, subs: list[Subscription]) -> None:
        """Make the stored feeds match the config; a dropped feed keeps only its bookmarks."""
        wanted = {s.url: s for s in subs}
        with self.transaction() as conn:
            existing = {r["url"]: r for r in conn.execute("SELECT * FROM feeds WHERE builtin = 0")}
            for url, sub in wanted.items():
                if url in existing and not existing[url]["subscribed"]:
                    # Subscribing again is a fresh start: the whole feed is fetched again.
                    conn.execute(
                        f"UPDATE feeds SET title = ?, section = ?, subscribed = 1, {_FRESH} "
                        "WHERE url = ?",
                        (sub.title, sub.section, url),
                    )
                elif url in existing:
                    conn.execute(
                        "UPDATE feeds SET title = ?, section = ?, subscribed = 1 WHERE url = ?",
                        (sub.title, sub.section, url),
                    )
                else:
                    conn.execute(
                        "INSERT INTO feeds (url, fetch_url, title, section) VALUES (?, ?, ?, ?)",
                        (url, url, sub.title, sub.section),
                    )
            for url, row in existing.items():
                if url not in wanted and row["subscribed"]:
                    conn.execute(
                        f"UPDATE feeds SET subscribed = 0, {_FRESH} WHERE id = ?", (row["id"],)
                    )
                    gone = forget_feed(conn, int(row["id"]))
                    conn.executemany("DELETE FROM search WHERE rowid = ?", [(i,) for i in gone])

    def ensure_builtin_feed(self, url: str, title: str) -> int:
        """The id of a built-in feed (the guide), created on first use."""
        with self.transaction() as conn:
            row = conn.execute("SELECT id FROM feeds WHERE url = ?", (url,)).fetchone()
            if row:
                return int(row["id"])
            cur = conn.execute(
                "INSERT INTO feeds (url, fetch_url, title, builtin) VALUES (?, ?, ?, 1)",
                (url, url, title),
            )
            return int(cur.lastrowid or 0)

    def feeds(self, *, include_unsubscribed: bool = False) -> list[FeedRow]:
        """All feeds with their article and unread counts (an article several feeds carry
        counts in each of them)."""
        where = "" if include_unsubscribed else "WHERE f.subscribed = 1"
        # What each subscribed feed carries (every article it stored or shares has a row in
        # article_feeds), and what built-in and removed feeds keep.
        sql = f"""
            WITH held (feed_id, article_id) AS (
                SELECT feed_id, article_id FROM article_feeds
                UNION ALL SELECT a.feed_id, a.id FROM feeds b JOIN articles a ON a.feed_id = b.id
                WHERE b.builtin = 1 OR b.subscribed = 0),
            counts AS (
                SELECT h.feed_id, COUNT(*) AS n, SUM(a.read = 0) AS unread FROM held h
                JOIN articles a ON a.id = h.article_id GROUP BY h.feed_id)
            SELECT f.*, COALESCE(c.n, 0) AS n_articles, COALESCE(c.unread, 0) AS n_unread
            FROM feeds f LEFT JOIN counts c ON c.feed_id = f.id
            {where} ORDER BY f.builtin, f.id
        """
        with self._lock:
            return [_feed(r) for r in self.conn.execute(sql)]

    def feed(self, feed_id: int) -> FeedRow | None:
        """One feed by id."""
        with self._lock:
            row = self.conn.execute("SELECT * FROM feeds WHERE id = ?", (feed_id,)).fetchone()
        return _feed(row) if row else None

    def due_feeds(self, now: float | None = None, *, force: bool = False) -> list[FeedRow]:
        """Subscribed network feeds to refresh now: not gone, not asked to wait (unless forced).
        Their `articles` is 1 when they have any, else 0: whether a feed has articles is all a
        refresh needs, and counting every feed's articles costs more than a run of 304s."""
        now = clock.now() if now is None else now
        sql = """
            SELECT f.*, EXISTS (SELECT 1 FROM article_feeds c WHERE c.feed_id = f.id) AS n_articles
            FROM feeds f
            WHERE f.subscribed = 1 AND f.builtin = 0 AND f.gone = 0
              AND (? OR f.retry_after IS NULL OR f.retry_after <= ?)
            ORDER BY f.id
        """
        with self._lock:
            return [_feed(r) for r in self.conn.execute(sql, (int(force), now))]

    def record_attempt(
        self,
        feed_id: int,
        *,
        ok: bool,
        status: int | None,
        error: str | None = None,
        error_kind: str | None = None,
        retry_after: float | None = None,
        gone: bool = False,
        etag: str | None = None,
        last_modified: str | None = None,
        fetch_url: str | None = None,
    ) -> None:
        """Remember how a fetch went; validators and a new URL only change on success."""
        attempt = Attempt(
            feed_id,
            ok,
            status,
            error,
            error_kind,
            retry_after,
            gone,
            etag,
            last_modified,
            fetch_url,
        )
        self.record_attempts([attempt])

    def record_attempts(self, attempts: list[Attempt]) -> None:
        """Remember how several fetches went, in one transaction."""
        now = clock.now()
        with self.transaction() as conn:
            for a in attempts:
                until = now + a.retry_after if a.retry_after else None
                self._record(
                    conn, a.feed_id, now, a.ok, a.status, a.error, a.error_kind, until, a.gone
                )
                if a.fetch_url:
                    conn.execute(
                        "UPDATE feeds SET fetch_url = ? WHERE id = ?", (a.fetch_url, a.feed_id)
                    )
                if a.ok and (a.etag or a.last_modified):
                    conn.execute(
                        "UPDATE feeds SET etag = ?, last_modified = ? WHERE id = ?",
                        (a.etag, a.last_modified, a.feed_id),
                    )

    @staticmethod
    def _record(
        conn: sqlite3.Connection,
        feed_id: int,
        now: float,
        ok: bool,
        status: int | None,
        error: str | None,
        error_kind: str | None,
        until: float | None,
        gone: bool,
    ) -> None:
        conn.execute(
            """UPDATE feeds SET last_attempt = ?, last_status = ?, last_error = ?,
                   error_kind = ?, retry_after = ?, gone = ?,
                   last_success = CASE WHEN ? THEN ? ELSE last_success END
               WHERE id = ?""",
            (now, status, error, error_kind, until, int(gone), int(ok), now, feed_id),
        )
