"""One line at the bottom for what is going on: refresh progress, errors, hints."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tnews.text.clean import clean_line


class StatusLine(Static):
    """Shows a message as plain text; never parses markup."""

    def say(self, message: str, *, error: bool = False) -> None:
        """Replace the message."""
        self.update(Text(clean_line(message), style="bold red" if error else ""))
        self.set_class(error, "-error")

    @property
    def message(self) -> str:
        """The message shown."""
        return str(self.render())
