"""Moving through the news by keyboard: full text, related, links, history, search, bookmarks."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.support.feedserver import FeedServer
from tests.ui.conftest import make_app, select_titled, settle, write_config
from tnews.cli.context import Context
from tnews.cli.main import main as cli
from tnews.store.models import SEARCH_PREFIX
from tnews.text.normalize import section_key
from tnews.ui.app import TnewsApp
from tnews.ui.screens.picker import PickerScreen
from tnews.ui.widgets.article_list import ArticleList
from tnews.ui.widgets.reader import ReaderPane
from tnews.ui.widgets.status import StatusLine

PAGES = Path(__file__).resolve().parent.parent / "content" / "fixtures"
PLAN = "/2024/05/19/small-business-plan/"
PORTS = "/2024/05/15/%D8%A7%D9%84%D9%85%D9%88%D8%A7%D9%86%D8%A6/"


@pytest.fixture
def site(feed_server: FeedServer) -> Iterator[Context]:
    """A summary-only feed whose article page (with see-also links) lives on a local server,
    and two feeds telling one story in other words."""
    host = feed_server.base.removeprefix("http://")
    feed = (PAGES / "summary_feed.xml").read_text(encoding="utf-8").replace("HOST", host)
    html = "text/html; charset=utf-8"
    feed_server.serve(PLAN, (PAGES / "wp_news.html").read_bytes(), content_type=html)
    feed_server.serve(PORTS, (PAGES / "modern_news.html").read_bytes(), content_type=html)
    linked = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>روابط</title>'
        "<item><title>الموانئ في خطة التنمية</title><guid>links-1</guid><description>"
        f"&lt;p&gt;وكان الوزير قد &lt;a href=&quot;{feed_server.url(PORTS)}&quot;&gt;تحدث عن "
        "الموانئ&lt;/a&gt; أمس في طرابلس، وتحدث عن &lt;a href=&quot;https://example.org/r.pdf"
        "&quot;&gt;التقرير&lt;/a&gt; أيضاً.&lt;/p&gt;</description></item></channel></rss>"
    )
    write_config(
        [
            (feed_server.serve("/links.xml", linked), ""),
            (feed_server.serve("/feed.xml", feed), "محلي"),
            (feed_server.serve_fixture("arabic_rss2.xml"), "ليبيا"),
            (feed_server.serve_fixture("second_arabic_rss2.xml"), ""),
        ],
        # Pages come when an article is opened (what these tests drive), not with the fetch;
        # the fixture feeds' own links lead to sites that do not exist.
        'full_text = "open"',
    )
    assert cli(["fetch", "--quiet"]) == 0
    context = Context()
    yield context
    context.close()


async def open_titled(pilot: Pilot[None], start: str) -> None:
    articles = pilot.app.screen.query_one(ArticleList)
    await pilot.pause()
    select_titled(articles, start)
    articles.focus()
    await pilot.press("enter")
    await settle(pilot)


def site_url(app: TnewsApp, path: str) -> str:
    feeds = [f.url for f in app.store.feeds() if f.url.endswith("/links.xml")]
    return feeds[0].removesuffix("/links.xml") + path


async def test_full_text_related_see_also_and_history(site: Context) -> None:
    app = make_app(site)
    async with app.run_test(size=(120, 24)) as pilot:
        reader = app.screen.query_one(ReaderPane)
        await open_titled(pilot, "الحكومة تعلن خطة")
        await settle(pilot)
        plan = reader.article
        assert plan is not None and plan.has_full_text
        assert "خمسة آلاف مشروع" in plan.document.plain_text
        assert "زر الذهاب إلى الأعلى" not in plan.document.plain_text
        await pilot.press("j", "j", "j")
        await pilot.press("R")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        await pilot.press(*"الموانئ")
        await pilot.press("enter")
        await settle(pilot)
        ports = reader.article
        assert ports is not None and ports.id != plan.id
        assert "المحادثات بين الطرفين ستستأنف" in ports.document.plain_text
        assert "Stored" in app.screen.query_one(StatusLine).message
        await pilot.press("H")
        await pilot.pause()
        assert reader.article is not None and reader.article.id == plan.id
        assert reader.scroll_offset.y == 3  # where it was left
        await pilot.press("L")
        await pilot.pause()
        assert reader.article is not None and reader.article.id == ports.id
        await pilot.press("H")
        await open_titled(pilot, "ارتفاع أسعار النفط")  # a new visit drops the forward entry
        await pilot.press("L")
        await pilot.pause()
        assert reader.article is not None and reader.article.title.startswith("ارتفاع")
        await pilot.press("H")
        await pilot.pause()
        assert reader.article is not None and reader.article.id == plan.id
    # Offline afterwards: the linked article was stored.
    assert site.store.article_by_url(site.store.article(ports.id).url) == ports.id  # type: ignore[union-attr]


async def test_same_story_from_another_feed(site: Context) -> None:
    app = make_app(site)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_titled(pilot, "المنفي يستقبل")
        await pilot.press("R")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        labels = [c.label.plain for c in picker.choices]
        assert "Same story elsewhere" in labels and "See also" in labels
        await pilot.press(*"وكالة")  # filter by the source's name
        await pilot.press("enter")
        await pilot.pause()
        article = app.screen.query_one(ReaderPane).article
        assert article is not None and article.title.startswith("المجلس الرئاسي يستقبل")


async def test_follow_link_by_number(site: Context) -> None:
    app = make_app(site)
    async with app.run_test(size=(120, 40)) as pilot:
        reader = app.screen.query_one(ReaderPane)
        await open_titled(pilot, "الموانئ في خطة")
        await settle(pilot)
        article = reader.article
        assert article is not None
        assert [link.url for link in article.document.links] == [
            site_url(app, PORTS),
            "https://example.org/r.pdf",
        ]
        rows = reader.plain_rows()
        assert any("[1]" in row for row in rows) and any("[2]" in row for row in rows)
        # Link text carries its target, which terminals that know OSC 8 make clickable.
        linked = {
            segment.style.link
            for y in range(reader.scrollable_content_region.height)
            for segment in reader.render_line(y)
            if segment.style is not None and segment.style.link
        }
        assert linked == {site_url(app, PORTS), "https://example.org/r.pdf"}
        await pilot.press("f", "3", "enter")
        await pilot.pause()
        assert "There is no link 3" in app.screen.query_one(StatusLine).message
        await pilot.press("f", "1", "enter")
        await settle(pilot)
        assert reader.article is not None and reader.article.url.endswith(PORTS)
        assert "المحادثات بين الطرفين" in reader.article.document.plain_text


async def test_search_makes_a_section(site: Context) -> None:
    app = make_app(site)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"اسعار النفط", "enter")
        await pilot.pause()
        articles = app.screen.query_one(ArticleList)
        assert articles.section == SEARCH_PREFIX + "اسعار النفط"
        assert articles.count == 1
        assert articles.item(0).title.startswith("ارتفاع أسعار النفط")  # type: ignore[union-attr]
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one(ReaderPane).article is not None


async def test_section_picker_filters_by_spelling_variants(site: Context) -> None:
    app = make_app(site)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("s", *"اقتصاد", "enter")
        await pilot.pause()
        articles = app.screen.query_one(ArticleList)
        assert articles.section == section_key("الاقتصاد")
        assert articles.count == 1


async def test_bookmark_fetches_the_whole_article(site: Context) -> None:
    app = make_app(site)
    async with app.run_test(size=(120, 40)) as pilot:
        articles = app.screen.query_one(ArticleList)
        await pilot.pause()
        select_titled(articles, "الحكومة تعلن")
        await pilot.press("b")
        await settle(pilot)
        item = articles.current
        assert item is not None and item.bookmarked
        stored = site.store.article(item.id)
        assert stored is not None and stored.has_full_text and stored.bookmarked
        assert "Bookmarks" in [s.name for s in site.store.sections() if s.total]


async def test_bookmark_offline_is_completed_by_the_next_fetch(
    site: Context, feed_server: FeedServer
) -> None:
    page = feed_server.routes.pop(PLAN)  # the site is down
    app = make_app(site)
    async with app.run_test(size=(120, 40)) as pilot:
        articles = app.screen.query_one(ArticleList)
        await pilot.pause()
        select_titled(articles, "الحكومة تعلن")
        await pilot.press("b")
        await settle(pilot)
        message = app.screen.query_one(StatusLine).message
        assert "Bookmarked as it is" in message and "next fetch" in message
        article_id = articles.current.id  # type: ignore[union-attr]
    stored = site.store.article(article_id)
    assert stored is not None and stored.bookmarked and not stored.has_full_text
    feed_server.routes[PLAN] = page  # back online
    assert await asyncio.to_thread(cli, ["fetch", "--quiet"]) == 0
    stored = site.store.article(article_id)
    assert stored is not None and stored.has_full_text


async def test_keys_can_be_rebound_in_the_config(site: Context) -> None:
    config = site.paths.config_file
    config.write_text(
        config.read_text(encoding="utf-8") + '\n[keys]\nbookmark = "B"\n', encoding="utf-8"
    )
    context = Context()
    app = make_app(context)
    async with app.run_test(size=(120, 40)) as pilot:
        articles = app.screen.query_one(ArticleList)
        await pilot.pause()
        await pilot.press("b")
        await pilot.pause()
        assert not articles.current.bookmarked  # type: ignore[union-attr]
        await pilot.press("B")
        await settle(pilot)
        assert articles.current.bookmarked  # type: ignore[union-attr]
    context.close()


async def test_a_cron_fetch_shows_up_without_a_restart(
    feed_server: FeedServer, tnews_home: Path
) -> None:
    write_config([(feed_server.serve_fixture("arabic_rss2.xml"), "")])
    context = Context()
    app = make_app(context)
    async with app.run_test(size=(120, 40)) as pilot:
        articles = app.screen.query_one(ArticleList)
        await pilot.pause()
        assert articles.count == 2  # the guide
        env = {**os.environ, "TNEWS_HOME": str(tnews_home)}
        done = subprocess.run(
            [sys.executable, "-m", "tnews", "fetch", "--quiet"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        for _ in range(100):
            await pilot.pause(0.1)
            if articles.count == 5:
                break
        assert articles.count == 5
    context.close()


async def test_over_ssh_o_copies_the_link_instead(
    site: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.1 50000 10.0.0.2 22")
    app = make_app(site)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_titled(pilot, "المجلس الرئاسي")
        article = app.screen.query_one(ReaderPane).article
        assert article is not None
        await pilot.press("o")
        await pilot.pause()
        assert app.clipboard == article.url
        assert "copied" in app.screen.query_one(StatusLine).message
        await pilot.press("escape", "j", "y")
        await pilot.pause()
        current = app.screen.query_one(ArticleList).current
        assert current is not None and app.clipboard == current.url != article.url
