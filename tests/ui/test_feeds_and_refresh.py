"""Feed failures are shown in the reader, and the reader answers keys while 200 feeds refresh."""

from __future__ import annotations

from tests.support.feedserver import FeedServer
from tests.ui.conftest import make_app, write_config
from tnews.cli.context import Context
from tnews.store.models import FEED_PREFIX
from tnews.ui.screens.picker import PickerScreen
from tnews.ui.widgets.article_list import ArticleList
from tnews.ui.widgets.status import StatusLine


def small_feed(n: int, items: int = 5) -> str:
    body = "".join(
        f"<item><title>خبر رقم {i} من المصدر {n}</title><guid>f{n}-{i}</guid>"
        f"<description>&lt;p&gt;نص الخبر {i} في المصدر {n}، مع تفاصيل كافية.&lt;/p&gt;"
        "</description></item>"
        for i in range(items)
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>المصدر {n}</title>{body}</channel></rss>"
    )


async def test_failures_are_shown_per_feed(feed_server: FeedServer) -> None:
    ok = feed_server.serve_fixture("arabic_rss2.xml")
    write_config([(ok, ""), (feed_server.url("/missing.xml"), "")])
    context = Context()
    app = make_app(context)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        message = app.screen.query_one(StatusLine).message
        assert "1 failed" in message and "HTTP 404" in message
        await pilot.press("F")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        labels = [c.label.plain for c in picker.choices]
        failed = [label for label in labels if "failed" in label]
        assert len(failed) == 1 and "HTTP 404" in failed[0]
        assert any(label.strip().endswith(("ok", "ok ")) or " ok " in label for label in labels)
        await pilot.press(*"الأنباء", "enter")  # the ok feed's own title
        await pilot.pause()
        articles = app.screen.query_one(ArticleList)
        assert articles.section.startswith(FEED_PREFIX)
        assert articles.count == 3
    context.close()


async def test_keys_are_answered_while_200_feeds_refresh(feed_server: FeedServer) -> None:
    urls = [feed_server.serve(f"/f{n}.xml", small_feed(n)) for n in range(200)]
    # The last feed answers only when released, so the refresh is surely still running
    # (parsing and storing the other 199) while the keys below are pressed.
    feed_server.routes["/f199.xml"].delay = 60.0
    write_config([(url, "") for url in urls], "concurrency = 8")
    context = Context()
    app = make_app(context)
    async with app.run_test(size=(120, 40)) as pilot:
        articles = app.screen.query_one(ArticleList)
        status = app.screen.query_one(StatusLine)
        await pilot.pause()
        await pilot.press("r")
        answered = 0
        progress = set()
        for _ in range(50):
            before = articles.cursor
            await pilot.press("j" if before == 0 else "k")
            assert app.refreshing
            answered += articles.cursor != before
            progress.add(status.message)
        assert answered == 50
        assert any("Refreshing" in m and "/200 feeds" in m for m in progress)
        feed_server.release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Refreshed 200 feeds: 1000 new articles" in status.message
        assert articles.count == 2 + 1000
    context.close()
