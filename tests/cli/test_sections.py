"""Sections in the store are names the site gives: a feed's bare slug takes the name the
article page's links give it, and URL plumbing never becomes a section."""

from __future__ import annotations

from pathlib import Path

from tests.hostile.support import Home
from tests.support.feedserver import FeedServer

PAGES = Path(__file__).parent.parent / "content" / "fixtures"


def test_slug_category_takes_the_page_label(tnews_home: Path, feed_server: FeedServer) -> None:
    page = feed_server.serve(
        "/economy/20261128/1090.html",
        (PAGES / "sputnik_lead.html").read_bytes(),
        content_type="text/html; charset=utf-8",
    )
    items = (
        f"<item><guid>slug</guid><title>slug</title><link>{page}</link>"
        "<category>economy</category><description>ملخص قصير…</description></item>"
        "<item><guid>plumbing</guid><title>plumbing</title>"
        f"<link>{feed_server.base}/other/2026/x</link><category label='سياسة'>politics</category>"
        "<description>ملخص قصير آخر…</description></item>"
    )
    url = feed_server.serve(
        "/feed.xml",
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>S</title>'
        f"<link>{feed_server.base}/</link>{items}</channel></rss>",
    )
    home = Home(tnews_home)
    home.configure([url], keep_days=36500)
    home.fetch()
    ids = {item["title"]: item["id"] for item in home.list_json()}
    assert [i["title"] for i in home.list_json("--section", "سياسة")] == ["plumbing"]
    unknown = home.run("list", "--section", "other")
    assert unknown.returncode == 1 and "no section named 'other'" in unknown.stderr
    assert "economy" in unknown.stderr  # the slug, until the page names it

    done = home.run("read", str(ids["slug"]), "--fetch")
    assert done.returncode == 0, done.stderr
    assert [i["title"] for i in home.list_json("--section", "اقتصاد")] == ["slug"]
    unknown = home.run("list", "--section", "economy")
    assert unknown.returncode == 1
    assert "اقتصاد" in unknown.stderr and "economy" not in unknown.stderr.split("are:")[1]
