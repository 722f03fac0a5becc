"""Laid-out rows to rich text: one mapping from layout roles to looks, for the CLI and the UI."""

from __future__ import annotations

from datetime import datetime

from rich.style import Style as RichStyle
from rich.text import Text

from tnews import clock
from tnews.content.document import Style
from tnews.layout import Role, Row, Run

_ROLE_STYLES: dict[Role, RichStyle] = {
    Role.HEADING: RichStyle(bold=True),
    Role.QUOTE: RichStyle(italic=True),
    Role.MARKER: RichStyle(dim=True),
    Role.CAPTION: RichStyle(dim=True, italic=True),
    Role.PRE: RichStyle(),
    Role.RULE: RichStyle(dim=True),
    Role.DECOR: RichStyle(dim=True),
    Role.LIST_MARKER: RichStyle(bold=True),
}


def run_style(run: Run, *, colour: bool = True, code: RichStyle | None = None) -> RichStyle:
    """The look of one run of cells; code takes `code`'s look where given (the reader's
    theme), else the terminal's cyan."""
    style = _ROLE_STYLES.get(run.role, RichStyle())
    if run.style & Style.BOLD:
        style += RichStyle(bold=True)
    if run.style & Style.ITALIC:
        style += RichStyle(italic=True)
    if run.style & Style.CODE:
        if not colour:
            style += RichStyle(reverse=True)
        else:
            style += code if code is not None else RichStyle(color="cyan")
    if run.link is not None and run.role != Role.MARKER:
        style += RichStyle(underline=True)
    return style


def row_text(row: Row, *, colour: bool = True) -> Text:
    """One row as rich Text; never parsed as markup."""
    text = Text(no_wrap=True, overflow="crop", end="")
    for run in row.runs:
        text.append(run.text, run_style(run, colour=colour))
    return text


# Month names are ours, not the locale's: a list row must not change with LC_TIME.
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# The cells a list row's date needs: every kind of date fits whole in the wide column; below
# it, dates of other years shorten to day.month.year in two digits each.
DATE_CELLS = 10
NARROW_DATE_CELLS = 8


def format_time(epoch: float | None) -> str:
    """A stored time as local 'YYYY-MM-DD HH:MM'."""
    if not epoch:
        return ""
    return datetime.fromtimestamp(epoch).strftime("%Y-%m-%d %H:%M")


def listed_time(
    epoch: float | None, first_seen: bool, now: float | None = None, cells: int = DATE_CELLS
) -> str:
    """A list row's date; "~" before it when it is only when the article was first seen."""
    if not first_seen:
        return short_time(epoch, now, cells)
    return ("~" + short_time(epoch, now, cells - 1))[:cells]


def header_time(epoch: float | None, first_seen: bool) -> str:
    """An article's date for its header, saying so when it is only when it was first seen."""
    when = format_time(epoch)
    return f"first seen {when}" if when and first_seen else when


def short_time(epoch: float | None, now: float | None = None, cells: int = DATE_CELLS) -> str:
    """A list row's date in at most `cells` cells: the time today, day and month this year,
    the whole date otherwise (future dates included)."""
    if not epoch:
        return ""
    moment = datetime.fromtimestamp(epoch)
    today = datetime.fromtimestamp(clock.now() if now is None else now)
    if moment.date() == today.date():
        return f"{moment.hour:02d}:{moment.minute:02d}"
    if moment.year == today.year:
        return f"{moment.day:02d} {_MONTHS[moment.month - 1]}"
    if cells >= DATE_CELLS:
        return f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}"
    return f"{moment.day:02d}.{moment.month:02d}.{moment.year % 100:02d}"
