"""In a real terminal at 80x24, where one region shows at a time: the bottom line names the
section chosen, and a restart opens where the reader was left."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from tests.support.feedserver import FIXTURES
from tests.support.tmux import Tmux
from tests.ui.conftest import write_config
from tnews.cli.context import Context
from tnews.prepare import prepare_feed
from tnews.store.models import Section

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


def _home(home: Path) -> dict[str, str]:
    url = "https://world.example.org/rss"
    write_config([(url, "World")], "full_text = false")
    context = Context()
    feed = next(f for f in context.store.feeds() if f.url == url)
    context.store.apply_feed(
        feed.id, prepare_feed((FIXTURES / "english_rss1.rdf").read_bytes(), url)
    )
    context.close()
    env = {**os.environ, "TNEWS_HOME": str(home), "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    return env


def _status(screen: list[str]) -> str:
    """The status line: the row above the keys footer."""
    rows = [row for row in screen if row.strip()]
    return rows[-2].strip() if len(rows) >= 2 else ""


def test_the_section_is_named_and_found_again_after_a_restart(tnews_home: Path) -> None:
    env = _home(tnews_home)
    tmux = Tmux([sys.executable, "-m", "tnews"], env=env)
    try:
        tmux.wait_for("palette")
        assert _status(tmux.settled()).startswith("4 articles in All, 4 unread")
        tmux.send("u")  # an action with a message of its own
        tmux.wait_for("Nothing to undo")
        names = [s.name for s in _sections(tnews_home)]
        tmux.send(str(names.index("World") + 1))
        tmux.wait_for("2 articles in World, 2 unread")
        screen = tmux.settled()
        assert not any("Nothing to undo" in row for row in screen), "\n".join(screen)
        tmux.send("j", "q")
        for _ in range(50):
            if not tmux.alive():
                break
            tmux.settled(0.2)
    finally:
        tmux.close()
    again = Tmux([sys.executable, "-m", "tnews"], env=env)
    try:
        again.wait_for("palette")
        screen = again.wait_for("2 articles in World")
        assert _status(screen).startswith("2 articles in World, 2 unread"), "\n".join(screen)
    finally:
        again.close()


def _sections(home: Path) -> list[Section]:
    context = Context()
    try:
        return context.store.sections()
    finally:
        context.close()
