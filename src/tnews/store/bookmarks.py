"""Bookmarks kept whole, their export and import, pages opened from links, and cleanup."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from tnews import clock
from tnews.content.document import ArticleContent
from tnews.content.serial import document_from_json, document_to_json, links_to_json
from tnews.links import link_key
from tnews.store.models import BOOKMARKS
from tnews.store.reading import FullTextStore
from tnews.text.clean import clean_line
from tnews.text.normalize import search_text

PAGES_URL = "tnews:pages"  # articles opened from links, not from any subscribed feed
IMPORTED_URL = "tnews:imported"  # bookmarks imported from another tnews
EXPORT_VERSION = 1


class BookmarkStore(FullTextStore):
    """Bookmarks, link-opened pages and cleanup."""

    def store_page(self, url: str, content: ArticleContent) -> int:
        """Keep a page opened from a link as an article of its own; returns its id."""
        existing = self.article_by_url(url)
        if existing is not None:
            self.store_full_text(existing, content)
            return existing
        feed_id = self.ensure_builtin_feed(PAGES_URL, "Opened links")
        return self._insert_whole(
            feed_id,
            guid=url,
            url=url,
            title=content.title or url,
            document_json=document_to_json(content.document),
            see_also=links_to_json(content.see_also),
            related=links_to_json(content.related),
            dateline=content.dateline,
            lead_caption=content.lead_caption,
            section=content.section,
            published=content.published,
            published_from="page",
        )

    def _insert_whole(
        self,
        feed_id: int,
        *,
        guid: str,
        url: str,
        title: str,
        document_json: str,
        published: float | None = None,
        published_from: str = "feed",
        author: str = "",
        see_also: str = "[]",
        related: str = "[]",
        dateline: str = "",
        lead_caption: str = "",
        section: str = "",
        direction: str | None = None,
        bookmarked_at: float | None = None,
    ) -> int:
        now = clock.now()
        doc = document_from_json(document_json)
        plain = doc.plain_text
        digest = hashlib.sha1(f"{title}\x00{plain}".encode(), usedforsecurity=False).hexdigest()
        with self.transaction() as conn:
            cur = conn.execute(
                """INSERT INTO articles (feed_id, guid, url, link_key, title, author, published,
                       fetched, published_from, lead, body, full_body, is_summary, see_also,
                       related, dateline, lead_caption, direction, content_hash, read,
                       bookmarked, bookmarked_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, 1, ?, ?)""",
                (
                    feed_id,
                    guid,
                    url,
                    link_key(url),
                    title,
                    author,
                    published or now,
                    now,
                    published_from if published else "seen",
                    clean_line(plain[:600], limit=300),
                    document_json,
                    document_json,
                    see_also,
                    related,
                    dateline,
                    lead_caption,
                    direction,
                    digest,
                    int(bookmarked_at is not None),
                    bookmarked_at,
                ),
            )
            article_id = int(cur.lastrowid or 0)
            conn.execute(
                "INSERT INTO search (rowid, title, body) VALUES (?, ?, ?)",
                (article_id, search_text(title), search_text(plain[:20000])),
            )
        return article_id

    def bookmarks_missing_text(self, limit: int = 20) -> list[tuple[int, str]]:
        """Bookmarked summaries whose page is still to be fetched: (id, url)."""
        with self._lock:
            rows = self.conn.execute(
                """SELECT id, url FROM articles WHERE bookmarked = 1 AND is_summary = 1
                   AND full_body IS NULL AND url != '' ORDER BY bookmarked_at DESC LIMIT ?""",
                (limit,),
            ).fetchall()
        return [(int(r["id"]), str(r["url"])) for r in rows]

    def export_bookmarks(self) -> list[dict[str, Any]]:
        """Every bookmark as plain data (logical text, whole document), oldest first."""
        items = list(reversed(self.list_articles(BOOKMARKS, limit=1_000_000)))
        out: list[dict[str, Any]] = []
        for summary in items:
            a = self.article(summary.id)
            if a is None:
                continue
            out.append(
                {
                    "url": a.url,
                    "title": a.title,
                    "feed": a.feed_title,
                    "author": a.author,
                    "published": a.published,
                    "first_seen": a.first_seen,
                    "direction": a.direction,
                    "dateline": a.dateline,
                    "lead_caption": a.lead_caption,
                    "categories": list(a.categories),
                    "see_also": [[link.url, link.title] for link in a.see_also],
                    "related": [[link.url, link.title] for link in a.related],
                    "document": json.loads(document_to_json(a.document)),
                }
            )
        return out

    def import_bookmark(self, item: dict[str, Any]) -> bool:
        """Bookmark an exported article: the stored one with its URL, else a new one.
        Returns True when it added a bookmark (a second import adds nothing)."""
        url = clean_line(str(item.get("url") or ""))
        title = clean_line(str(item.get("title") or "")) or url
        existing = self.article_by_url(url) if url else None
        if existing is not None:
            article = self.article(existing)
            if article is not None and not article.bookmarked:
                self.set_bookmark(existing, True)
                return True
            return False
        document_json = json.dumps(item.get("document") or {}, ensure_ascii=False)
        # Round-trip through the model so that whatever the file says, only clean text is kept.
        document_json = document_to_json(document_from_json(document_json))
        feed_id = self.ensure_builtin_feed(IMPORTED_URL, "Imported bookmarks")
        guid = url or "import:" + hashlib.sha1(document_json.encode()).hexdigest()
        with self._lock:
            dup = self.conn.execute(
                "SELECT id FROM articles WHERE feed_id = ? AND guid = ?", (feed_id, guid)
            ).fetchone()
        if dup:
            return False
        published = item.get("published")
        direction = item.get("direction")
        self._insert_whole(
            feed_id,
            guid=guid,
            url=url,
            title=title,
            document_json=document_json,
            published=float(published) if isinstance(published, int | float) else None,
            published_from="seen" if item.get("first_seen") is True else "feed",
            author=clean_line(str(item.get("author") or "")),
            see_also=_links(item.get("see_also")),
            related=_links(item.get("related")),
            dateline=clean_line(str(item.get("dateline") or "")),
            lead_caption=clean_line(str(item.get("lead_caption") or "")),
            direction=direction if direction in ("ltr", "rtl") else None,
            bookmarked_at=clock.now(),
        )
        return True

    def cleanup(
        self,
        keep_days: int,
        keep_per_feed: int,
        now: float | None = None,
        *,
        forget_unread: bool = False,
    ) -> int:
        """Forget articles no feed carries any more: those older than keep_days, and past
        keep_per_feed in their feed, newest kept. Never what a feed still carries, never a
        bookmark, and (unless forget_unread) never an unread article. Returns how many."""
        now = clock.now() if now is None else now
        cutoff = now - keep_days * 86400
        # The guide and opened links are the user's own; only feed articles age out.
        forgettable = """a.bookmarked = 0
            AND a.feed_id IN (SELECT id FROM feeds WHERE builtin = 0)
            AND NOT EXISTS (SELECT 1 FROM article_feeds c
                            WHERE c.article_id = a.id AND c.carried = 1)"""
        if not forget_unread:
            forgettable += " AND a.read = 1"
        with self.transaction() as conn:
            old = conn.execute(
                f"""DELETE FROM articles WHERE id IN (
                        SELECT a.id FROM articles a WHERE {forgettable} AND a.published < ?)
                    RETURNING id""",
                (cutoff,),
            ).fetchall()
            extra = conn.execute(
                f"""DELETE FROM articles WHERE id IN (
                       SELECT id FROM (
                           SELECT a.id, {forgettable} AS gone, ROW_NUMBER() OVER (
                               PARTITION BY a.feed_id ORDER BY a.published DESC, a.id DESC) AS n
                           FROM articles a) WHERE n > ? AND gone)
                    RETURNING id""",
                (keep_per_feed,),
            ).fetchall()
            # By rowid: a search for rows without an article reads the whole index.
            conn.executemany("DELETE FROM search WHERE rowid = ?", [tuple(r) for r in old + extra])
        return len(old) + len(extra)


def _links(value: object) -> str:
    if not isinstance(value, list):
        return "[]"
    pairs = [
        (clean_line(str(v[0])), clean_line(str(v[1])))
        for v in value
        if isinstance(v, list | tuple) and len(v) == 2
    ]
    return json.dumps(
        [[u, t] for u, t in pairs if u.startswith(("http://", "https://"))], ensure_ascii=False
    )
