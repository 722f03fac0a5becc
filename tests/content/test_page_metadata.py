"""What a page says around its body, read from a real local server: the publication date
(meta, JSON-LD, <time>), the lead set apart above the body, the dateline."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from tests.support.feedserver import FeedServer
from tnews.content.document import ArticleContent
from tnews.content.extract import extract_page
from tnews.content.page import parse_when

FIXTURES = Path(__file__).parent / "fixtures"


def served(server: FeedServer, name: str, path: str) -> ArticleContent:
    url = server.serve(
        path, (FIXTURES / name).read_bytes(), content_type="text/html; charset=utf-8"
    )
    response = httpx.get(url)
    response.raise_for_status()
    return extract_page(response.content, str(response.url), response.headers["content-type"])


def at(text: str) -> float:
    return datetime.fromisoformat(text).astimezone(UTC).timestamp()


def texts(content: ArticleContent) -> list[str]:
    return [b.text for b in content.document.blocks]


def test_lead_outside_the_body_comes_first(feed_server: FeedServer) -> None:
    content = served(feed_server, "sputnik_lead.html", "/economy/20261128/1090.html")
    assert texts(content)[0].startswith("بحث وزيرا خارجية روسيا والصين، اليوم السبت")
    assert texts(content)[1].startswith("وقال الوزير الروسي في مؤتمر صحفي")
    assert sum("بحث وزيرا خارجية" in t for t in texts(content)) == 1
    assert content.published == at("2026-11-28T09:15:00+03:00")  # article:published_time


def test_persian_summary_lead_and_a_date_only_in_json_ld(feed_server: FeedServer) -> None:
    content = served(feed_server, "khabaronline_lead.html", "/news/2026/economy-exports")
    assert texts(content)[0].startswith("صادرات غیرنفتی کشور در هشت ماه نخست امسال")
    assert texts(content)[1].startswith("به گزارش خبرآنلاین")
    assert len(texts(content)) == 4
    # datePublished of the NewsArticle in the @graph, not dateModified.
    assert content.published == at("2026-11-27T14:30:00+03:30")


def test_date_in_a_time_element_and_a_bracketed_dateline(feed_server: FeedServer) -> None:
    content = served(feed_server, "time_only_dateline.html", "/world/2026/11/30/talks/")
    # The article's marked <time>, not the clock in the navigation bar.
    assert content.published == at("2026-11-30T18:45:00-05:00")
    assert content.dateline == "CNN"
    assert texts(content)[0].startswith("The president said on Tuesday")
    assert not any("CNN" in t or t.startswith(("-", "–", "—")) for t in texts(content))


def test_a_page_without_a_publication_date(feed_server: FeedServer) -> None:
    content = served(feed_server, "undated.html", "/2026/11/undated/")
    assert content.published is None  # a modified time is not when it was published
    assert texts(content)[0].startswith("قالت الحكومة اليوم")


def test_teasers_above_the_headline_are_no_lead(feed_server: FeedServer) -> None:
    page = (FIXTURES / "sputnik_lead.html").read_text("utf-8")
    teaser = (
        '<div class="latest"><div class="excerpt">خبر آخر في الصفحة نفسها عن موضوع مختلف تماما '
        "يتصدر قائمة آخر الأخبار في الموقع اليوم.</div></div>"
    )
    page = page.replace('<div class="b-article__lead">', '<div class="b-article__note">')
    page = page.replace("<article ", teaser + "<article ")
    url = feed_server.serve("/economy/teaser.html", page, content_type="text/html; charset=utf-8")
    response = httpx.get(url)
    content = extract_page(response.content, url, response.headers["content-type"])
    assert not any("خبر آخر في الصفحة" in t for t in texts(content))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-28T09:15:00+03:00", "2026-11-28T06:15:00+00:00"),
        ("2026-11-28T09:15:00+0300", "2026-11-28T06:15:00+00:00"),
        ("2026-11-28T06:15:00Z", "2026-11-28T06:15:00+00:00"),
        ("Sat, 28 Nov 2026 09:15:00 +0300", "2026-11-28T06:15:00+00:00"),
        ("2026-11-28", "2026-11-28T00:00:00+00:00"),
        ("2026-11-28 06:15", "2026-11-28T06:15:00+00:00"),  # no zone: taken as UTC
        ("yesterday", None),
        ("0001-01-01T00:00:00Z", None),
        ("", None),
    ],
)
def test_page_times_are_read_in_every_usual_form(text: str, expected: str | None) -> None:
    assert parse_when(text) == (at(expected) if expected else None)
