"""Misuse of the command line ends with the README's exit code and a sentence on stderr.

Each case runs the real `tnews` in a subprocess and checks stdout, stderr and the exit code
together."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.hostile.support import Home
from tests.support.feedserver import FeedServer


@pytest.fixture
def home(tnews_home: Path) -> Home:
    """A home whose config subscribes to nothing (the default subscriptions are real sites)."""
    h = Home(tnews_home)
    h.configure([])
    return h


@pytest.fixture
def fetched(home: Home, feed_server: FeedServer) -> Iterator[Home]:
    """A home with one Arabic feed fetched from a local server."""
    home.configure([feed_server.serve_fixture("arabic_rss2.xml")])
    home.fetch()
    yield home


def guide_ids(home: Home) -> list[int]:
    """The built-in guide's articles, there in every home from the first run."""
    done = home.run("list", "--json", "--section", "guide")
    assert done.returncode == 0, done.stderr
    return [json.loads(line)["id"] for line in done.stdout.splitlines()]


def clean(done: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in done.stderr, done.stderr
    assert "Error:" not in done.stderr and "Exception" not in done.stderr, done.stderr


def test_list_of_an_unknown_section_names_the_sections_there_are(fetched: Home) -> None:
    done = fetched.run("list", "--section", "رياضة")
    clean(done)
    assert done.returncode == 1
    assert done.stdout == ""
    assert "no section named 'رياضة'" in done.stderr
    for name in ("أخبار", "اقتصاد", "Guide"):
        assert name in done.stderr
    # A section there is still lists, whatever its spelling.
    known = fetched.run("list", "--section", "اخبار")
    assert known.returncode == 0 and known.stderr == ""
    assert known.stdout.count("\n") >= 1


def test_search_with_no_hits_and_an_empty_search(fetched: Home) -> None:
    done = fetched.run("search", "zzqqxx")
    clean(done)
    assert (done.returncode, done.stdout) == (1, "")
    assert "nothing found for 'zzqqxx'" in done.stderr
    as_json = fetched.run("search", "--json", "zzqqxx")
    assert (as_json.returncode, as_json.stdout) == (1, "")
    assert "nothing found" in as_json.stderr
    for nothing in ("  ", "***"):
        empty = fetched.run("search", nothing)
        clean(empty)
        assert (empty.returncode, empty.stdout) == (2, "")
        assert "empty search" in empty.stderr
    found = fetched.run("search", "طرابلس")
    assert found.returncode == 0 and found.stderr == "" and "طرابلس" not in found.stderr


def test_related_with_nothing_related(home: Home) -> None:
    guide = guide_ids(home)[0]
    done = home.run("related", str(guide))
    clean(done)
    assert (done.returncode, done.stdout) == (1, "")
    assert f"nothing related to article {guide}" in done.stderr
    as_json = home.run("related", "--json", str(guide))
    assert (as_json.returncode, as_json.stdout) == (1, "")


def test_removing_a_bookmark_that_is_not_there(home: Home) -> None:
    guide = guide_ids(home)[0]
    done = home.run("bookmark", str(guide), "--remove")
    clean(done)
    assert (done.returncode, done.stdout) == (1, "")
    assert f"article {guide} is not bookmarked" in done.stderr
    assert home.run("bookmark", str(guide)).returncode == 0
    removed = home.run("bookmark", str(guide), "--remove")
    assert (removed.returncode, removed.stderr) == (0, "")
    assert "removed bookmark" in removed.stdout


@pytest.mark.parametrize(
    ("content", "looks_like"),
    [
        (b"Dear reader,\nhere are my favourite sites.\n", "plain text"),
        (b"<!DOCTYPE html>\n<html><head><title>x</title></head><body></body></html>", "HTML"),
        (b'{"feeds": ["https://a.example/rss"]}', "JSON"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b'<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>', "RSS feed"),
        (b"", "empty"),
    ],
)
def test_import_of_neither_opml_nor_urls(
    home: Home, tmp_path: Path, content: bytes, looks_like: str
) -> None:
    path = tmp_path / "subscriptions"
    path.write_bytes(content)
    before = (home.root / "config" / "config.toml").read_text("utf-8")
    done = home.run("import", str(path))
    clean(done)
    assert (done.returncode, done.stdout) == (1, "")
    assert "neither OPML nor a urls file" in done.stderr
    assert looks_like in done.stderr
    assert (home.root / "config" / "config.toml").read_text("utf-8") == before


def test_bookmarks_import_of_a_file_that_is_not_an_export(home: Home, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<html><body><p>not an export</p></body></html>", "utf-8")
    done = home.run("bookmarks", "import", str(page))
    clean(done)
    assert (done.returncode, done.stdout) == (1, "")
    assert "is not a tnews bookmarks export" in done.stderr
    assert "an HTML page" in done.stderr
    assert "Expecting value" not in done.stderr  # the JSON parser's own words
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"something": "else"}), "utf-8")
    done = home.run("bookmarks", "import", str(other))
    clean(done)
    assert done.returncode == 1 and "JSON but not a tnews bookmarks export" in done.stderr


def test_every_json_date_has_a_zone(fetched: Home) -> None:
    guide = guide_ids(fetched)[0]
    assert fetched.run("bookmark", str(guide)).returncode == 0
    outputs = {
        "list": fetched.run("list", "--json"),
        "search": fetched.run("search", "--json", "طرابلس"),
        "bookmarks": fetched.run("bookmarks", "--json"),
        "feeds": fetched.run("feeds", "--json"),
    }
    dates = 0
    for command, done in outputs.items():
        assert done.returncode == 0, (command, done.stderr)
        for line in done.stdout.splitlines():
            for key, value in json.loads(line).items():
                if key in ("published", "last_success") and value is not None:
                    dates += 1
                    assert value.endswith("Z") or value[-6] in "+-", (command, key, value)
                    assert value[10] == "T", (command, key, value)
    assert dates >= 6
