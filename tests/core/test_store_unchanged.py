"""Entries stored unchanged are not prepared again, and leaving them out changes nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.support.feedserver import FIXTURES
from tnews.feeds.parse import parse_feed
from tnews.prepare import prepare_feed, source_hash
from tnews.store.feeds import Subscription
from tnews.store.store import Store, open_store

URL = "https://news.example.ly/feed/"
BASE = "https://news.example.ly/"
ORIGINAL = (FIXTURES / "arabic_rss2.xml").read_text(encoding="utf-8")
OLD_TITLE = "المجلس الرئاسي يستقبل وفداً"


def _store(path: Path) -> tuple[Store, int]:
    store = open_store(path)
    store.sync_subscriptions([Subscription(URL, "", "ليبيا")])
    return store, next(f.id for f in store.feeds() if f.url == URL)


def _rows(store: Store) -> list[tuple[object, ...]]:
    """Everything a refresh writes about articles, in a comparable form."""
    conn: sqlite3.Connection = store.conn
    articles = conn.execute(
        """SELECT id, guid, url, title, author, published, lead, body, is_summary, see_also,
               related, categories, dateline, lead_caption, direction, content_hash, read
           FROM articles ORDER BY id"""
    ).fetchall()
    search = conn.execute("SELECT rowid, title, body FROM search ORDER BY rowid").fetchall()
    sections = conn.execute("SELECT * FROM article_sections ORDER BY article_id, key").fetchall()
    tokens = conn.execute("SELECT * FROM signature_tokens ORDER BY article_id, token").fetchall()
    signatures = conn.execute("SELECT * FROM signatures ORDER BY article_id").fetchall()
    return [tuple(r) for r in (*articles, *search, *sections, *tokens, *signatures)]


@pytest.fixture
def pair(tmp_path: Path) -> tuple[tuple[Store, int], tuple[Store, int]]:
    return _store(tmp_path / "a.db"), _store(tmp_path / "b.db")


def test_stored_entries_are_left_out_with_their_positions() -> None:
    first = prepare_feed(ORIGINAL.encode(), BASE)
    assert first.unchanged == 0 and first.positions == []
    known = {a.guid: a.source_hash for a in first.articles}
    assert all(len(digest) == 40 for digest in known.values())
    again = prepare_feed(ORIGINAL.encode(), BASE, known=known)
    assert again.articles == [] and again.unchanged == 3
    changed = ORIGINAL.replace(OLD_TITLE, "عنوان معدل", 1)
    partly = prepare_feed(changed.encode(), BASE, known=known)
    assert partly.unchanged == 2 and len(partly.articles) == 1
    index = partly.positions[0]
    assert partly.articles[0].guid == first.articles[index].guid
    assert partly.articles[0].source_hash != known[partly.articles[0].guid]


def test_the_digest_covers_the_entry_and_the_feed_language() -> None:
    entries = parse_feed(ORIGINAL.encode(), BASE).entries
    assert source_hash(entries[0], "ar") == source_hash(entries[0], "ar")
    assert source_hash(entries[0], "ar") != source_hash(entries[0], "en")
    assert source_hash(entries[0], "ar") != source_hash(entries[1], "ar")


def test_skipping_stores_exactly_what_preparing_everything_stores(
    pair: tuple[tuple[Store, int], tuple[Store, int]],
) -> None:
    (skipping, fid_a), (full, fid_b) = pair
    versions = [
        ORIGINAL,
        ORIGINAL,
        ORIGINAL.replace(OLD_TITLE, "عنوان معدل", 1),
        ORIGINAL.replace(OLD_TITLE, "عنوان معدل", 1),
        ORIGINAL,
    ]
    for text in versions:
        known = skipping.source_hashes(fid_a)
        new_a = skipping.apply_feed(fid_a, prepare_feed(text.encode(), BASE, known=known), now=1.0)
        new_b = full.apply_feed(fid_b, prepare_feed(text.encode(), BASE), now=1.0)
        assert new_a == new_b
        assert _rows(skipping) == _rows(full)
    assert len(skipping.source_hashes(fid_a)) == 3


def test_a_cut_short_feed_does_not_mark_its_entries_as_stored(
    pair: tuple[tuple[Store, int], tuple[Store, int]],
) -> None:
    (store, fid), _ = pair
    store.apply_feed(fid, prepare_feed(ORIGINAL.encode(), BASE))
    before = store.source_hashes(fid)
    changed = prepare_feed(ORIGINAL.replace(OLD_TITLE, "عنوان معدل", 1).encode(), BASE)
    changed.warning = "feed is malformed, entries recovered"
    store.apply_feed(fid, changed)
    # The stored article was kept whole, so it is not what the changed entry prepares to.
    assert store.source_hashes(fid) == before
    assert prepare_feed(
        ORIGINAL.replace(OLD_TITLE, "عنوان معدل", 1).encode(), BASE, known=before
    ).articles


def test_a_guid_given_twice_is_always_prepared() -> None:
    first = prepare_feed(ORIGINAL.encode(), BASE)
    known = {a.guid: a.source_hash for a in first.articles}
    start = ORIGINAL.index("<item>")
    end = ORIGINAL.index("</item>") + len("</item>")
    doubled = ORIGINAL[:end] + ORIGINAL[start:end] + ORIGINAL[end:]
    again = prepare_feed(doubled.encode(), BASE, known=known)
    assert again.unchanged == 2
    assert [a.guid for a in again.articles] == [first.articles[0].guid] * 2
    assert again.positions == [0, 1]
