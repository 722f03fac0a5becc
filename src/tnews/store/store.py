"""The store as the rest of tnews sees it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tnews.store.pages import PageStore


class Store(PageStore):
    """The local SQLite store: feeds, articles, sections, search, same-story links."""


def open_store(
    path: Path,
    *,
    check_same_thread: bool = True,
    on_upgrade: Callable[[int], object] | None = None,
    batch_writer: bool = False,
) -> Store:
    """Open (creating and migrating as needed) the store at path. on_upgrade(articles) is
    called before a store made by an earlier version is upgraded. A batch writer (a
    refresh) lets this process's other writers go first between its transactions."""
    return Store(
        path,
        check_same_thread=check_same_thread,
        on_upgrade=on_upgrade,
        batch_writer=batch_writer,
    )
