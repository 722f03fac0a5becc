"""A TNEWS_HOME that cannot be used (a file, a folder not writable, a full disk) ends with a
sentence and exit 4, never a traceback; the store is left as it was.

The failures are the operating system's own: a real file in the way, a folder without write
permission (for root, with the capability that overrides it dropped), and a file size limit
(RLIMIT_FSIZE), under which writes fail as they do on a full disk."""

from __future__ import annotations

import ctypes
import os
import resource
import signal
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.hostile.support import TNEWS, Home

PR_CAPBSET_DROP = 24
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 1, 2


def run(home: Path, *args: str, before: Callable[[], None] | None = None) -> tuple[int, str, str]:
    env = Home(home).env()
    done = subprocess.run(
        [*TNEWS, *args], env=env, capture_output=True, text=True, timeout=120, preexec_fn=before
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, done.stdout, done.stderr


def without_root_overrides() -> None:
    """In the child: root keeps its uid but loses the power to write where it may not."""
    if os.geteuid() == 0:
        libc = ctypes.CDLL(None, use_errno=True)
        for cap in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
            if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
                raise OSError(ctypes.get_errno(), "cannot drop a capability")


def file_size_limit(limit: int) -> Callable[[], None]:
    """In the child: no file may grow past limit bytes; writes past it fail with EFBIG."""

    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    yield folder
    folder.chmod(0o755)


def test_home_is_a_file(tmp_path: Path) -> None:
    home = tmp_path / "not-a-folder"
    home.write_text("a file", "utf-8")
    code, out, err = run(home, "list")
    assert (code, out) == (4, "")
    assert f"cannot use {home}: it is a file, not a folder" in err
    assert home.read_text("utf-8") == "a file"


@pytest.mark.parametrize("inside", [False, True])
def test_home_in_a_folder_that_is_not_writable(read_only: Path, inside: bool) -> None:
    home = read_only / "tnews" if inside else read_only
    code, out, err = run(home, "list", before=without_root_overrides)
    assert (code, out) == (4, "")
    assert "is not writable" in err and "TNEWS_HOME" in err
    assert list(read_only.iterdir()) == []


def test_full_disk_on_first_run(tnews_home: Path) -> None:
    Home(tnews_home).configure([])  # the config is there; the store is to be made
    code, out, err = run(tnews_home, "list", before=file_size_limit(8192))
    assert (code, out) == (4, "")
    assert "cannot open the store" in err and "is the disk full" in err


def test_full_disk_when_writing_leaves_the_store_whole(tnews_home: Path) -> None:
    code, out, _ = run(tnews_home, "list", "--json")
    assert code == 0
    database = Home(tnews_home).database
    limit = 40_000  # room for the shared-memory index, none for a write-ahead log of 3 pages
    code, out, err = run(tnews_home, "bookmark", "1", before=file_size_limit(limit))
    assert (code, out) == (4, "")
    assert "the store cannot be written" in err and "is the disk full" in err
    conn = sqlite3.connect(database)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT COUNT(*) FROM articles WHERE bookmarked = 1").fetchone()[0] == 0
    finally:
        conn.close()
    code, out, _ = run(tnews_home, "bookmark", "1")
    assert code == 0 and "bookmarked 1" in out


def test_full_disk_during_a_fetch_ends_it_with_one_sentence(tnews_home: Path) -> None:
    from tests.hostile.support import ServerThread, body, item, rss

    home = Home(tnews_home)
    words = "كلمات كثيرة في هذا الخبر " * 400
    items = [item(f"g{n}", f"خبر رقم {n}", f"<p>{words}</p>") for n in range(40)]
    with ServerThread({"/feed": body(rss(items))}) as server:
        home.configure([server.url("/feed")])
        assert run(tnews_home, "list")[0] == 0  # the store exists, with the guide in it
        size = home.database.stat().st_size
        code, out, err = run(tnews_home, "fetch", before=file_size_limit(size + 40_000))
    # Not one "failed" line per feed with SQLite's words: the store itself cannot be written.
    assert code == 4, (out, err)
    assert "the store cannot be written" in err and "is the disk full" in err, err
    conn = sqlite3.connect(home.database)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
