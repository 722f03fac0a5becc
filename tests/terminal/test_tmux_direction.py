"""The reader in a real terminal (tmux) at 80x24 keeps the author's direction: an English item
of an Arabic feed reads left to right, a phone number in an isolate in its own order."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.tmux import Tmux
from tests.ui.conftest import write_config
from tnews.cli.context import Context
from tnews.prepare import prepare_feed

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

URL = "https://authored.example/feed"
PHONE = "+33 1 23 45 67 89"
FEED = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>أخبار</title><link>https://authored.example/</link>
<language>ar</language>
<item><guid>phone</guid><title>اتصلوا بنا</title>
<pubDate>Mon, 30 Nov 2026 12:00:00 +0000</pubDate>
<description>&lt;p&gt;اتصلوا على الرقم \u2066{PHONE}\u2069 دائما.&lt;/p&gt;</description></item>
<item><guid>budget</guid><title>Budget approved</title>
<pubDate>Mon, 30 Nov 2026 11:00:00 +0000</pubDate>
<description>&lt;p&gt;The council approved the new budget today.&lt;/p&gt;</description></item>
</channel></rss>
""".encode()


@pytest.fixture
def terminal(tnews_home: Path) -> Iterator[Tmux]:
    """The reader at 80x24 on a store holding the authored feed (and the guide)."""
    write_config([(URL, "")], "full_text = false")
    context = Context()
    feed = next(f for f in context.store.feeds() if f.url == URL)
    context.store.apply_feed(feed.id, prepare_feed(FEED, URL))
    context.close()
    env = {**os.environ, "TNEWS_HOME": str(tnews_home), "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    tmux = Tmux([sys.executable, "-m", "tnews"], env=env)
    yield tmux
    tmux.close()


def test_the_pane_keeps_the_authors_direction(terminal: Tmux) -> None:
    terminal.wait_for("Open")
    terminal.send("Enter")  # the newest article: the phone number
    screen = terminal.wait_for(PHONE)
    assert not any("89 67 45" in line for line in screen)
    terminal.send("Escape")
    terminal.wait_for("Budget approved")
    terminal.send("j", "Enter")
    screen = terminal.wait_for("The council approved")
    title = next(line for line in screen if "Budget approved" in line)
    body = next(line for line in screen if "The council approved" in line)
    # Title and body both start at the pane's left edge: the feed's Arabic tag decides nothing.
    assert body.index("The council") == title.index("Budget approved"), screen
    assert body.rstrip().endswith("today."), screen
