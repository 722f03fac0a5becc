"""The reader in a real terminal (tmux) at 80x24: the screen shows exactly the engine's rows,
and a walk through sections, an article, a bookmark and back works by keys alone."""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.feedserver import FIXTURES
from tests.support.tmux import Tmux
from tests.ui.conftest import write_config
from tnews.article_view import ArticleLayout
from tnews.cli.context import Context
from tnews.layout import LayoutOptions
from tnews.prepare import prepare_feed
from tnews.ui.widgets.reader import FETCH_HINT

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

COUNCIL = "المجلس الرئاسي يستقبل"


@pytest.fixture
def home(tnews_home: Path) -> Path:
    """A store holding the fixture feeds, with no network feeds and no page fetches."""
    feeds = [
        ("https://news.example.ly/feed/", "ليبيا", "arabic_rss2.xml"),
        ("https://world.example.org/rss", "World", "english_rss1.rdf"),
    ]
    write_config([(u, s) for u, s, _ in feeds], "full_text = false")
    context = Context()
    for feed in context.store.feeds():
        if not feed.builtin:
            name = next(f for u, _, f in feeds if u == feed.url)
            context.store.apply_feed(
                feed.id, prepare_feed((FIXTURES / name).read_bytes(), feed.url)
            )
    context.close()
    return tnews_home


@pytest.fixture
def terminal(home: Path, request: pytest.FixtureRequest) -> Iterator[Tmux]:
    term = getattr(request, "param", "xterm-256color")
    env = {**os.environ, "TNEWS_HOME": str(home), "TERM": term}
    env.pop("NO_COLOR", None)
    tmux = Tmux([sys.executable, "-m", "tnews"], env=env)
    yield tmux
    tmux.close()


def council_rows(home: Path, width: int) -> list[str]:
    context = Context()
    article_id = next(
        a.id for a in context.store.list_articles(limit=50) if a.title.startswith(COUNCIL)
    )
    article = context.store.article(article_id)
    context.close()
    assert article is not None
    layout = ArticleLayout(article, LayoutOptions(), fetch_hint=FETCH_HINT)
    return [row.text.rstrip() for row in layout.rows(width)]


def open_council(tmux: Tmux) -> None:
    tmux.wait_for("Open")  # the footer: the reader is up
    tmux.send("4")  # the configured section ليبيا, numbered 4 after All, Unread, Bookmarks
    screen = tmux.wait_for("3 articles")  # the status line names the section it moved to
    assert "ﺎﻴﺒﻴﻟ" in "".join(screen)  # «ليبيا», shaped
    row = next(i for i, line in enumerate(screen) if "ﻲﺳﺎﺋﺮﻟﺍ ﺲﻠﺠﻤﻟﺍ" in line)
    first = next(i for i, line in enumerate(screen) if "●" in line or "★" in line)
    tmux.send(*["j"] * (row - first), "Enter")


def test_the_terminal_shows_the_engines_rows(terminal: Tmux, home: Path) -> None:
    open_council(terminal)
    screen = terminal.wait_for("ﻲﻠﻓﺭﻮﻟﺍ ﻢﻟﺎﺳ")  # the author, a row of the article header
    # Find the pane's text width from the screen itself: the layout at that width must
    # reproduce every visible row exactly, cell for cell.
    start = next(i for i, line in enumerate(screen) if "ﻲﺑﻭﺭﻭﻷﺍ ﺩﺎﺤﺗﻻﺍ" in line)
    shown = [line.rstrip() for line in screen[start:] if line.strip()]
    for width in range(60, 80):
        expected = [row for row in council_rows(home, width) if row.strip()]
        body = [line[1:].rstrip() for line in shown[: len(expected)]]
        if body == expected[: len(body)] and len(body) >= 5:
            break
    else:
        raise AssertionError("no width reproduces the screen:\n" + "\n".join(shown))
    assert all("\x1b" not in line for line in screen)


def test_walk_section_article_bookmark_back(terminal: Tmux) -> None:
    open_council(terminal)
    terminal.wait_for("ﻲﻠﻓﺭﻮﻟﺍ ﻢﻟﺎﺳ")
    terminal.send("b")
    terminal.wait_for("Bookmarked")
    terminal.send("Escape")
    screen = terminal.wait_for("★")
    assert any("★" in line and "ﻲﺳﺎﺋﺮﻟﺍ ﺲﻠﺠﻤﻟﺍ" in line for line in screen)
    terminal.send("Tab", "Tab")  # to the section list (one region at a time at 80x24)
    terminal.wait_for("Unread")
    terminal.send("3")  # Bookmarks
    screen = terminal.wait_for("1 article in Bookmarks")
    listed = [line for line in screen if "★" in line]
    assert len(listed) == 1
    terminal.send("Enter")
    terminal.wait_for("ﻲﻠﻓﺭﻮﻟﺍ ﻢﻟﺎﺳ")
    terminal.send("q")
    for _ in range(100):
        if not terminal.alive():
            break
        time.sleep(0.1)
    assert not terminal.alive()


@pytest.mark.parametrize("terminal", ["screen-256color", "linux", "xterm"], indirect=True)
def test_starts_and_quits_on_other_terminals(terminal: Tmux) -> None:
    screen = terminal.wait_for("Open")
    assert len(screen) >= 24
    terminal.send("Enter")
    terminal.wait_for("Bookmark")
    terminal.send("q")
    for _ in range(100):
        if not terminal.alive():
            break
        time.sleep(0.1)
    assert not terminal.alive()
