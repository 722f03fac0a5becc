"""NO_COLOR in a real terminal (tmux): the reader draws no colour but grey, and the rows of
unread, read and bookmarked articles still read apart by their marks."""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

import pytest

from tests.support.feedserver import FIXTURES
from tests.support.tmux import Tmux
from tests.ui.conftest import write_config
from tnews.cli.context import Context
from tnews.prepare import prepare_feed
from tnews.store.models import ALL

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

# SGR colour parameters: 38/48;2;r;g;b (true colour), 38/48;5;n (256), 30-37, 90-97 and so on.
_SGR = re.compile(r"\x1b\[([0-9;:]*)m")


def _colours(params: str) -> list[tuple[int, ...]]:
    """The colours one SGR sequence sets, as (r, g, b) or (palette index,)."""
    numbers = [int(p) for p in re.split(r"[;:]", params) if p]
    found: list[tuple[int, ...]] = []
    i = 0
    while i < len(numbers):
        n = numbers[i]
        if n in (38, 48, 58) and i + 1 < len(numbers):
            if numbers[i + 1] == 2:
                found.append(tuple(numbers[i + 2 : i + 5]))
                i += 5
                continue
            if numbers[i + 1] == 5:
                found.append((numbers[i + 2],))
                i += 3
                continue
        if 30 <= n <= 37 or 40 <= n <= 47 or 90 <= n <= 97 or 100 <= n <= 107:
            found.append((n,))
        i += 1
    return found


def _grey(colour: tuple[int, ...]) -> bool:
    if len(colour) == 3:
        return colour[0] == colour[1] == colour[2]
    # The 256-colour palette's greys: black, white and the grey ramp.
    return colour[0] in (0, 7, 8, 15, 16, 231) or 232 <= colour[0] <= 255


@pytest.fixture
def home(tnews_home: Path) -> Path:
    """The Arabic fixture feed stored; of the three newest articles, the first is left unread,
    the second read and the third bookmarked."""
    url = "https://news.example.ly/feed/"
    write_config([(url, "")], "full_text = false")
    context = Context()
    feed = next(f for f in context.store.feeds() if not f.builtin)
    context.store.apply_feed(
        feed.id, prepare_feed((FIXTURES / "arabic_rss2.xml").read_bytes(), url)
    )
    articles = context.store.list_articles(ALL, limit=3)
    context.store.set_read(articles[1].id)
    context.store.set_bookmark(articles[2].id, True)
    context.close()
    return tnews_home


def test_no_color_draws_grey_and_marks_rows(home: Path) -> None:
    env = {**os.environ, "TNEWS_HOME": str(home), "TERM": "xterm-256color", "NO_COLOR": "1"}
    env["COLORTERM"] = "truecolor"
    tmux = Tmux([sys.executable, "-m", "tnews"], env=env, width=100, height=30)
    try:
        tmux.wait_for("Open")
        screen = tmux.settled()
        drawn = tmux._tmux("capture-pane", "-p", "-e", "-t", "t")
    finally:
        tmux.close()
    # The list shows All, newest first: the three articles the fixture marked come first.
    marks = [line.split("▕", 1)[1][:3] for line in screen[:3]]
    assert marks == [" ● ", "   ", " ★ "]
    colours = [c for params in _SGR.findall(drawn) for c in _colours(params)]
    assert colours, "the capture holds the screen's styles"
    assert [c for c in colours if not _grey(c)] == []
