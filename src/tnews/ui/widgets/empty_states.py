"""What an empty list says: what the section is and the key that helps."""

from __future__ import annotations

from rich.cells import cell_len

from tnews.layout import LayoutOptions, layout_text
from tnews.store.models import BOOKMARKS, SEARCH_PREFIX, UNREAD
from tnews.ui.strings import tr


def empty_state(section: str, *, fresh: bool, stored: int) -> tuple[str, str]:
    """The sentence and the hint for an empty section. fresh: no feed is added yet;
    stored: how many articles the store shows in all."""
    say = tr()
    if section.startswith(SEARCH_PREFIX):
        query = section[len(SEARCH_PREFIX) :]
        return say("empty.search", query=query), say("empty.search_hint")
    if section == BOOKMARKS:
        return say("empty.bookmarks"), say("empty.bookmarks_hint")
    if fresh:
        return say("empty.fresh"), say("empty.fresh_hint")
    if section == UNREAD and stored:
        return say("empty.unread"), say("empty.unread_hint")
    return say("empty.section"), say("empty.section_hint")


def welcome(fresh: bool) -> str:
    """What the reading pane says while no article is open."""
    say = tr()
    if fresh:
        return f"{say('empty.fresh')}\n{say('empty.fresh_hint')}\n\n{say('empty.reader')}"
    return say("empty.reader")


def message_lines(paragraphs: list[str], width: int, options: LayoutOptions) -> list[str]:
    """Paragraphs laid out through the engine in the interface's direction, a blank line
    before each; right-to-left lines end at the right edge."""
    lines: list[str] = []
    room = max(10, width - 2)
    for paragraph in paragraphs:
        lines.append("")
        for row in layout_text(paragraph, room, tr().direction, options):
            pad = room - cell_len(row.text) if row.rtl else 0
            lines.append(" " + " " * pad + row.text)
    return lines
