"""Headless and terminal contracts: one fetch at a time; the bidi-mode switch of the terminal."""

from __future__ import annotations

import os
import pty
import select
import sys
import time
from pathlib import Path

import pytest

from tests.core.test_cli import run
from tnews.lock import FetchLock
from tnews.paths import get_paths


def test_a_second_fetch_says_so_and_exits(capsys: pytest.CaptureFixture[str]) -> None:
    paths = get_paths().ensure()
    paths.config_file.write_text("", encoding="utf-8")
    with FetchLock(paths.fetch_lock):
        code, _, err = run(capsys, "fetch")
    assert code == 3
    assert "already" in err
    code, out, _ = run(capsys, "fetch")  # the lock is free again
    assert code == 0 and "0 feeds" in out


def _run_in_pty(args: list[str], home: Path) -> bytes:
    """Start the reader in a real pseudo-terminal, quit it with q, return all it wrote."""
    pid, fd = pty.fork()
    if pid == 0:  # the child becomes the program
        os.environ.update({"TNEWS_HOME": str(home), "TERM": "xterm-256color"})
        os.execv(sys.executable, [sys.executable, "-m", "tnews", *args])
    out = b""
    deadline = time.monotonic() + 60
    quit_sent = False
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        if not quit_sent and b"Open" in out:  # the footer painted: the reader is up
            os.write(fd, b"q")
            quit_sent = True
    os.waitpid(pid, 0)
    os.close(fd)
    return out


@pytest.mark.slow
def test_app_mode_switches_terminal_bidi_off_and_back(tnews_home: Path) -> None:
    paths = get_paths().ensure()
    paths.config_file.write_text("", encoding="utf-8")
    out = _run_in_pty([], tnews_home)
    assert out.startswith(b"\x1b[8l")  # explicit mode before anything is drawn
    assert out.rstrip().endswith(b"\x1b[8h")  # the terminal's own bidi back on exit
    out = _run_in_pty(["--bidi", "terminal"], tnews_home)
    assert b"\x1b[8l" not in out and b"Open" in out
