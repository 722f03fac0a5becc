"""The list's date column: every kind of date shows whole, at every terminal width."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import format_datetime

import pytest

from tests.ui.conftest import write_config
from tnews.cli.context import Context
from tnews.prepare import prepare_feed
from tnews.render import DATE_CELLS, NARROW_DATE_CELLS, short_time
from tnews.ui.app import TnewsApp
from tnews.ui.widgets.article_list import ArticleList

NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)
# Title → publication time, one of each kind the column shows.
DATES = {
    "Today's story": datetime(2026, 6, 15, 9, 5, tzinfo=UTC),
    "This year's story": datetime(2026, 2, 3, 9, 0, tzinfo=UTC),
    "An old story": datetime(2020, 5, 24, 9, 0, tzinfo=UTC),
    "A story from next year": datetime(2027, 1, 2, 9, 0, tzinfo=UTC),
}
WIDE = {
    "Today's story": "09:05",
    "This year's story": "03 Feb",
    "An old story": "2020-05-24",
    "A story from next year": "2027-01-02",
}
NARROW = {**WIDE, "An old story": "24.05.20", "A story from next year": "02.01.27"}


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Rows show local time; these expectations are written for UTC, whatever the sweep's zone."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def feed_bytes() -> bytes:
    items = "".join(
        f"<item><title>{title}</title><link>https://dates.example/{n}</link>"
        f"<pubDate>{format_datetime(when, usegmt=True)}</pubDate>"
        "<description>x</description></item>"
        for n, (title, when) in enumerate(DATES.items())
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Dates</title>'
        f"<link>https://dates.example/</link>{items}</channel></rss>"
    ).encode()


@pytest.mark.parametrize(("cells", "expected"), [(DATE_CELLS, WIDE), (NARROW_DATE_CELLS, NARROW)])
def test_each_kind_of_date_fits_its_column(cells: int, expected: dict[str, str]) -> None:
    for title, when in DATES.items():
        shown = short_time(when.timestamp(), NOW.timestamp(), cells)
        assert shown == expected[title]
        assert len(shown) <= cells


@pytest.mark.parametrize(
    ("size", "expected"),
    [((80, 24), WIDE), ((120, 35), WIDE), ((200, 50), WIDE), ((56, 24), NARROW)],
)
async def test_list_rows_show_whole_dates(size: tuple[int, int], expected: dict[str, str]) -> None:
    write_config([("https://dates.example/feed", "")], "full_text = false")
    context = Context()
    try:
        feed = next(f for f in context.store.feeds() if not f.builtin)
        prepared = prepare_feed(feed_bytes(), feed.url)
        context.store.apply_feed(feed.id, prepared, now=NOW.timestamp())
        app = TnewsApp(context.paths, context.config, context.store, "app", clock=NOW.timestamp)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            articles = app.screen.query_one(ArticleList)
            rows = {}
            for y in range(articles.count):
                item = articles.item(y)
                assert item is not None
                rows[item.title] = articles.render_line(y).text
            for title, date in expected.items():
                row = rows[title]
                # The whole date, then the feed column: nothing cut at either side.
                assert f" {date} Dates" in row, (size, row)
                assert row.rstrip().endswith(title), (size, row)
    finally:
        context.close()
