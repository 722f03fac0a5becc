"""Reading from the store: sections, article lists, whole articles, read and bookmark state."""

from __future__ import annotations

import json
import sqlite3

from tnews import clock
from tnews.content.document import ArticleContent, Link
from tnews.content.serial import (
    document_from_json,
    document_to_json,
    links_from_json,
    links_to_json,
)
from tnews.links import link_key
from tnews.store.articles import ArticleWriter
from tnews.store.hidden import HIDDEN_IDS, hidden_counts
from tnews.store.matching import query_condition
from tnews.store.models import (
    ALL,
    BOOKMARKS,
    FEED_PREFIX,
    HIDDEN,
    QUERY_PREFIX,
    SEARCH_PREFIX,
    UNREAD,
    Article,
    ArticleSummary,
    RelatedGroups,
    RelatedItem,
    Section,
)
from tnews.store.page_facts import add_page_section, date_from_page, label_slugs
from tnews.text.normalize import fts_query, search_text

_SUMMARY_COLUMNS = """a.id, a.feed_id, COALESCE(NULLIF(f.title, ''), NULLIF(f.feed_title, ''),
    f.url) AS feed_title, a.title, a.url, a.published, a.published_from, a.read, a.bookmarked,
    a.direction,
    (SELECT name FROM article_sections WHERE article_id = a.id ORDER BY kind LIMIT 1)
    AS section"""


# An article of a feed: stored from it, or carried by it too (one article, several feeds).
_OF_FEED = """(a.feed_id = ? OR a.id IN (SELECT article_id FROM article_feeds WHERE feed_id = ?))"""

# How many of a query's matches are ranked, newest first by when they were stored.
RANKED_MATCHES = 2000
# Results found at least, and kept for the same search asked again: the reader's page.
SEARCH_PAGE = 200

# The summary columns are read for the final rows only, and bm25 runs on the window only
# (its document frequencies still come from every match).
_RANKED = """SELECT rowid, rank FROM (
        SELECT rowid, bm25(search, 4.0, 1.0) AS rank FROM search WHERE search MATCH ?
        ORDER BY rowid DESC LIMIT ?)
    ORDER BY rank, rowid DESC LIMIT ?"""
_FOUND = """SELECT COUNT(*) FROM (
    SELECT rowid FROM search WHERE search MATCH ? ORDER BY rowid DESC LIMIT ?)"""


def _summary(row: sqlite3.Row) -> ArticleSummary:
    return ArticleSummary(
        id=row["id"],
        feed_id=row["feed_id"],
        feed_title=row["feed_title"],
        title=row["title"],
        url=row["url"],
        published=row["published"],
        read=bool(row["read"]),
        bookmarked=bool(row["bookmarked"]),
        direction=row["direction"],
        section=row["section"] or "",
        first_seen=row["published_from"] == "seen",
    )


class ReadingStore(ArticleWriter):
    """Queries for the reader and the command line."""

    def sections(self) -> list[Section]:
        """Built-in views, then configured groups, then the sites' own sections."""
        with self._lock:
            # Kept by triggers (migration 6) as articles and their sections are written.
            total, unread, marked = self.conn.execute(
                "SELECT total, unread, bookmarked FROM article_counts"
            ).fetchone()
            rows = self.conn.execute(
                """SELECT key, MIN(name) AS name, MIN(kind) AS kind, SUM(total) AS total,
                          SUM(unread) AS unread
                   FROM section_counts WHERE total > 0
                   GROUP BY key ORDER BY MIN(kind), SUM(total) DESC, MIN(name)"""
            ).fetchall()
            (h_total, h_unread, h_marked), per_key = hidden_counts(self.conn)
        total, unread, marked = total - h_total, unread - h_unread, marked - h_marked
        counted = [(r, per_key.get(r["key"], (0, 0))) for r in rows]
        builtin = [
            Section(ALL, "All", "builtin", total, unread),
            Section(UNREAD, "Unread", "builtin", unread, unread),
            Section(BOOKMARKS, "Bookmarks", "builtin", marked, 0),
        ]
        return builtin + [
            Section(r["key"], r["name"], r["kind"], r["total"] - h[0], r["unread"] - h[1])
            for r, h in counted
            if r["total"] > h[0]
        ]

    def has_section(self, key: str) -> bool:
        """Whether any stored article, hidden ones too, is in the section with this key."""
        with self._lock:
            row = self.conn.execute(
                "SELECT 1 FROM article_sections WHERE key = ? LIMIT 1", (key,)
            ).fetchone()
        return row is not None

    def list_articles(
        self,
        section: str = ALL,
        *,
        unread_only: bool = False,
        limit: int = 200,
        offset: int = 0,
        feed_id: int | None = None,
        ids: list[int] | None = None,
    ) -> list[ArticleSummary]:
        """A page of a section's articles, newest first."""
        if section.startswith(SEARCH_PREFIX):
            items = self.search(section[len(SEARCH_PREFIX) :], limit=offset + limit)[offset:]
            return [a for a in items if ids is None or a.id in ids]
        joins, where, params = self._filter(section, unread_only, feed_id)
        if ids is not None:
            where.append(f"a.id IN ({','.join('?' * len(ids))})")
            params.extend(ids)
        order = "a.bookmarked_at DESC" if section == BOOKMARKS else "a.published DESC, a.id DESC"
        sql = f"""SELECT {_SUMMARY_COLUMNS} FROM articles a JOIN feeds f ON f.id = a.feed_id
                  {joins} WHERE {" AND ".join(where)} ORDER BY {order} LIMIT ? OFFSET ?"""
        with self._lock:
            rows = self.conn.execute(sql, (*params, limit, offset)).fetchall()
        return [_summary(r) for r in rows]

    def count_articles(self, section: str = ALL, *, unread_only: bool = False) -> int:
        """How many articles a section holds."""
        if section.startswith(SEARCH_PREFIX):
            return len(self.search(section[len(SEARCH_PREFIX) :]))
        joins, where, params = self._filter(section, unread_only, None)
        sql = f"SELECT COUNT(*) FROM articles a {joins} WHERE {' AND '.join(where)}"
        with self._lock:
            return int(self.conn.execute(sql, params).fetchone()[0])

    @staticmethod
    def _filter(
        section: str, unread_only: bool, feed_id: int | None
    ) -> tuple[str, list[str], list[object]]:
        joins, where, params = "", ["1"], list[object]()
        where.append(f"a.id {'IN' if section == HIDDEN else 'NOT IN'} ({HIDDEN_IDS})")
        if section == UNREAD:
            where.append("a.read = 0")
        elif section == BOOKMARKS:
            where.append("a.bookmarked = 1")
        elif section.startswith(FEED_PREFIX) and section[len(FEED_PREFIX) :].isdigit():
            where.append(_OF_FEED)
            params.extend([int(section[len(FEED_PREFIX) :])] * 2)
        elif section.startswith(QUERY_PREFIX):
            # Saved queries come from the config, where a bad one was reported and left out.
            condition, values = query_condition(section[len(QUERY_PREFIX) :])
            where.append(f"({condition})")
            params.extend(values)
        elif section not in (ALL, HIDDEN):
            joins = "JOIN article_sections s ON s.article_id = a.id AND s.key = ?"
            params.append(section)
        if unread_only:
            where.append("a.read = 0")
        if feed_id is not None:
            where.append(_OF_FEED)
            params.extend([feed_id, feed_id])
        return joins, where, params

    # The last search and its results, with the store's state they were found in.
    _last_search: tuple[tuple[int, int, str], int, list[ArticleSummary]] | None = None

    def search(self, query: str, *, limit: int = 50) -> list[ArticleSummary]:
        """Articles matching a query, best first (see _search). The reader asks for one
        search several times (its count, then its first page): while nothing has been
        written, the last search's results answer again, without ranking again."""
        if limit > RANKED_MATCHES:
            return self._search(query, limit)
        with self._lock:
            # data_version moves with other connections' commits, total_changes with ours.
            version = int(self.conn.execute("PRAGMA data_version").fetchone()[0])
            state = (version, self.conn.total_changes, query)
        last = self._last_search
        # Up to RANKED_MATCHES, a search's first results are the same whatever the limit.
        if last is not None and last[0] == state and last[1] >= limit:
            return last[2][:limit]
        # Never past RANKED_MATCHES: beyond it, a larger limit ranks a larger window.
        asked = max(limit, min(SEARCH_PAGE, RANKED_MATCHES))
        found = self._search(query, asked)
        self._last_search = (state, asked, found)
        return found[:limit]

    def _search(self, query: str, limit: int) -> list[ArticleSummary]:
        """Articles matching a query, best first; titles weigh more than bodies.

        Only the newest RANKED_MATCHES matches (or limit, if more) are ranked: bm25 costs about
        a microsecond a match, so a word found in every one of 100,000 articles took 120 ms.
        The last word, when no space follows it, also finds the words it begins, unless taken
        whole it already fills that window: a prefix query copies the lists of every word it
        covers before returning a row (17 ms for «حكومه*» at 100k), the whole word does not."""
        whole = fts_query(query, prefix=False)
        if not whole:
            return []
        begun = fts_query(query) or whole
        window = max(RANKED_MATCHES, limit)
        with self._lock:
            try:
                match = whole
                if begun != whole:
                    # Counting without bm25 is cheap; ranking twice doubled small stores' time.
                    found = self.conn.execute(_FOUND, (whole, window)).fetchone()[0]
                    match = whole if found >= window else begun
                hits = self.conn.execute(_RANKED, (match, window, limit)).fetchall()
                if not hits:
                    return []
                rows = self.conn.execute(
                    f"""SELECT {_SUMMARY_COLUMNS} FROM articles a
                        JOIN feeds f ON f.id = a.feed_id
                        WHERE a.id IN (SELECT value FROM json_each(?))
                        AND a.id NOT IN ({HIDDEN_IDS})""",
                    (json.dumps([h["rowid"] for h in hits]),),
                ).fetchall()
            except sqlite3.OperationalError:
                return []
        by_id = {r["id"]: r for r in rows}
        return [_summary(by_id[h["rowid"]]) for h in hits if h["rowid"] in by_id]

    def article(self, article_id: int) -> Article | None:
        """A whole article, with the page's full text when it has been fetched."""
        with self._lock:
            row = self.conn.execute(
                f"""SELECT {_SUMMARY_COLUMNS}, a.author, a.lead, a.body, a.full_body,
                           a.is_summary, a.full_error, a.see_also, a.related, a.categories,
                           a.dateline, a.lead_caption
                    FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE a.id = ?""",
                (article_id,),
            ).fetchone()
            if row is None:
                return None
            names = [
                r[0]
                for r in self.conn.execute(
                    "SELECT name FROM article_sections WHERE article_id = ? ORDER BY kind",
                    (article_id,),
                )
            ]
        full = row["full_body"]
        return Article(
            id=row["id"],
            feed_id=row["feed_id"],
            feed_title=row["feed_title"],
            title=row["title"],
            url=row["url"],
            author=row["author"],
            published=row["published"],
            read=bool(row["read"]),
            bookmarked=bool(row["bookmarked"]),
            direction=row["direction"],
            lead=row["lead"],
            document=document_from_json(full or row["body"]),
            is_summary=bool(row["is_summary"]) and not full,
            has_full_text=bool(full),
            full_error=row["full_error"],
            see_also=links_from_json(row["see_also"]),
            related=links_from_json(row["related"]),
            categories=tuple(_json_list(row["categories"])),
            dateline=row["dateline"],
            lead_caption=row["lead_caption"],
            sections=tuple(names),
            first_seen=row["published_from"] == "seen",
        )

    def article_by_url(self, url: str) -> int | None:
        """The id of a stored article with this link (or one differing only in what
        link_key ignores), if any."""
        with self._lock:
            row = self.conn.execute(
                "SELECT id FROM articles WHERE url = ? ORDER BY id LIMIT 1", (url,)
            ).fetchone()
            key = link_key(url)
            if row is None and key:
                row = self.conn.execute(
                    "SELECT id FROM articles WHERE link_key = ? ORDER BY id LIMIT 1", (key,)
                ).fetchone()
        return int(row["id"]) if row else None

    def set_read(self, article_id: int, read: bool = True) -> None:
        """Mark one article read or unread."""
        with self.transaction() as conn:
            conn.execute("UPDATE articles SET read = ? WHERE id = ?", (int(read), article_id))

    def toggle(self, article_id: int, state: str) -> bool:
        """Turn an article's read state or bookmark ("read" or "bookmarked") the other way,
        as it is when written (not as a screen last showed it); returns the new value."""
        column = {"read": "read", "bookmarked": "bookmarked"}[state]
        with self.transaction() as conn:
            found = conn.execute(f"SELECT {column} FROM articles WHERE id = ?", (article_id,))
            row = found.fetchone()
            on = not (row and row[0])
            if column == "read":
                self.set_read(article_id, on)
            else:
                self.set_bookmark(article_id, on)
        return on

    def mark_section_read(self, section: str) -> int:
        """Mark every article of a section read; returns how many changed."""
        ids = [a.id for a in self.list_articles(section, unread_only=True, limit=1_000_000)]
        with self.transaction() as conn:
            conn.executemany("UPDATE articles SET read = 1 WHERE id = ?", [(i,) for i in ids])
        return len(ids)

    def set_bookmark(self, article_id: int, on: bool) -> None:
        """Bookmark or unbookmark an article."""
        with self.transaction() as conn:
            conn.execute(
                "UPDATE articles SET bookmarked = ?, bookmarked_at = ? WHERE id = ?",
                (int(on), clock.now() if on else None, article_id),
            )


def _json_list(text: str) -> list[str]:
    try:
        value = json.loads(text)
    except ValueError:
        return []
    return [str(v) for v in value] if isinstance(value, list) else []


class RelatedStore(ReadingStore):
    """What is related to an article: its see-also links, its page's related block, and the
    same story from other feeds (found when the articles were stored)."""

    def related(self, article_id: int, *, limit: int = 20) -> RelatedGroups:
        """The three groups of the related panel; the same story never offers the article's
        own link again (a copy is not another telling)."""
        article = self.article(article_id)
        if article is None:
            return RelatedGroups()
        with self._lock:
            rows = self.conn.execute(
                f"""SELECT {_SUMMARY_COLUMNS}, s.score FROM (
                        SELECT b AS other, score FROM same_story WHERE a = ?
                        UNION ALL SELECT a AS other, score FROM same_story WHERE b = ?) s
                    JOIN articles a ON a.id = s.other JOIN feeds f ON f.id = a.feed_id
                    WHERE a.link_key = '' OR a.link_key IS NOT
                        (SELECT link_key FROM articles WHERE id = ?)
                    ORDER BY s.score DESC, a.published DESC LIMIT ?""",
                (article_id, article_id, article_id, limit),
            ).fetchall()
        same = [
            RelatedItem(
                r["title"],
                r["url"],
                r["id"],
                r["feed_title"],
                r["published"],
                r["score"],
                first_seen=r["published_from"] == "seen",
            )
            for r in rows
        ]
        return RelatedGroups(
            see_also=[self._link_item(link) for link in article.see_also],
            related=[self._link_item(link) for link in article.related],
            same_story=same,
        )

    def _link_item(self, link: Link) -> RelatedItem:
        found = self.article_by_url(link.url)
        if found is None:
            return RelatedItem(link.title or link.url, link.url)
        stored = self.article(found)
        assert stored is not None
        return RelatedItem(
            link.title or stored.title,
            link.url,
            found,
            stored.feed_title,
            stored.published,
            first_seen=stored.first_seen,
        )


class FullTextStore(RelatedStore):
    """Keeping fetched article pages, so they read offline afterwards."""

    def store_full_text(
        self, article_id: int, content: ArticleContent | None, error: str | None = None
    ) -> None:
        """Keep a page's story and its links; or remember why it could not be had."""
        with self.transaction() as conn:
            row = conn.execute(
                "SELECT see_also, related, dateline, lead_caption, title FROM articles "
                "WHERE id = ?",
                (article_id,),
            ).fetchone()
            if row is None:
                return
            if content is None:
                conn.execute("UPDATE articles SET full_error = ? WHERE id = ?", (error, article_id))
                return
            see_also = _merge_links(links_from_json(row["see_also"]), content.see_also)
            related = _merge_links(links_from_json(row["related"]), content.related)
            conn.execute(
                """UPDATE articles SET full_body = ?, full_error = NULL, see_also = ?,
                       related = ?, dateline = ?, lead_caption = ? WHERE id = ?""",
                (
                    document_to_json(content.document),
                    links_to_json(see_also),
                    links_to_json(related),
                    row["dateline"] or content.dateline,
                    row["lead_caption"] or content.lead_caption,
                    article_id,
                ),
            )
            conn.execute(
                "UPDATE search SET body = ? WHERE rowid = ?",
                (search_text(content.document.plain_text[:20000]), article_id),
            )
            date_from_page(conn, article_id, content.published)
            label_slugs(conn, article_id, dict(content.section_labels))
            add_page_section(conn, article_id, content.section)


def _merge_links(first: tuple[Link, ...], more: tuple[Link, ...]) -> tuple[Link, ...]:
    merged, seen = list(first), {link.url for link in first}
    for link in more:
        if link.url not in seen:
            seen.add(link.url)
            merged.append(link)
    return tuple(merged)
