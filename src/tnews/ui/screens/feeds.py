"""The feeds and how each one's last fetch went: errors are shown, not hidden in a log."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from urllib.parse import urlsplit

from rich.style import Style as RichStyle
from rich.text import Text
from textual.color import Color, ColorParseError

from tnews.layout import LayoutOptions, layout_field
from tnews.render import format_time
from tnews.store.feeds import FeedRow
from tnews.store.models import FEED_PREFIX
from tnews.ui.screens.picker import Choice


def feed_state(feed: FeedRow) -> tuple[str, str]:
    """A short word for a feed's state and the theme colour it is shown in."""
    if feed.builtin:
        return "built in", "muted"
    if feed.gone:
        return "gone (410): no longer polled", "text-error"
    if feed.last_error:
        status = f"HTTP {feed.last_status}: " if feed.last_status else ""
        when = format_time(feed.last_attempt)
        return f"failed {when}: {status}{feed.last_error}", "text-error"
    if feed.last_success:
        return "ok " + format_time(feed.last_success), "text-success"
    return "not fetched yet", "muted"


def feed_names(feeds: list[FeedRow]) -> list[str]:
    """Each feed's name; where names repeat, with its host, or its path when the hosts
    are the same too, so that two feeds of one site can be told apart."""
    counts = Counter(feed.display_title for feed in feeds)
    names = []
    for feed in feeds:
        name = feed.display_title
        if counts[name] > 1:
            same = [f for f in feeds if f.display_title == name]
            hosts = {urlsplit(f.url).hostname for f in same}
            url = urlsplit(feed.url)
            if len(hosts) == len(same):
                where = url.hostname or feed.url
            else:
                where = url.path + (f"?{url.query}" if url.query else "")
            name = f"{name} ({where or feed.url})"
        names.append(name)
    return names


def feed_choices(
    feeds: list[FeedRow], options: LayoutOptions, width: int, colours: Mapping[str, str]
) -> list[Choice]:
    """One entry a feed, exactly `width` cells: name, counts, and its last fetch, in the
    theme's `colours`; picking one lists its articles. The name column takes what the names
    need, up to a third."""
    titles = feed_names(feeds)
    names = [layout_field(title, max(10, width // 3), options) for title in titles]
    name_cells = max([10, *(name.cells for name in names)])
    choices = []
    for feed, title, name in zip(feeds, titles, names, strict=True):
        state, colour = feed_state(feed)
        style = _theme_style(colours, colour)
        label = Text(no_wrap=True, overflow="crop", end="")
        label.append(name.text + " " * (name_cells - name.cells))
        counts = f" {feed.unread:>4}/{feed.articles:<5} "
        label.append(counts, style="dim")
        room = max(5, width - name_cells - len(counts))
        label.append(layout_field(state, room, options, direction="ltr").text, style)
        choices.append(Choice(label, f"{title} {feed.url}", f"{FEED_PREFIX}{feed.id}"))
    return choices


def _theme_style(colours: Mapping[str, str], name: str) -> RichStyle:
    """The theme's colour of that name, or faint text where the theme has none to give."""
    try:
        return RichStyle(color=Color.parse(colours[name]).rich_color)
    except (KeyError, ColorParseError):
        return RichStyle(dim=True)
