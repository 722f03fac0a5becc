"""Stored data survives kill -9 mid-refresh, concurrent writers and prying other users."""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

from tests.hostile.support import Home, ServerThread, body, item, limit_resources, rss
from tests.net.hostile_server import Request, Route, send
from tnews.store.store import open_store

FEEDS = 16
ITEMS = 30
KILLS = 8
SEED = 20261129
POLL = 0.05


class Versions:
    """Feeds whose items change on every request, so every fetch has something to write."""

    def __init__(self) -> None:
        self.count = 0

    def route(self, feed: int) -> Route:
        """The route for one feed."""

        async def serve(request: Request, writer: asyncio.StreamWriter) -> None:
            self.count += 1
            version = self.count
            text = "<p>" + f"نص الخبر رقم {version} " * 30 + "</p>"
            items = [
                item(f"f{feed}-{i}", f"Story {feed}.{i} v{version}", text) for i in range(ITEMS)
            ]
            items += [item(f"f{feed}-new-{version}", f"Fresh {feed} v{version}", text)]
            await send(writer, headers=[("Content-Type", "application/rss+xml")], body=rss(items))

        return serve


def integrity(database: Path) -> str:
    """SQLite's own verdict on the file."""
    store = open_store(database)
    try:
        return str(store.conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        store.close()


def bookmarks(home: Home) -> list[tuple[object, ...]]:
    """Every bookmarked article, whole."""
    return home.sql(
        "SELECT id, guid, title, body, bookmarked, bookmarked_at FROM articles "
        "WHERE bookmarked = 1 ORDER BY id"
    )


def kill_group(proc: subprocess.Popen[bytes]) -> None:
    """SIGKILL a tnews we started, and its parse workers (its own process group)."""
    with contextlib.suppress(ProcessLookupError):  # it may have finished on its own
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)


def test_kill_nine_mid_refresh_never_corrupts_nor_loses_bookmarks(
    home: Home, server: ServerThread
) -> None:
    versions = Versions()
    for n in range(FEEDS):
        server.routes[f"/f{n}"] = versions.route(n)
    home.configure([server.url(f"/f{n}") for n in range(FEEDS)])
    home.fetch()
    store = open_store(home.database)
    try:
        ids = [row[0] for row in home.sql("SELECT id FROM articles ORDER BY id")]
        for article_id in ids[:: len(ids) // 6]:
            store.set_bookmark(article_id, True)
    finally:
        store.close()
    saved = bookmarks(home)
    assert len(saved) >= 6

    rng = random.Random(SEED)
    for _ in range(KILLS):
        proc = home.start("fetch")
        time.sleep(rng.uniform(0.2, 1.5))
        kill_group(proc)
        assert integrity(home.database) == "ok"
        # Bookmarked articles may get a newer text from a later fetch, never lose one.
        now = bookmarks(home)
        assert [r[:2] for r in now] == [r[:2] for r in saved]
        assert all(r[3] and r[4] == 1 for r in now)
    # And the store still works: a full fetch after all that completes.
    done = home.fetch()
    assert f"{FEEDS} ok" in done.stdout


def test_a_huge_feed_is_stored_all_or_nothing(home: Home, server: ServerThread) -> None:
    items = [item(f"big-{i}", f"Big story {i}", f"Body {i}.") for i in range(20_000)]
    server.routes["/big"] = body(rss(items))
    home.configure([server.url("/big")], keep_per_feed=100_000)
    home.run("feeds")  # creates the store, so only the refresh writes below
    wal = home.database.with_name("tnews.db-wal")
    proc = home.start("fetch")
    killed_mid_write = False
    try:
        # Parsing takes seconds; the write transaction shows as a WAL that keeps growing.
        for _ in range(int(120 / POLL)):
            if proc.poll() is not None:
                break
            if wal.exists() and wal.stat().st_size > 2 * 1024 * 1024:
                killed_mid_write = proc.poll() is None
                break
            time.sleep(POLL)
    finally:
        kill_group(proc)
    assert integrity(home.database) == "ok"
    count = home.sql("SELECT COUNT(*) FROM articles WHERE guid LIKE 'big-%'")[0][0]
    assert count in (0, 20_000)
    if killed_mid_write:
        assert count == 0


TOGGLER = """
import sqlite3, sys
from pathlib import Path
from tnews.store.store import open_store
store = open_store(Path(sys.argv[1]))
ids = [int(i) for i in sys.argv[2].split(",")]
stop = Path(sys.argv[3])
errors = done = 0
for n in range(2_000_000):
    if stop.exists():
        break
    try:
        store.set_read(ids[n % len(ids)], n % 2 == 0)
        done += 1
    except sqlite3.OperationalError as exc:
        print(exc, flush=True)
        errors += 1
store.close()
print("toggled", done, flush=True)
sys.exit(1 if errors else 0)
"""


def test_a_fetch_and_a_reader_write_at_once_without_locking_errors(
    home: Home, server: ServerThread, tmp_path: Path
) -> None:
    versions = Versions()
    for n in range(FEEDS):
        server.routes[f"/f{n}"] = versions.route(n)
    home.configure([server.url(f"/f{n}") for n in range(FEEDS)])
    home.fetch()
    ids = ",".join(str(r[0]) for r in home.sql("SELECT id FROM articles LIMIT 50"))
    stop = tmp_path / "stop"
    toggler = subprocess.Popen(
        [sys.executable, "-c", TOGGLER, str(home.database), ids, str(stop)],
        env=home.env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        preexec_fn=limit_resources,
    )
    try:
        fetches = [home.fetch()]
    finally:
        stop.touch()
        out, _ = toggler.communicate(timeout=120)
    assert toggler.returncode == 0, out
    # It toggled all through the fetch, not just before it began.
    assert int(out.split()[-1]) > 100, out
    for done in fetches:
        assert f"{FEEDS} ok" in done.stdout, done.stdout
        assert "locked" not in done.stdout + done.stderr
    assert all(not f["error"] for f in home.feeds_json().values())


def test_store_files_are_private(home: Home, server: ServerThread) -> None:
    data = home.root / "data"
    data.mkdir(parents=True, mode=0o755)
    data.chmod(0o755)  # a folder made by someone else, too open
    server.routes["/f"] = body(rss([item("one", "One", "<p>x</p>")]))
    home.configure([server.url("/f")])
    home.fetch()
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    store = open_store(home.database)  # holds the WAL and shared-memory files open
    try:
        store.set_read(home.sql("SELECT id FROM articles")[0][0], True)
        for path in data.iterdir():
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
        assert {p.name for p in data.iterdir()} >= {"tnews.db", "tnews.db-wal", "tnews.db-shm"}
    finally:
        store.close()
