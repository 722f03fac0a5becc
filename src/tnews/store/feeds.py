"""Feeds in the store: subscriptions synced from the config, and each feed's fetch state."""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass

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
class Subscription:
    """What the config says about a feed."""

    url: str
    title: str = ""
    section: str = ""


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


class FeedStore(Database):
    """Feed rows and their fetch state."""

    def sync_subscriptions(self, subs: list[Subscription]) -> None:
        """Make the stored feeds match the config; a dropped feed keeps only its bookmarks."""
        wanted = {s.url: s for s in subs}
        with self.transaction() as conn:
            existing = {r["url"]: r for r in conn.execute("SELECT * FROM feeds WHERE builtin = 0")}
            for url, sub in wanted.items():
                if url in existing:
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
                    gone = conn.execute(
                        "DELETE FROM articles WHERE feed_id = ? AND bookmarked = 0 RETURNING id",
                        (row["id"],),
                    ).fetchall()
                    conn.executemany("DELETE FROM search WHERE rowid = ?", [tuple(r) for r in gone])
                    conn.execute("UPDATE feeds SET subscribed = 0 WHERE id = ?", (row["id"],))

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
        """All feeds with their article and unread counts."""
        where = "" if include_unsubscribed else "WHERE f.subscribed = 1"
        sql = f"""
            SELECT f.*, COUNT(a.id) AS n_articles, COALESCE(SUM(a.read = 0), 0) AS n_unread
            FROM feeds f LEFT JOIN articles a ON a.feed_id = f.id
            {where} GROUP BY f.id ORDER BY f.builtin, f.id
        """
        with self._lock:
            return [_feed(r) for r in self.conn.execute(sql)]

    def feed(self, feed_id: int) -> FeedRow | None:
        """One feed by id."""
        with self._lock:
            row = self.conn.execute("SELECT * FROM feeds WHERE id = ?", (feed_id,)).fetchone()
        return _feed(row) if row else None

    def due_feeds(self, now: float | None = None, *, force: bool = False) -> list[FeedRow]:
        """Subscribed network feeds to refresh now: not gone, not asked to wait (unless forced)."""
        now = time.time() if now is None else now
        return [
            f
            for f in self.feeds()
            if not f.builtin
            and not f.gone
            and (force or f.retry_after is None or f.retry_after <= now)
        ]

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
        now = time.time()
        until = now + retry_after if retry_after else None
        with self.transaction() as conn:
            self._record(conn, feed_id, now, ok, status, error, error_kind, until, gone)
            if fetch_url:
                conn.execute("UPDATE feeds SET fetch_url = ? WHERE id = ?", (fetch_url, feed_id))
            if ok and (etag or last_modified):
                conn.execute(
                    "UPDATE feeds SET etag = ?, last_modified = ? WHERE id = ?",
                    (etag, last_modified, feed_id),
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
