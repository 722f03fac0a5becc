"""Taking turns at a store's write lock between the connections of one process."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# How long a batch writer holds back for writers waiting on the same store, at most.
YIELD_SECONDS = 1.0


class WriteTurns:
    """Who in this process is waiting to write to which store.

    SQLite's write lock is not queued: a writer that finds it taken sleeps and tries again,
    and a batch writer that commits and begins its next transaction at once (a refresh
    storing what its workers prepared) can keep it out for seconds. A batch writer lets
    the waiting ones take the lock first, between two of its transactions.
    """

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._waiting: dict[str, int] = {}

    @staticmethod
    def key(path: Path) -> str:
        """The same store under any name it is opened by."""
        return os.path.realpath(path)

    @contextmanager
    def waiting(self, key: str) -> Iterator[None]:
        """Count the caller as waiting to write to key while inside."""
        with self._changed:
            self._waiting[key] = self._waiting.get(key, 0) + 1
        try:
            yield
        finally:
            with self._changed:
                self._waiting[key] -= 1
                if not self._waiting[key]:
                    del self._waiting[key]
                    self._changed.notify_all()

    def waiting_for(self, key: str) -> int:
        """How many writers in this process wait to write to key."""
        with self._changed:
            return self._waiting.get(key, 0)

    def let_others_first(self, key: str) -> None:
        """Wait (up to YIELD_SECONDS) until no one else in this process waits to write to key."""
        with self._changed:
            self._changed.wait_for(lambda: key not in self._waiting, YIELD_SECONDS)


TURNS = WriteTurns()
