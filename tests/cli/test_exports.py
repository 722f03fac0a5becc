"""Bookmark exports keep what the reader's header shows: author, dateline, sections, and the
see-also links lifted out of the body."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from tests.hostile.support import Home
from tests.support.feedserver import FeedServer

BODY = (
    "<p>(أبوظبي - البيان) أعلنت وزارة الصحة اليوم عن تسجيل حالات جديدة في عدة مناطق من الدولة، "
    "وقالت إن الوضع تحت السيطرة وإن الفرق الطبية تتابع الحالات عن كثب.</p>"
    "<p>اقرأ أيضا: <a href='https://news.example.ae/health/2'>الوزارة تطلق حملة تطعيم جديدة</a></p>"
    "<p>وأضافت الوزارة في بيانها أن الفحوص متاحة مجانا في جميع المراكز الصحية طوال الأسبوع "
    "المقبل، داعية السكان إلى الالتزام بالإرشادات.</p>"
)


@pytest.fixture
def exported(tnews_home: Path, feed_server: FeedServer) -> Home:
    item = (
        "<item><guid>health-1</guid><title>الصحة تعلن حالات جديدة</title>"
        "<link>https://news.example.ae/health/1</link><author>ندى علي</author>"
        "<category>صحة</category>"
        f"<content:encoded>{escape(BODY)}</content:encoded></item>"
    )
    url = feed_server.serve(
        "/feed.xml",
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>البيان</title>'
        f"<link>https://news.example.ae/</link>{item}</channel></rss>",
    )
    home = Home(tnews_home)
    home.configure([url], keep_days=36500)
    home.fetch()
    [article] = home.list_json()
    assert home.run("bookmark", str(article["id"])).returncode == 0
    return home


def test_markdown_export_keeps_the_dateline_once(exported: Home) -> None:
    done = exported.run("bookmarks", "export", "--format", "md")
    assert done.returncode == 0, done.stderr
    md = done.stdout
    assert md.count("أبوظبي - البيان") == 1
    assert "*أبوظبي - البيان*" in md
    assert "\nأعلنت وزارة الصحة اليوم" in md  # the body starts after the dateline
    assert "ندى علي" in md and "صحة" in md
    assert "## See also" in md
    assert "[الوزارة تطلق حملة تطعيم جديدة](<https://news.example.ae/health/2>)" in md


def test_html_export_keeps_the_dateline_once(exported: Home) -> None:
    done = exported.run("bookmarks", "export", "--format", "html")
    assert done.returncode == 0, done.stderr
    html = done.stdout
    assert html.count("أبوظبي - البيان") == 1
    assert '<p class="byline" dir="auto">أبوظبي - البيان</p>' in html
    assert '<p dir="auto">أعلنت وزارة الصحة اليوم' in html
    assert '<p class="byline" dir="auto">ندى علي</p>' in html
    assert '<a href="https://news.example.ae/health/2">الوزارة تطلق حملة تطعيم جديدة</a>' in html
