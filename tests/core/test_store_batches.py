"""Feeds stored together in one transaction: the same rows as one by one, and one feed that
cannot be stored keeps out only itself."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest

from tests.core.test_staging import _all_feeds, _open, _rows
from tnews.prepare import stage_feed
from tnews.store.articles import FeedWrite
from tnews.store.db import StoreError

STATE = {"status": 200, "etag": '"v1"', "last_modified": None, "fetch_url": None, "now": 1.0}


def _writes(ids: dict[str, int]) -> list[FeedWrite]:
    return [FeedWrite(ids[url], stage_feed(data, url), STATE) for url, data in _all_feeds().items()]


def _validators(store: sqlite3.Connection) -> list[tuple[object, ...]]:
    rows = store.execute("SELECT id, etag, last_status, feed_title FROM feeds ORDER BY id")
    return [tuple(r) for r in rows]


def test_feeds_stored_together_store_what_one_by_one_stores(tmp_path: Path) -> None:
    urls = list(_all_feeds())
    (together, ids_a), (alone, ids_b) = (
        _open(tmp_path / "together.db", urls),
        _open(tmp_path / "alone.db", urls),
    )
    results = together.apply_feeds(_writes(ids_a))
    one_by_one = [alone.apply_feed(w.feed_id, w.feed, **w.state) for w in _writes(ids_b)]
    assert results == one_by_one
    assert all(isinstance(r, list) and r for r in results)
    assert _rows(together) == _rows(alone)
    assert _validators(together.conn) == _validators(alone.conn)


def test_a_feed_that_cannot_be_stored_keeps_out_only_itself(tmp_path: Path) -> None:
    urls = list(_all_feeds())
    (store, ids), (alone, ids_b) = _open(tmp_path / "t.db", urls), _open(tmp_path / "b.db", urls)
    writes = _writes(ids)
    # No such feed: its articles break the foreign key, after the feeds before it were written.
    broken = FeedWrite(999_999, writes[0].feed, STATE)
    results = store.apply_feeds([*writes[:3], broken, *writes[3:]])
    assert isinstance(results[3], sqlite3.IntegrityError)
    stored = results[:3] + results[4:]
    assert all(isinstance(r, list) and r for r in stored)
    for w in _writes(ids_b):
        alone.apply_feed(w.feed_id, w.feed, **w.state)
    assert _rows(store) == _rows(alone)
    assert store.integrity_ok()


def test_a_failed_write_inside_a_transaction_fails_all_of_it(tmp_path: Path) -> None:
    store, ids = _open(tmp_path / "t.db", list(_all_feeds()))
    first = next(iter(ids.values()))
    with pytest.raises(StoreError), store.transaction() as conn:
        conn.execute("UPDATE feeds SET etag = 'kept?' WHERE id = ?", (first,))
        # Caught in between, the inner failure still undoes the outer transaction's writes.
        with contextlib.suppress(sqlite3.IntegrityError), store.transaction() as inner:
            inner.execute("UPDATE feeds SET etag = 'inner' WHERE id = ?", (first,))
            inner.execute(
                "INSERT INTO articles (feed_id, guid, published, fetched) VALUES (0, 'x', 0, 0)"
            )
    assert store.conn.execute("SELECT etag FROM feeds WHERE id = ?", (first,)).fetchone()[0] is None
    # And the connection is usable again, with a fresh transaction.
    with store.transaction() as conn:
        conn.execute("UPDATE feeds SET etag = 'after' WHERE id = ?", (first,))
    assert (
        store.conn.execute("SELECT etag FROM feeds WHERE id = ?", (first,)).fetchone()[0] == "after"
    )


def test_transactions_inside_one_commit_with_it(tmp_path: Path) -> None:
    store, ids = _open(tmp_path / "t.db", list(_all_feeds()))
    first = next(iter(ids.values()))
    with store.transaction() as conn:
        with store.transaction() as inner:
            inner.execute("UPDATE feeds SET etag = 'inner' WHERE id = ?", (first,))
        assert conn.in_transaction
        conn.execute("UPDATE feeds SET last_status = 299 WHERE id = ?", (first,))
    assert not store.conn.in_transaction
    row = store.conn.execute(
        "SELECT etag, last_status FROM feeds WHERE id = ?", (first,)
    ).fetchone()
    assert tuple(row) == ("inner", 299)
