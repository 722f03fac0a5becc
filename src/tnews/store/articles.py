"""Writing articles: one feed's refresh is one transaction, and nothing stored is lost."""

from __future__ import annotations

import functools
import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from tnews import clock
from tnews.links import link_key
from tnews.prepared import PreparedArticle, PreparedFeed
from tnews.similar import SAME_STORY_THRESHOLD, Signature, stored_vector, vector_similarity
from tnews.store.copies import carry, find_stored, mark_carried, other_feeds_sections
from tnews.store.feeds import FeedStore
from tnews.text.normalize import section_key

# A feed names the same few sections in item after item; their keys are worked out once.
_section_key = functools.lru_cache(maxsize=4096)(section_key)

# Stored articles compared with a new one at most, those sharing the most telling terms
# first: a story's other tellings share the most, and each comparison is Python's work.
_MAX_CANDIDATES = 50
# The most telling terms of a new article, looked up among every stored article's indexed terms.
_LOOKUP_TERMS = 8
# Terms a stored article must share with those to be compared at all. Every same-story pair
# of the test stories shares three or more; an article sharing one term is another story,
# and comparing with every article that shares one common term cost most of storing it.
_MIN_SHARED = 2
# Articles per term looked at, the most recently stored first.
_RECENT_PER_TERM = 500
# Same-story links are looked for among the first articles of one refresh only: each lookup
# scans the articles already stored, so a feed of 20,000 items would cost time quadratic in
# its length and hold the write lock for minutes. No real feed carries this many.
_MAX_LINKED_PER_REFRESH = 500


# The columns preparing an article fills, in the order prepared_values gives them.
PREPARED_COLUMNS = (
    "lead",
    "body",
    "is_summary",
    "see_also",
    "related",
    "categories",
    "dateline",
    "lead_caption",
    "direction",
    "content_hash",
)


def dated_by(published: float | None) -> str:
    """The published_from of an article stored now: 'feed', or 'seen' when undated."""
    return "feed" if published else "seen"


def prepared_values(a: PreparedArticle) -> tuple[object, ...]:
    """The values of PREPARED_COLUMNS for a prepared article."""
    return (
        a.lead,
        a.body,
        int(a.is_summary),
        a.see_also,
        a.related,
        json.dumps(list(a.categories), ensure_ascii=False),
        a.dateline,
        a.lead_caption,
        a.direction,
        a.content_hash,
    )


@dataclass(frozen=True, slots=True)
class FeedWrite:
    """One feed's articles and fetch state, to store with others (apply_feeds)."""

    feed_id: int
    feed: PreparedFeed
    # apply_feed's keyword arguments: status, validators, fetch_url.
    state: dict[str, Any] = field(default_factory=dict)


class ArticleWriter(FeedStore):
    """Stores prepared feeds, keeping read state, bookmarks and fetched full text."""

    def apply_feed(
        self,
        feed_id: int,
        feed: PreparedFeed,
        *,
        status: int | None = 200,
        etag: str | None = None,
        last_modified: str | None = None,
        fetch_url: str | None = None,
        now: float | None = None,
    ) -> list[int]:
        """Store a feed's articles and its fetch state together; returns the new article ids.
        Every entry is stored whatever its age: retention (cleanup) forgets only what the
        feed no longer carries. An entry stored already through another feed of the site
        is that article, which this feed's sections are added to."""
        now = clock.now() if now is None else now
        new_ids: list[int] = []
        with self.transaction() as conn:
            row = conn.execute("SELECT section FROM feeds WHERE id = ?", (feed_id,)).fetchone()
            group = row["section"] if row else ""
            # Entries recovered from a broken document (often one cut short) may be cut too:
            # they may add articles, never overwrite ones stored whole.
            update = feed.warning is None
            # Search rows go in together after the feed's other writes. FTS5 writes out what
            # it holds whenever another statement opens a statement savepoint, which made one
            # index segment per article (and merges to match); now it is one per feed.
            search: dict[int, tuple[str, str]] = {}
            positions = feed.positions or range(len(feed.articles))
            for index, article in zip(positions, feed.articles, strict=True):
                link = index < _MAX_LINKED_PER_REFRESH
                article_id = self._upsert(conn, feed_id, article, group, now, update, link, search)
                if article_id is not None:
                    new_ids.append(article_id)
            conn.executemany(
                "INSERT INTO search (rowid, title, body) VALUES (?, ?, ?)",
                [(article_id, title, body) for article_id, (title, body) in search.items()],
            )
            if update and feed.guids is not None:
                # A document cut short may not list everything the feed carries.
                mark_carried(conn, feed_id, feed.guids)
            conn.execute(
                """UPDATE feeds SET feed_title = COALESCE(NULLIF(?, ''), feed_title),
                       site_url = COALESCE(NULLIF(?, ''), site_url),
                       language = COALESCE(NULLIF(?, ''), language)
                   WHERE id = ?""",
                (feed.title, feed.link, feed.language, feed_id),
            )
            self._record(conn, feed_id, now, True, status, feed.warning, None, None, False)
            if etag or last_modified:
                conn.execute(
                    "UPDATE feeds SET etag = ?, last_modified = ? WHERE id = ?",
                    (etag, last_modified, feed_id),
                )
            if fetch_url:
                conn.execute("UPDATE feeds SET fetch_url = ? WHERE id = ?", (fetch_url, feed_id))
        return new_ids

    def apply_feeds(self, writes: list[FeedWrite]) -> list[list[int] | Exception]:
        """Store several feeds in one transaction; for each, its new article ids or the
        error that kept it out. One feed that cannot be stored does not keep out the rest."""
        # One commit for the lot: each commit writes out every index page its feed touched,
        # and feeds stored together touch the same pages (a third less time for 500 feeds).
        try:
            with self.transaction():
                return [self.apply_feed(w.feed_id, w.feed, **w.state) for w in writes]
        except Exception as exc:  # the same errors come back below, each with its own feed
            if len(writes) == 1:
                return [exc]
        results: list[list[int] | Exception] = []
        for w in writes:
            try:
                results.append(self.apply_feed(w.feed_id, w.feed, **w.state))
            except Exception as exc:  # handed to the caller of that feed, as if alone
                results.append(exc)
        return results

    def source_hashes(self, feed_id: int) -> dict[str, str]:
        """The source digest of each entry of a feed stored with one, by guid: the article's
        own for the feed it came from, the entry's for other feeds that carry it."""
        with self._lock:
            rows = self.conn.execute(
                """SELECT guid, digest FROM (
                       SELECT af.guid, CASE WHEN a.feed_id = af.feed_id THEN a.source_hash
                           ELSE af.source_hash END AS digest
                       FROM article_feeds af JOIN articles a ON a.id = af.article_id
                       WHERE af.feed_id = ?) WHERE digest != ''""",
                (feed_id,),
            ).fetchall()
        return {str(r["guid"]): str(r["digest"]) for r in rows}

    def _upsert(
        self,
        conn: sqlite3.Connection,
        feed_id: int,
        a: PreparedArticle,
        group: str,
        now: float,
        update: bool = True,
        link: bool = True,
        search: dict[int, tuple[str, str]] | None = None,
    ) -> int | None:
        key = link_key(a.url)
        existing = find_stored(conn, feed_id, a.guid, a.url, key)
        if existing is not None:
            if existing["feed_id"] != feed_id:
                # Another feed of the site stored it: one article, with this feed's sections.
                shared = int(existing["id"])
                carry(
                    conn,
                    feed_id,
                    a.guid,
                    shared,
                    source_hash=a.source_hash,
                    categories=a.categories,
                )
                self._add_sections(conn, shared, group, a.categories)
                return None
            if not existing["carried_here"]:
                carry(conn, feed_id, a.guid, int(existing["id"]), categories=a.categories)
        if a.staged:
            return self._stage(conn, feed_id, a, existing, group, now, update, link, key)
        values = (a.url, key, a.title, a.author, *prepared_values(a), a.source_hash)
        if existing is None:
            cur = conn.execute(
                """INSERT INTO articles (url, link_key, title, author, lead, body, is_summary,
                       see_also, related, categories, dateline, lead_caption, direction,
                       content_hash, source_hash, feed_id, guid, published, fetched,
                       published_from)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (*values, feed_id, a.guid, a.published or now, now, dated_by(a.published)),
            )
            article_id = int(cur.lastrowid or 0)
            carry(conn, feed_id, a.guid, article_id, categories=a.categories)
            self._index(conn, article_id, feed_id, a, group, new=True, link=link, search=search)
            return article_id
        if update and existing["content_hash"] != a.content_hash:
            article_id = int(existing["id"])
            conn.execute(
                """UPDATE articles SET url = ?, link_key = ?, title = ?, author = ?, lead = ?,
                       body = ?, is_summary = ?, see_also = ?, related = ?, categories = ?,
                       dateline = ?, lead_caption = ?, direction = ?, content_hash = ?,
                       source_hash = ?,
                       published = COALESCE(?, published), pending = 0, source = NULL,
                       published_from = COALESCE(?, published_from)
                   WHERE id = ?""",
                (*values, a.published, "feed" if a.published else None, article_id),
            )
            self._index(conn, article_id, feed_id, a, group, new=False, link=link, search=search)
        elif (
            existing["content_hash"] == a.content_hash
            and a.source_hash
            and existing["source_hash"] != a.source_hash
        ):
            # The stored article is what this entry prepares to, so the next refresh may skip
            # the entry. Not when a cut-short feed left a different stored article in place.
            conn.execute(
                "UPDATE articles SET source_hash = ?, pending = 0, source = NULL WHERE id = ?",
                (a.source_hash, int(existing["id"])),
            )
        return None

    def _stage(
        self,
        conn: sqlite3.Connection,
        feed_id: int,
        a: PreparedArticle,
        existing: sqlite3.Row | None,
        group: str,
        now: float,
        update: bool,
        link: bool,
        key: str,
    ) -> int | None:
        """Store a staged article: listed and readable now, prepared and indexed later."""
        pending = 1 if link else 2
        categories = json.dumps(list(a.categories), ensure_ascii=False)
        values = (a.url, key, a.title, a.author, categories, a.direction, a.source_hash, a.source)
        if existing is None:
            cur = conn.execute(
                """INSERT INTO articles (url, link_key, title, author, categories, direction,
                       source_hash, source, pending, feed_id, guid, published, fetched,
                       published_from)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (*values, pending, feed_id, a.guid, a.published or now, now, dated_by(a.published)),
            )
            article_id = int(cur.lastrowid or 0)
            carry(conn, feed_id, a.guid, article_id, categories=a.categories)
            self._add_sections(conn, article_id, group, a.categories)
            return article_id
        if update and existing["source_hash"] != a.source_hash:
            # The stored body stays until the new one is prepared; reading prepares it first.
            article_id = int(existing["id"])
            conn.execute(
                """UPDATE articles SET url = ?, link_key = ?, title = ?, author = ?, categories = ?,
                       direction = ?, source_hash = ?, source = ?, pending = ?,
                       published = COALESCE(?, published),
                       published_from = COALESCE(?, published_from)
                   WHERE id = ?""",
                (*values, pending, a.published, "feed" if a.published else None, article_id),
            )
            self._add_sections(conn, article_id, group, a.categories)
        return None

    @staticmethod
    def _add_sections(
        conn: sqlite3.Connection, article_id: int, group: str, categories: tuple[str, ...]
    ) -> None:
        sections = [(group, "group")] if group else []
        sections += [(name, "site") for name in categories[:5]]
        for name, kind in sections:
            key = _section_key(name)
            if key:
                conn.execute(
                    "INSERT OR IGNORE INTO article_sections (article_id, key, name, kind) "
                    "VALUES (?, ?, ?, ?)",
                    (article_id, key, name, kind),
                )

    def _index(
        self,
        conn: sqlite3.Connection,
        article_id: int,
        feed_id: int,
        a: PreparedArticle,
        group: str,
        *,
        new: bool,
        link: bool = True,
        search: dict[int, tuple[str, str]] | None = None,
    ) -> None:
        """Index an article; its search row goes into search when given, for the caller to add."""
        if not new:
            conn.execute("DELETE FROM search WHERE rowid = ?", (article_id,))
            conn.execute("DELETE FROM article_sections WHERE article_id = ?", (article_id,))
            conn.execute("DELETE FROM signature_tokens WHERE article_id = ?", (article_id,))
            conn.execute("DELETE FROM same_story WHERE a = ? OR b = ?", (article_id, article_id))
        if search is None:
            conn.execute(
                "INSERT INTO search (rowid, title, body) VALUES (?, ?, ?)",
                (article_id, a.search_title, a.search_body),
            )
        else:
            # A guid twice in one feed updates the row written a moment ago: the later wins.
            search.pop(article_id, None)
            search[article_id] = (a.search_title, a.search_body)
        self._add_sections(conn, article_id, group, a.categories)
        if not new:
            # The sections other feeds of the site give the article stay with it.
            for other_group, names in other_feeds_sections(conn, article_id, feed_id):
                self._add_sections(conn, article_id, other_group, names)
        # Delete then insert rather than INSERT OR REPLACE: the same result, but SQLite's
        # REPLACE with foreign keys on cost about 1 ms a row here, more than the FTS insert.
        conn.execute("DELETE FROM signatures WHERE article_id = ?", (article_id,))
        conn.execute(
            "INSERT INTO signatures (article_id, signature) VALUES (?, ?)",
            (article_id, a.signature),
        )
        if link:
            self._link_same_story(conn, article_id, feed_id, a)
        conn.executemany(
            "INSERT OR IGNORE INTO signature_tokens (token, article_id) VALUES (?, ?)",
            [(t, article_id) for t in a.signature_tokens],
        )

    @staticmethod
    def _link_same_story(
        conn: sqlite3.Connection, article_id: int, feed_id: int, a: PreparedArticle
    ) -> None:
        """Find stories from other feeds that say the same thing, now rather than when read."""
        lookup = a.signature_tokens[:_LOOKUP_TERMS]
        if not lookup:
            return
        # For each term, only the articles stored most recently with it: the same story is
        # told within days, and a term in thousands of articles would otherwise make every
        # lookup read them all.
        recent = " UNION ALL ".join(
            f"""SELECT * FROM (SELECT article_id FROM signature_tokens WHERE token = ?
                   ORDER BY article_id DESC LIMIT {_RECENT_PER_TERM})"""
            for _ in lookup
        )
        candidates = conn.execute(
            f"""SELECT s.article_id, s.signature FROM signatures s
                JOIN articles o ON o.id = s.article_id
                WHERE o.feed_id != ? AND s.article_id IN (
                    SELECT article_id FROM ({recent})
                    GROUP BY article_id HAVING COUNT(*) >= {_MIN_SHARED}
                    ORDER BY COUNT(*) DESC LIMIT {_MAX_CANDIDATES})""",
            (feed_id, *lookup),
        ).fetchall()
        mine = Signature.from_text(a.signature).vector
        links = []
        for row in candidates:
            other = stored_vector(row["signature"])
            if other is None:
                continue  # written by another version of the signature code
            score = vector_similarity(mine, other)
            if score >= SAME_STORY_THRESHOLD:  # what same_story decides, scored once
                lo, hi = sorted((article_id, int(row["article_id"])))
                links.append((lo, hi, score))
        if links:  # even with nothing to insert, the statement costs a fraction of a ms
            conn.executemany(
                "INSERT OR REPLACE INTO same_story (a, b, score) VALUES (?, ?, ?)", links
            )
