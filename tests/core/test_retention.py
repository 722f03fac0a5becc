"""Retention users can trust: what a feed carries is stored and listed whatever its age, and
only what has left the feed (read, old, not bookmarked) is ever forgotten, and said so."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from tests.core.test_cli import run
from tests.support.feedserver import FeedServer
from tnews import clock
from tnews.paths import get_paths

DAY = 86400.0


def rss(
    title: str, items: list[tuple[str, str, float]], link: str = "https://old.example.org/"
) -> str:
    """An RSS feed of (guid, title, days before now) items, each linked under link."""
    now = clock.now()
    entries = "".join(
        f"""<item><guid>{escape(link)}{guid}</guid><title>{escape(name)}</title>
        <link>{escape(link)}{guid}</link>
        <pubDate>{format_datetime(datetime.fromtimestamp(now - days * DAY, UTC))}</pubDate>
        <description>{escape(name)} في التفاصيل</description></item>"""
        for guid, name, days in items
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>{escape(link)}</link>{entries}</channel></rss>"
    )


# A quiet monthly column: four months, two and a half years and ten years old.
OLD_ITEMS = [
    ("a1", "مقال الشهر الماضي", 120.0),
    ("a2", "مقال قديم عن الاقتصاد", 900.0),
    ("a3", "مقال من الأرشيف", 3650.0),
]


def configure(settings: str = "") -> None:
    """An empty subscription list (no real sites), with these [settings] lines. The items
    link to sites that do not exist: their pages are not asked for (that is another test's)."""
    paths = get_paths().ensure()
    paths.config_file.write_text(f'[settings]\nfull_text = "never"\n{settings}\n', encoding="utf-8")


def subscribed(feed_server: FeedServer, capsys: pytest.CaptureFixture[str]) -> str:
    """The monthly column of old items served, subscribed to and fetched once; its URL."""
    url = feed_server.serve("/column.xml", rss("عمود شهري", OLD_ITEMS))
    run(capsys, "add", url)
    run(capsys, "fetch")
    return url


def titles(capsys: pytest.CaptureFixture[str], *extra: str) -> list[str]:
    code, out, _ = run(capsys, "list", "--json", "--limit", "1000", *extra)
    assert code == 0
    return [str(json.loads(line)["title"]) for line in out.splitlines()]


def feed_titles(capsys: pytest.CaptureFixture[str]) -> list[str]:
    """Titles of the subscribed feeds' articles (the built-in guide left out)."""
    code, out, _ = run(capsys, "list", "--json", "--limit", "1000")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    return sorted(str(r["title"]) for r in rows if "old.example.org" in str(r["url"]))


def last_request(server: FeedServer, path: str) -> dict[str, str]:
    return [h for p, h in server.requests if p == path][-1]


def test_a_feed_of_old_items_lists_every_item_on_the_first_fetch(
    feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    configure()
    url = feed_server.serve("/column.xml", rss("عمود شهري", OLD_ITEMS))
    assert run(capsys, "add", url)[0] == 0
    code, out, err = run(capsys, "fetch")
    assert (code, err) == (0, "")
    assert out == "1 feeds: 1 ok, 0 failed, 3 new articles\n"
    assert feed_titles(capsys) == sorted(t for _, t, _ in OLD_ITEMS)
    # Each keeps the date the feed gave it, in ISO 8601 with its zone.
    _, out, _ = run(capsys, "list", "--json", "--limit", "1000")
    dates = {json.loads(x)["title"]: json.loads(x)["published"] for x in out.splitlines()}
    expected = datetime.fromtimestamp(clock.now() - 3650 * DAY, UTC).replace(microsecond=0)
    assert datetime.fromisoformat(dates["مقال من الأرشيف"].replace("Z", "+00:00")) == expected


def test_old_items_stay_on_every_later_fetch(
    feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    configure("keep_days = 30")
    subscribed(feed_server, capsys)
    # The feed changes (a new item): the old ones it still carries are still listed.
    feed_server.serve("/column.xml", rss("عمود شهري", [("a4", "مقال جديد", 1.0), *OLD_ITEMS]))
    code, out, _ = run(capsys, "fetch")
    assert code == 0 and out == "1 feeds: 1 ok, 0 failed, 1 new articles\n"
    assert len(feed_titles(capsys)) == 4


def test_keep_days_grown_shows_every_item(
    feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    configure("keep_days = 30")
    subscribed(feed_server, capsys)
    text = get_paths().config_file.read_text(encoding="utf-8")
    get_paths().config_file.write_text(text.replace("keep_days = 30", "keep_days = 5000"))
    assert run(capsys, "fetch")[0] == 0
    assert feed_titles(capsys) == sorted(t for _, t, _ in OLD_ITEMS)


def test_keep_per_feed_never_removes_what_the_feed_carries(
    feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    configure("keep_per_feed = 1")
    subscribed(feed_server, capsys)
    run(capsys, "fetch", "--force")
    assert len(feed_titles(capsys)) == 3


def test_only_read_articles_that_left_the_feed_are_forgotten_and_the_fetch_says_so(
    feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    configure("keep_days = 30")
    subscribed(feed_server, capsys)
    _, out, _ = run(capsys, "list", "--json", "--limit", "1000")
    ids = {json.loads(x)["title"]: json.loads(x)["id"] for x in out.splitlines()}
    read_and_gone, bookmarked, unread = (ids[t] for _, t, _ in OLD_ITEMS)
    assert run(capsys, "read", str(read_and_gone), "--mark-read", "--width", "60")[0] == 0
    assert run(capsys, "read", str(bookmarked), "--mark-read", "--width", "60")[0] == 0
    assert run(capsys, "bookmark", str(bookmarked))[0] == 0
    # The feed moves on: none of the three is in it any more.
    feed_server.serve("/column.xml", rss("عمود شهري", [("a9", "مقال اليوم", 0.5)]))
    code, out, err = run(capsys, "fetch")
    assert (code, err) == (0, "")
    assert out == (
        "1 feeds: 1 ok, 0 failed, 1 new articles, 1 read articles no feed carries any more "
        "forgotten (older than 30 days or past 1000 per feed)\n"
    )
    kept = feed_titles(capsys)
    assert kept == sorted(["مقال اليوم", OLD_ITEMS[1][1], OLD_ITEMS[2][1]])


def test_remove_then_add_is_a_fresh_subscription(
    feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    configure()
    url = subscribed(feed_server, capsys)
    assert run(capsys, "remove", url)[0] == 0
    assert feed_titles(capsys) == []
    assert run(capsys, "add", url)[0] == 0
    code, out, _ = run(capsys, "fetch")
    assert code == 0 and out == "1 feeds: 1 ok, 0 failed, 3 new articles\n"
    request = last_request(feed_server, "/column.xml")
    assert "If-None-Match" not in request and "If-Modified-Since" not in request
    assert len(feed_titles(capsys)) == 3


def test_force_sends_no_validators(
    feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    configure()
    subscribed(feed_server, capsys)
    run(capsys, "fetch")
    assert last_request(feed_server, "/column.xml").get("If-None-Match")
    assert run(capsys, "fetch", "--force")[0] == 0
    request = last_request(feed_server, "/column.xml")
    assert "If-None-Match" not in request and "If-Modified-Since" not in request


def test_feeds_says_not_fetched_yet_then_what_each_holds_and_when(
    feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    configure()
    url = feed_server.serve("/column.xml", rss("عمود شهري", OLD_ITEMS))
    run(capsys, "add", url)
    code, out, err = run(capsys, "feeds")
    assert (code, err) == (0, "")
    line = next(x for x in out.splitlines() if url in x)
    assert line.endswith("not fetched yet") and " ok" not in line
    run(capsys, "fetch")
    # In logical order, to compare with the feed's own words (the app mode shapes them).
    code, out, _ = run(capsys, "feeds", "--bidi", "off")
    line = next(x for x in out.splitlines() if url in x)
    assert "   3/3     عمود شهري" in line
    assert line.split(">  ")[-1].startswith("ok, fetched ")
    _, out, _ = run(capsys, "feeds", "--json")
    row = next(json.loads(x) for x in out.splitlines() if url in x)
    assert row["articles"] == 3 and row["state"] == "ok"
    moment = datetime.fromisoformat(str(row["last_success"]).replace("Z", "+00:00"))
    assert moment.tzinfo is not None and moment.timestamp() == pytest.approx(clock.now())


def test_fetch_quiet_prints_nothing_when_every_feed_worked(
    feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    configure()
    run(capsys, "add", feed_server.serve("/column.xml", rss("عمود شهري", OLD_ITEMS)))
    assert run(capsys, "fetch", "--quiet") == (0, "", "")
    run(capsys, "add", feed_server.url("/missing.xml"))
    code, out, err = run(capsys, "fetch", "--quiet")
    assert (code, out) == (0, "")
    assert err.startswith("tnews: failed: ") and "HTTP 404" in err


def test_export_names_each_feed_and_a_round_trip_keeps_the_names(
    feed_server: FeedServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    configure()
    url = feed_server.serve("/column.xml", rss("عمود شهري", OLD_ITEMS))
    named = feed_server.serve("/named.xml", rss("اسم الموقع", OLD_ITEMS[:1]))
    run(capsys, "add", url)
    run(capsys, "add", named, "--title", "اسمي أنا")
    run(capsys, "fetch")
    code, opml, _ = run(capsys, "export", "--opml")
    assert code == 0
    assert 'title="عمود شهري"' in opml and 'title="اسمي أنا"' in opml
    path = tmp_path / "subs.opml"
    path.write_text(opml, encoding="utf-8")
    configure()
    assert run(capsys, "import", str(path))[0] == 0
    code, out, _ = run(capsys, "feeds", "--json")
    names = {json.loads(x)["url"]: json.loads(x)["title"] for x in out.splitlines()}
    assert names[url] == "عمود شهري" and names[named] == "اسمي أنا"


def test_bookmarks_import_counts_a_stored_article_it_bookmarks_as_added(
    feed_server: FeedServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    configure()
    run(capsys, "add", feed_server.serve("/column.xml", rss("عمود شهري", OLD_ITEMS)))
    run(capsys, "fetch")
    _, out, _ = run(capsys, "list", "--json", "--limit", "1000")
    first = next(json.loads(x) for x in out.splitlines() if "old.example.org" in x)
    export = tmp_path / "marks.json"
    item = {"url": first["url"], "title": first["title"], "document": {}}
    export.write_text(json.dumps({"version": 1, "items": [item]}), encoding="utf-8")
    code, out, _ = run(capsys, "bookmarks", "import", str(export))
    assert (code, out) == (0, "imported 1 bookmarks (0 already here)\n")
    code, out, _ = run(capsys, "bookmarks", "import", str(export))
    assert (code, out) == (0, "imported 0 bookmarks (1 already here)\n")
    assert [first["title"]] == titles(capsys, "--section", "bookmarks")


def test_keep_days_shrunk_forgets_at_the_next_fetch_what_left_the_feed(
    feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    configure("keep_days = 5000")
    subscribed(feed_server, capsys)
    _, out, _ = run(capsys, "list", "--json", "--limit", "1000")
    for row in map(json.loads, out.splitlines()):
        if "old.example.org" in row["url"]:
            run(capsys, "read", str(row["id"]), "--mark-read", "--width", "60")
    feed_server.serve("/column.xml", rss("عمود شهري", [("a9", "مقال اليوم", 0.5)]))
    run(capsys, "fetch")
    assert len(feed_titles(capsys)) == 4  # read and gone from the feed, but within 5000 days
    text = get_paths().config_file.read_text(encoding="utf-8")
    get_paths().config_file.write_text(text.replace("keep_days = 5000", "keep_days = 365"))
    code, out, _ = run(capsys, "fetch")  # the feed answers 304: the new window applies anyway
    assert code == 0 and "0 new articles, 2 read articles no feed carries any more" in out
    assert feed_titles(capsys) == sorted(["مقال اليوم", OLD_ITEMS[0][1]])


def test_a_negative_keep_days_is_a_config_error(capsys: pytest.CaptureFixture[str]) -> None:
    configure("keep_days = -1")
    code, out, err = run(capsys, "feeds")
    assert (code, out) == (2, "")
    assert "keep_days must not be below zero" in err and "line 3" in err


def test_items_an_older_version_left_out_come_back_after_the_upgrade(
    feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.core.test_section_counts import as_before_one_row
    from tnews.store.store import open_store

    configure()
    subscribed(feed_server, capsys)
    # As an older version left it: the old items never stored, the feed's ETag kept.
    store = open_store(get_paths().database)
    with store.transaction() as conn:
        gone = conn.execute(
            "DELETE FROM articles WHERE url LIKE '%old.example.org%' RETURNING id"
        ).fetchall()
        conn.executemany("DELETE FROM search WHERE rowid = ?", [tuple(r) for r in gone])
        as_before_one_row(conn)
    store.close()
    assert feed_titles(capsys) == []
    code, out, _ = run(capsys, "fetch")
    assert code == 0 and out == "1 feeds: 1 ok, 0 failed, 3 new articles\n"
    assert "If-None-Match" not in last_request(feed_server, "/column.xml")
    assert feed_titles(capsys) == sorted(t for _, t, _ in OLD_ITEMS)
