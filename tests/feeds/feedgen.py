"""Realistic generated feeds for tests and the benchmark: Arabic news, summaries or full bodies."""

from __future__ import annotations

import random

WORDS = (
    "الحكومة أعلنت اليوم عن خطة جديدة لدعم الاقتصاد الوطني في طرابلس وبنغازي وسط ترقب",
    "المواطنين وقال المتحدث إن المشروعات ستبدأ خلال العام المقبل بتمويل قدره مليار دينار",
)
VOCABULARY = " ".join(WORDS).split()


def _words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(VOCABULARY) for _ in range(n))


def _body(rng: random.Random, size: int) -> str:
    parts: list[str] = []
    total = 0
    while total < size:
        link = f'<a href="/news/{rng.randint(1, 99999)}">{_words(rng, 3)}</a>'
        para = f"<p>{_words(rng, 40)} {link} «{_words(rng, 4)}»… (2025).</p>\n"
        parts.append(para)
        total += len(para.encode())
    return "".join(parts)


def arabic_feed(items: int = 30, seed: int = 1, body_kb: tuple[int, int] = (2, 20)) -> bytes:
    """An RSS 2.0 feed like a WordPress news site's: content:encoded bodies of 2-20 KB."""
    rng = random.Random(seed)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:atom="http://www.w3.org/2005/Atom">\n<channel>\n'
        "<title>بوابة الأخبار</title>\n<link>https://news.example.ly/</link>\n"
        '<atom:link href="https://news.example.ly/feed" rel="self" type="application/rss+xml"/>\n'
        "<language>ar</language>\n"
    ]
    for i in range(items):
        size = rng.randint(body_kb[0] * 1024, body_kb[1] * 1024) if body_kb[1] else 0
        body = f"<content:encoded><![CDATA[{_body(rng, size)}]]></content:encoded>" if size else ""
        out.append(
            f"<item>\n<title>{_words(rng, 9)}</title>\n"
            f"<link>https://news.example.ly/news/{i}</link>\n"
            f"<dc:creator><![CDATA[{_words(rng, 2)}]]></dc:creator>\n"
            f"<pubDate>Mon, 02 Jun 2025 {i % 24:02d}:{i % 60:02d}:00 +0200</pubDate>\n"
            f"<category><![CDATA[أخبار]]></category><category>{rng.choice(VOCABULARY)}</category>\n"
            f'<guid isPermaLink="false">https://news.example.ly/?p={i}</guid>\n'
            f"<description><![CDATA[<p>{_words(rng, 30)}</p>]]></description>\n{body}\n</item>\n"
        )
    out.append("</channel>\n</rss>\n")
    return "".join(out).encode("utf-8")


def _summary(rng: random.Random, size: int) -> str:
    parts: list[str] = []
    total = 0
    while total < size:
        para = f"<p>{_words(rng, rng.randint(12, 40))} «{_words(rng, 3)}»…</p>"
        parts.append(para)
        total += len(para.encode())
    if rng.random() < 0.3:
        image = rng.randint(1, 99999)
        parts.insert(0, f'<img src="https://static.example.ly/img/{image}.jpg" alt="">')
    return "".join(parts)


def summary_feed(
    items: int = 40, seed: int = 1, summary_bytes: tuple[int, int] = (300, 1800)
) -> bytes:
    """An RSS 2.0 feed like a big news site's: a lead of a few hundred bytes to 2 KB per item.

    The shape of BBC Arabic's or Al Jazeera's feeds: no body, a thumbnail, a tracking query
    on each link, 40-80 KB in all.
    """
    rng = random.Random(seed)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:media="http://search.yahoo.com/mrss/" '
        'xmlns:atom="http://www.w3.org/2005/Atom">\n<channel>\n'
        "<title><![CDATA[الأخبار - العربية]]></title>\n"
        "<description><![CDATA[آخر الأخبار والتقارير]]></description>\n"
        "<link>https://www.example.ly/arabic</link>\n"
        "<image><url>https://static.example.ly/logo.png</url><title>الأخبار</title>"
        "<link>https://www.example.ly/arabic</link></image>\n"
        "<generator>RSS for Node</generator>\n"
        "<lastBuildDate>Mon, 02 Jun 2025 10:05:00 GMT</lastBuildDate>\n"
        '<atom:link href="https://feeds.example.ly/arabic/rss.xml" rel="self" '
        'type="application/rss+xml"/>\n'
        "<copyright><![CDATA[حقوق النشر محفوظة]]></copyright>\n<language>ar</language>\n"
        "<ttl>15</ttl>\n"
    ]
    for i in range(items):
        size = rng.randint(*summary_bytes)
        slug = f"c{rng.randint(10**9, 10**10)}"
        categories = "".join(
            f"<category><![CDATA[{rng.choice(VOCABULARY)}]]></category>"
            for _ in range(rng.randint(0, 2))
        )
        out.append(
            f"<item>\n<title><![CDATA[{_words(rng, rng.randint(6, 14))}]]></title>\n"
            f"<description><![CDATA[{_summary(rng, size)}]]></description>\n"
            f"<link>https://www.example.ly/arabic/articles/{slug}?at_medium=RSS&amp;"
            "at_campaign=rss</link>\n"
            f'<guid isPermaLink="false">https://www.example.ly/arabic/articles/{slug}#{i}</guid>\n'
            f"<pubDate>Mon, 02 Jun 2025 {i % 24:02d}:{i % 60:02d}:00 GMT</pubDate>\n{categories}"
            f'<media:thumbnail width="240" height="135" '
            f'url="https://static.example.ly/ace/240/{slug}.jpg"/>\n</item>\n'
        )
    out.append("</channel>\n</rss>\n")
    return "".join(out).encode("utf-8")
