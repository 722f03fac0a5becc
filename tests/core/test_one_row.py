"""One article, one row: an item reached through two feeds of one site (same guid, or the same
link give or take tracking parameters) is stored once, listed, searched and counted once,
found under every section either feed gives it, and never offered as its own same story."""

from __future__ import annotations

import json
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from tests.core.test_cli import run
from tests.core.test_retention import configure
from tests.core.test_section_counts import as_before_one_row
from tests.support.feedserver import FeedServer
from tnews.links import link_key
from tnews.paths import get_paths
from tnews.store.feeds import Subscription
from tnews.store.models import ALL
from tnews.store.store import open_store

SITE = "https://site.example.org/2026/"
BODY = (
    "أعلنت وزارة الصحة الليبية عن حملة تطعيم واسعة في مدن الجنوب تشمل سبها وأوباري ومرزق، "
    "وقالت إن الفرق الطبية ستصل إلى القرى النائية خلال الأسبوعين المقبلين."
)


def item(
    guid: str, link: str, title: str, category: str = "", *, permalink: bool = True, hour: int = 8
) -> str:
    kind = "" if permalink else ' isPermaLink="false"'
    return (
        f"<item><guid{kind}>{escape(guid)}</guid><link>{escape(link)}</link>"
        f"<title>{escape(title)}</title><pubDate>Sun, 29 Nov 2026 {hour:02d}:00:00 GMT</pubDate>"
        + (f"<category>{escape(category)}</category>" if category else "")
        + f"<description>{escape(title)}. {escape(BODY)}</description></item>"
    )


def channel(title: str, items: list[str]) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>{SITE}</link>{''.join(items)}</channel></rss>"
    )


MAIN = channel(
    "الموقع",
    [
        item(SITE + "budget", SITE + "budget", "البرلمان يقر الميزانية العامة"),
        item(SITE + "match", SITE + "match", "المنتخب يفوز على تونس في طرابلس", hour=7),
        item(SITE + "derby", SITE + "derby", "ديربي العاصمة ينتهي بالتعادل", hour=6),
    ],
)
DERBY_TRACKED = (
    "HTTPS://Site.Example.org:443/2026/derby/?utm_source=rss&utm_medium=feed&traffic_source=rss"
)
# The category feed: the match under the same guid; the derby under a guid of its own, with
# the link as feeds add tracking to it (other case, default port, trailing slash, utm_*).
SPORT = channel(
    "الموقع - رياضة",
    [
        item(
            SITE + "match", SITE + "match", "المنتخب يفوز على تونس في طرابلس", "كرة القدم", hour=7
        ),
        item(
            "sport-77",
            DERBY_TRACKED,
            "ديربي العاصمة ينتهي بالتعادل",
            "كرة القدم",
            permalink=False,
            hour=6,
        ),
    ],
)


def site_rows(capsys: pytest.CaptureFixture[str], *extra: str) -> list[dict[str, object]]:
    code, out, _ = run(capsys, "list", "--json", "--limit", "1000", *extra)
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    return [r for r in rows if "site.example.org" in str(r["url"]).lower()]


def subscribe_site(server: FeedServer, capsys: pytest.CaptureFixture[str]) -> tuple[str, str]:
    configure()
    main = server.serve("/main.xml", MAIN)
    sport = server.serve("/sport.xml", SPORT)
    assert run(capsys, "add", main, "--section", "Main")[0] == 0
    assert run(capsys, "add", sport, "--section", "Sport")[0] == 0
    return main, sport


def test_two_feeds_of_one_site_store_each_article_once(
    feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    main, sport = subscribe_site(feed_server, capsys)
    code, out, err = run(capsys, "fetch")
    assert (code, err) == (0, "")
    assert out == "2 feeds: 2 ok, 0 failed, 3 new articles\n"
    rows = site_rows(capsys)
    assert sorted(str(r["title"]) for r in rows) == sorted(
        [
            "البرلمان يقر الميزانية العامة",
            "المنتخب يفوز على تونس في طرابلس",
            "ديربي العاصمة ينتهي بالتعادل",
        ]
    )
    # The link kept for opening is one the publisher gave, not the comparison key.
    derby = next(r for r in rows if str(r["title"]).startswith("ديربي"))
    assert derby["url"] in (SITE + "derby", DERBY_TRACKED)
    # Under every section either feed gives it, once in each.
    assert len(site_rows(capsys, "--section", "Main")) == 3
    sport_titles = sorted(str(r["title"]) for r in site_rows(capsys, "--section", "Sport"))
    assert sport_titles == ["المنتخب يفوز على تونس في طرابلس", "ديربي العاصمة ينتهي بالتعادل"]
    assert len(site_rows(capsys, "--section", "كرة القدم")) == 2
    # Counted once in the store, and in each feed that carries it.
    _, out, _ = run(capsys, "feeds", "--json")
    held = {json.loads(x)["url"]: json.loads(x)["articles"] for x in out.splitlines()}
    assert (held[main], held[sport]) == (3, 2)
    store = open_store(get_paths().database)
    try:
        listed = store.list_articles(ALL, limit=1000)
        all_count = next(s for s in store.sections() if s.key == ALL).total
        assert all_count == store.count_articles(ALL) == len(listed)
        assert sum("site.example.org" in a.url.lower() for a in listed) == 3
    finally:
        store.close()
    # Found once by search.
    code, out, _ = run(capsys, "search", "ديربي", "--json")
    assert code == 0 and len(out.splitlines()) == 1
    # A later fetch of both adds nothing and splits nothing.
    code, out, _ = run(capsys, "fetch", "--force")
    assert out == "2 feeds: 2 ok, 0 failed, 0 new articles\n"
    assert len(site_rows(capsys)) == 3


def test_same_story_never_offers_an_articles_own_copy(
    feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    subscribe_site(feed_server, capsys)
    run(capsys, "fetch")
    match = next(r for r in site_rows(capsys) if str(r["title"]).startswith("المنتخب"))
    code, out, err = run(capsys, "related", str(match["id"]), "--json")
    # Its only other telling is its own copy in the section's feed: nothing is offered.
    assert (code, out) == (1, "") and "nothing related" in err, (code, out)
    offered = [json.loads(x) for x in out.splitlines()]
    mine = link_key(str(match["url"]))
    assert all(link_key(str(o["url"])) != mine and o["id"] != match["id"] for o in offered)


def test_the_same_guid_on_two_sites_is_two_articles(
    feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    configure()
    one = channel("أ", [item("1", "https://a.example.net/1", "خبر الموقع الأول", permalink=False)])
    two = channel("ب", [item("1", "https://b.example.net/1", "خبر الموقع الثاني", permalink=False)])
    run(capsys, "add", feed_server.serve("/a.xml", one))
    run(capsys, "add", feed_server.serve("/b.xml", two))
    code, out, _ = run(capsys, "fetch")
    assert out == "2 feeds: 2 ok, 0 failed, 2 new articles\n"


def test_removing_one_of_two_feeds_keeps_what_the_other_carries(
    feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    main, _ = subscribe_site(feed_server, capsys)
    run(capsys, "fetch")
    assert run(capsys, "remove", main)[0] == 0
    titles = sorted(str(r["title"]) for r in site_rows(capsys))
    assert titles == ["المنتخب يفوز على تونس في طرابلس", "ديربي العاصمة ينتهي بالتعادل"]
    # They are the remaining feed's own now: its next fetch adds nothing and loses nothing.
    code, out, _ = run(capsys, "fetch", "--force")
    assert (code, out) == (0, "1 feeds: 1 ok, 0 failed, 0 new articles\n")
    assert len(site_rows(capsys, "--section", "Sport")) == 2
    # The removed feed's group goes with it.
    store = open_store(get_paths().database)
    try:
        assert "main" not in {s.key for s in store.sections()}
        assert "sport" in {s.key for s in store.sections()}
    finally:
        store.close()


def test_an_older_store_with_copies_is_merged_on_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    store = open_store(path)
    store.sync_subscriptions(
        [Subscription(SITE + "feed", "", "Main"), Subscription(SITE + "sport")]
    )
    main_id, sport_id = (f.id for f in store.feeds())
    with store.transaction() as conn:
        as_before_one_row(conn)
        copies = [
            (main_id, "g1", SITE + "derby", 1, 0),
            (sport_id, "sport-77", SITE + "derby/?utm_source=rss", 0, 1),
            (sport_id, "other", SITE + "other", 0, 0),
        ]
        for feed, guid, url, read, marked in copies:
            cur = conn.execute(
                "INSERT INTO articles (feed_id, guid, url, title, published, fetched, read, "
                "bookmarked, bookmarked_at) VALUES (?, ?, ?, 'ديربي', 1, 1, ?, ?, ?)",
                (feed, guid, url, read, marked, 5.0 if marked else None),
            )
            conn.execute(
                "INSERT INTO search (rowid, title, body) VALUES (?, 'ديربي', '')", (cur.lastrowid,)
            )
            key = "main" if feed == main_id else "sport"
            conn.execute(
                "INSERT INTO article_sections (article_id, key, name, kind) "
                "VALUES (?, ?, ?, 'group')",
                (cur.lastrowid, key, key),
            )
    store.close()
    store = open_store(path)
    try:
        articles = store.list_articles(ALL)
        assert len(articles) == 2
        derby = next(a for a in articles if a.url == SITE + "derby")
        assert derby.read and derby.bookmarked
        assert sorted(store.article(derby.id).sections) == ["main", "sport"]  # type: ignore[union-attr]
        counts = store.conn.execute("SELECT total, unread, bookmarked FROM article_counts")
        assert tuple(counts.fetchone()) == (2, 1, 1)
        assert store.conn.execute("SELECT COUNT(*) FROM search").fetchone()[0] == 2
        held = {f.id: f.articles for f in store.feeds()}
        assert held == {main_id: 1, sport_id: 2}
        # Validators are dropped once, so the next fetch brings the whole feed again.
        assert all(f.etag is None for f in store.feeds())
    finally:
        store.close()


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://Site.Example.org/a/b/", "https://site.example.org/a/b"),
        ("https://site.example.org:443/a?utm_source=rss&id=4", "http://site.example.org/a?id=4"),
        ("https://site.example.org/a?traffic_source=rss#top", "https://site.example.org/a"),
        ("https://site.example.org/%D8%AE%D8%A8%D8%B1", "https://site.example.org/خبر/"),
        ("https://site.example.org/a?y=2&x=1", "https://site.example.org/a?x=1&y=2"),
    ],
)
def test_link_keys_ignore_what_does_not_name_the_page(a: str, b: str) -> None:
    assert link_key(a) == link_key(b) != ""


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://site.example.org/a?id=4", "https://site.example.org/a?id=5"),
        ("https://site.example.org:8080/a", "https://site.example.org/a"),
        ("https://site.example.org/a", "https://other.example.org/a"),
        ("https://site.example.org/A", "https://site.example.org/a"),
    ],
)
def test_link_keys_keep_what_does(a: str, b: str) -> None:
    assert link_key(a) != link_key(b)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "",
        "tnews:pages",
        "http://[::1",
        "https://exa mple.org/a",
        "http://site.example.org:99999/a",
        "HTTPS://",
        "https://site.example.org/\x1b[31m",
    ],
)
def test_no_link_key_for_what_is_not_a_web_link(url: str) -> None:
    assert link_key(url) == ""


@pytest.mark.parametrize("first", ["main", "sport"])
def test_whichever_feed_stored_it_first_removing_the_other_leaves_one_clean_article(
    tmp_path: Path, first: str
) -> None:
    from tnews.prepare import stage_feed

    store = open_store(tmp_path / "s.db")
    feeds = {"main": (SITE + "feed", "Main", MAIN), "sport": (SITE + "sport", "Sport", SPORT)}
    store.sync_subscriptions([Subscription(url, "", group) for url, group, _ in feeds.values()])
    ids = {f.url: f.id for f in store.feeds()}
    order = [first, *(name for name in feeds if name != first)]
    for name in order:
        url, _, xml = feeds[name]
        store.apply_feed(ids[url], stage_feed(xml.encode(), url))
    site = [a for a in store.list_articles(ALL, limit=100) if "site.example.org" in a.url.lower()]
    assert len(site) == 3
    store.sync_subscriptions([Subscription(SITE + "sport", "", "Sport")])
    try:
        kept = store.list_articles(ALL, limit=100)
        assert sorted(a.title for a in kept if "site.example.org" in a.url.lower()) == [
            "المنتخب يفوز على تونس في طرابلس",
            "ديربي العاصمة ينتهي بالتعادل",
        ]
        keys = {s.key for s in store.sections()}
        assert "main" not in keys and "sport" in keys
        assert {f.url: f.articles for f in store.feeds()}[SITE + "sport"] == 2
    finally:
        store.close()
