"""A one-line input that shows right-to-left text shaped and in visual order as it is typed."""

from __future__ import annotations

import unicodedata

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.message import Message
from textual.strip import Strip
from textual.widgets import Input

from tnews.layout import LayoutOptions, layout_field

_RIGHT_TO_LEFT = frozenset({"R", "AL"})


def needs_layout(text: str) -> bool:
    """True when the text holds a right-to-left letter (the terminal would draw it raw)."""
    return any(unicodedata.bidirectional(ch) in _RIGHT_TO_LEFT for ch in text)


class FieldInput(Input):
    """An Input without a border (its one row is the text row) whose value, when it holds
    right-to-left letters, is drawn through the layout engine like every other field."""

    class Moved(Message):
        """A moving key (j or k over a list) was pressed while nothing was typed."""

        def __init__(self, step: int) -> None:
            super().__init__()
            self.step = step

    def __init__(
        self,
        options: LayoutOptions | None = None,
        *,
        moving_keys: dict[str, int] | None = None,
        **kwargs: object,
    ) -> None:
        super().__init__(compact=True, **kwargs)  # type: ignore[arg-type]
        self.layout_options = options or LayoutOptions()
        self.moving_keys = moving_keys or {}

    def on_key(self, event: events.Key) -> None:
        """A moving key with nothing typed moves instead of typing. Decided here, in the order
        keys arrive, so a fast-typed "Bookmarks" still types its k."""
        step = self.moving_keys.get(event.key)
        if step is not None and not self.value:
            event.stop()
            # Keeps Input's own handler from typing the letter.
            event.prevent_default()
            self.post_message(self.Moved(step))

    def render_line(self, y: int) -> Strip:
        """The value as laid out text with the cursor on it; plain text as Input draws it."""
        value = self.value
        if y != 0 or self.layout_options.bidi != "app" or self.password or not needs_layout(value):
            return super().render_line(y)
        width = max(2, self.scrollable_content_region.width)
        room = width - 1
        # The end of what is typed stays in view, as in any input.
        shown = value[-room:]
        while len(shown) > 1 and cell_len(shown) > room:
            shown = shown[1:]
        row = layout_field(shown, room, self.layout_options)
        base = self.rich_style
        cursor_on = self.has_focus and self._cursor_visible
        cursor_style = self.get_component_rich_style("input--cursor") if cursor_on else base
        text = Text(row.text, style=base, no_wrap=True, end="")
        cursor = self.cursor_position - (len(value) - len(shown))
        if self.cursor_at_end or cursor < 0:
            # The logical end, where the next letter goes: on the left when typing right to left.
            text = Text(" ", style=base + cursor_style) + text if row.rtl else text
            if not row.rtl:
                text.append(" ", style=base + cursor_style)
        else:
            # On the letter after the cursor: next to the text before it, which sits on the
            # right of a right-to-left line (exact for one direction, close for mixed text).
            before = layout_field(shown[:cursor], room, self.layout_options).cells
            x = row.cells - before - 1 if row.rtl else before
            start = _index_at_cell(row.text, x)
            text.stylize(base + cursor_style, start, start + 1)
        return Strip(list(text.render(self.app.console))).crop_extend(0, width, base)


def _index_at_cell(text: str, x: int) -> int:
    """The index of the character drawn at cell x."""
    cells = 0
    for index, ch in enumerate(text):
        if cells >= x and cell_len(ch):
            return index
        cells += cell_len(ch)
    return max(0, len(text) - 1)
