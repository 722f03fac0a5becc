"""Feed text cannot act on the terminal through the command line, piped or on a pty."""

from __future__ import annotations

import os
import pty
import re
import subprocess
from collections.abc import Iterator

import pytest

from tests.hostile.payloads import (
    SEQUENCES,
    SOUP,
    bidi_controls,
    entity_feed,
    foreign_bytes,
    raw_feed,
)
from tests.hostile.support import TNEWS, Home, ServerThread, body, limit_resources
from tests.net import routes

PTY_READ_LIMIT = 4 * 1024 * 1024


def run_on_pty(home: Home, *args: str, no_color: bool) -> bytes:
    """Run tnews with stdout on a real pseudo-terminal; returns every byte it wrote there."""
    master, slave = pty.openpty()
    env = home.env({"NO_COLOR": "1"} if no_color else {"TERM": "xterm-256color"})
    if not no_color:
        env.pop("NO_COLOR", None)
    try:
        proc = subprocess.Popen(
            [*TNEWS, *args],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=slave,
            stderr=subprocess.PIPE,
            preexec_fn=limit_resources,
        )
    finally:
        os.close(slave)
    chunks: list[bytes] = []
    total = 0
    try:
        while total < PTY_READ_LIMIT:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the child closed its side
                break
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    finally:
        os.close(master)
        _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    # The pty turns each newline into CR LF; that CR is the terminal's, not the program's.
    return b"".join(chunks).replace(b"\r\n", b"\n")


@pytest.fixture(scope="module")
def hostile_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Home]:
    """A store fetched from feeds full of escape sequences, plus failures that quote them."""
    # Module-wide: the store is only read after this, and every test reads it many ways.
    home = Home(tmp_path_factory.mktemp("hostile") / "home")
    with ServerThread() as server:
        yield _fill(home, server)


def _fill(home: Home, server: ServerThread) -> Home:
    escapes = "".join(SEQUENCES.values())
    server.routes.update(
        {
            "/raw": body(raw_feed()),
            "/entity": body(entity_feed()),
            "/reason": routes.status(503, f"Busy{escapes}now", [("Retry-After", escapes)]),
            "/moved": routes.redirect(302, f"gopher://evil.example/{escapes}"),
            "/garbage-location": routes.redirect(301, f"http://[{escapes}"),
            "/blocked": routes.status(429, "Slow down", [("Retry-After", f"120{escapes}")]),
        }
    )
    urls = [
        server.url(p)
        for p in ("/raw", "/entity", "/reason", "/moved", "/garbage-location", "/blocked")
    ]
    home.configure(urls)
    done = home.fetch()
    assert foreign_bytes(done.stdout.encode(), sgr_allowed=False) == [], done.stdout
    assert foreign_bytes(done.stderr.encode(), sgr_allowed=False) == [], done.stderr
    return home


def test_fetch_stores_the_text_without_its_attacks(hostile_home: Home) -> None:
    items = hostile_home.list_json()
    assert len(items) == 2
    alpha = next(i for i in items if i["title"].startswith("ALPHA"))
    assert re.fullmatch(r"ALPHA\S* BRAVO \S*CHARLIE", alpha["title"]), alpha["title"]
    assert re.fullmatch(r"Evil\S* \S*feed", alpha["feed"]), alpha["feed"]
    assert any(i["title"] == "JULIET entity title" for i in items)
    # Everything stored, from any column, is free of controls.
    stored = hostile_home.sql("SELECT * FROM articles")
    stored += hostile_home.sql("SELECT * FROM feeds")
    stored += hostile_home.sql("SELECT * FROM article_sections")
    for row in stored:
        for value in row:
            if isinstance(value, str):
                assert foreign_bytes(value.encode(), sgr_allowed=False) == [], value


def test_error_messages_are_clean(hostile_home: Home) -> None:
    feeds = hostile_home.feeds_json()
    errors = {url.rsplit("/", 1)[-1]: f["error"] for url, f in feeds.items() if f["error"]}
    assert set(errors) >= {"reason", "moved", "garbage-location", "blocked"}
    for message in errors.values():
        assert foreign_bytes(message.encode(), sgr_allowed=False) == [], message
    done = hostile_home.run("feeds")
    assert foreign_bytes(done.stdout.encode(), sgr_allowed=False) == [], done.stdout


@pytest.fixture(scope="module")
def article_ids(hostile_home: Home) -> dict[str, int]:
    """The stored hostile articles' ids: raw control bytes, and entity-encoded ones."""
    items = hostile_home.list_json()
    return {
        "raw": next(i["id"] for i in items if i["title"].startswith("ALPHA")),
        "entity": next(i["id"] for i in items if i["title"] == "JULIET entity title"),
    }


# Without a terminal, and with NO_COLOR, colour is off by the same rule; a pipe with
# NO_COLOR adds nothing a plain pipe does not already check.
@pytest.mark.parametrize(
    ("terminal", "commands"),
    [
        ("pipe", ("list", "read raw", "read entity", "feeds", "search BRAVO")),
        ("pty", ("list", "read raw", "read entity", "feeds", "search BRAVO")),
        ("pty NO_COLOR", ("list", "read raw")),
        ("pipe NO_COLOR", ("read raw",)),
    ],
)
def test_output_holds_no_escape_but_colour(
    hostile_home: Home, article_ids: dict[str, int], terminal: str, commands: tuple[str, ...]
) -> None:
    no_color = "NO_COLOR" in terminal
    colour = terminal == "pty"
    sgr_seen = False
    for command in commands:
        args = command.split()
        if args[0] == "read":
            args[1] = str(article_ids[args[1]])
        if terminal.startswith("pty"):
            out = run_on_pty(hostile_home, *args, no_color=no_color)
        else:
            done = hostile_home.run(*args, env={"NO_COLOR": "1"} if no_color else None)
            assert done.returncode == 0, done.stderr
            out = done.stdout.encode()
        assert foreign_bytes(out, sgr_allowed=colour) == [], (args, out)
        if not colour:
            assert b"\x1b" not in out, (args, out)
        sgr_seen = sgr_seen or b"\x1b[" in out
        assert bidi_controls(out.decode()) == []
        if command == "read raw":
            plain = re.sub(r"\x1b\[[0-9;]*m", "", out.decode())
            for word in ("DELTA", "ECHO", "FOXTROT", "GOLF"):
                assert word in plain
    # On a terminal without NO_COLOR there is colour, so the check above saw real SGR.
    assert sgr_seen == colour


@pytest.mark.parametrize("bidi", ["app", "terminal", "off"])
def test_each_article_is_one_list_row_with_its_whole_title(hostile_home: Home, bidi: str) -> None:
    done = hostile_home.run("list", "--bidi", bidi, env={"NO_COLOR": "1"})
    lines = done.stdout.splitlines()
    assert len(lines) == 4  # two hostile articles and the two guide articles
    alpha = [line for line in lines if "ALPHA" in line]
    assert len(alpha) == 1
    # The row is cut to 80 columns, but what it shows is the title's own words, in order.
    assert re.search(r"ALPHA\S* BRAVO ", alpha[0]), alpha[0]
    assert re.search(r" Evil\S* ", alpha[0]), alpha[0]


def test_payload_really_is_in_the_feed() -> None:
    # The attacks must reach the parser: a payload lost on the way in would prove nothing.
    data = raw_feed()
    for sequence in SEQUENCES.values():
        assert sequence.encode() in data
    assert SOUP.encode() in data
