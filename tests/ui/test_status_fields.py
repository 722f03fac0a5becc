"""The status line's parts (where the reader is, what just happened) are laid out each on its
own: an Arabic word ending one part cannot pull the next part's number into its run."""

from __future__ import annotations

from tests.ui.conftest import make_app, settle
from tnews.cli.context import Context
from tnews.layout import LayoutOptions, layout_field
from tnews.ui.widgets.status import StatusLine

SEPARATOR = " · "


async def test_a_search_for_an_arabic_word_keeps_the_status_fields_apart(
    filled_ctx: Context,
) -> None:
    app = make_app(filled_ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"النفط", "enter")
        await settle(pilot)
        status = app.screen.query_one(StatusLine)
        # The place ends in the Arabic query; the message starts with a number.
        assert status.place.endswith("النفط") and status.message[:1].isdigit()
        width = max(10, status.size.width - 2)
        place = layout_field(status.place, width, LayoutOptions(), "ltr").text
        drawn = str(status.render())
        # The whole place first, then the message: not "Search: 1 · <query> article found".
        assert drawn.startswith(place + SEPARATOR), drawn
        assert drawn.endswith(layout_field(status.message, width, LayoutOptions(), "ltr").text)
