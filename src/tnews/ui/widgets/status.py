"""One line at the bottom for what is going on: refresh progress, errors, hints."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import Static

from tnews.layout import LayoutOptions, layout_field
from tnews.text.clean import clean_line
from tnews.ui.strings import tr

SEPARATOR = " · "


class StatusLine(Static):
    """Shows a message as plain text (never markup), laid out like any field so that
    Arabic names in it read right."""

    def __init__(self, options: LayoutOptions | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.options = options or LayoutOptions()
        self.message = ""
        self.next_refresh = ""  # when the refresh timer runs next, kept after each message
        self.place = ""  # the section being read and its counts, kept before each message
        self._error = False
        self._lasting = False

    def say(self, message: str, *, error: bool = False, lasting: bool = False) -> None:
        """Replace the message; a lasting one (a refresh's) stays when an article is opened."""
        self.message = clean_line(message)
        self._error = error
        self._lasting = lasting
        width = max(10, self.size.width - 2) if self.size.width else 200
        parts = [part for part in (self.place, self.message) if part]
        if self.next_refresh:
            parts.append(self.next_refresh if parts else self.next_refresh.capitalize())
        shown = self._fields(parts, width)
        # The colour is the theme's ($error, in the style sheet's #status.-error).
        self.update(Text(shown, style="bold" if error else ""))
        self.set_class(error, "-error")

    def show_place(self, place: str, *, moved: bool = False) -> None:
        """Name where the reader is (and its counts); a move drops an earlier action's message."""
        place = clean_line(place)
        if place != self.place or moved:
            self.place = place
            if moved:
                self.say("")
            else:
                self.say(self.message, error=self._error, lasting=self._lasting)

    def clear(self) -> None:
        """Drop the message of an earlier action, keeping the place."""
        if (self.message or self._error) and not self._lasting:
            self.say("")

    def set_next(self, text: str) -> None:
        """Say when the next timed refresh is due, after whatever message is showing."""
        if text != self.next_refresh:
            self.next_refresh = text
            self.say(self.message, error=self._error, lasting=self._lasting)

    def _fields(self, parts: list[str], width: int) -> str:
        """The line's parts each laid out on its own, in the order they were given, so that an
        Arabic name at the end of one cannot pull the next one's digits into its run. Each
        runs the way the interface's language does, even when it begins with a name written
        the other way."""
        direction = tr().direction
        shown: list[str] = []
        room = width
        for part in parts:
            if room < 4:
                break
            text = layout_field(part, room, self.options, direction=direction).text
            shown.append(text)
            room -= cell_len(text) + len(SEPARATOR)
        if direction == "rtl" and self.options.bidi == "app":
            shown.reverse()
        return SEPARATOR.join(shown)
