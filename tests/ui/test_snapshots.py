"""Snapshots of the main screen at fixed sizes, with fixed data and a fixed clock."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest
from textual.pilot import Pilot

from tests.ui.conftest import make_app, select_titled, settle
from tnews.cli.context import Context
from tnews.ui.widgets.article_list import ArticleList

SnapCompare = Callable[..., bool]


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A snapshot holds times as drawn in one zone: draw them in UTC, whatever the machine's."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


async def _open_council(pilot: Pilot[None]) -> None:
    await pilot.pause()
    select_titled(pilot.app.screen.query_one(ArticleList), "المجلس")
    await pilot.press("enter")
    await settle(pilot)


def test_main_screen_80x24(filled_ctx: Context, snap_compare: SnapCompare) -> None:
    assert snap_compare(make_app(filled_ctx), terminal_size=(80, 24))


def test_main_screen_120x40_reading_arabic(filled_ctx: Context, snap_compare: SnapCompare) -> None:
    assert snap_compare(make_app(filled_ctx), terminal_size=(120, 40), run_before=_open_council)
