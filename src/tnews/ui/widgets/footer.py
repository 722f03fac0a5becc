"""The key footer, with quitting and help first so a narrow terminal never cuts them off."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer

FIRST_ACTIONS = ("quit", "toggle_help")


class KeysFooter(Footer):
    """Footer keys in Textual's order, except that Quit and Help lead."""

    def compose(self) -> ComposeResult:
        """The footer's keys, reordered."""
        keys = list(super().compose())

        def rank(widget: object) -> int:
            action = getattr(widget, "action", "")
            return FIRST_ACTIONS.index(action) if action in FIRST_ACTIONS else len(FIRST_ACTIONS)

        yield from sorted(keys, key=rank)
