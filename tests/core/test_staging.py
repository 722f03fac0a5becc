"""Articles stored first and prepared afterwards read, search and link exactly as articles
prepared at once; nothing is lost between the two halves of a refresh."""

from __future__ import annotations

import json
import sqlite3
from html import escape
from pathlib import Path

import pytest

from tests.support.feedserver import FIXTURES
from tnews.content.html import html_to_content
from tnews.prepare import prepare_feed, prepare_sources, stage_feed
from tnews.store.feeds import Subscription
from tnews.store.pending import FAILED, ON_THE_SPOT_BYTES, STILL_PREPARING
from tnews.store.store import Store, open_store

BASE = "https://news.example.ly/"
STORIES = json.loads((Path(__file__).parent.parent / "pure" / "stories.json").read_text("utf-8"))
FIXTURE_FEEDS = ["arabic_rss2.xml", "english_rss1.rdf", "mixed_atom.xml", "second_arabic_rss2.xml"]


def _story_feeds() -> dict[str, bytes]:
    """One RSS feed per source of the same-story fixtures: stories told three ways."""
    by_feed: dict[str, list[dict[str, str]]] = {}
    for a in STORIES["articles"]:
        by_feed.setdefault(a["feed"], []).append(a)
    feeds = {}
    for n, (name, items) in enumerate(sorted(by_feed.items())):
        body = "".join(
            f"<item><title>{escape(a['title'])}</title><link>{BASE}{n}/{i}.html</link>"
            f"<guid>{BASE}{n}/{i}</guid><pubDate>Sat, 28 Nov 2026 1{i % 10}:00:00 +0000"
            f"</pubDate><category>أخبار</category>"
            f"<description>{escape('<p>' + a['body'] + '</p>')}</description></item>"
            for i, a in enumerate(items)
        )
        feeds[f"https://{name}.example/feed"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            f"<title>{escape(name)}</title><link>https://{name}.example/</link>"
            f"<language>ar</language>{body}</channel></rss>"
        ).encode()
    return feeds


def _all_feeds() -> dict[str, bytes]:
    feeds = {
        f"https://fixtures.example/{name}": (FIXTURES / name).read_bytes() for name in FIXTURE_FEEDS
    }
    return feeds | _story_feeds()


def _open(path: Path, urls: list[str]) -> tuple[Store, dict[str, int]]:
    store = open_store(path)
    store.sync_subscriptions(
        [Subscription(u, "", "مختارات" if "fixtures" in u else "") for u in urls]
    )
    return store, {f.url: f.id for f in store.feeds() if f.url in urls}


def _prepare_all(store: Store, chunk: int = 3) -> int:
    """What the refresh's second half does, in id order."""
    done = 0
    after = 0
    while batch := store.pending_sources(chunk, after):
        after = batch[-1].article_id
        results = prepare_sources([(p.article_id, p.source, p.source_hash) for p in batch])
        done += store.apply_prepared(results)
    return done


def _rows(store: Store) -> list[tuple[object, ...]]:
    conn: sqlite3.Connection = store.conn
    queries = [
        """SELECT id, guid, url, title, author, published, lead, body, is_summary, see_also,
               related, categories, dateline, lead_caption, direction, content_hash, read,
               source_hash, source, pending FROM articles ORDER BY id""",
        "SELECT rowid, title, body FROM search ORDER BY rowid",
        "SELECT * FROM article_sections ORDER BY article_id, key",
        "SELECT * FROM signature_tokens ORDER BY article_id, token",
        "SELECT * FROM signatures ORDER BY article_id",
        "SELECT * FROM same_story ORDER BY a, b",
    ]
    return [tuple(r) for q in queries for r in conn.execute(q).fetchall()]


@pytest.fixture
def stores(tmp_path: Path) -> tuple[tuple[Store, dict[str, int]], tuple[Store, dict[str, int]]]:
    urls = list(_all_feeds())
    return _open(tmp_path / "staged.db", urls), _open(tmp_path / "eager.db", urls)


def test_staged_then_prepared_stores_what_preparing_at_once_stores(
    stores: tuple[tuple[Store, dict[str, int]], tuple[Store, dict[str, int]]],
) -> None:
    (staged, ids_a), (eager, ids_b) = stores
    for url, data in _all_feeds().items():
        new_a = staged.apply_feed(ids_a[url], stage_feed(data, url), now=1.0)
        new_b = eager.apply_feed(ids_b[url], prepare_feed(data, url), now=1.0)
        assert new_a == new_b and new_a
    total = staged.pending_count()
    assert total == eager.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    assert _rows(staged) != _rows(eager)
    assert _prepare_all(staged) == total
    assert staged.pending_count() == 0
    assert _rows(staged) == _rows(eager)
    # The fixtures tell stories three ways: the links were found, not merely equally absent.
    assert staged.conn.execute("SELECT COUNT(*) FROM same_story").fetchone()[0] >= 10


def test_a_staged_article_reads_as_it_will_once_prepared(
    stores: tuple[tuple[Store, dict[str, int]], tuple[Store, dict[str, int]]],
) -> None:
    (store, ids), _ = stores
    url = "https://fixtures.example/arabic_rss2.xml"
    new = store.apply_feed(ids[url], stage_feed(_all_feeds()[url], url), now=1.0)
    before = [store.article(i) for i in new]
    assert all(a is not None and a.document.blocks for a in before)
    # Staged articles list at once, with their sections, before anything is prepared.
    assert {a.id for a in store.list_articles("@all", limit=100)} >= set(new)
    assert any(s.name == "مختارات" and s.total == len(new) for s in store.sections())
    _prepare_all(store)
    assert [store.article(i) for i in new] == before


def test_a_changed_entry_is_staged_again_and_search_follows(
    stores: tuple[tuple[Store, dict[str, int]], tuple[Store, dict[str, int]]],
) -> None:
    (store, ids), _ = stores
    url = "https://fixtures.example/arabic_rss2.xml"
    original = _all_feeds()[url].decode()
    store.apply_feed(ids[url], stage_feed(original.encode(), url, known={}), now=1.0)
    _prepare_all(store)
    assert store.search("السدرة") and not store.search("زلزلة")
    changed = original.replace("السدرة", "زلزلة")
    assert changed != original
    known = store.source_hashes(ids[url])
    again = stage_feed(changed.encode(), url, known=known)
    assert again.articles and again.unchanged < len(again.articles) + again.unchanged
    store.apply_feed(ids[url], again, now=2.0)
    assert store.pending_count() == len(again.articles)
    # Reading shows the new text at once; the index follows when it is prepared.
    (staged_id,) = [p.article_id for p in store.pending_sources(100)]
    article = store.article(staged_id)
    assert article is not None and "زلزلة" in article.document.plain_text
    assert not store.search("زلزلة")
    _prepare_all(store)
    assert {a.id for a in store.search("زلزلة")} == {staged_id}
    assert staged_id not in {a.id for a in store.search("السدرة")}


def test_a_result_prepared_from_an_older_source_is_not_stored(
    stores: tuple[tuple[Store, dict[str, int]], tuple[Store, dict[str, int]]],
) -> None:
    (store, ids), _ = stores
    url = "https://fixtures.example/arabic_rss2.xml"
    original = _all_feeds()[url].decode()
    store.apply_feed(ids[url], stage_feed(original.encode(), url), now=1.0)
    old = store.pending_sources(100)
    results = prepare_sources([(p.article_id, p.source, p.source_hash) for p in old])
    # The feed changed while the old sources were being prepared elsewhere.
    store.apply_feed(ids[url], stage_feed(original.replace("السدرة", "زلزلة").encode(), url))
    now = {p.article_id: p.source_hash for p in store.pending_sources(100)}
    changed = {p.article_id for p in old if now[p.article_id] != p.source_hash}
    assert changed and len(changed) < len(old)
    store.apply_prepared(results)
    assert {p.article_id for p in store.pending_sources(100)} == changed
    _prepare_all(store)
    assert store.search("زلزلة")


def test_an_article_that_cannot_be_prepared_is_set_aside_and_the_rest_go_on(
    stores: tuple[tuple[Store, dict[str, int]], tuple[Store, dict[str, int]]],
) -> None:
    (store, ids), _ = stores
    url = "https://fixtures.example/arabic_rss2.xml"
    new = store.apply_feed(ids[url], stage_feed(_all_feeds()[url], url), now=1.0)
    with store.transaction() as conn:
        conn.execute("UPDATE articles SET source = '[1, 2' WHERE id = ?", (new[0],))
    assert _prepare_all(store) == len(new) - 1
    assert store.pending_count() == 0
    row = store.conn.execute("SELECT pending, full_error FROM articles WHERE id = ?", (new[0],))
    pending, reason = row.fetchone()
    assert pending == FAILED and "could not be prepared" in reason
    article = store.article(new[0])
    assert article is not None and article.title
    # Its reader is told why there is no body rather than shown an empty page.
    assert article.document.plain_text.startswith("This article could not be prepared")
    assert all(store.article(i) is not None for i in new[1:])


def test_fetching_a_page_for_a_staged_article_keeps_the_links_of_both(
    stores: tuple[tuple[Store, dict[str, int]], tuple[Store, dict[str, int]]],
) -> None:
    (store, ids), _ = stores
    url = "https://fixtures.example/second_arabic_rss2.xml"
    new = store.apply_feed(ids[url], stage_feed(_all_feeds()[url], url), now=1.0)
    with_links = [i for i in new if (a := store.article(i)) and a.see_also]
    assert with_links
    article_id = with_links[0]
    before = store.article(article_id)
    assert before is not None
    page = html_to_content(
        '<p>النص الكامل للمقال.</p><p>اقرأ أيضا: <a href="/more/page-link">رابط من الصفحة</a></p>',
        base_url=BASE,
    )
    assert page.see_also
    store.store_full_text(article_id, page)
    after = store.article(article_id)
    assert after is not None and after.has_full_text
    expected = before.see_also + page.see_also
    assert after.see_also == expected
    # Storing the page prepared the article first, so preparing later cannot undo it.
    _prepare_all(store)
    again = store.article(article_id)
    assert again is not None and again.see_also == expected


def test_a_huge_staged_body_is_left_to_the_workers(
    stores: tuple[tuple[Store, dict[str, int]], tuple[Store, dict[str, int]]],
) -> None:
    (store, ids), _ = stores
    url = "https://fixtures.example/arabic_rss2.xml"
    paragraph = "<p>" + "خبر طويل جدا " * 40 + "</p>"
    body = paragraph * (ON_THE_SPOT_BYTES // len(paragraph.encode()) + 2)
    feed = (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title>'
        f"<item><title>طويل</title><guid>long</guid><description><![CDATA[{body}]]>"
        "</description></item></channel></rss>"
    )
    (article_id,) = store.apply_feed(ids[url], stage_feed(feed.encode(), url), now=1.0)
    waiting = store.article(article_id)
    assert waiting is not None and waiting.title == "طويل"
    assert waiting.document.plain_text == STILL_PREPARING
    assert not store.prepare_now(article_id)
    assert _prepare_all(store) == 1
    done = store.article(article_id)
    assert done is not None and done.document.plain_text.startswith("خبر طويل جدا")
