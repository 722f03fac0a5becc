"""New stores take large pages; stores made before keep theirs and open as before."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tnews.store.db import PAGE_SIZE
from tnews.store.store import open_store


def test_a_new_store_takes_large_pages_and_keeps_them(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    store = open_store(path)
    assert store.conn.execute("PRAGMA page_size").fetchone()[0] == PAGE_SIZE > 4096
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store.close()
    again = open_store(path)
    assert again.conn.execute("PRAGMA page_size").fetchone()[0] == PAGE_SIZE
    again.close()


def test_an_existing_store_keeps_its_page_size(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE kept (x)")
    conn.execute("INSERT INTO kept VALUES (1)")
    conn.commit()
    conn.close()
    store = open_store(path)
    assert store.conn.execute("PRAGMA page_size").fetchone()[0] == 4096
    assert store.conn.execute("SELECT x FROM kept").fetchall()[0][0] == 1
    assert store.integrity_ok()
    store.close()


def test_statement_journals_stay_in_memory(tmp_path: Path) -> None:
    # Every upsert in a refresh saves the pages it touches first; in temp files that was
    # gigabytes of writes for one refresh of 500 feeds.
    store = open_store(tmp_path / "t.db")
    assert store.conn.execute("PRAGMA temp_store").fetchone()[0] == 2  # MEMORY
    store.close()
