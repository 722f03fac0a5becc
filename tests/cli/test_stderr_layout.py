"""What `fetch` says on stderr follows the one rule for human output: laid out per --bidi."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.hostile.support import Home, ServerThread, body, item, rss

ARABIC_BASE = re.compile("[\u0621-\u064a]")
TITLE = "المجلس الرئاسي يستقبل وفداً"
BROKEN_FEED = "أخبار معطلة"
PAGE = "/2026/12/council-meets.html"


@pytest.mark.parametrize("bidi", ["app", "off"])
def test_failures_on_stderr_name_arabic_titles_laid_out(tmp_path: Path, bidi: str) -> None:
    home = Home(tmp_path / "home")
    gone = body(b"gone", content_type="text/html", status=404, reason="Not Found")
    with ServerThread({PAGE: gone}) as server:
        # A summary whose page is gone, and a feed whose document is broken beyond reading.
        server.routes["/feed"] = body(rss([item("1", TITLE, "ملخص", link=server.url(PAGE))]))
        server.routes["/broken"] = body(b"\x00\x01 not a feed", content_type="text/plain")
        home.configure([server.url("/feed"), server.url("/broken")])
        config = home.root / "config" / "config.toml"
        # Pages fetched at refresh (the default); the broken feed named in Arabic.
        text = config.read_text(encoding="utf-8").replace("full_text = false", "")
        head, last = text.rsplit("[[feeds]]", 1)
        config.write_text(f'{head}[[feeds]]\ntitle = "{BROKEN_FEED}"{last}', encoding="utf-8")
        done = home.run("fetch", "--bidi", bidi)
    assert done.returncode == 0, done.stderr
    assert "page failed:" in done.stderr and "404" in done.stderr, done.stderr
    assert "failed:" in done.stderr
    if bidi == "app":
        # Shaped and in visual order: no base letter of the logical text is left.
        assert not ARABIC_BASE.search(done.stderr), done.stderr
    else:
        assert TITLE in done.stderr and BROKEN_FEED in done.stderr, done.stderr
