"""The built-in guide feed: something to read on the very first start, with no network."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tnews.paths import data_file

if TYPE_CHECKING:
    from tnews.store.store import Store

GUIDE_URL = "tnews:guide"
GUIDE_TITLE = "tnews guide · دليل"


def install_guide(store: Store) -> None:
    """Put the guide's articles in the store once; later starts leave them (and their state)."""
    feed_id = store.ensure_builtin_feed(GUIDE_URL, GUIDE_TITLE)
    if store.list_articles(feed_id=feed_id, limit=1):
        return
    # Parsing is needed once per store, not on the start of every command.
    from tnews.prepare import prepare_feed

    data = data_file("guide.xml").read_bytes()
    prepared = prepare_feed(data, "https://tnews.invalid/guide", "application/rss+xml", "utf-8")
    store.apply_feed(feed_id, prepared, status=None)
