"""In the reader, an undated article's first-seen time is marked until its page dates it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from tests.support.feedserver import FeedServer
from tests.ui.conftest import FIXED_NOW, make_app, settle, write_config
from tnews import clock
from tnews.cli.context import Context
from tnews.prepare import prepare_feed
from tnews.ui.widgets.article_list import ArticleList
from tnews.ui.widgets.reader import ReaderPane

BODY = (
    "قالت الحكومة اليوم إنها ستزيد الدعم للمزارعين في الموسم المقبل بعد موجة جفاف أضرت "
    "بالمحاصيل في عدد من المحافظات الجنوبية، وإن التسجيل يبدأ مطلع الشهر المقبل."
)


@pytest.fixture
def undated(feed_server: FeedServer) -> Iterator[tuple[Context, datetime]]:
    """A store holding one undated summary whose page, on a local server, gives its date."""
    published = datetime.fromtimestamp(clock.now(), UTC).replace(microsecond=0) - timedelta(
        days=3, hours=5
    )
    ld = json.dumps({"@type": "NewsArticle", "datePublished": published.isoformat()})
    page = (
        f'<html lang="ar"><head><script type="application/ld+json">{ld}</script></head>'
        f"<body><article><h1>دعم المزارعين</h1><div class='entry-content'><p>{BODY}</p>"
        f"<p>{BODY}</p></div></article></body></html>"
    )
    link = feed_server.serve("/2026/farmers/", page, content_type="text/html; charset=utf-8")
    feed = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>مزارع</title>'
        f"<link>{feed_server.base}/</link><item><guid>farmers</guid><title>دعم المزارعين</title>"
        f"<link>{link}</link><description>الحكومة تزيد الدعم…</description></item>"
        "</channel></rss>"
    )
    url = feed_server.serve("/feed.xml", feed)
    write_config([(url, "")])
    context = Context()
    [row] = [f for f in context.store.feeds() if not f.builtin]
    context.store.apply_feed(row.id, prepare_feed(feed.encode(), url), now=FIXED_NOW)
    yield context, published
    context.close()


def row_text(articles: ArticleList, index: int) -> str:
    """The text of a list row as drawn."""
    return "".join(
        segment.text for segment in articles.render_line(index - articles.scroll_offset.y)
    )


async def test_first_seen_until_the_page_dates_it(undated: tuple[Context, datetime]) -> None:
    context, published = undated
    app = make_app(context)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        articles = app.screen.query_one(ArticleList)
        index = next(
            i
            for i in range(articles.count)
            if (item := articles.item(i)) is not None and item.title == "دعم المزارعين"
        )
        item = articles.item(index)
        assert item is not None and item.first_seen
        assert "~" in row_text(articles, index)
        articles.cursor = index
        await pilot.press("enter")
        await settle(pilot)
        for _ in range(100):  # the page is fetched in a worker
            await pilot.pause(0.05)
            await settle(pilot)
            item = articles.item(index)
            if item is not None and not item.first_seen:
                break
        assert item is not None and not item.first_seen
        assert item.published == published.timestamp()
        reader = app.screen.query_one(ReaderPane)
        shown = reader.article
        assert shown is not None and not shown.first_seen
        assert shown.published == published.timestamp()
        assert not any("first seen" in row for row in reader.plain_rows()[:4])
        assert "~" not in row_text(articles, index)
