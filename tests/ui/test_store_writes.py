"""The reader's own writes wait out another process's long hold on the store, and are not lost."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from pathlib import Path

import pytest

from tnews.store.store import Store, open_store
from tnews.ui import writes
from tnews.ui.writes import StoreWrites


def _store_with_an_article(path: Path) -> int:
    store = open_store(path)
    with store.transaction() as conn:
        conn.execute("INSERT INTO feeds (url, fetch_url) VALUES ('https://a.example/', '')")
        conn.execute(
            "INSERT INTO articles (feed_id, guid, title, published, fetched) "
            "VALUES (1, 'g', 't', 0, 0)"
        )
        article_id = int(conn.execute("SELECT id FROM articles").fetchone()[0])
    store.close()
    return article_id


def _bookmarked(path: Path, article_id: int) -> bool:
    with sqlite3.connect(path) as conn:
        row = conn.execute("SELECT bookmarked FROM articles WHERE id = ?", (article_id,))
        return bool(row.fetchone()[0])


async def _bookmark_while_locked(
    path: Path, article_id: int
) -> tuple[sqlite3.Connection, StoreWrites, asyncio.Future[None]]:
    """Another process's fetch holds the write lock; the reader bookmarks meanwhile.
    Returns the lock's holder, the reader's writes and the bookmark's future, once tried."""
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    tried = threading.Event()
    store_writes = StoreWrites(path)

    def bookmark(store: Store) -> None:
        tried.set()
        store.set_bookmark(article_id, True)

    written = store_writes.submit(bookmark)
    await asyncio.to_thread(tried.wait, 10)
    return holder, store_writes, written


async def test_a_write_outwaits_a_lock_held_longer_than_one_wait(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "t.db"
    article_id = _store_with_an_article(path)
    monkeypatch.setattr(writes, "WAIT_MS", 50)  # one attempt's wait, much shorter than the hold
    monkeypatch.setattr(writes, "ATTEMPTS", 1000)
    holder, store_writes, written = await _bookmark_while_locked(path, article_id)
    await asyncio.sleep(0.3)  # several attempts' worth of waiting
    assert not written.done()
    holder.execute("COMMIT")
    await asyncio.wait_for(written, 30)
    store_writes.close()
    holder.close()
    assert _bookmarked(path, article_id)


async def test_a_write_that_cannot_be_made_says_why(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    _store_with_an_article(path)
    store_writes = StoreWrites(path)

    def broken(store: Store) -> None:
        store.conn.execute("UPDATE no_such_table SET x = 1")

    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        await store_writes.submit(broken)
    store_writes.close()


async def test_quitting_does_not_wait_out_another_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "t.db"
    article_id = _store_with_an_article(path)
    monkeypatch.setattr(writes, "WAIT_MS", 50)
    monkeypatch.setattr(writes, "ATTEMPTS", 1_000_000)  # hours of trying, were it not quitting
    holder, store_writes, written = await _bookmark_while_locked(path, article_id)
    closing = threading.Thread(target=store_writes.close)
    closing.start()
    await asyncio.to_thread(closing.join, 30)
    assert not closing.is_alive()
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        await written
    holder.execute("ROLLBACK")
    holder.close()
    assert not _bookmarked(path, article_id)
