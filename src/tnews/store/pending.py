"""Articles stored as fetched and prepared afterwards: the second half of a refresh.

A refresh stages new entries (see ArticleWriter._stage): they are listed and readable at once.
Preparing them (the document, the search index, same-story links) follows in batches through
pending_sources and apply_prepared; until then, reading an article prepares it on the spot.
"""

from __future__ import annotations

import dataclasses

from tnews.content.document import ArticleContent, Block, BlockKind, Document
from tnews.content.serial import document_from_json, links_from_json
from tnews.prepared import PreparedArticle
from tnews.store.articles import PREPARED_COLUMNS, prepared_values
from tnews.store.bookmarks import BookmarkStore
from tnews.store.models import Article
from tnews.text.clean import clean_line

# What storing a prepared article sets: its title (made from the body when the feed gave
# none) and everything preparing fills.
_SET_PREPARED = (
    f"({', '.join(('title', *PREPARED_COLUMNS))}) = "
    f"({', '.join('?' * (1 + len(PREPARED_COLUMNS)))})"
)

# pending: awaiting preparation (1 with same-story linking, 2 without); could not be prepared.
FAILED = -1
# The articles waiting; "pending != 0" repeats the partial index's own condition, without
# which SQLite does not use it and reads every article.
_WAITING = "pending != 0 AND pending > 0 AND source IS NOT NULL"
# Sources prepared on the spot when read, at most. Larger ones (a hostile feed's megabytes of
# markup) are prepared only in the parse workers, under their memory and time limits.
ON_THE_SPOT_BYTES = 1024 * 1024
STILL_PREPARING = (
    "This article is long and is still being prepared; it shows here once that is done. "
    "(`tnews index` prepares it now.)"
)


@dataclasses.dataclass(frozen=True, slots=True)
class PendingSource:
    """A staged article's source, as the preparing workers take it."""

    article_id: int
    source: bytes
    source_hash: str


class PendingStore(BookmarkStore):
    """Staged articles: counting, handing out and storing their preparation."""

    def pending_count(self) -> int:
        """How many articles await preparation."""
        with self._lock:
            row = self.conn.execute(f"SELECT COUNT(*) FROM articles WHERE {_WAITING}").fetchone()
        return int(row[0])

    def pending_sources(self, limit: int, after_id: int = 0) -> list[PendingSource]:
        """Up to limit staged articles with ids above after_id, oldest first."""
        with self._lock:
            rows = self.conn.execute(
                f"""SELECT id, source, source_hash FROM articles
                    WHERE {_WAITING} AND id > ? ORDER BY id LIMIT ?""",
                (after_id, limit),
            ).fetchall()
        return [
            PendingSource(int(r["id"]), _bytes(r["source"]), str(r["source_hash"])) for r in rows
        ]

    def apply_prepared(self, results: list[tuple[int, PreparedArticle | str]]) -> int:
        """Store what the workers prepared, in one transaction; returns how many were stored.

        A result whose article was staged again meanwhile (its entry changed), cleaned up or
        prepared by another process is left out: it is no longer what the row holds."""
        stored = 0
        with self.transaction() as conn:
            search: dict[int, tuple[str, str]] = {}
            for article_id, result in results:
                row = conn.execute(
                    """SELECT a.feed_id, a.content_hash, a.source_hash, a.pending, f.section
                       FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE a.id = ?""",
                    (article_id,),
                ).fetchone()
                if row is None or row["pending"] <= 0:
                    continue
                if isinstance(result, str):
                    conn.execute(
                        "UPDATE articles SET pending = ?, full_error = ? WHERE id = ?",
                        (FAILED, clean_line(f"could not be prepared: {result}"), article_id),
                    )
                    continue
                if row["source_hash"] != result.source_hash:
                    continue
                stored += 1
                indexed = bool(row["content_hash"])
                if indexed and row["content_hash"] == result.content_hash:
                    conn.execute(
                        "UPDATE articles SET pending = 0, source = NULL WHERE id = ?",
                        (article_id,),
                    )
                    continue
                a = result
                conn.execute(
                    f"UPDATE articles SET {_SET_PREPARED}, pending = 0, source = NULL WHERE id = ?",
                    (a.title, *prepared_values(a), article_id),
                )
                self._index(
                    conn,
                    article_id,
                    int(row["feed_id"]),
                    a,
                    str(row["section"]),
                    new=not indexed,
                    link=row["pending"] == 1,
                    search=search,
                )
            conn.executemany(
                "INSERT INTO search (rowid, title, body) VALUES (?, ?, ?)",
                [(article_id, title, body) for article_id, (title, body) in search.items()],
            )
        return stored

    def prepare_now(self, article_id: int) -> bool:
        """Prepare one staged article here and now; False when it was not staged."""
        with self._lock:
            row = self.conn.execute(
                "SELECT source, source_hash FROM articles WHERE id = ? AND pending > 0",
                (article_id,),
            ).fetchone()
        if row is None or row["source"] is None or too_big(row["source"]):
            return False
        from tnews.prepare import prepare_source  # the parsers load only when needed

        try:
            result: PreparedArticle | str = prepare_source(
                _bytes(row["source"]), row["source_hash"]
            )
        except (ValueError, TypeError, KeyError, RecursionError) as exc:
            result = f"{type(exc).__name__}: {exc}"
        return self.apply_prepared([(article_id, result)]) == 1

    def article(self, article_id: int) -> Article | None:
        """A whole article; a staged one is prepared for reading (the store keeps it staged
        until the preparing pass writes it, so reading never waits for a write lock)."""
        article = super().article(article_id)
        if article is None:
            return None
        with self._lock:
            row = self.conn.execute(
                "SELECT source, source_hash, pending, full_error FROM articles "
                "WHERE id = ? AND pending != 0",
                (article_id,),
            ).fetchone()
        if row is None or row["source"] is None:
            return article
        if article.document.blocks and (row["pending"] == FAILED or too_big(row["source"])):
            return article  # the body stored before the entry changed
        if row["pending"] == FAILED:
            return _with_note(
                article, f"This article {row['full_error'] or 'could not be prepared'}."
            )
        if too_big(row["source"]):
            return _with_note(article, STILL_PREPARING)
        from tnews.prepare import prepare_source

        try:
            a = prepare_source(_bytes(row["source"]), row["source_hash"])
        except (ValueError, TypeError, KeyError, RecursionError):
            return article
        return dataclasses.replace(
            article,
            title=a.title,
            lead=a.lead,
            document=article.document if article.has_full_text else document_from_json(a.body),
            is_summary=a.is_summary and not article.has_full_text,
            see_also=links_from_json(a.see_also),
            related=links_from_json(a.related),
            dateline=a.dateline,
            lead_caption=a.lead_caption,
            direction=a.direction,
        )

    def store_full_text(
        self, article_id: int, content: ArticleContent | None, error: str | None = None
    ) -> None:
        """As FullTextStore's, after preparing a staged article: the page's links and story
        are merged into the prepared article, never overwritten by it later."""
        self.prepare_now(article_id)
        super().store_full_text(article_id, content, error)


def _bytes(value: bytes | str) -> bytes:
    """A stored source as bytes; text, should anything have stored it so, as its UTF-8."""
    return value if isinstance(value, bytes) else value.encode("utf-8", "replace")


def too_big(source: bytes | str) -> bool:
    """Whether a staged source is left to the sandboxed workers rather than read on the spot."""
    return len(source) > ON_THE_SPOT_BYTES


def _with_note(article: Article, text: str) -> Article:
    """An article whose body is not there yet, with a paragraph saying why."""
    return dataclasses.replace(article, document=Document((Block(BlockKind.PARAGRAPH, text),)))
