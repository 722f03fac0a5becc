"""The store on a real SQLite file: idempotent refreshes, all-or-nothing writes, sections,
search and same-story links computed when articles are stored."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from tests.support.feedserver import FIXTURES
from tnews.content.document import ArticleContent, Block, BlockKind, Document, Link
from tnews.prepare import prepare_feed
from tnews.prepared import PreparedFeed
from tnews.store.db import StoreError
from tnews.store.feeds import Subscription
from tnews.store.models import ALL, UNREAD
from tnews.store.schema import SCHEMA_VERSION
from tnews.store.store import Store, open_store

STORIES = Path(__file__).resolve().parent.parent / "pure" / "stories.json"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = open_store(tmp_path / "data" / "tnews.db")
    s.sync_subscriptions(
        [
            Subscription("https://news.example.ly/feed/", "", "ليبيا"),
            Subscription("https://world.example.org/rss", "", "World"),
        ]
    )
    return s


def feed_id(store: Store, url: str) -> int:
    return next(f.id for f in store.feeds() if f.url == url)


def arabic(store: Store) -> PreparedFeed:
    return prepare_feed((FIXTURES / "arabic_rss2.xml").read_bytes(), "https://news.example.ly/")


def test_schema_is_migrated_once_and_a_newer_store_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    open_store(path).close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer tnews"):
        open_store(path)


def test_refresh_is_idempotent_and_keeps_read_state(store: Store) -> None:
    fid = feed_id(store, "https://news.example.ly/feed/")
    new = store.apply_feed(fid, arabic(store), etag='"v1"')
    assert len(new) == 3
    assert store.apply_feed(fid, arabic(store)) == []
    assert store.count_articles(ALL) == 3
    store.set_read(new[0], True)
    data = (FIXTURES / "arabic_rss2.xml").read_text(encoding="utf-8")
    data = data.replace("المجلس الرئاسي يستقبل وفداً", "عنوان معدل", 1)
    changed = prepare_feed(data.encode(), "https://news.example.ly/")
    assert store.apply_feed(fid, changed) == []
    article = store.article(new[0])
    assert article is not None and article.title == "عنوان معدل من الاتحاد الأوروبي في طرابلس"
    assert article.read
    assert store.feed(fid).etag == '"v1"'  # type: ignore[union-attr]


def test_a_failed_write_stores_nothing_of_that_feed(store: Store) -> None:
    fid = feed_id(store, "https://news.example.ly/feed/")
    feed = arabic(store)
    bad = feed.articles[1]
    feed.articles[1] = replace(bad, title=None)  # type: ignore[arg-type] # NOT NULL breaks
    with pytest.raises(sqlite3.IntegrityError):
        store.apply_feed(fid, feed, etag='"new"')
    assert store.count_articles(ALL) == 0
    assert store.feed(fid).etag is None  # type: ignore[union-attr]
    assert store.integrity_ok()


def test_failure_is_recorded_and_articles_stay(store: Store) -> None:
    fid = feed_id(store, "https://news.example.ly/feed/")
    store.apply_feed(fid, arabic(store))
    store.record_attempt(fid, ok=False, status=503, error="HTTP 503", retry_after=600)
    feed = store.feed(fid)
    assert feed is not None and feed.last_error == "HTTP 503" and feed.retry_after
    assert store.count_articles(ALL) == 3
    assert fid not in [f.id for f in store.due_feeds()]
    assert fid in [f.id for f in store.due_feeds(force=True)]


def test_section_spellings_are_one_section(store: Store) -> None:
    fid = feed_id(store, "https://news.example.ly/feed/")
    store.apply_feed(fid, arabic(store))
    sections = {s.name: s for s in store.sections()}
    # «أخبار» and «الأخبار» are the same section; the configured group holds every article.
    news = [s for s in sections.values() if s.key == sections["أخبار"].key]
    assert len(news) == 1 and news[0].total == 2
    assert sections["ليبيا"].total == 3 and sections["ليبيا"].kind == "group"
    assert sections["All"].unread == 3
    assert [s.name for s in store.sections()[:3]] == ["All", "Unread", "Bookmarks"]


def test_search_finds_normalised_arabic_and_english(store: Store) -> None:
    store.apply_feed(feed_id(store, "https://news.example.ly/feed/"), arabic(store))
    english = prepare_feed(
        (FIXTURES / "english_rss1.rdf").read_bytes(), "https://world.example.org/"
    )
    store.apply_feed(feed_id(store, "https://world.example.org/rss"), english)
    assert [a.title for a in store.search("اسعار النفط")] == [
        "ارتفاع أسعار النفط الليبي في الأسواق العالمية"
    ]
    assert [a.title for a in store.search("وفد")][0].startswith("المجلس الرئاسي")
    assert [a.title for a in store.search("oil")] == ["Markets steady as oil climbs"]
    assert store.search('"; DROP TABLE articles; --') == []
    assert store.count_articles(ALL) == 5


def test_mark_section_read_and_unread_view(store: Store) -> None:
    store.apply_feed(feed_id(store, "https://news.example.ly/feed/"), arabic(store))
    assert store.count_articles(UNREAD) == 3
    assert store.mark_section_read(ALL) == 3
    assert store.count_articles(UNREAD) == 0


def test_unsubscribing_keeps_bookmarks_only(store: Store) -> None:
    fid = feed_id(store, "https://news.example.ly/feed/")
    ids = store.apply_feed(fid, arabic(store))
    store.set_bookmark(ids[0], True)
    store.sync_subscriptions([Subscription("https://world.example.org/rss")])
    assert [a.id for a in store.list_articles(ALL)] == [ids[0]]
    assert store.article(ids[0]).bookmarked  # type: ignore[union-attr]


def _rss(items: list[dict[str, str]]) -> bytes:
    body = "".join(
        f"<item><title>{escape(i['title'])}</title><guid>{escape(i['title'])}</guid>"
        f"<description>{escape(i['body'])}</description></item>"
        for i in items
    )
    head = '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
    return f"{head}{body}</channel></rss>".encode()


def test_same_story_from_other_feeds_is_linked_when_stored(tmp_path: Path) -> None:
    articles = json.loads(STORIES.read_text(encoding="utf-8"))["articles"]
    by_feed: dict[str, list[dict[str, str]]] = {}
    for item in articles:
        by_feed.setdefault(item["feed"], []).append(item)
    store = open_store(tmp_path / "s.db")
    store.sync_subscriptions([Subscription(f"https://{name}.example/rss") for name in by_feed])
    story_of: dict[int, str] = {}
    for feed in store.feeds():
        items = by_feed[feed.url.split("//")[1].split(".")[0]]
        ids = store.apply_feed(feed.id, prepare_feed(_rss(items), feed.url))
        for article_id, item in zip(ids, items, strict=True):
            story_of[article_id] = item["story"]
    for article_id, story in story_of.items():
        same = {item.article_id for item in store.related(article_id).same_story}
        expected = {
            other
            for other, s in story_of.items()
            if s == story and other != article_id and not story.startswith("other")
        }
        assert same == expected, (story, same, expected)


def test_full_text_is_kept_with_its_links(store: Store) -> None:
    fid = feed_id(store, "https://news.example.ly/feed/")
    ids = store.apply_feed(fid, arabic(store))
    summary_only = next(i for i in ids if store.article(i).is_summary)  # type: ignore[union-attr]
    page = ArticleContent(
        document=Document((Block(BlockKind.PARAGRAPH, "النص الكامل للخبر مع تفاصيل جديدة."),)),
        see_also=(Link("https://news.example.ly/a", "خبر آخر"),),
        related=(Link("https://news.example.ly/b", "خبر ذو صلة"),),
        section="محليات",
    )
    store.store_full_text(summary_only, page)
    article = store.article(summary_only)
    assert article is not None and article.has_full_text and not article.is_summary
    assert article.document.plain_text == "النص الكامل للخبر مع تفاصيل جديدة."
    assert [link.title for link in article.see_also] == ["خبر آخر"]
    assert "محليات" in article.sections
    assert [a.id for a in store.search("تفاصيل")] == [summary_only]
    related = store.related(summary_only)
    assert [i.title for i in related.related] == ["خبر ذو صلة"]


def test_cleanup_keeps_bookmarks_and_what_the_feed_still_carries(store: Store) -> None:
    fid = feed_id(store, "https://news.example.ly/feed/")
    ids = store.apply_feed(fid, arabic(store))
    oil = next(i for i in ids if store.article(i).title.startswith("ارتفاع"))  # type: ignore[union-attr]
    store.set_bookmark(oil, True)
    for i in ids:
        store.set_read(i, True)
    # A week after the newest item, keeping 2 days: all of it is still in the feed, so stays.
    now = max(store.article(i).published for i in ids) + 7 * 86400  # type: ignore[union-attr]
    assert store.cleanup(keep_days=2, keep_per_feed=1000, now=now) == 0
    assert store.cleanup(keep_days=2, keep_per_feed=1, now=now) == 0
    # Once the feed no longer carries them, everything but the bookmark goes.
    store.apply_feed(fid, PreparedFeed(guids=[]), now=now)
    assert store.cleanup(keep_days=2, keep_per_feed=1000, now=now) == 2
    assert [a.id for a in store.list_articles(ALL, feed_id=fid)] == [oil]
    assert store.article(oil).document.plain_text  # type: ignore[union-attr]
    # Back in the feed, they are stored again, whatever their age.
    again = store.apply_feed(fid, arabic(store), now=now)
    assert len(again) == 2
    # The count limit per feed never takes a bookmark either.
    store.apply_feed(fid, PreparedFeed(guids=[]), now=now)
    for i in again:
        store.set_read(i, True)
    assert store.cleanup(keep_days=10_000, keep_per_feed=0, now=now) == 2
    assert [a.id for a in store.list_articles(ALL, feed_id=fid)] == [oil]
