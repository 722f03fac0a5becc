"""Article and section counts kept by triggers agree with counting the rows, after every kind
of write: refreshes, changed articles, read and bookmark state, full text, clean-up,
unsubscribing, deleting a feed, and the migration that starts them on an existing store."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.support.feedserver import FIXTURES
from tnews.content.document import ArticleContent, Block, BlockKind, Document
from tnews.prepare import prepare_feed
from tnews.store.copies import ONE_ROW_VERSION
from tnews.store.feeds import Subscription
from tnews.store.models import ALL, BOOKMARKS, UNREAD, Section
from tnews.store.schema import MIGRATIONS
from tnews.store.store import Store, open_store

LIBYA = "https://news.example.ly/feed/"
WORLD = "https://world.example.org/rss"


def counted(conn: sqlite3.Connection) -> list[Section]:
    """The sections as counted from the rows themselves (how sections() used to)."""
    total, unread, marked = conn.execute(
        "SELECT COUNT(*), COALESCE(SUM(read = 0), 0), COALESCE(SUM(bookmarked), 0) FROM articles"
    ).fetchone()
    rows = conn.execute(
        """SELECT s.key, MIN(s.name), MIN(s.kind), COUNT(*), COALESCE(SUM(a.read = 0), 0)
           FROM article_sections s JOIN articles a ON a.id = s.article_id
           GROUP BY s.key ORDER BY MIN(s.kind), COUNT(*) DESC, MIN(s.name)"""
    ).fetchall()
    return [
        Section(ALL, "All", "builtin", total, unread),
        Section(UNREAD, "Unread", "builtin", unread, unread),
        Section(BOOKMARKS, "Bookmarks", "builtin", marked, 0),
    ] + [Section(*r) for r in rows]


def check(store: Store) -> list[Section]:
    expected = counted(store.conn)
    got = store.sections()
    assert [(s.key, s.name, s.kind, s.total, s.unread) for s in got] == [
        (s.key, s.name, s.kind, s.total, s.unread) for s in expected
    ]
    return got


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = open_store(tmp_path / "data" / "tnews.db")
    s.sync_subscriptions([Subscription(LIBYA, "", "ليبيا"), Subscription(WORLD, "", "World")])
    return s


def fid(store: Store, url: str) -> int:
    return next(f.id for f in store.feeds() if f.url == url)


def fill(store: Store) -> list[int]:
    arabic = prepare_feed((FIXTURES / "arabic_rss2.xml").read_bytes(), "https://news.example.ly/")
    english = prepare_feed(
        (FIXTURES / "english_rss1.rdf").read_bytes(), "https://world.example.org/"
    )
    return store.apply_feed(fid(store, LIBYA), arabic) + store.apply_feed(
        fid(store, WORLD), english
    )


def test_counts_follow_refreshes_and_reading(store: Store) -> None:
    check(store)
    ids = fill(store)
    sections = check(store)
    assert sections[0].total == len(ids) and sections[1].unread == len(ids)
    store.set_read(ids[0], True)
    store.set_read(ids[0], True)  # no change, no double count
    store.set_bookmark(ids[1], True)
    store.set_bookmark(ids[1], True)
    check(store)
    assert store.mark_section_read(store.sections()[3].key) > 0
    check(store)
    store.set_read(ids[0], False)
    store.set_bookmark(ids[1], False)
    assert check(store)[2].total == 0


def test_counts_follow_changed_articles_and_full_text(store: Store) -> None:
    ids = fill(store)
    store.set_read(ids[0], True)
    data = (FIXTURES / "arabic_rss2.xml").read_text(encoding="utf-8")
    data = data.replace("<category>", "<category>جديد ", 1)
    changed = prepare_feed(data.encode(), "https://news.example.ly/")
    store.apply_feed(fid(store, LIBYA), changed)  # re-indexes changed articles' sections
    check(store)
    page = ArticleContent(
        document=Document((Block(BlockKind.PARAGRAPH, "نص كامل"),)), section="رياضة"
    )
    store.store_full_text(ids[0], page)
    assert "رياضة" in [s.name for s in check(store)]


def test_counts_follow_deletes(store: Store) -> None:
    ids = fill(store)
    store.set_read(ids[0], True)
    store.set_bookmark(ids[-1], True)
    store.cleanup(keep_days=100_000, keep_per_feed=1, now=0)
    check(store)
    store.sync_subscriptions([Subscription(LIBYA, "", "ليبيا")])  # unsubscribes World
    check(store)
    with store.transaction() as conn:
        conn.execute("DELETE FROM feeds WHERE url = ?", (LIBYA,))  # cascades to articles
    check(store)
    with store.transaction() as conn:
        conn.execute("DELETE FROM articles")
    assert check(store)[0].total == 0
    assert store.conn.execute("SELECT COUNT(*) FROM section_counts").fetchone()[0] == 0


def as_before_counts(conn: sqlite3.Connection) -> None:
    """Take a store back to the schema before the count tables (migration 6)."""
    version = MIGRATIONS.index(next(m for m in MIGRATIONS if "section_counts" in m))
    for name in ("article_counts", "section_counts"):
        conn.execute(f"DROP TABLE {name}")  # triggers on the tables stay; drop them too
    for (trigger,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'"):
        conn.execute(f"DROP TRIGGER {trigger}")
    # What later migrations added goes too, or running them again would fail.
    conn.execute("DROP INDEX articles_hidden")
    conn.execute("ALTER TABLE articles DROP COLUMN hidden")
    conn.execute("DROP TABLE feed_schedule")
    # (8: the page step's columns and table).
    conn.execute("DROP INDEX articles_wanting_pages")
    conn.execute("DROP TABLE page_waits")
    for table, column in (
        ("feeds", "page_mode"),
        ("articles", "page_attempts"),
        ("articles", "page_retry_at"),
    ):
        conn.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    as_before_one_row(conn)
    conn.execute(f"PRAGMA user_version = {version}")


def as_before_one_row(conn: sqlite3.Connection) -> None:
    """Take back the one-row migration (one row per article, what each feed carries)."""
    # Later migrations run again on the way back up: take back what they added too.
    conn.execute("ALTER TABLE articles DROP COLUMN published_from")
    conn.execute("DROP TABLE article_feeds")
    conn.execute("DROP INDEX articles_by_link")
    conn.execute("ALTER TABLE articles DROP COLUMN link_key")
    conn.execute(f"PRAGMA user_version = {ONE_ROW_VERSION - 1}")


def test_migration_counts_an_existing_store(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.db")
    store.sync_subscriptions([Subscription(LIBYA, "", "ليبيا"), Subscription(WORLD, "", "World")])
    ids = fill(store)
    store.set_read(ids[0], True)
    store.set_bookmark(ids[0], True)
    expected = counted(store.conn)
    with store.transaction() as conn:
        as_before_counts(conn)
    store.close()
    reopened = open_store(tmp_path / "s.db")
    assert reopened.sections() == expected
