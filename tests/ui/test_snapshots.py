"""Snapshots of the main screen at fixed sizes, with fixed data and a fixed clock."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot

from tests.ui.conftest import make_app, select_titled, settle
from tnews.cli.context import Context
from tnews.ui.widgets.article_list import ArticleList

SnapCompare = Callable[..., bool]


async def _open_council(pilot: Pilot[None]) -> None:
    await pilot.pause()
    select_titled(pilot.app.screen.query_one(ArticleList), "المجلس")
    await pilot.press("enter")
    await settle(pilot)


def test_main_screen_80x24(filled_ctx: Context, snap_compare: SnapCompare) -> None:
    assert snap_compare(make_app(filled_ctx), terminal_size=(80, 24))


def test_main_screen_120x40_reading_arabic(filled_ctx: Context, snap_compare: SnapCompare) -> None:
    assert snap_compare(make_app(filled_ctx), terminal_size=(120, 40), run_before=_open_council)
