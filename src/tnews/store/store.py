"""The store as the rest of tnews sees it."""

from __future__ import annotations

from pathlib import Path

from tnews.store.pending import PendingStore


class Store(PendingStore):
    """The local SQLite store: feeds, articles, sections, search, same-story links."""


def open_store(path: Path, *, check_same_thread: bool = True) -> Store:
    """Open (creating and migrating as needed) the store at path."""
    return Store(path, check_same_thread=check_same_thread)
