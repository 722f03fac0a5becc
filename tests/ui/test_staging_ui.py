"""The reader with articles stored but not yet prepared: they list and read at once, and the
reader prepares them in the background."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.feedserver import FIXTURES, FeedServer
from tests.ui.conftest import FIXED_NOW, make_app, select_titled, write_config
from tnews.cli.context import Context
from tnews.prepare import stage_feed
from tnews.ui.widgets.article_list import ArticleList
from tnews.ui.widgets.reader import ReaderPane
from tnews.ui.widgets.status import StatusLine


@pytest.fixture
def staged_ctx(tmp_path: Path) -> Iterator[Context]:
    """A store holding a fixture feed as `tnews fetch --no-index` leaves it."""
    url = "https://news.example.ly/feed/"
    write_config([(url, "ليبيا")], "full_text = false")
    context = Context()
    store = context.store
    feed = next(f for f in store.feeds() if f.url == url)
    staged = stage_feed((FIXTURES / "arabic_rss2.xml").read_bytes(), url)
    store.apply_feed(feed.id, staged, now=FIXED_NOW)
    assert store.pending_count() == len(staged.articles) > 0
    yield context
    context.close()


async def test_staged_articles_list_read_and_are_prepared_on_start(staged_ctx: Context) -> None:
    store = staged_ctx.store
    assert not store.search("السدرة")
    app = make_app(staged_ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        articles = app.screen.query_one(ArticleList)
        await pilot.pause()
        select_titled(articles, "المجلس الرئاسي")
        await pilot.press("enter")
        await pilot.pause()
        reader = app.screen.query_one(ReaderPane)
        assert reader.article is not None
        assert "نيكولا" in reader.article.document.plain_text
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert store.pending_count() == 0
        assert "prepared" in app.screen.query_one(StatusLine).message
    assert [a.title for a in store.search("السدرة")] == [
        "ارتفاع أسعار النفط الليبي في الأسواق العالمية"
    ]


async def test_a_refresh_lists_then_prepares(served_ctx: Context, feed_server: FeedServer) -> None:
    app = make_app(served_ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Refreshed 3 feeds" in app.screen.query_one(StatusLine).message
        assert app.screen.query_one(ArticleList).count == 2 + 3 + 2 + 2
        assert served_ctx.store.pending_count() == 0
        assert served_ctx.store.search("السدرة")
