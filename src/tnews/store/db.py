"""Opening the SQLite file safely: private permissions, WAL, migrations, write transactions."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from tnews.store.copies import ONE_ROW_VERSION, merge_copies
from tnews.store.matching import register_functions
from tnews.store.schema import MIGRATIONS, SCHEMA_VERSION
from tnews.store.turns import TURNS

PAGE_SIZE = 16384


class StoreError(Exception):
    """The store cannot be opened or used; the message says why in plain words."""


class Database:
    """One connection to the store file. Writes go through `transaction()`."""

    def __init__(
        self,
        path: Path,
        *,
        check_same_thread: bool = True,
        on_upgrade: Callable[[int], object] | None = None,
        batch_writer: bool = False,
    ) -> None:
        self.path = path
        # A batch writer lets this process's other writers go first between transactions.
        self._batch_writer = batch_writer
        self._turns_key = TURNS.key(path)
        self._lock = threading.RLock()
        self._depth = 0  # transaction() blocks open on this connection, the outer one first
        self._failed = False  # a block inside the outer one failed
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            if not path.exists():
                # Create the file ourselves so it is 0600 from its first byte; SQLite gives
                # its -wal and -shm files the same permissions.
                os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
            self.conn = sqlite3.connect(
                path,
                isolation_level=None,  # we issue BEGIN IMMEDIATE ourselves
                check_same_thread=check_same_thread,
                timeout=30.0,
            )
            self.conn.row_factory = sqlite3.Row
            register_functions(self.conn)
            self.conn.execute("PRAGMA busy_timeout = 30000")
            # Only a new, empty store takes a page size (before WAL). Article bodies run to
            # tens of KB: with 16 KB pages a refresh writes and checkpoints fewer, larger
            # pages, and stores a feed in about half the time it takes with 4 KB pages.
            self.conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self.conn.execute("PRAGMA foreign_keys = ON")
            # Statement journals in memory. Each write inside a transaction (upserts with
            # triggers and foreign keys) first saves the pages it touches; in a temp file
            # that was 6 GB of writes to store 500 feeds (16 KB pages), a third of the CPU.
            self.conn.execute("PRAGMA temp_store = MEMORY")
            self._migrate(on_upgrade)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open the store {path}: {exc}") from exc

    def _migrate(self, on_upgrade: Callable[[int], object] | None = None) -> None:
        version = int(self.conn.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"the store {self.path} was written by a newer tnews (schema {version}); "
                "upgrade tnews to read it"
            )
        if 0 < version < SCHEMA_VERSION and on_upgrade is not None:
            # A store made by an earlier version: its upgrade may go over every article
            # (seconds at 100k), and the caller may want to say so first.
            on_upgrade(int(self.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]))
        for number in range(version, SCHEMA_VERSION):
            with self.transaction() as conn:
                for statement in _statements(MIGRATIONS[number]):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {number + 1}")
                if number + 1 == ONE_ROW_VERSION:
                    # Link keys need Python's URL parsing, which a migration's SQL lacks.
                    merge_copies(conn)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction taken up front (BEGIN IMMEDIATE), so it never fails half-way
        on a lock, and rolled back whole on any error. Inside another, it is part of that one."""
        with self._lock:
            if self._depth:
                yield from self._inner()
                return
            if self._batch_writer:
                TURNS.let_others_first(self._turns_key)
                self.conn.execute("BEGIN IMMEDIATE")
            else:
                with TURNS.waiting(self._turns_key):
                    self.conn.execute("BEGIN IMMEDIATE")
            self._depth, self._failed = 1, False
            try:
                yield self.conn
                if self._failed:
                    raise StoreError("a write inside this transaction failed; nothing was kept")
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            else:
                self.conn.execute("COMMIT")
            finally:
                self._depth = 0

    def _inner(self) -> Iterator[sqlite3.Connection]:
        """A transaction inside another: its writes commit with the outer one. A failure
        fails the whole: the outer one rolls back even if the error was caught between."""
        # Not a savepoint: inside one, SQLite saves every page a write touches first, and
        # storing feeds in a batch that way took three times as long as one by one.
        self._depth += 1
        try:
            yield self.conn
        except BaseException:
            self._failed = True
            raise
        finally:
            self._depth -= 1

    def data_version(self) -> int:
        """A number that changes when another connection commits (to notice a cron fetch)."""
        with self._lock:
            return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def integrity_ok(self) -> bool:
        """True when SQLite's own integrity check passes."""
        with self._lock:
            return bool(self.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok")

    def close(self) -> None:
        """Close the connection, leaving the query planner statistics it learnt."""
        with self._lock:
            # SQLite's advice for every closing connection; cheap, and without statistics the
            # section counts pick a plan that reads every article body.
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("PRAGMA optimize")
            self.conn.close()


def _statements(script: str) -> list[str]:
    """Split a migration into statements (executescript would commit our transaction)."""
    out: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                out.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        out.append(buffer.strip())
    return out
