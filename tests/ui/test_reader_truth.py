"""The reader tells the truth about where you are and what just happened (issue 18, 1-5)."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

from textual.command import CommandList

from tests.support.feedserver import FeedServer
from tests.ui.conftest import make_app, select_titled, settle, write_config
from tnews.cli.context import Context
from tnews.store.models import ALL, FEED_PREFIX, SEARCH_PREFIX, UNREAD
from tnews.ui.screens.feeds import feed_names
from tnews.ui.screens.picker import PickerScreen
from tnews.ui.widgets.article_list import ArticleList
from tnews.ui.widgets.sections import SectionList
from tnews.ui.widgets.status import StatusLine


def shown_status(status: StatusLine) -> str:
    """The status line as drawn."""
    return str(status.render())


def row_text(articles: ArticleList) -> str:
    """The cursor's row as drawn."""
    return articles.render_line(articles.cursor - articles.scroll_offset.y).text


async def test_status_names_the_section_chosen_at_80x24(filled_ctx: Context) -> None:
    app = make_app(filled_ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        status = app.screen.query_one(StatusLine)
        sections = app.screen.query_one(SectionList)
        articles = app.screen.query_one(ArticleList)
        names = [s.name for s in sections.sections]
        assert shown_status(status).startswith(f"{articles.count} articles in All")
        # A message about an action ...
        await pilot.press("u")
        await pilot.pause()
        assert "Nothing to undo" in shown_status(status)
        # ... goes with the next move, which the line names with its counts.
        await pilot.press(str(names.index("World") + 1))
        await pilot.pause()
        world = sections.current
        assert world is not None and world.name == "World" and articles.section == world.key
        line = shown_status(status)
        assert "Nothing to undo" not in line
        assert line.startswith(f"{articles.count} articles in World, {world.unread} unread")
        # The picker (s) and the brackets name the section too.
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        await pilot.press(*"Bookmarks", "enter")
        await pilot.pause()
        assert shown_status(status).startswith("0 articles in Bookmarks")
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert articles.section == UNREAD
        assert shown_status(status).startswith(f"{articles.count} articles in Unread")


async def test_counts_in_the_status_follow_an_article_read(filled_ctx: Context) -> None:
    app = make_app(filled_ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        status = app.screen.query_one(StatusLine)
        unread = filled_ctx.store.count_articles(ALL, unread_only=True)
        assert f"{unread} unread" in shown_status(status)
        await pilot.press("enter")
        await settle(pilot)
        assert f"{unread - 1} unread" in shown_status(status)


async def test_opening_from_unread_drops_its_mark_at_once(filled_ctx: Context) -> None:
    app = make_app(filled_ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        articles = app.screen.query_one(ArticleList)
        await pilot.press("2")
        await pilot.pause()
        assert articles.section == UNREAD
        chosen = articles.current
        assert chosen is not None and "●" in row_text(articles)
        await pilot.press("enter")
        # Shown read before the write lands ...
        assert articles.current is not None and articles.current.read
        assert "●" not in row_text(articles)
        await settle(pilot)
        # ... and still once it has: the row stays, read, until Unread is listed again.
        assert filled_ctx.store.article(chosen.id).read  # type: ignore[union-attr]
        assert articles.current.id == chosen.id
        assert "●" not in row_text(articles)


async def test_read_and_bookmark_marks_change_at_once(filled_ctx: Context) -> None:
    # Another writer (a refresh, a cron fetch) holds the store: the rows must not wait for it.
    holder = sqlite3.connect(filled_ctx.store.path, isolation_level=None, check_same_thread=False)
    app = make_app(filled_ctx)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            articles = app.screen.query_one(ArticleList)
            chosen = articles.current
            assert chosen is not None and not chosen.read and not chosen.bookmarked
            holder.execute("BEGIN IMMEDIATE")
            await pilot.press("m")
            await pilot.pause()
            assert "●" not in row_text(articles)
            await pilot.press("b")
            await pilot.pause()
            assert "★" in row_text(articles)
            stored = filled_ctx.store.article(chosen.id)
            assert stored is not None and not stored.read and not stored.bookmarked
            holder.execute("COMMIT")
            await settle(pilot)
            stored = filled_ctx.store.article(chosen.id)
            assert stored is not None and stored.read and stored.bookmarked
            assert "★" in row_text(articles)
            holder.execute("BEGIN IMMEDIATE")
            await pilot.press("b", "m")
            await pilot.pause()
            assert "★" not in row_text(articles) and "●" in row_text(articles)
            holder.execute("COMMIT")
            await settle(pilot)
            stored = filled_ctx.store.article(chosen.id)
            assert stored is not None and not stored.read and not stored.bookmarked
            assert "★" not in row_text(articles) and "●" in row_text(articles)
    finally:
        holder.close()


async def test_palette_lists_each_command_once(filled_ctx: Context) -> None:
    app = make_app(filled_ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        commands = app.screen.query_one(CommandList)
        for _ in range(50):
            await pilot.pause(0.05)
            if commands.option_count > 20:
                break
        entries = [
            str(commands.get_option_at_index(i).prompt).split("\n")
            for i in range(commands.option_count)
        ]
        titles = [entry[0] for entry in entries]
        assert "Back" in titles and "Quit" in titles
        assert len(titles) == len(set(titles)), sorted(titles)
        # An entry's second line does not repeat its name: it says its key.
        for title, *rest in entries:
            assert not any(line.startswith(title + " (") for line in rest), (title, rest)
        back = next(entry for entry in entries if entry[0] == "Back")
        assert back[1:] == ["Key: H"]


async def test_search_goes_after_the_numbered_sections(filled_ctx: Context) -> None:
    app = make_app(filled_ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        sections = app.screen.query_one(SectionList)
        articles = app.screen.query_one(ArticleList)
        before = [s.key for s in sections.sections]
        await pilot.press("slash", *"Libya", "enter")
        await pilot.pause()
        keys = [s.key for s in sections.sections]
        at = min(9, len(before))
        assert keys[:at] == before[:at]
        assert keys[at] == SEARCH_PREFIX + "Libya"
        assert sections.current is not None and sections.current.key == keys[at]
        assert articles.section == keys[at]
        # Side by side, the line under the list names what it lists.
        subtitle = str(articles.border_subtitle)
        assert subtitle.startswith(f"{articles.count} article") and "in Search: Libya" in subtitle
        for number in range(1, at + 1):
            await pilot.press(str(number))
            await pilot.pause()
            assert articles.section == before[number - 1]


def test_repeated_feed_names_are_told_apart_by_host_or_path(filled_ctx: Context) -> None:
    feeds = filled_ctx.store.feeds()
    world = next(f for f in feeds if f.url == "https://world.example.org/rss")
    twin_path = replace(world, id=900, url=world.url + "/en")
    twin_host = replace(world, id=901, url="https://w.example.com/")
    names = feed_names([world, twin_path])
    assert names == ["World Example (/rss)", "World Example (/rss/en)"]
    assert feed_names([world, twin_host]) == [
        "World Example (world.example.org)",
        "World Example (w.example.com)",
    ]
    assert feed_names([world]) == ["World Example"]


async def test_a_feed_chosen_with_f_is_the_listed_section_and_stays_on_r(
    feed_server: FeedServer,
) -> None:
    first = feed_server.serve_fixture("english_rss1.rdf", "/news/world.rdf")
    second = feed_server.serve_fixture("english_rss1.rdf", "/news/europe.rdf")
    write_config([(first, ""), (second, "")], "full_text = false")
    context = Context()
    app = make_app(context)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("r")
            await settle(pilot)
            await pilot.press("F")
            await pilot.pause()
            picker = app.screen
            assert isinstance(picker, PickerScreen)
            labels = [c.label.plain for c in picker.choices]
            assert any("World Example (/news/world.rdf)" in label for label in labels)
            assert any("World Example (/news/europe.rdf)" in label for label in labels)
            await pilot.press(*"europe", "enter")
            await pilot.pause()
            europe = next(f for f in context.store.feeds() if f.url == second)
            key = f"{FEED_PREFIX}{europe.id}"
            sections = app.screen.query_one(SectionList)
            articles = app.screen.query_one(ArticleList)
            assert articles.section == key
            assert sections.current is not None and sections.current.key == key
            assert sections.current.name == "Feed: World Example (/news/europe.rdf)"
            status = str(app.screen.query_one(StatusLine).render())
            assert status.startswith(
                f"{articles.count} articles in Feed: World Example (/news/europe.rdf)"
            )
            await pilot.press("r")
            await settle(pilot)
            assert articles.section == key
            assert sections.current is not None and sections.current.key == key
    finally:
        context.close()


async def test_opening_an_article_drops_an_earlier_actions_message(
    filled_ctx: Context,
) -> None:
    app = make_app(filled_ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        status = app.screen.query_one(StatusLine)
        articles = app.screen.query_one(ArticleList)
        await pilot.press("H")
        await pilot.pause()
        assert "Nothing to go back to" in status.message
        select_titled(articles, "المجلس")
        await pilot.press("enter")
        await settle(pilot)
        assert status.message == ""
