"""The reader's refresh timer, saved queries as sections, and the killfile, with Pilot."""

from __future__ import annotations

import pytest

from tests.support.feedserver import FeedServer
from tests.ui.conftest import make_app, settle, write_config
from tnews import clock
from tnews.cli.context import Context
from tnews.config import load_config
from tnews.paths import get_paths
from tnews.store.models import QUERY_PREFIX
from tnews.ui import app as app_module
from tnews.ui.widgets.article_list import ArticleList
from tnews.ui.widgets.sections import SectionList
from tnews.ui.widgets.status import StatusLine


def later(monkeypatch: pytest.MonkeyPatch, minutes: float) -> None:
    """Move the one clock on."""
    monkeypatch.setenv(clock.ENV, str(clock.now() + minutes * 60))


async def tick(pilot: object, app: app_module.TnewsApp) -> None:
    """Let the timer fire and whatever refresh it starts finish."""
    app.refresh_if_due()
    await settle(pilot)  # type: ignore[arg-type]


async def test_timer_refreshes_due_feeds_and_honours_cache_lifetimes(
    feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = feed_server.serve_fixture("arabic_rss2.xml")
    cached = feed_server.serve_fixture(
        "english_rss1.rdf", headers={"Cache-Control": "public, max-age=7200"}
    )
    write_config([(plain, ""), (cached, "")], 'refresh_every = "30m"\nfull_text = false')
    monkeypatch.setattr(app_module, "TIMER_SECONDS", 0.05)
    context = Context()
    app = make_app(context)
    async with app.run_test(size=(120, 40)) as pilot:
        # Never fetched: due at once, and the Textual timer starts the refresh by itself.
        for _ in range(100):
            await pilot.pause(0.05)
            if feed_server.hits("/arabic_rss2.xml"):
                break
        await settle(pilot)
        assert feed_server.hits("/arabic_rss2.xml") == 1
        assert feed_server.hits("/english_rss1.rdf") == 1
        status = app.screen.query_one(StatusLine)
        assert "next refresh in 30m" in status.render().plain  # type: ignore[union-attr]
        assert app.screen.query_one(ArticleList).count > 0
        # 20 minutes on: nothing due.
        later(monkeypatch, 20)
        await tick(pilot, app)
        assert feed_server.hits("/arabic_rss2.xml") == 1
        assert "next refresh in 10m" in status.next_refresh
        # 31 minutes on: the plain feed is due; the cached one is fresh for two hours.
        later(monkeypatch, 11)
        await tick(pilot, app)
        assert feed_server.hits("/arabic_rss2.xml") == 2
        assert feed_server.hits("/english_rss1.rdf") == 1
        later(monkeypatch, 90)
        await tick(pilot, app)
        assert feed_server.hits("/english_rss1.rdf") == 2
    context.close()


async def test_failing_feed_backs_off(
    feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = feed_server.serve("/down.xml", "down", status=500, conditional=False)
    write_config([(broken, "")], 'refresh_every = "10m"\nfull_text = false')
    monkeypatch.setattr(app_module, "TIMER_SECONDS", 3600.0)  # driven by hand below
    context = Context()
    app = make_app(context)
    async with app.run_test(size=(120, 40)) as pilot:
        await tick(pilot, app)
        assert feed_server.hits("/down.xml") == 1
        # One failure: twice the period. Ten minutes on it is not tried again...
        later(monkeypatch, 11)
        await tick(pilot, app)
        assert feed_server.hits("/down.xml") == 1
        # ...twenty minutes after the failure it is.
        later(monkeypatch, 10)
        await tick(pilot, app)
        assert feed_server.hits("/down.xml") == 2
        # Two failures: forty minutes.
        later(monkeypatch, 30)
        await tick(pilot, app)
        assert feed_server.hits("/down.xml") == 2
        later(monkeypatch, 11)
        await tick(pilot, app)
        assert feed_server.hits("/down.xml") == 3
    context.close()


async def test_saved_queries_are_numbered_sections_and_search_can_be_saved(
    feed_server: FeedServer,
) -> None:
    write_config(
        [
            (feed_server.serve_fixture("arabic_rss2.xml"), "ليبيا"),
            (feed_server.serve_fixture("english_rss1.rdf"), "World"),
        ],
        'full_text = false\n[[queries]]\nname = "Oil"\nquery = "نفط or oil"\n'
        '[[queries]]\nname = "Bad"\nquery = "title:("\n',
    )
    context = Context()
    app = make_app(context)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        status = app.screen.query_one(StatusLine)
        assert "title:(" in status.message  # the bad one is said, and left out
        await pilot.press("r")
        await settle(pilot)
        sections = app.screen.query_one(SectionList).sections
        kinds = [s.kind for s in sections]
        # All, Unread, Bookmarks, the two groups, then the saved query, then the sites'.
        assert kinds[:6] == ["builtin"] * 3 + ["group"] * 2 + ["query"]
        assert sections[5].name == "Oil" and sections[5].total == 2
        await pilot.press("6")
        await pilot.pause()
        articles = app.screen.query_one(ArticleList)
        assert articles.section == QUERY_PREFIX + "نفط or oil"
        assert articles.count == 2
        # Search, then keep the search as a section under a name.
        await pilot.press("slash", *"المجلس", "enter")
        await pilot.pause()
        await pilot.press("S")
        await pilot.pause()
        await pilot.press(*"Council", "enter")
        await settle(pilot)
        names = [s.name for s in app.screen.query_one(SectionList).sections]
        assert names.index("Council") == 6
        assert "Saved as section 7: Council" in status.message
        saved = load_config(get_paths())
        assert [(q.name, q.text) for q in saved.queries] == [
            ("Oil", "نفط or oil"),
            ("Council", '"المجلس"'),
        ]
        await pilot.press("7")
        await pilot.pause()
        assert articles.count == 1
    context.close()


async def test_killfile_count_is_said_after_a_refresh(feed_server: FeedServer) -> None:
    write_config(
        [(feed_server.serve_fixture("arabic_rss2.xml"), "ليبيا")],
        "full_text = false\n[filters]\nignore = ['title:\"اسعار\"']\n",
    )
    context = Context()
    app = make_app(context)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        await settle(pilot)
        status = app.screen.query_one(StatusLine)
        assert "1 hidden by filters" in status.message
        titles = [
            app.screen.query_one(ArticleList).item(i).title  # type: ignore[union-attr]
            for i in range(app.screen.query_one(ArticleList).count)
        ]
        assert not any("أسعار" in t for t in titles)
    context.close()
