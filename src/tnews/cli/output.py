"""Printing for scripts and people: plain text off a terminal or with NO_COLOR, JSON on request."""

from __future__ import annotations

import json
import os
import shutil
import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

# rich and the layout engine are imported where colour is drawn: plain output, and every
# command run from cron or a pipe, never needs them.
if TYPE_CHECKING:
    from rich.console import Console

    from tnews.layout import Row
    from tnews.store.models import ArticleSummary


def use_colour() -> bool:
    """Colour only for a terminal, and never when NO_COLOR is set (to anything)."""
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def terminal_width(default: int = 80) -> int:
    """The terminal's width, or the default when stdout is not a terminal."""
    if not sys.stdout.isatty():
        return default
    return shutil.get_terminal_size((default, 24)).columns


def console() -> Console:
    """A console that writes plain text unless colour is wanted."""
    from rich.console import Console

    colour = use_colour()
    return Console(
        highlight=False,
        markup=False,
        emoji=False,
        no_color=not colour,
        color_system="auto" if colour else None,
        force_terminal=colour,
        soft_wrap=True,
    )


def print_rows(rows: list[Row]) -> None:
    """Print laid-out rows exactly as they are, one a line."""
    colour = use_colour()
    if not colour:
        out = sys.stdout
        for row in rows:
            line = row.text
            out.write((line if row.rtl else line.rstrip()) + "\n")
        return
    from tnews.render import row_text

    con = console()
    for row in rows:
        con.print(row_text(row, colour=True), end="\n")


def shown(text: str, bidi: str, width: int = 0) -> str:
    """One field of a line for people, laid out on its own per the bidi mode (shaped and
    in visual order with "app"), whole unless a width is given. JSON never goes through here."""
    if not text:
        return ""
    from tnews.layout import LayoutOptions, layout_field

    options = LayoutOptions(bidi=bidi)  # type: ignore[arg-type]
    return layout_field(text, width or 2 * len(text) + 2, options).text


def iso(epoch: float | None) -> str | None:
    """An epoch time as ISO 8601 UTC."""
    if epoch is None:
        return None
    return datetime.fromtimestamp(epoch, UTC).isoformat().replace("+00:00", "Z")


def summary_json(a: ArticleSummary) -> dict[str, Any]:
    """An article list row as a JSON object."""
    return {
        "id": a.id,
        "title": a.title,
        "feed": a.feed_title,
        "section": a.section,
        "url": a.url,
        "published": iso(a.published),
        "first_seen": a.first_seen,  # no date given: "published" is when it was first seen
        "read": a.read,
        "bookmarked": a.bookmarked,
    }


def print_json_lines(items: list[dict[str, Any]]) -> None:
    """One JSON object a line."""
    for item in items:
        sys.stdout.write(json.dumps(item, ensure_ascii=False) + "\n")


def print_text(text: str, *, style: str = "") -> None:
    """A line of text, styled only when colour is on; never parsed as markup."""
    if use_colour() and style:
        from rich.text import Text

        console().print(Text(text, style=style))
    else:
        sys.stdout.write(text + "\n")


def error(message: str) -> None:
    """A message for stderr, prefixed with the program name."""
    sys.stderr.write(f"tnews: {message}\n")
