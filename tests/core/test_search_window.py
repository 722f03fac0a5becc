"""Search in a large store: only the newest matches are ranked, and a last word that is found
whole often enough is not also looked up as the beginning of longer words."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from tnews.prepare import prepare_feed
from tnews.store import reading
from tnews.store.feeds import Subscription
from tnews.store.store import Store, open_store
from tnews.text.normalize import fts_query

URL = "https://world.example.org/rss"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = open_store(tmp_path / "data" / "tnews.db")
    s.sync_subscriptions([Subscription(URL, "", "World")])
    return s


def add(store: Store, title: str, body: str) -> int:
    """One article, stored after every article added before it."""
    item = (
        f"<item><title>{escape(title)}</title><guid>{escape(title)}</guid>"
        f"<description>{escape(body)}</description></item>"
    )
    head = '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
    feed = prepare_feed(f"{head}{item}</channel></rss>".encode(), "https://world.example.org/")
    fid = next(f.id for f in store.feeds() if f.url == URL)
    (article_id,) = store.apply_feed(fid, feed)
    return article_id


def titles(store: Store, query: str, limit: int = 50) -> list[str]:
    return [a.title for a in store.search(query, limit=limit)]


def test_fts_query_can_take_the_last_word_whole() -> None:
    assert fts_query("minis") == '"minis"*'
    assert fts_query("minis", prefix=False) == '"minis"'
    assert fts_query("الرئيس نقابة", prefix=False) == '"رييس" AND "نقابه"'


def test_a_last_word_found_whole_too_rarely_also_finds_longer_words(store: Store) -> None:
    add(store, "Oilfield workers strike", "A strike closed the southern field.")
    add(store, "Oil prices climb", "Crude rose on Monday.")
    assert titles(store, "minis") == []
    assert sorted(titles(store, "oil")) == ["Oil prices climb", "Oilfield workers strike"]
    assert titles(store, "oil ") == ["Oil prices climb"]  # a space says the word is whole
    assert titles(store, "oilf") == ["Oilfield workers strike"]


def test_a_last_word_filling_the_window_is_taken_whole(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reading, "RANKED_MATCHES", 3)
    add(store, "Oilfield workers strike", "A strike closed the southern field.")
    for n in range(3):
        add(store, f"Oil report {n}", "Crude rose on Monday.")
    assert "Oilfield workers strike" not in titles(store, "oil", limit=3)
    monkeypatch.setattr(reading, "RANKED_MATCHES", 4)
    assert "Oilfield workers strike" in titles(store, "oil", limit=4)


def test_only_the_newest_matches_are_ranked_unless_more_are_asked_for(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reading, "RANKED_MATCHES", 3)
    oldest = add(store, "Budget budget budget", "The budget, the budget and the budget.")
    newer = [
        add(store, f"Report {n}", f"A long report that mentions the budget once {n}.")
        for n in range(4)
    ]
    assert {a.id for a in store.search("budget ", limit=3)} == set(newer[1:])
    everything = store.search("budget ", limit=10)
    assert everything[0].id == oldest  # with the whole store ranked, the best comes first
    assert {a.id for a in everything} == {oldest, *newer}


def test_small_stores_rank_like_bm25_over_every_match(store: Store) -> None:
    add(store, "Talks resume", "The minister said talks would resume, talks and talks.")
    add(store, "Weather", "Rain, and talks of rain.")
    add(store, "Minister talks", "Nothing else.")
    add(store, "Sport", "No match here.")
    expected = [
        row[0]
        for row in store.conn.execute(
            "SELECT a.title FROM search JOIN articles a ON a.id = search.rowid "
            "WHERE search MATCH ? ORDER BY bm25(search, 4.0, 1.0)",
            (fts_query("talks"),),
        )
    ]
    assert len(expected) == 3
    assert titles(store, "talks") == expected


def test_results_carry_their_summary_columns(store: Store) -> None:
    first = add(store, "Oil prices climb", "Crude rose on Monday.")
    store.set_read(first, True)
    store.set_bookmark(first, True)
    (found,) = store.search("crude")
    assert (found.id, found.read, found.bookmarked) == (first, True, True)
    assert found.feed_title and found.section == "World"
    assert store.search("crude", limit=0) == []


def test_a_search_asked_again_gives_what_searching_again_gives(store: Store) -> None:
    for n in range(30):
        add(store, f"Oil report {n}", "oil " * (n % 7 + 1) + f"field {n % 3}")
    for query in ("oil", "oil field", "field 2", "report 1", "nothing here"):
        for limit in (1, 5, 50, 10, 250, 3):
            assert store.search(query, limit=limit) == store._search(query, limit), (query, limit)


def test_a_write_is_seen_by_the_next_search(store: Store, tmp_path: Path) -> None:
    first = add(store, "Oil prices climb", "Crude rose on Monday.")
    (found,) = store.search("oil")
    assert not found.read
    store.set_read(first, True)  # this connection's write
    (found,) = store.search("oil")
    assert found.read
    other = open_store(tmp_path / "data" / "tnews.db")  # another connection's write
    other.set_read(first, False)
    other.close()
    (found,) = store.search("oil")
    assert not found.read
    add(store, "Oilfield workers strike over oil", "oil")
    assert len(store.search("oil")) == 2


def test_the_same_search_asked_again_is_not_ranked_again(store: Store) -> None:
    for n in range(5):
        add(store, f"Oil report {n}", "oil field")
    ranked: list[str] = []
    store.conn.set_trace_callback(lambda sql: ranked.append(sql) if "bm25" in sql else None)
    count = len(store.search("oil"))  # the reader's count of a search section, then its page
    page = store.search("oil", limit=200)
    assert count == len(page) == 5
    assert len(ranked) == 1
    store.set_read(page[0].id, True)
    assert store.search("oil", limit=200)[0].read
    assert len(ranked) == 2
