"""Content-Location is the base for a feed's relative links; ids that name no link stay."""

from __future__ import annotations

from pathlib import Path

from tests.hostile.support import Home, ServerThread, body

FEED = (
    b'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Relative</title>'
    b"<link>./</link>"
    b"<item><guid>1001</guid><title>Numbered guid</title><link>story-1.html</link>"
    b'<description>&lt;p&gt;Read &lt;a href="more.html"&gt;more&lt;/a&gt;.&lt;/p&gt;</description>'
    b"</item>"
    b"<item><guid>story-2</guid><title>Permalink name</title></item>"
    b"<item><guid>/p/3</guid><title>Permalink path</title></item>"
    b"</channel></rss>\n"
)


def test_links_resolve_against_content_location_and_plain_ids_stay(tnews_home: Path) -> None:
    home = Home(tnews_home)
    with ServerThread() as server:
        server.routes["/feeds/main.xml"] = body(FEED, headers=[("Content-Location", "/news/ar/")])
        home.configure([server.url("/feeds/main.xml")])
        done = home.fetch()
        assert "1 ok" in done.stdout, done.stdout
        rows = home.sql("SELECT guid, url, body FROM articles WHERE guid NOT LIKE 'tnews-guide-%'")
    by_guid = {guid: (url, text) for guid, url, text in rows}
    assert set(by_guid) == {"1001", "story-2", server.url("/p/3")}
    assert by_guid["1001"][0] == server.url("/news/ar/story-1.html")
    assert server.url("/news/ar/more.html") in by_guid["1001"][1]
    # A permalink guid is the entry's link, resolved, even when the id itself is kept.
    assert by_guid["story-2"][0] == server.url("/news/ar/story-2")
    assert by_guid[server.url("/p/3")][0] == server.url("/p/3")
