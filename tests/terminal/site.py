"""A small news site for screen tests: Arabic articles long and short, an English one and a
mixed one, in three feeds (one with a long right-to-left name), served on 127.0.0.1."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime
from xml.sax.saxutils import escape

from tests.support.feedserver import FeedServer

HOUR = 3600.0
DAY = 24 * HOUR

LONG_TITLE = "أمريكا وفرنسا تبحثان الأزمة في الساحل الأفريقي"
SHORT_TITLE = "عبّر الوزير عن قلقه من ارتفاع الأسعار"
MIXED_TITLE = "شركة Apple تعلن نتائج الربع الثالث لعام 2026"
ENGLISH_TITLE = "Sahel talks: America and France meet in Paris"
OLD_TITLE = "أمريكا وفرنسا في الساحل: قراءة في أزمة قديمة"
MAGHREB = "أنباء المغرب العربي الكبير"
DAILY = "صحيفة الأخبار اليومية الدولية"
# A query typed in `/` and a filter typed in `s`: words of the site.
QUERY = "الساحل"
SECTION = "سياسة"

_LONG_PARAGRAPHS = [
    "عبّر وزير الخارجية الأمريكي عن أمله في أن تفضي المحادثات مع نظيره الفرنسي إلى خطة "
    "مشتركة تعيد الاستقرار إلى منطقة الساحل الأفريقي، بعد سنوات من الاضطراب الأمني والسياسي "
    "الذي أثّر في حياة الملايين من السكان وفي حركة التجارة عبر الصحراء.",
    "وقال مسؤول في الخارجية الفرنسية إن «الشراكة مع أمريكا ضرورية» وإن باريس مستعدة لتقاسم "
    "المعلومات الاستخباراتية، مشيراً إلى أن الاجتماع المقبل سيُعقد في نواكشوط خلال 3 أسابيع.",
    "ويرى محللون أن التنسيق بين البلدين تأخّر كثيراً، وأن الجماعات المسلحة استفادت من غياب "
    "رؤية موحدة، فيما يطالب المجتمع المدني في مالي والنيجر وبوركينا فاسو بحلول تنموية لا "
    "تقتصر على الجانب العسكري (التعليم والصحة والطرق).",
    "وأكد الوزيران في بيان مشترك التزامهما بدعم الحوار الوطني في دول المنطقة، وبزيادة "
    "المساعدات الإنسانية بنسبة 20% في العام المقبل، مع متابعة دورية لتنفيذ ما اتُّفق عليه.",
]


def _when(now: float, ago: float) -> str:
    return format_datetime(datetime.fromtimestamp(now - ago, UTC))


def _item(base: str, slug: str, title: str, when: str, body: str, category: str) -> str:
    return f"""<item><title>{escape(title)}</title><link>{base}/a/{slug}</link>
<guid>{base}/a/{slug}</guid><pubDate>{when}</pubDate><category>{escape(category)}</category>
<description>{escape(body[:200])}</description>
<content:encoded><![CDATA[{body}]]></content:encoded></item>"""


def _feed(title: str, items: list[str], language: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>{escape(title)}</title><link>http://example.invalid/</link>
<description>{escape(title)}</description><language>{language}</language>
{"".join(items)}
</channel></rss>"""


def _paragraphs(texts: list[str]) -> str:
    return "".join(f"<p>{escape(t)}</p>" for t in texts)


def serve_site(server: FeedServer, now: float) -> list[str]:
    """Serve the three feeds; returns their URLs."""
    base = server.base
    see_also = (
        "<p>اقرأ أيضا:</p><ul>"
        f'<li><a href="{base}/a/short">{escape(SHORT_TITLE)}</a></li>'
        f'<li><a href="{base}/a/old">{escape(OLD_TITLE)}</a></li>'
        f'<li><a href="{base}/a/english">{escape(ENGLISH_TITLE)}</a></li></ul>'
    )
    long_body = (
        _paragraphs(_LONG_PARAGRAPHS[:2] * 2)
        + see_also
        + "<h2>ردود الفعل في المنطقة</h2>"
        + _paragraphs(_LONG_PARAGRAPHS[2:] * 3 + _LONG_PARAGRAPHS[:2])
    )
    short_body = _paragraphs(
        ["عبّر الوزير عن قلقه من ارتفاع الأسعار، ودعا إلى ضبط الأسواق قبل شهر رمضان."]
    )
    mixed_body = _paragraphs(
        [
            "أعلنت شركة Apple أن إيراداتها بلغت 94.9 مليار دولار في الربع الثالث، وقال "
            "Tim Cook إن مبيعات iPhone 17 فاقت التوقعات في الشرق الأوسط.",
            "Analysts at Morgan Stanley said the results were «strong», بحسب وكالة Reuters.",
        ]
    )
    english_body = _paragraphs(
        [
            "The foreign ministers of the United States and France met in Paris on Monday to "
            "discuss the crisis in the Sahel, where armed groups have gained ground over the "
            "past five years and millions of people depend on humanitarian aid.",
            "Both ministers called for a regional dialogue and promised to raise aid by 20 "
            "percent next year, with a review of progress every three months.",
        ]
        * 3
    )
    old_body = _paragraphs(_LONG_PARAGRAPHS[2:])
    maghreb = [
        _item(base, "long", LONG_TITLE, _when(now, 2 * HOUR), long_body, SECTION),
        _item(base, "short", SHORT_TITLE, _when(now, 5 * HOUR), short_body, "اقتصاد"),
        _item(base, "mixed", MIXED_TITLE, _when(now, 26 * HOUR), mixed_body, "تقنية"),
    ]
    world = [_item(base, "english", ENGLISH_TITLE, _when(now, 3 * HOUR), english_body, "World")]
    daily = [_item(base, "old", OLD_TITLE, _when(now, 1000 * DAY), old_body, SECTION)]
    return [
        server.serve("/maghreb.xml", _feed(MAGHREB, maghreb, "ar")),
        server.serve("/world.xml", _feed("World Report", world, "en")),
        server.serve("/daily.xml", _feed(DAILY, daily, "ar")),
    ]
