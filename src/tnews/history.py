"""Browser-style back and forward history over any kind of entry."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

T = TypeVar("T")

DEFAULT_MAX_LENGTH = 500


def _identity(item: object) -> object:
    return item


class History(Generic[T]):
    """Visited entries with a cursor; a new visit after going back drops the forward entries."""

    def __init__(
        self,
        max_length: int = DEFAULT_MAX_LENGTH,
        key: Callable[[T], object] | None = None,
    ) -> None:
        """Start empty, keeping at most max_length entries; key says when two are the same page."""
        if max_length < 1:
            raise ValueError("max_length must be at least 1")
        self._max_length = max_length
        # Entries may carry state (scroll position) that must not make the same page look new.
        self._key: Callable[[T], object] = key if key is not None else _identity
        self._entries: list[T] = []
        self._index = -1

    @property
    def current(self) -> T | None:
        """The entry being looked at, or None before the first visit."""
        return self._entries[self._index] if self._entries else None

    @property
    def can_go_back(self) -> bool:
        """Whether back() would move."""
        return self._index > 0

    @property
    def can_go_forward(self) -> bool:
        """Whether forward() would move."""
        return self._index < len(self._entries) - 1

    @property
    def max_length(self) -> int:
        """The most entries kept."""
        return self._max_length

    def visit(self, item: T) -> None:
        """Make item current, dropping any forward entries; revisiting the current is a no-op."""
        if self._entries and self._key(self._entries[self._index]) == self._key(item):
            # Keep the stored entry: it may carry state (a scroll position) the caller set.
            return
        # The forward entries go: this is what a browser does and what users expect.
        del self._entries[self._index + 1 :]
        self._entries.append(item)
        overflow = len(self._entries) - self._max_length
        if overflow > 0:
            del self._entries[:overflow]
        self._index = len(self._entries) - 1

    def back(self) -> T | None:
        """Step back and return the new current entry, or None (not moving) at the start."""
        if not self.can_go_back:
            return None
        self._index -= 1
        return self._entries[self._index]

    def forward(self) -> T | None:
        """Step forward and return the new current entry, or None (not moving) at the end."""
        if not self.can_go_forward:
            return None
        self._index += 1
        return self._entries[self._index]

    def replace_current(self, item: T) -> None:
        """Swap the current entry for item, e.g. to record its scroll position before leaving."""
        if not self._entries:
            raise IndexError("no current entry to replace")
        self._entries[self._index] = item

    def clear(self) -> None:
        """Forget every entry."""
        self._entries.clear()
        self._index = -1

    def __len__(self) -> int:
        """How many entries are kept, back and forward included."""
        return len(self._entries)

    def __iter__(self) -> Iterator[T]:
        """The entries from oldest to newest."""
        return iter(list(self._entries))
