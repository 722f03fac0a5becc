"""Every screen of the reader in a real terminal (tmux) at 80x24, 120x35 and 200x50, over a
local site: nothing Arabic unshaped, the reading pane exactly the engine's rows for the width
it shows, right-to-left paragraphs at its right edge, every field whole; and the command
line's human output on a pseudo-terminal."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from tests.conftest import DEFAULT_NOW, DEFAULT_TZ
from tests.support.feedserver import FeedServer
from tests.support.tmux import Tmux
from tests.terminal.screens import BASE_LETTER, Pane, plain_problems
from tests.terminal.site import (
    DAILY,
    ENGLISH_TITLE,
    LONG_TITLE,
    MAGHREB,
    OLD_TITLE,
    QUERY,
    SECTION,
    SHORT_TITLE,
    serve_site,
)
from tnews.cli.context import Context
from tnews.layout import layout_field
from tnews.paths import get_paths
from tnews.render import short_time
from tnews.store.models import Article

pytestmark = pytest.mark.skipif(
    subprocess.run(["which", "tmux"], capture_output=True).returncode != 0,
    reason="tmux is not installed",
)

SIZES = [(80, 24), (120, 35), (200, 50)]
# Where each size goes when the window is resized.
RESIZED = {(80, 24): (120, 35), (120, 35): (80, 24), (200, 50): (120, 35)}


def shaped(text: str) -> str:
    """Text as the engine shows it on one line (shaped, in visual order)."""
    return layout_field(text, 500).text


@dataclass
class Site:
    """A home fetched from the local site, and the stored articles."""

    home: Path
    env: dict[str, str]
    articles: dict[str, Article]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The site served on 127.0.0.1 and fetched by `tnews fetch` into a home of its own."""
    home = tmp_path_factory.mktemp("screens") / "home"
    moment = os.environ.get("TNEWS_TEST_NOW") or DEFAULT_NOW
    env = {
        **os.environ,
        "TNEWS_HOME": str(home),
        "TNEWS_NOW": moment,
        "TZ": os.environ.get("TNEWS_TEST_TZ") or DEFAULT_TZ,
        "TERM": "xterm-256color",
    }
    env.pop("NO_COLOR", None)
    server = FeedServer().start()
    urls = serve_site(server, datetime.fromisoformat(moment).timestamp())
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TNEWS_HOME", str(home))
        paths = get_paths().ensure()
        feeds = "".join(f'[[feeds]]\nurl = "{url}"\n' for url in urls)
        paths.config_file.write_text(
            f"[settings]\nfull_text = false\nkeep_days = 100000\n{feeds}", encoding="utf-8"
        )
        done = subprocess.run(
            [sys.executable, "-m", "tnews", "fetch", "--quiet"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        context = Context()
        stored = [context.store.article(a.id) for a in context.store.list_articles(limit=50)]
        context.close()
    articles = {a.title: a for a in stored if a is not None}
    assert {LONG_TITLE, SHORT_TITLE, ENGLISH_TITLE, OLD_TITLE} <= set(articles)
    yield Site(home, env, articles)
    server.stop()


@dataclass
class Reader:
    """The reader running in tmux at one size."""

    tmux: Tmux
    width: int
    height: int
    site: Site

    def press(self, *keys: str, until: str = "") -> list[str]:
        """Type keys, wait for text (if given) and for the screen to settle; check it."""
        for index, key in enumerate(keys):
            if key.startswith("text:"):
                self.tmux.type(key[5:])
            else:
                self.tmux.send(key)
            if key == "Escape" and keys[index + 1 : index + 2] != ("Escape",):
                # A key sent right after Escape would arrive as Alt+key.
                time.sleep(0.3)
        if until:
            self.tmux.wait_for(until, timeout=15)
        screen = self.tmux.settled()
        problems = plain_problems(screen, self.width, self.height)
        assert not problems, "\n".join([*problems, *screen])
        footer = screen[self.height - 1]
        if "palette" in footer:  # the key footer shows (no prompt over it): nothing cut
            assert "q Quit" in footer and "? Help" in footer, footer
        return screen

    def pane(self, screen: list[str]) -> None:
        """The reading pane shows an article exactly as the engine lays it out."""
        problems = Pane.at(self.width, self.height).problems(
            screen, list(self.site.articles.values())
        )
        assert not problems, "\n".join(problems)

    def section(self, name: str) -> list[str]:
        """Go to a section by name through the section picker, with no dialog left open."""
        self.press("Escape", "Escape", "Escape")
        self.press("s", until="Sections")
        self.press("text:" + name, until=shaped(name))
        self.press("Enter")
        for _ in range(50):
            if not any("Sections" in row for row in self.tmux.screen()):
                break
            time.sleep(0.1)
        return self.press("g")

    def home_list(self) -> None:
        """Back to the All section's first article."""
        self.section("All")

    def open_long(self) -> list[str]:
        """The long Arabic article, opened from its section (newest first there, whatever
        the day: the other article of the section is years older)."""
        self.section(SECTION)
        return self.press("Enter", until=shaped(LONG_TITLE)[:20])


@pytest.fixture(scope="module", params=SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def reader(request: pytest.FixtureRequest, site: Site) -> Iterator[Reader]:
    width, height = request.param
    tmux = Tmux([sys.executable, "-m", "tnews"], env=site.env, width=width, height=height)
    tmux.wait_for("palette")  # the footer: the reader is up
    yield Reader(tmux, width, height, site)
    tmux.close()


def shown_title(screen: list[str], title: str) -> bool:
    return any(shaped(title) in row for row in screen)


def test_list_and_reading_pane(reader: Reader) -> None:
    reader.home_list()
    screen = reader.press()
    assert shown_title(screen, LONG_TITLE)
    if reader.width >= 200:
        # The feed column widens when there is room: the long feed name whole.
        assert any(shaped(MAGHREB) in row for row in screen), "\n".join(screen)
    # The section holds the long article and, years older, the old one.
    reader.pane(reader.open_long())
    for keys, title in ((["J"], OLD_TITLE), (["K"], LONG_TITLE), (["n"], ""), (["H"], "")):
        reader.pane(reader.press(*keys, until=shaped(title)[:20] if title else ""))
    reader.pane(reader.press("L"))
    width, height = RESIZED[(reader.width, reader.height)]
    reader.tmux.resize(width, height)
    try:
        time.sleep(0.3)
        resized = Reader(reader.tmux, width, height, reader.site)
        resized.pane(resized.press())
    finally:
        reader.tmux.resize(reader.width, reader.height)
        time.sleep(0.3)
    reader.pane(reader.press())


def test_related_and_an_entry_followed(reader: Reader) -> None:
    reader.open_long()
    screen = reader.press("R", until="Related to:")
    old = reader.site.articles[OLD_TITLE]
    date = short_time(old.published)
    # The entry's own row (its title's first words, one row) holds its date whole.
    row = next((r for r in screen if date in r and "│ ●" in r), "")
    assert "●" in row and shaped("أمريكا وفرنسا") in row, "\n".join(screen)
    if reader.width >= 120:
        assert shaped(DAILY) in row, row  # the right-to-left source whole, on the same row
    # j moves in the list (it is not typed into the filter): the second entry is followed.
    reader.press("j")
    screen = reader.press("Enter", until=shaped(OLD_TITLE)[:20])
    reader.pane(screen)


def test_inputs_show_what_is_typed(reader: Reader) -> None:
    reader.home_list()
    reader.press("/", until="Search:")
    screen = reader.press("text:" + QUERY)
    prompt = screen[screen.index(next(r for r in screen if r.startswith(" Search:"))) + 1]
    assert shaped(QUERY) in prompt, "\n".join(screen)  # what is typed shows, shaped
    screen = reader.press("Enter", until="articles")
    reader.home_list()
    screen = reader.press("s", until="Sections")
    listed = sum(1 for row in screen if "All" in row or "Unread" in row or "Bookmarks" in row)
    screen = reader.press("j", "k")
    assert "Type to filter" in "".join(screen), "\n".join(screen)  # j/k typed nothing
    assert sum(1 for r in screen if "All" in r or "Unread" in r or "Bookmarks" in r) == listed
    screen = reader.press("text:" + SECTION[:3])
    assert shown_title(screen, SECTION[:3]), "\n".join(screen)
    assert shown_title(screen, SECTION)
    reader.press("Escape")
    screen = reader.press("F", until="Feeds")
    if reader.width >= 120:
        assert shown_title(screen, MAGHREB), "\n".join(screen)
    reader.press("Escape")


def test_help_palette_bookmarks_and_refresh(reader: Reader) -> None:
    reader.open_long()
    reader.press("?", until="Page down")
    reader.press("?")
    reader.press("C-p")
    reader.press("Escape")
    reader.press("b", until="Bookmarked")
    screen = reader.section("Bookmarks")
    assert shown_title(screen, LONG_TITLE)
    reader.press("b")  # the bookmark off again, for the next size
    reader.press("r", until="Refreshed")


def on_pty(env: dict[str, str], *args: str) -> str:
    """Run tnews on a pseudo-terminal 120 columns wide; returns what it printed."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "tnews", *args], stdin=slave, stdout=slave, stderr=slave, env=env
    )
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    process.wait(timeout=60)
    os.close(master)
    return out.decode("utf-8", "replace")


def test_command_line_output_is_laid_out(site: Site, tnews_home: Path) -> None:
    long_id = next(a.id for a in site.articles.values() if a.title == LONG_TITLE)
    short_id = next(a.id for a in site.articles.values() if a.title == SHORT_TITLE)
    env = {**site.env, "TERM": "dumb"}
    outputs = {
        "feeds": on_pty(env, "feeds"),
        "list": on_pty(env, "list"),
        "related": on_pty(env, "related", str(long_id)),
        "search": on_pty(env, "search", QUERY),
        "bookmark": on_pty(env, "bookmark", str(short_id)),
        "bookmarks": on_pty(env, "bookmarks"),
        "unbookmark": on_pty(env, "bookmark", "--remove", str(short_id)),
        "read": on_pty(env, "read", str(long_id)),
        # A home of its own: adding must not change the site's subscriptions.
        "add": on_pty(
            {**env, "TNEWS_HOME": str(tnews_home)},
            "add",
            "http://127.0.0.1:9/feed.xml",
            "--section",
            SECTION,
        ),
    }
    for name, out in outputs.items():
        assert out.strip(), name
        unshaped = [line for line in out.splitlines() if BASE_LETTER.search(line)]
        assert not unshaped, f"tnews {name}: " + "\n".join(unshaped)
    assert shaped(MAGHREB) in outputs["feeds"]
    assert shaped(SECTION) in outputs["add"]
    assert shaped(SHORT_TITLE) in outputs["bookmark"]
    # --json stays logical.
    assert MAGHREB in on_pty(env, "feeds", "--json")
