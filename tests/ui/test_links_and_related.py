"""`f` says what became of a link and reaches the see-also links; `R` on a whole-article feed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.feedserver import FeedServer
from tests.ui.conftest import make_app, select_titled, settle, write_config
from tnews.cli.context import Context
from tnews.prepare import prepare_feed
from tnews.ui.widgets.article_list import ArticleList
from tnews.ui.widgets.reader import ReaderPane

OTHER_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Harbour reopens after the storm</title></head><body><article>
<h1>Harbour reopens after the storm</h1>
<p>The harbour of the old town reopened on Monday after a week of repairs to the quay,
the port authority said, and the first ferries left on time in calm weather.</p>
<p>Fishermen who had waited in the bay since the storm brought their boats back in the
morning, and the market by the water opened again in the afternoon.</p>
</article></body></html>"""


# Enough words that the feed reads as one that carries whole articles, not teasers.
LONG = (
    "Harbour workers, ferry crews and the people of the old town followed the work on the"
    " quay through the week, and the port authority kept a notice board by the gate where"
    " every change to the timetable was written up the moment it was decided, so that"
    " nobody waited on the pier for a boat that was not coming that day."
)


def feed_xml(base: str) -> str:
    """A feed that carries whole articles: one with a body link and a see-also block, one
    with no link at all."""
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Harbour News</title><link>{base}/</link>
<item><title>Storm closes the harbour</title><link>{base}/news/1</link>
<guid>{base}/news/1</guid><pubDate>Sun, 29 Nov 2026 10:00:00 +0000</pubDate>
<content:encoded><![CDATA[<p>The storm closed the harbour, as <a href="{base}/missing">the
port authority said</a> on Sunday; ferries stay in port until the wind drops.</p>
<p>Read also:</p>
<p><a href="{base}/news/2">Harbour reopens after the storm</a></p>
<p>Repairs to the quay begin as soon as the sea allows, the authority added.</p>
<p>{LONG}</p>]]>
</content:encoded></item>
<item><title>Lighthouse repainted</title><link>{base}/news/3</link>
<guid>{base}/news/3</guid><pubDate>Sun, 29 Nov 2026 09:00:00 +0000</pubDate>
<content:encoded><![CDATA[<p>The lighthouse at the end of the pier was repainted white
and red this week, ready for the winter nights.</p><p>{LONG}</p><p>{LONG}</p>]]>
</content:encoded></item>
</channel></rss>"""


@pytest.fixture
def harbour(feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[Context]:
    """A store holding the harbour feed, whose links point at the local server; no browser."""
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "BROWSER"):
        monkeypatch.delenv(name, raising=False)
    base = feed_server.base.rstrip("/")
    feed_url = feed_server.serve("/feed", feed_xml(base))
    feed_server.serve("/news/2", OTHER_PAGE, content_type="text/html; charset=utf-8")
    feed_server.serve("/missing", "gone", content_type="text/html", status=404)
    write_config([(feed_url, "")], "full_text = false")
    context = Context()
    feed = next(f for f in context.store.feeds() if f.url == feed_url)
    context.store.apply_feed(feed.id, prepare_feed(feed_xml(base).encode(), feed_url))
    yield context
    context.close()


async def test_f_on_a_failing_link_says_what_happened_to_it(
    harbour: Context, feed_server: FeedServer
) -> None:
    app = make_app(harbour)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        select_titled(app.screen.query_one(ArticleList), "Storm closes")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("f", "1", "enter")
        await settle(pilot)
        message = app.main.status.message
        url = feed_server.url("/missing")
        assert feed_server.hits("/missing") == 1
        assert url in message and "404" in message
        assert "no browser here, link copied" in message


async def test_see_also_links_are_numbered_after_the_body_links_and_followed_with_f(
    harbour: Context, feed_server: FeedServer
) -> None:
    app = make_app(harbour)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        select_titled(app.screen.query_one(ArticleList), "Storm closes")
        await pilot.press("enter")
        await settle(pilot)
        reader = app.screen.query_one(ReaderPane)
        article = reader.article
        assert article is not None and len(article.see_also) == 1
        body = len(article.document.links)
        number = body + 1
        rows = reader.plain_rows()
        # At the end of the article, under their heading, with their numbers.
        at = rows.index("See also")
        assert f"[{number}] Harbour reopens after the storm" in rows[at + 1 :]
        assert feed_server.url("/news/2") in rows[at + 1 :]
        await pilot.press("f", *str(number), "enter")
        await settle(pilot)
        assert feed_server.hits("/news/2") == 1
        shown = reader.article
        assert shown is not None and shown.title == "Harbour reopens after the storm"


async def test_related_on_a_whole_article_feed_says_there_is_none_and_fetches_nothing(
    harbour: Context, feed_server: FeedServer
) -> None:
    app = make_app(harbour)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        select_titled(app.screen.query_one(ArticleList), "Lighthouse")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        message = app.main.status.message
        assert "this feed carries whole articles" in message
        assert "not fetched" in message
        assert feed_server.hits("/news/3") == 0
