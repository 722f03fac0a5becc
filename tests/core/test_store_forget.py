"""Articles the store forgets leave nothing behind in the search index."""

from __future__ import annotations

from pathlib import Path

from tests.support.feedserver import FIXTURES
from tnews.prepare import prepare_feed
from tnews.prepared import PreparedFeed
from tnews.store.feeds import Subscription
from tnews.store.store import Store, open_store

URL = "https://news.example.ly/feed/"
OTHER = "https://world.example.org/rss"


def _filled(tmp_path: Path) -> tuple[Store, list[int]]:
    store = open_store(tmp_path / "s.db")
    store.sync_subscriptions([Subscription(URL), Subscription(OTHER)])
    fid = next(f.id for f in store.feeds() if f.url == URL)
    ids = store.apply_feed(fid, prepare_feed((FIXTURES / "arabic_rss2.xml").read_bytes(), URL))
    return store, ids


def _orphans(store: Store) -> int:
    sql = "SELECT COUNT(*) FROM search WHERE rowid NOT IN (SELECT id FROM articles)"
    return int(store.conn.execute(sql).fetchone()[0])


def _indexed(store: Store) -> int:
    return int(store.conn.execute("SELECT COUNT(*) FROM search").fetchone()[0])


def test_cleanup_removes_the_search_rows_of_what_it_forgets(tmp_path: Path) -> None:
    store, ids = _filled(tmp_path)
    assert _indexed(store) >= len(ids) == 3
    store.set_bookmark(ids[0], True)
    for i in ids:
        store.set_read(i, True)
    fid = next(f.id for f in store.feeds() if f.url == URL)
    store.apply_feed(fid, PreparedFeed(guids=[]))  # the feed no longer carries them
    assert store.cleanup(keep_days=10_000, keep_per_feed=0) == 2
    assert _orphans(store) == 0
    assert [a.id for a in store.search("طرابلس")] == [ids[0]]


def test_unsubscribing_removes_the_search_rows_of_what_it_forgets(tmp_path: Path) -> None:
    store, ids = _filled(tmp_path)
    before = _indexed(store)
    store.sync_subscriptions([Subscription(OTHER)])
    assert _indexed(store) == before - len(ids)
    assert _orphans(store) == 0
    assert not store.search("السدرة")
