"""An article's date is the publisher's: from the feed, else from the article page; when
neither gives one, the time it was first seen stands in and every view says so."""

from __future__ import annotations

import json
import os
import re
from datetime import UTC, date, datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import pytest

from tests.hostile.support import Home
from tests.support.feedserver import FeedServer

PAGES = Path(__file__).parent.parent / "content" / "fixtures"
SUMMARY = "ملخص قصير للخبر كما يأتي في الموجز…"
# The fixture pages are dated for this day; tests move their dates to the pinned "now".
WRITTEN_FOR = date(2026, 12, 1)
_DAY = re.compile(rb"\d{4}-\d{2}-\d{2}")


def now() -> datetime:
    return datetime.fromisoformat(os.environ["TNEWS_NOW"].replace("Z", "+00:00"))


def shift(text: str) -> str:
    """A fixture's date moved by as many days as the pinned now is from WRITTEN_FOR."""
    return (datetime.fromisoformat(text) + (now().date() - WRITTEN_FOR)).isoformat()


def at(text: str) -> str:
    """The ISO UTC form `list --json` gives for a fixture's (shifted) time."""
    moved = datetime.fromisoformat(shift(text)).astimezone(UTC)
    return moved.isoformat().replace("+00:00", "Z")


def local(text: str, form: str) -> str:
    """A fixture's (shifted) time as the views show it, in the local zone."""
    return datetime.fromtimestamp(datetime.fromisoformat(shift(text)).timestamp()).strftime(form)


def feed(server: FeedServer) -> str:
    def page(name: str, path: str) -> str:
        days = now().date() - WRITTEN_FOR
        body = _DAY.sub(
            lambda m: (date.fromisoformat(m[0].decode()) + days).isoformat().encode(),
            (PAGES / name).read_bytes(),
        )
        return server.serve(path, body, content_type="text/html; charset=utf-8")

    dated = datetime.fromisoformat(shift("2026-11-29T07:00:00+00:00"))
    items = [
        ("undated-json-ld", page("khabaronline_lead.html", "/p/exports"), ""),
        (
            "day-only",
            page("sputnik_lead.html", "/p/russia-china"),
            f"<dc:date>{shift('2026-11-28T00:00:00')[:10]}</dc:date>",
        ),
        (
            "dated",
            page("time_only_dateline.html", "/p/geneva"),
            f"<pubDate>{format_datetime(dated, usegmt=True)}</pubDate>",
        ),
        ("undated-nowhere", page("undated.html", "/p/farmers"), ""),
    ]
    body = "".join(
        f"<item><guid>{guid}</guid><title>{guid}</title><link>{link}</link>{date}"
        f"<description>{SUMMARY}</description></item>"
        for guid, link, date in items
    )
    return server.serve(
        "/feed.xml",
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Dates</title>'
        f"<link>{server.base}/</link>{body}</channel></rss>",
    )


def listed(home: Home) -> dict[str, dict[str, Any]]:
    return {item["title"]: item for item in home.list_json()}


@pytest.fixture
def home(tnews_home: Path, feed_server: FeedServer) -> Home:
    h = Home(tnews_home)
    h.configure([feed(feed_server)], keep_days=36500)
    h.fetch()
    return h


def test_no_date_is_first_seen_until_the_page_gives_one(home: Home) -> None:
    first_seen = now().astimezone(UTC).isoformat().replace("+00:00", "Z")
    items = listed(home)
    assert items["undated-json-ld"]["published"] == first_seen
    assert items["undated-json-ld"]["first_seen"] is True
    assert items["undated-nowhere"]["first_seen"] is True
    assert items["dated"] == {**items["dated"], "published": at("2026-11-29T07:00:00+00:00")}
    assert items["dated"]["first_seen"] is False
    human = home.run("list")
    row = next(line for line in human.stdout.splitlines() if "undated-json-ld" in line)
    seen_local = datetime.fromtimestamp(now().timestamp())
    assert f"~{seen_local:%H:%M}" in row  # the first-seen time, marked as such
    first_read = home.run("read", str(items["undated-json-ld"]["id"]), "--width", "80")
    assert f"first seen {seen_local:%Y-%m-%d %H:%M}" in first_read.stdout

    for title in items:
        done = home.run("read", str(items[title]["id"]), "--fetch", "--width", "80")
        assert done.returncode == 0, done.stderr
    items = listed(home)
    # The page's JSON-LD datePublished, where the feed gave none.
    assert items["undated-json-ld"]["published"] == at("2026-11-27T14:30:00+03:30")
    assert items["undated-json-ld"]["first_seen"] is False
    # The feed gave only a day: the page's article:published_time gives the time of day.
    assert items["day-only"]["published"] == at("2026-11-28T09:15:00+03:00")
    # The feed's own date stands, whatever the page says.
    assert items["dated"]["published"] == at("2026-11-29T07:00:00+00:00")
    # Nobody gave a date: still the first-seen time, still said.
    assert items["undated-nowhere"] == {**items["undated-nowhere"], "published": first_seen}
    assert items["undated-nowhere"]["first_seen"] is True
    read = home.run("read", str(items["undated-json-ld"]["id"]), "--width", "80")
    assert "first seen" not in read.stdout
    assert local("2026-11-27T14:30:00+03:30", "%Y-%m-%d %H:%M") in read.stdout
    assert "first seen" in home.run("read", str(items["undated-nowhere"]["id"])).stdout


def test_json_dates_carry_a_zone(home: Home) -> None:
    for item in home.list_json():
        assert item["published"].endswith("Z")
        datetime.fromisoformat(item["published"])
    done = home.run("feeds", "--json")
    for line in done.stdout.splitlines():
        feed_row = json.loads(line)
        if feed_row["last_success"]:
            assert feed_row["last_success"].endswith("Z")
