"""Imported subscription lists cannot add commands, local files or config of their own."""

from __future__ import annotations

import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

from tests.hostile.support import Home
from tnews.config import check_feed_url

# newsboat's own non-HTTP kinds of line, and other ways a line could be more than a feed.
URLS_FILE = """\
# a newsboat urls file
https://good.example/feed.xml news "~Good feed"
"exec:~/bin/make-feed.sh" scripts
"filter:~/bin/filter.sh:https://filtered.example/feed" filtered
"query:Unread Articles:unread = \\"yes\\""
file:///etc/passwd
exec:rm -rf ~
-https://dash.example/feed
--remote-debugging-port=9222
javascript:alert(1)
http:/no-host
"https://spaced.example/a b"
https://second.example/rss "~Tricky\\"\\ntitle = \\"injected" "exec:sh"
"""

OPML = """<?xml version="1.0"?>
<opml version="2.0"><head/><body>
  <outline text="ok" type="rss" xmlUrl="https://opml.example/rss"/>
  <outline text="exec" type="rss" xmlUrl="exec:~/bin/feed.sh"/>
  <outline text="filter" type="rss" xmlUrl="filter:/bin/sh:https://x.example/"/>
  <outline text="query" type="rss" xmlUrl="query:all:unread = &quot;yes&quot;"/>
  <outline text="file" type="rss" xmlUrl="file:///home/user/.ssh/id_rsa"/>
  <outline text="dash" type="rss" xmlUrl="-https://dash.example/"/>
  <outline text="newline" type="rss" xmlUrl="https://nl.example/&#10;exec:sh"/>
  <outline title="x&quot;&#10;[[feeds]]&#10;url = &quot;exec:sh" type="rss"
           xmlUrl="https://title.example/rss"/>
</body></opml>
"""

WANTED = {
    "https://good.example/feed.xml",
    "https://second.example/rss",
    "https://opml.example/rss",
    "https://title.example/rss",
}


def test_only_http_feeds_come_in_and_the_config_stays_ours(home: Home, tmp_path: Path) -> None:
    home.configure([])
    urls = tmp_path / "urls"
    urls.write_text(URLS_FILE, encoding="utf-8")
    opml = tmp_path / "subs.opml"
    opml.write_text(OPML, encoding="utf-8")

    first = home.run("import", str(urls))
    assert first.returncode == 0, first.stderr
    assert "imported 2 feeds, skipped 10" in first.stdout
    second = home.run("import", str(opml))
    assert second.returncode == 0, second.stderr
    assert "imported 2 feeds, skipped 6" in second.stdout

    # The config is still valid TOML with exactly the http(s) feeds: no title broke out of
    # its string to add a table or a key of its own.
    config = tomllib.loads((home.root / "config" / "config.toml").read_text("utf-8"))
    assert set(config) == {"settings", "feeds"}
    assert {f["url"] for f in config["feeds"]} == WANTED
    for feed in config["feeds"]:
        assert set(feed) <= {"url", "title", "section"}
        assert check_feed_url(feed["url"]) is None
    # The store agrees, and nothing but http(s) will ever be fetched.
    assert set(home.feeds_json()) == WANTED
    exported = ET.fromstring(home.run("export", "--opml").stdout)
    assert {o.get("xmlUrl") for o in exported.iter("outline") if o.get("xmlUrl")} == WANTED
