"""The reader in a real terminal (tmux, 80x24) writes no byte of a hostile feed's sequences."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.hostile.payloads import MARKERS, SEQUENCES, raw_feed
from tests.hostile.support import TNEWS, Home, ServerThread, body

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

POLL = 0.1
POLLS = 300  # 30 s at most for any screen to appear


class Tmux:
    """A private tmux server (its own socket, no user config) holding one 80x24 session."""

    def __init__(self, folder: Path) -> None:
        self.socket = folder / "tmux.sock"

    def __call__(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-S", str(self.socket), "-f", "/dev/null", *args],
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def screen(self) -> list[str]:
        """The visible rows as tmux shows them."""
        return self("capture-pane", "-p", "-t", "reader").splitlines()

    def wait_for(self, what: str, ready: Callable[[list[str]], bool]) -> list[str]:
        """Poll the screen until ready(rows); fail after a bounded number of polls."""
        rows: list[str] = []
        for _ in range(POLLS):
            rows = self.screen()
            if ready(rows):
                return rows
            time.sleep(POLL)
        pytest.fail(f"{what} never appeared; the screen was:\n" + "\n".join(rows))

    def close(self) -> None:
        """Stop this test's tmux server (and the reader, if still running)."""
        subprocess.run(
            ["tmux", "-S", str(self.socket), "kill-server"], capture_output=True, timeout=30
        )


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    running = Tmux(tmp_path)
    yield running
    running.close()


def test_reader_shows_a_hostile_article_without_writing_its_sequences(
    home: Home, server: ServerThread, tmux: Tmux, tmp_path: Path
) -> None:
    # Dated far ahead so the article is the first row, above the built-in guide.
    server.routes["/evil"] = body(raw_feed(pub_date="Thu, 01 Jan 2099 00:00:00 +0000"))
    home.configure([server.url("/evil")])
    home.fetch()

    record = tmp_path / "pane.bytes"
    go = tmp_path / "go"
    env = " ".join(
        shlex.quote(f"{k}={v}")
        for k, v in home.env().items()
        if k in ("TNEWS_HOME", "TNEWS_NOW", "TZ", "PATH", "LANG", "HOME")
    )
    # The reader starts only once the recorder is attached, so no byte goes unrecorded.
    script = (
        f"for i in $(seq 300); do [ -e {shlex.quote(str(go))} ] && break; sleep 0.1; done; "
        f"exec env {env} LC_ALL=C.UTF-8 {shlex.join(TNEWS)}"
    )
    tmux("new-session", "-d", "-s", "reader", "-x", "80", "-y", "24", script)
    tmux("set-option", "-t", "reader", "remain-on-exit", "on")
    tmux("pipe-pane", "-o", "-t", "reader", f"cat >> {shlex.quote(str(record))}")
    go.touch()

    rows = tmux.wait_for("the article list", lambda rows: any("ALPHA" in r for r in rows))
    title_rows = [r for r in rows if "ALPHA" in r]
    # The title, CR LF and sequences and all, is one row with its words in order.
    assert len(title_rows) == 1
    assert "BRAVO" in title_rows[0]
    assert "pwned" not in "\n".join(rows)

    tmux("send-keys", "-t", "reader", "Enter")
    rows = tmux.wait_for("the article", lambda rows: any("DELTA" in r for r in rows))
    assert "pwned" not in "\n".join(rows)

    tmux("send-keys", "-t", "reader", "q")
    tmux.wait_for(
        "the reader's exit",
        lambda _: tmux("display-message", "-p", "-t", "reader", "#{pane_dead}").strip() == "1",
    )
    # tmux closes the recorder's pipe with the pane; let cat write out what it still holds.
    sizes = [-2, -1]
    for _ in range(POLLS):
        sizes.append(record.stat().st_size)
        if sizes[-1] == sizes[-2] == sizes[-3]:
            break
        time.sleep(POLL)
    written = record.read_bytes()
    assert b"ALPHA" in written  # the recorder saw the app's output
    for marker in MARKERS:
        assert marker not in written, marker
    for sequence in SEQUENCES.values():
        assert sequence.encode() not in written
