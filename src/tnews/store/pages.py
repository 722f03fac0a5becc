"""Article pages wanted by the refresh: which summaries get their page fetched, how failures
wait before the next attempt, and hosts that asked to be left alone for a while."""

from __future__ import annotations

import dataclasses
from urllib.parse import urlsplit

from tnews import clock
from tnews.store.models import Article
from tnews.store.timing import TimingStore
from tnews.text.clean import clean_line

PAGE_MODES = ("auto", "refresh", "open", "never")
# Attempts at one page before the refresh stops trying (`read --fetch` still may), and the
# wait after the first failure, doubled after each, up to a day.
MAX_PAGE_ATTEMPTS = 6
FIRST_RETRY = 30 * 60.0
LONGEST_RETRY = 86400.0
# A feed is summary-only ("auto" mode fetches its pages) when at least half of its newest
# prepared articles are summaries.
SUMMARY_SHARE = 0.5
SHARE_OF = 50

# The share of summaries among a feed's newest prepared articles (the feed id is the one
# parameter).
_SHARE = f"""(SELECT AVG(s.is_summary) FROM (SELECT is_summary FROM articles
    WHERE feed_id = ? AND pending = 0 ORDER BY published DESC LIMIT {SHARE_OF}) s)"""
# Summaries without their page, in feeds whose pages come with the refresh, due to be tried;
# newest first within each feed. "is_summary = 1 AND full_body IS NULL" repeats the partial
# index's condition, without which SQLite does not use it.
_DUE = f"""
    WITH fetching AS (
        SELECT id FROM feeds WHERE subscribed = 1 AND (page_mode = 'refresh'
            OR (page_mode = 'auto' AND (SELECT AVG(s.is_summary) FROM (
                SELECT is_summary FROM articles WHERE feed_id = feeds.id AND pending = 0
                ORDER BY published DESC LIMIT {SHARE_OF}) s) >= {SUMMARY_SHARE})))
    SELECT id, feed_id, url, title, ROW_NUMBER() OVER (
        PARTITION BY feed_id ORDER BY published DESC, id DESC) AS n
    FROM articles
    WHERE is_summary = 1 AND full_body IS NULL AND pending = 0 AND url LIKE 'http%'
        AND feed_id IN (SELECT id FROM fetching) AND page_attempts < {MAX_PAGE_ATTEMPTS}
        AND (page_retry_at IS NULL OR page_retry_at <= ?)
"""


@dataclasses.dataclass(frozen=True, slots=True)
class PageWanted:
    """A summary whose page the refresh fetches."""

    article_id: int
    feed_id: int
    url: str
    title: str

    @property
    def host(self) -> str:
        """The host the page is fetched from (pages of one host share its limits)."""
        try:
            return (urlsplit(self.url).hostname or "").lower()
        except ValueError:
            return ""


def retry_delay(attempts: int) -> float:
    """Seconds to wait after the given number of failed attempts."""
    return float(min(LONGEST_RETRY, FIRST_RETRY * 2 ** max(0, attempts - 1)))


class PageStore(TimingStore):
    """Pages wanted by the refresh, their failures and hosts' waits."""

    def set_page_modes(self, modes: dict[str, str]) -> None:
        """Each subscribed feed's page mode, by feed URL (see PAGE_MODES)."""
        rows = [(mode, url) for url, mode in modes.items() if mode in PAGE_MODES]
        with self.transaction() as conn:
            conn.executemany(
                "UPDATE feeds SET page_mode = ? WHERE url = ? AND page_mode != ?",
                [(mode, url, mode) for mode, url in rows],
            )

    def pages_wanted(self, per_feed: int) -> tuple[list[PageWanted], int]:
        """Pages due now, newest first in each feed and at most per_feed of each; and how many
        more are due beyond that cap (left for the next refresh)."""
        now = clock.now()
        with self._lock:
            # The due pages are found once, for both the capped list and the count of all.
            rows = self.conn.execute(
                f"""WITH due AS MATERIALIZED ({_DUE})
                    SELECT id, feed_id, url, title, (SELECT COUNT(*) FROM due) AS due
                    FROM due WHERE n <= ? ORDER BY n, id DESC""",
                (now, per_feed),
            ).fetchall()
        wanted = [PageWanted(r["id"], r["feed_id"], r["url"], r["title"]) for r in rows]
        return wanted, (int(rows[0]["due"]) - len(rows)) if rows else 0

    def page_failed(
        self,
        article_ids: list[int],
        error: str,
        *,
        final: bool = False,
        wait: float | None = None,
    ) -> None:
        """Remember a failed attempt at these articles' page and why; the next waits (at least
        wait seconds, when the server said), or never comes when final."""
        now = clock.now()
        message = clean_line(error)
        with self.transaction() as conn:
            for article_id in article_ids:
                row = conn.execute(
                    "SELECT page_attempts FROM articles WHERE id = ?", (article_id,)
                ).fetchone()
                if row is None:
                    continue
                attempts = MAX_PAGE_ATTEMPTS if final else int(row[0]) + 1
                delay = max(retry_delay(attempts), wait or 0.0)
                conn.execute(
                    """UPDATE articles SET page_attempts = ?, page_retry_at = ?, full_error = ?
                       WHERE id = ? AND full_body IS NULL""",
                    (attempts, now + delay, message, article_id),
                )

    def wait_for_host(self, host: str, seconds: float) -> None:
        """A host asked not to be asked again for this long (Retry-After)."""
        until = clock.now() + seconds
        with self.transaction() as conn:
            conn.execute(
                """INSERT INTO page_waits (host, until) VALUES (?, ?)
                   ON CONFLICT (host) DO UPDATE SET until = MAX(until, excluded.until)""",
                (host, until),
            )

    def host_waits(self) -> dict[str, float]:
        """Hosts still to be left alone, and until when (epoch seconds)."""
        now = clock.now()
        with self.transaction() as conn:
            conn.execute("DELETE FROM page_waits WHERE until <= ?", (now,))
            rows = conn.execute("SELECT host, until FROM page_waits").fetchall()
        return {str(r[0]): float(r[1]) for r in rows}

    def article(self, article_id: int) -> Article | None:
        """A whole article, with how its page comes when only the summary is there."""
        article = super().article(article_id)
        if article is None or not article.is_summary:
            return article
        with self._lock:
            row = self.conn.execute(
                f"""SELECT f.page_mode, {_SHARE} AS share, a.page_attempts, a.page_retry_at
                    FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE a.id = ?""",
                (article.feed_id, article_id),
            ).fetchone()
        if row is None:
            return article
        mode = str(row["page_mode"])
        attempts = int(row["page_attempts"])
        if mode == "auto":
            # Nothing of the feed prepared yet: this summary is all there is to judge by.
            share = 1.0 if row["share"] is None else float(row["share"])
            summary_feed = share >= SUMMARY_SHARE
            mode = "refresh" if summary_feed else "never"
        return dataclasses.replace(
            article,
            page_mode=mode,
            page_attempts=attempts,
            # Past the last attempt, the refresh tries no more.
            page_retry_at=row["page_retry_at"] if attempts < MAX_PAGE_ATTEMPTS else None,
        )
