"""Realistic generated feeds for tests and the benchmark: Arabic news, full HTML bodies."""

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
