"""A batch writer (a refresh storing what its workers prepared) lets the reader's own writes
go first between its transactions, instead of keeping them out for seconds."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from tnews.store import turns
from tnews.store.store import open_store


def _batches_while_writing_once(path: Path, *, batch_writer: bool) -> int:
    """How many transactions of 20 ms a busy writer commits while another writes once."""
    busy = open_store(path, check_same_thread=False, batch_writer=batch_writer)
    other = open_store(path, check_same_thread=False)
    committed = 0
    stop = threading.Event()
    going = threading.Event()

    def batches() -> None:
        nonlocal committed
        while not stop.is_set():
            with busy.transaction() as conn:
                conn.execute("UPDATE article_counts SET total = total")
                going.set()
                time.sleep(0.02)  # holding the lock, as storing a batch of articles does
            committed += 1

    thread = threading.Thread(target=batches)
    thread.start()
    try:
        assert going.wait(10)
        before = committed
        other.set_read(0, True)  # the reader marking an article read
        return committed - before
    finally:
        stop.set()
        thread.join()
        busy.close()
        other.close()


def test_a_batch_writer_lets_a_waiting_writer_in_after_its_current_transaction(
    tmp_path: Path,
) -> None:
    assert _batches_while_writing_once(tmp_path / "t.db", batch_writer=True) <= 2


def test_waiting_writers_of_another_store_do_not_hold_a_batch_writer_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Were it held back, it would wait the whole minute for the writer of a.db.
    monkeypatch.setattr(turns, "YIELD_SECONDS", 60.0)
    waiting = open_store(tmp_path / "a.db", check_same_thread=False)
    busy = open_store(tmp_path / "b.db", check_same_thread=False, batch_writer=True)
    holder = open_store(tmp_path / "a.db", check_same_thread=False)
    stored = threading.Event()

    def store_batches() -> None:
        for _ in range(3):
            with busy.transaction() as conn:
                conn.execute("UPDATE article_counts SET total = total")
        stored.set()

    with holder.transaction():
        writer = threading.Thread(target=waiting.set_read, args=(0, True))
        writer.start()
        while not turns.TURNS.waiting_for(turns.TURNS.key(tmp_path / "a.db")):
            time.sleep(0.001)
        batches = threading.Thread(target=store_batches)
        batches.start()
        assert stored.wait(30)
        assert writer.is_alive()  # still waiting for a.db, which is held
    writer.join()
    batches.join()
    for store in (waiting, busy, holder):
        store.close()
