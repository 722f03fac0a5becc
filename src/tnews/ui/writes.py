"""The reader's own writes (read marks, bookmarks, fetched pages), made off the event loop."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from tnews.store.store import Store, open_store

T = TypeVar("T")

# How long one attempt waits for the write lock, and how many attempts a write makes: another
# process (a cron `tnews fetch`) does not let the reader go first as the reader's own
# refresh does, and a reader's bookmark is not dropped because that fetch ran long.
WAIT_MS = 30_000
ATTEMPTS = 10


class StoreWrites:
    """Writes to the store on a connection and a thread of their own, one at a time, in the
    order they were asked for.

    A refresh holds the store's write lock for a batch of articles at a time; a write made
    on the event loop waited there, and every key with it (opening an article waited up to
    130 ms while a refresh prepared articles). Here the wait happens in this thread, and
    the reader goes on answering keys. Reads never wait: the store is in WAL mode.
    """

    def __init__(self, path: Path) -> None:
        self._path = path
        self._store: Store | None = None
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="tnews-writes")
        self._pending: set[asyncio.Future[Any]] = set()
        self._closing = False

    def _run(self, call: Callable[[Store], T]) -> T:
        if self._store is None:
            self._store = open_store(self._path, check_same_thread=False)
            self._store.conn.execute(f"PRAGMA busy_timeout = {int(WAIT_MS)}")
        attempt = 1
        while True:
            try:
                return call(self._store)
            except sqlite3.OperationalError as exc:
                # A failed write was rolled back whole: the next attempt starts afresh.
                # Once the reader is quitting, one attempt each: it must not hang on the way out.
                if attempt >= ATTEMPTS or self._closing or "locked" not in str(exc):
                    raise
                attempt += 1

    def submit(self, call: Callable[[Store], T]) -> asyncio.Future[T]:
        """Run call(store) in the writing thread; the future has its result."""
        future = asyncio.get_running_loop().run_in_executor(self._thread, self._run, call)
        self._pending.add(future)
        future.add_done_callback(self._pending.discard)
        return future

    @property
    def idle(self) -> bool:
        """No write is waiting or running."""
        return not self._pending

    async def settled(self) -> None:
        """Wait until every write asked for so far is done (or failed)."""
        while self._pending:
            await asyncio.wait(set(self._pending))

    def close(self) -> None:
        """Finish the writes asked for, without trying any again, then close."""
        self._closing = True
        self._thread.shutdown(wait=True)
        if self._store is not None:
            self._store.close()
            self._store = None
