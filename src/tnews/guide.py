"""The built-in guide feed: something to read on the very first start, with no network."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tnews.paths import data_file
from tnews.ui.strings import load

if TYPE_CHECKING:
    from tnews.store.store import Store

GUIDE_URL = "tnews:guide"
# What guide.xml names its section: the interface language's name takes its place.
SECTION_PLACEHOLDER = b"tnews:guide-section"


def guide_title(language: str) -> str:
    """The guide feed's name in the interface language."""
    return load(language)("guide.feed")


def install_guide(store: Store, language: str = "en") -> None:
    """Put the guide's articles in the store once, named in the interface language; later
    starts leave them (and their state)."""
    feed_id = store.ensure_builtin_feed(GUIDE_URL, guide_title(language))
    if store.list_articles(feed_id=feed_id, limit=1):
        return
    # Parsing is needed once per store, not on the start of every command.
    from tnews.prepare import prepare_feed

    section = load(language)("guide.section").encode()
    data = data_file("guide.xml").read_bytes().replace(SECTION_PLACEHOLDER, section)
    prepared = prepare_feed(data, "https://tnews.invalid/guide", "application/rss+xml", "utf-8")
    store.apply_feed(feed_id, prepared, status=None)
