"""Parsing and downloading are bounded end to end: each hostile feed fails alone, clearly."""

from __future__ import annotations

import random
from typing import Any

from tests.hostile.support import Home, ServerThread, body, cut_short, item, plain_items, rss
from tests.net import routes

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>Laughs</title>
<item><guid>l1</guid><title>&lol9;</title><description>&lol9;</description></item>
</channel></rss>
"""


def external_entities(server: ServerThread) -> bytes:
    """A feed pulling a file and two URLs on our server in through its DTD."""
    return f"""<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY secret SYSTEM "{server.url("/secret")}">
 <!ENTITY passwd SYSTEM "file:///etc/passwd">
 <!ENTITY % remote SYSTEM "{server.url("/remote.dtd")}">
 %remote;
]>
<rss version="2.0"><channel><title>XXE</title>
<item><guid>x1</guid><title>Entity &secret; here</title>
<description>&passwd;</description></item>
</channel></rss>
""".encode()


MALFORMED = (
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>Broken</title>'
    b"<item><guid>m1</guid><title>First & only <b>unclosed</title>"
    b"<description>text</item><item><guid>m2</guid><title>Second</title></item>"
)


def per_feed(home: Home) -> dict[str, tuple[int, str | None]]:
    """Each feed's (article count, error) by its path."""
    return {
        url.rsplit("/", 1)[-1]: (feed["articles"], feed["error"])
        for url, feed in home.feeds_json().items()
    }


def assert_articles_or_error(outcome: dict[str, tuple[int, str | None]], name: str) -> None:
    """A feed ended in stored articles or in a clear error, and never in silence."""
    articles, error = outcome[name]
    assert articles > 0 or (error and len(error) > 10), (name, outcome[name])


def test_hostile_feeds_parse_bounded_beside_a_good_one(home: Home, server: ServerThread) -> None:
    rng = random.Random(20261129)
    big_body = "<p>" + "كلمة " * (5 * 1024 * 1024 // 10) + "</p>"
    server.routes.update(
        {
            "/laughs": body(BILLION_LAUGHS),
            "/xxe": body(external_entities(server)),
            "/secret": body(b"FETCHED-SECRET"),
            "/remote.dtd": body(b'<!ENTITY leak "FETCHED-DTD">'),
            "/twenty-thousand": body(rss(plain_items("many", 20_000))),
            "/five-mb-item": body(rss([item("huge", "Huge item", big_body)])),
            "/malformed": body(MALFORMED),
            "/garbage": body(bytes(rng.randrange(256) for _ in range(200_000))),
            "/good": body(rss(plain_items("good", 5))),
        }
    )
    names = list(server.routes)
    names.remove("/secret")
    names.remove("/remote.dtd")
    home.configure([server.url(n) for n in names], keep_per_feed=100_000)
    done = home.fetch()
    assert f"{len(names)} feeds" in done.stdout

    outcome = per_feed(home)
    assert outcome["good"] == (5, None)
    for name in names:
        assert_articles_or_error(outcome, name.lstrip("/"))
    # External entities are neither fetched nor read from disk.
    assert server.hits("/secret") == 0 and server.hits("/remote.dtd") == 0
    titles: dict[str, Any] = {i["title"]: i for i in home.list_json()}
    stored = "\n".join(str(row) for row in home.sql("SELECT title, body, lead FROM articles"))
    for leak in ("FETCHED", "root:x:0:0"):
        assert leak not in stored
    # Entities were not expanded a billion times over (nor even ten thousand).
    assert "lol" * 1000 not in stored
    assert outcome["twenty-thousand"] == (20_000, None)
    assert "Huge item" in titles or outcome["five-mb-item"][1]
    assert outcome["garbage"][0] == 0
    assert outcome["malformed"][0] >= 1 or outcome["malformed"][1]


def test_hostile_downloads_are_cut_beside_a_good_one(home: Home, server: ServerThread) -> None:
    server.routes.update(
        {
            "/bomb": routes.encoded(routes.gzip_bomb(64 * 1024 * 1024), "gzip"),
            "/endless": routes.endless(),
            "/trickle": routes.trickle(interval=0.2, limit=200),
            "/loop-a": routes.redirect(302, "/loop-b"),
            "/loop-b": routes.redirect(301, "/loop-a"),
            "/to-file": routes.redirect(302, "file:///etc/passwd"),
            "/cut": routes.truncated(declared=100_000, sent=5_000),
            "/good": body(rss(plain_items("good", 3))),
        }
    )
    names = ["/bomb", "/endless", "/trickle", "/loop-a", "/to-file", "/cut", "/good"]
    home.configure([server.url(n) for n in names], max_feed_mb=1, timeout=2.0)
    home.fetch()
    outcome = per_feed(home)
    assert outcome["good"] == (3, None)
    expected = {
        "bomb": "larger than 1 MB",
        "endless": "larger than 1 MB",
        "trickle": "timed out",
        "loop-a": "redirect loop",
        "to-file": "refused",
        "cut": "closed before the body was complete",
    }
    for name, words in expected.items():
        articles, error = outcome[name]
        assert articles == 0 and error and words in error, (name, outcome[name])


def test_a_cut_short_feed_never_replaces_stored_articles(home: Home, server: ServerThread) -> None:
    text = "<p>" + "word " * 400 + "</p>"
    good = rss([item(f"k-{i}", f"Kept story {i}", text) for i in range(4)])
    server.routes["/feed"] = body(good)
    home.configure([server.url("/feed")])
    home.fetch()
    before = home.sql("SELECT id, guid, title, body, content_hash FROM articles ORDER BY id")
    assert len([r for r in before if str(r[1]).startswith("k-")]) == 4

    # Connection closed mid-body (declared length not reached), at several points.
    for keep in (len(good) // 2,):
        server.routes["/feed"] = cut_short(good, keep)
        home.fetch()
        after = home.sql("SELECT id, guid, title, body, content_hash FROM articles ORDER BY id")
        assert after == before
        assert "closed before the body was complete" in str(per_feed(home)["feed"][1])

    # The same cut, but sent as if complete: the XML ends mid-item. Articles stored whole
    # must not be overwritten by the half that arrived.
    for keep in (len(good) // 2,):
        server.routes["/feed"] = body(good[:keep])
        home.fetch()
        after = home.sql("SELECT id, guid, title, body, content_hash FROM articles ORDER BY id")
        assert after == before
