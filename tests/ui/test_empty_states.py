"""An empty list says what it is and the key that helps, where the articles would be."""

from __future__ import annotations

from tests.ui.conftest import make_app, settle
from tnews.cli.context import Context
from tnews.layout import LayoutOptions, layout_field
from tnews.ui.widgets.article_list import ArticleList
from tnews.ui.widgets.reader import ReaderPane
from tnews.ui.widgets.sections import SectionList


def list_text(articles: ArticleList) -> str:
    """The list's visible rows as one text."""
    height = articles.scrollable_content_region.height
    return "\n".join(articles.render_line(y).text for y in range(height))


async def test_a_search_with_no_hits_says_so_and_how_to_search_again(
    filled_ctx: Context,
) -> None:
    app = make_app(filled_ctx)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"zzqx", "enter")
        await settle(pilot)
        articles = app.screen.query_one(ArticleList)
        assert articles.count == 0
        shown = list_text(articles)
        assert "No article matches «zzqx»." in shown
        assert "/ searches again" in shown
        assert app.main.status.message == "No article found for «zzqx»."


async def test_empty_bookmarks_name_the_key_that_bookmarks(filled_ctx: Context) -> None:
    app = make_app(filled_ctx)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        articles = app.screen.query_one(ArticleList)
        assert articles.section == "@bookmarks" and articles.count == 0
        shown = list_text(articles)
        assert "No bookmarks yet." in shown
        assert "b on an article bookmarks it" in shown
        # Wide, the reading pane says it too, while no article is open.
        reader = app.screen.query_one(ReaderPane)
        assert "No bookmarks yet." in "\n".join(reader.plain_rows())


async def test_unread_emptied_by_reading_says_everything_is_read(filled_ctx: Context) -> None:
    app = make_app(filled_ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("M")
        await settle(pilot)
        articles = app.screen.query_one(ArticleList)
        assert articles.section == "@unread" and articles.count == 0
        shown = list_text(articles)
        assert "Everything here is read." in shown
        assert "r fetches what is new" in shown


async def test_a_fresh_home_says_only_the_guide_is_here_and_how_to_add_feeds(
    ctx: Context,
) -> None:
    app = make_app(ctx)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        reader = app.screen.query_one(ReaderPane)
        assert reader.article is None
        shown = "\n".join(reader.plain_rows())
        assert "Only the guide is here: no feed is added yet." in shown
        assert "tnews add URL" in shown and "then r refreshes" in shown
        # Once the guide is read, Unread says the same rather than that all is read.
        await pilot.press("2", "M")
        await settle(pilot)
        articles = app.screen.query_one(ArticleList)
        assert articles.count == 0
        assert "Only the guide is here" in list_text(articles)


async def test_an_arabic_empty_state_is_laid_out_right_to_left(filled_ctx: Context) -> None:
    from dataclasses import replace

    settings = replace(filled_ctx.config.settings, language="ar")
    filled_ctx._config = replace(filled_ctx.config, settings=settings)
    app = make_app(filled_ctx)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        articles = app.screen.query_one(ArticleList)
        rows = [r for r in list_text(articles).split("\n") if r.strip()]
        # Shaped and in visual order by the engine, ending at the right edge of the list.
        expected = layout_field("لا محفوظات بعد.", 200, LayoutOptions(), "rtl").text
        assert rows[0].strip() == expected.strip()
        width = articles.scrollable_content_region.width
        assert len(rows[0].rstrip()) >= width - 2 > len(expected) + 10
        assert app.screen.query_one(SectionList).sections[2].name == "المحفوظات"


async def test_a_fresh_home_at_80x24_says_how_to_add_feeds_in_the_status_line(
    ctx: Context,
) -> None:
    app = make_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        status = app.main.status
        assert "tnews add URL" in status.message and "then r" in status.message
        assert "tnews add URL" in str(status.render())
