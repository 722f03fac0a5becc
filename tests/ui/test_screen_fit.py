"""The reader's screens fit the room they have: the reading pane's width, the pickers' keys
and inputs, the footer and the narrow section list (checked through Textual's own harness;
tests/terminal/test_screens.py checks the same on a real terminal)."""

from __future__ import annotations

import re

from rich.cells import cell_len
from textual.widgets import Input, OptionList

from tests.ui.conftest import make_app, select_titled, settle
from tnews.article_view import field_rows
from tnews.cli.context import Context
from tnews.layout import LayoutOptions, layout_field
from tnews.ui.screens.picker import PickerScreen
from tnews.ui.screens.prompt import PromptScreen
from tnews.ui.widgets.article_list import ArticleList
from tnews.ui.widgets.reader import ReaderPane
from tnews.ui.widgets.sections import SectionList

COUNCIL = "المجلس الرئاسي يستقبل"
BASE_LETTER = re.compile("[\u0621-\u064a]")
SHAPED = re.compile("[\ufe70-\ufefc]")  # Arabic in presentation forms: laid-out rows


async def test_the_pane_lays_out_for_the_width_it_shows(filled_ctx: Context) -> None:
    app = make_app(filled_ctx)
    async with app.run_test(size=(120, 14)) as pilot:
        select_titled(app.screen.query_one(ArticleList), COUNCIL)
        await pilot.press("enter")
        await settle(pilot)
        reader = app.screen.query_one(ReaderPane)
        region = reader.scrollable_content_region
        assert reader.virtual_size.height > region.height  # long enough for a scrollbar
        widest = max(cell_len(row) for row in reader.plain_rows())
        # Nothing under the scrollbar: rows are no wider than what the pane shows.
        assert widest == region.width - 1
        await pilot.press("escape", "j", "enter", "H")
        await settle(pilot)
        assert max(cell_len(row) for row in reader.plain_rows()) <= region.width - 1


async def test_a_wide_pane_keeps_a_measure_and_the_right_edge(filled_ctx: Context) -> None:
    app = make_app(filled_ctx)
    async with app.run_test(size=(220, 30)) as pilot:
        select_titled(app.screen.query_one(ArticleList), COUNCIL)
        await pilot.press("enter")
        await settle(pilot)
        reader = app.screen.query_one(ReaderPane)
        assert reader.shown_width > 150
        assert max(cell_len(row) for row in reader.plain_rows()) == 100
        drawn = [reader.render_line(y).text for y in range(reader.scrollable_content_region.height)]
        rtl = [line for line in drawn if SHAPED.search(line)]
        # Right-to-left rows end at the pane's right edge, not at the measure.
        assert rtl and all(cell_len(line.rstrip()) == reader.shown_width for line in rtl)


async def test_j_and_k_move_in_a_picker_until_something_is_typed(filled_ctx: Context) -> None:
    app = make_app(filled_ctx)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("s")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        listing = picker.query_one(OptionList)
        await pilot.press("j", "j", "k")
        await settle(pilot)
        assert picker.query_one(Input).value == ""
        assert listing.highlighted == 1
        await pilot.press("B", "o", "o", "k")
        await settle(pilot)
        assert picker.query_one(Input).value == "Book"
        assert listing.option_count == 1


async def test_typed_arabic_shows_shaped_on_the_input_row(filled_ctx: Context) -> None:
    app = make_app(filled_ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash")
        await settle(pilot)
        assert isinstance(app.screen, PromptScreen)
        field = app.screen.query_one(Input)
        assert field.size.height == 1  # the one row there is is the text row
        await pilot.press(*"ليبيا")
        await settle(pilot)
        shown = field.render_line(0).text
        assert layout_field("ليبيا", 20).text in shown
        assert BASE_LETTER.search(shown) is None


async def test_quit_and_help_lead_the_footer_and_narrow_sections_fill_it(
    filled_ctx: Context,
) -> None:
    app = make_app(filled_ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        keys = [getattr(w, "action", "") for w in app.screen.query("FooterKey")]
        assert keys[:2] == ["quit", "toggle_help"]
        await pilot.press("tab", "tab")
        await settle(pilot)
        assert app.screen.query_one(SectionList).size.width == 80


def test_a_line_of_fields_keeps_their_order() -> None:
    fields = ["tnews guide · دليل", "2026-11-29 12:00", "دليل, Guide"]
    options = LayoutOptions()
    (ltr,) = field_rows(fields, 80, options, rtl=False)
    shown = [layout_field(f, 80, options).text for f in fields]
    assert ltr.text == " · ".join(shown)
    (rtl,) = field_rows(fields, 80, options, rtl=True)
    assert rtl.text.strip() == " · ".join(reversed(shown)) and cell_len(rtl.text) == 80
    # A field that does not fit starts a row of its own, whole.
    narrow = field_rows(fields, 20, options, rtl=False)
    assert [row.text for row in narrow] == shown


async def test_the_cursor_sits_on_its_letter_in_typed_arabic(filled_ctx: Context) -> None:
    app = make_app(filled_ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *"ليبيا", "left", "left")
        await settle(pilot)
        field = app.screen.query_one(Input)
        field.cursor_blink = False  # the cursor drawn, not blinking
        assert field.cursor_position == 3
        cursor = field.rich_style + field.get_component_rich_style("input--cursor")
        marked = [seg.text for seg in field.render_line(0) if seg.style == cursor]
        # «ليبيا» drawn right to left: the letter after the cursor (the second ي) is the
        # second cell from the left.
        assert marked == [layout_field("ليبيا", 20).text[1]]
