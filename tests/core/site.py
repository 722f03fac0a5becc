"""A local news site for the page tests: a summary-only feed whose items link to whole
article pages (lead, body, «تابع أيضا» see-also links, a «مقالات ذات صلة» block)."""

from __future__ import annotations

from email.utils import formatdate
from pathlib import Path

from tests.support.feedserver import FeedServer
from tnews import clock

PAGE = (Path(__file__).resolve().parent.parent / "content" / "fixtures" / "wp_news.html").read_text(
    encoding="utf-8"
)
HEADLINE = "الحكومة تعلن خطة لدعم المشروعات الصغيرة"
# Only on the page, never in the feed: what shows that the whole article is there.
BODY_ONLY = "الأولوية ستكون للمشروعات الزراعية"
SEE_ALSO = "https://news.example.ly/2024/05/18/central-bank-rates/"
RELATED = "https://news.example.ly/2024/05/16/exports/"


def page_path(feed: str, n: int) -> str:
    """Where item n of a feed has its page."""
    return f"/{feed}/news/{n}/"


def article_page(n: int) -> str:
    """Page n: the fixture article with its own headline and a number of its own."""
    return PAGE.replace(HEADLINE, f"{HEADLINE} {n}").replace("خمسة آلاف", f"{1000 + n} آلاف")


def summary_feed(base: str, feed: str, items: int, *, link_feed: str | None = None) -> str:
    """A summary-only RSS feed: one sentence an item, item 0 the newest, an hour apart."""
    now = clock.now()
    entries = "".join(
        f"<item><title>{HEADLINE} {n}</title>"
        f"<link>{base}{page_path(link_feed or feed, n)}</link>"
        f"<guid>{feed}-{n}</guid>"
        f"<pubDate>{formatdate(now - 3600 * (n + 1), usegmt=True)}</pubDate>"
        "<description>أعلنت الحكومة خطة جديدة لدعم المشروعات.</description></item>"
        for n in range(items)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>بوابة {feed}</title><link>{base}/</link><language>ar</language>"
        f"{entries}</channel></rss>"
    )


def serve_site(server: FeedServer, feed: str, items: int, **page_options: object) -> str:
    """Serve a feed and its pages; returns the feed's URL."""
    for n in range(items):
        server.serve(
            page_path(feed, n),
            article_page(n),
            content_type="text/html; charset=utf-8",
            **page_options,
        )
    return server.serve(f"/{feed}.xml", summary_feed(server.base, feed, items))


def page_hits(server: FeedServer, feed: str) -> dict[str, int]:
    """Requests for each page of a feed so far."""
    prefix = f"/{feed}/news/"
    counts: dict[str, int] = {}
    for path, _ in server.requests:
        if path.startswith(prefix):
            counts[path] = counts.get(path, 0) + 1
    return counts


def write_config(feeds: list[tuple[str, str]], settings: str = "") -> None:
    """A config of these feeds (URL and full_text mode, "" for the default) and settings."""
    from tnews.paths import get_paths

    paths = get_paths().ensure()
    tables = "".join(
        f'\n[[feeds]]\nurl = "{url}"\n' + (f'full_text = "{mode}"\n' if mode else "")
        for url, mode in feeds
    )
    paths.config_file.write_text(f"[settings]\n{settings}\n{tables}", encoding="utf-8")
