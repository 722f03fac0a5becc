"""Feeds in eight languages, each in UTF-8 and its legacy encodings, declared every way.

Every variant is served by a real HTTP server on 127.0.0.1 (the HTTP charset is part of
several), fetched with our fetcher and parsed with parse_feed; titles, descriptions and
categories must come out exactly as written. What "right" means where nothing is declared:
legacy Latin bytes are read as windows-1252 (as feedparser and browsers do) unless the
letters only windows-1254 has show Turkish words; Arabic-script bytes are read with the
Arabic table whose reading is Arabic prose.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass
from xml.sax.saxutils import escape

import pytest

from tests.support.feedserver import FeedServer
from tnews.feeds.model import ParsedFeed
from tnews.feeds.parse import parse_feed
from tnews.net import Fetcher, FetchLimits

# (title, lead, category) per language, as a newsroom would write them.
STORIES: dict[str, list[tuple[str, str, str]]] = {
    "fr": [
        (
            "L'été à Montréal : la fête réunit des milliers de spectateurs",
            "Les élèves du lycée ont célébré la fin de l'année à Québec, où la météo était "
            "idéale ; « une réussite », a déclaré la préfète.",
            "Société",
        ),
        ("Grève à la SNCF : trafic très perturbé", "Préavis déposé jusqu'à vendredi.", "Économie"),
    ],
    "pt": [
        (
            "Educação e população: o governo anuncia reforma da previdência",
            "A população das cidades médias cresceu, segundo o relatório sobre educação e "
            "saúde pública; não há consenso na comissão.",
            "Política",
        ),
        (
            "Inflação recua em março",
            "O índice de preços ficou abaixo das expectativas.",
            "Economia",
        ),
    ],
    "es": [
        (
            "El año electoral en España: la oposición pide más inversión",
            "Los niños de la región recibirán becas; el Ministerio de Educación anunció la "
            "ampliación del programa en Cataluña y Andalucía.",
            "Política",
        ),
        (
            "Sequía en el sur",
            "Los embalses están al 20 % de su capacidad, según la Junta.",
            "Clima",
        ),
    ],
    "de": [
        (
            "Größere Straßen für München: Bürger fordern Änderungen",
            "Die Bürgerinitiative überreichte dem Oberbürgermeister über zehntausend "
            "Unterschriften für sicherere Übergänge.",
            "Lokales",
        ),
        ("Zugausfälle in Köln", "Wegen Bauarbeiten fällt der Nahverkehr aus.", "Verkehr"),
    ],
    "tr": [
        (
            "İstanbul'da güçlü yağış: şehir merkezinde ulaşım aksadı",
            "Meteoroloji Genel Müdürlüğü, Ağrı ve Iğdır için de uyarıda bulundu; öğrenciler "
            "bugün okula gitmeyecek.",
            "Gündem",
        ),
        ("Döviz kurunda düşüş", "Piyasalar haftaya sakin başladı, işlem hacmi düştü.", "Ekonomi"),
    ],
    "fa": [
        (
            "دولت ایران اعلام کرد که قیمت بنزین افزایش نمی‌یابد",
            "به گزارش خبرنگار ما از تهران، بازار کتاب در نمایشگاه امسال پررونق بود و ناشران "
            "از فروش راضی بودند.",
            "اقتصاد",
        ),
        ("برف سنگین در شمال کشور", "جاده چالوس تا اطلاع ثانوی بسته است.", "جامعه"),
    ],
    "ur": [
        (
            "پاکستان کی حکومت نے ٹیکس بڑھا دیا ہے",
            "وزیر خزانہ نے بتایا کہ نئے بجٹ میں تعلیم اور صحت کے لیے زیادہ رقم رکھی گئی ہے۔",
            "کاروبار",
        ),
        ("لاہور میں بارش", "شہر کے کئی علاقوں میں پانی کھڑا ہو گیا۔", "موسم"),
    ],
    "ar": [
        (
            "الحكومة تعلن خطة جديدة لدعم الاقتصاد في طرابلس",
            "وقال المتحدث إن المشروعات ستبدأ خلال العام المقبل بتمويل قدره مليار دينار، "
            "وأكد أن الخطة تشمل كل المدن.",
            "اقتصاد",
        ),
        ("افتتاح معرض الكتاب", "يشارك في المعرض أكثر من مئتي دار نشر عربية.", "ثقافة"),
    ],
}

LEGACY = {
    "fr": ["iso-8859-1", "windows-1252"],
    "pt": ["iso-8859-1", "windows-1252"],
    "es": ["iso-8859-1", "windows-1252"],
    "de": ["iso-8859-1", "windows-1252"],
    "tr": ["iso-8859-9", "windows-1254"],
    "fa": ["windows-1256"],
    "ur": ["windows-1256"],
    "ar": ["windows-1256", "iso-8859-6"],
}
ARABIC_SCRIPT = frozenset({"fa", "ur", "ar"})
# The character a stray byte stands in for, and the byte: 0xE9 is "é" in Latin-1 and "ي"
# (after "ل") in windows-1256; in UTF-8 it starts a sequence it never finishes.
STRAY = b"\xe9"


def written(language: str, encoding: str) -> list[tuple[str, str, str]]:
    """The stories as a publisher using this encoding wrote them."""
    stories = STORIES[language]
    if encoding == "windows-1256":
        # The table has no Farsi yeh nor Urdu full stop: sites wrote the Arabic yeh and ".".
        table = str.maketrans({"\u06cc": "\u064a", "\u06d4": "."})
        return [(t.translate(table), d.translate(table), c.translate(table)) for t, d, c in stories]
    return stories


def document(language: str, stories: list[tuple[str, str, str]], declared: str | None) -> str:
    """An RSS 2.0 feed; declared goes in the XML declaration when given."""
    declaration = (
        f'<?xml version="1.0" encoding="{declared}"?>' if declared else '<?xml version="1.0"?>'
    )
    items = "".join(
        f"<item><guid isPermaLink='false'>{language}-{i}</guid><title>{escape(title)}</title>"
        f"<link>https://news.example.com/{language}/{i}</link>"
        f"<category>{escape(category)}</category>"
        f"<description>{escape('<p>' + lead + '</p>')}</description></item>"
        for i, (title, lead, category) in enumerate(stories)
    )
    return (
        f'{declaration}\n<rss version="2.0"><channel><title>{language}</title>'
        f"<link>https://news.example.com/{language}/</link><language>{language}</language>"
        f"{items}</channel></rss>\n"
    )


@dataclass(frozen=True)
class Variant:
    """One way of serving a feed: its bytes, its Content-Type, and what it must read as."""

    name: str
    body: bytes
    content_type: str
    stories: list[tuple[str, str, str]]


def _stray(
    data: bytes, stories: list[tuple[str, str, str]]
) -> tuple[bytes, list[tuple[str, str, str]]]:
    """A stray byte put before the first lead's last word; "\ufffd" is what it must read as."""
    title, lead, category = stories[0]
    cut = lead.rindex(" ") + 1
    marked = lead[:cut] + "\ufffd" + lead[cut:]
    at = data.index((escape(lead[cut:]) + "&lt;/p&gt;").encode("utf-8"))
    return data[:at] + STRAY + data[at:], [(title, marked, category), *stories[1:]]


def variants() -> Iterator[Variant]:
    """Every language in every encoding, declared, undeclared and mis-declared."""
    rss = "application/rss+xml"
    for language in STORIES:
        stories = STORIES[language]
        utf8 = document(language, stories, None).encode()
        declared = document(language, stories, "utf-8").encode()
        # Which legacy label the UTF-8 bytes are mis-declared as: the one sites use.
        legacy = LEGACY[language][-1]
        yield Variant(f"{language}-utf8-declared", declared, rss, stories)
        yield Variant(f"{language}-utf8-http", utf8, f"{rss}; charset=utf-8", stories)
        yield Variant(f"{language}-utf8-undeclared", utf8, "text/xml", stories)
        wrong = document(language, stories, legacy).encode()
        yield Variant(f"{language}-utf8-as-{legacy}", wrong, rss, stories)
        yield Variant(f"{language}-utf8-http-{legacy}", utf8, f"{rss}; charset={legacy}", stories)
        for name, body, served in [
            ("declared", declared, rss),
            ("undeclared", utf8, "text/xml"),
            ("http-latin1", utf8, f"{rss}; charset=iso-8859-1"),
        ]:
            strayed, expected = _stray(body, stories)
            yield Variant(f"{language}-utf8-stray-{name}", strayed, served, expected)
        for encoding in LEGACY[language]:
            stories = written(language, encoding)
            bare = document(language, stories, None).encode(encoding)
            own = document(language, stories, encoding).encode(encoding)
            yield Variant(f"{language}-{encoding}-declared", own, rss, stories)
            yield Variant(
                f"{language}-{encoding}-http", bare, f"{rss}; charset={encoding}", stories
            )
            yield Variant(f"{language}-{encoding}-undeclared", bare, "text/xml", stories)
            as_utf8 = document(language, stories, "utf-8").encode(encoding)
            yield Variant(f"{language}-{encoding}-as-utf8", as_utf8, rss, stories)
            yield Variant(
                f"{language}-{encoding}-http-utf8", bare, f"{rss}; charset=utf-8", stories
            )
            # The other script's table: Arabic declared Latin, Latin declared Arabic.
            other = "iso-8859-1" if language in ARABIC_SCRIPT else "windows-1256"
            lie = document(language, stories, other).encode(encoding)
            yield Variant(f"{language}-{encoding}-as-{other}", lie, rss, stories)
            yield Variant(
                f"{language}-{encoding}-http-{other}", bare, f"{rss}; charset={other}", stories
            )


VARIANTS = {v.name: v for v in variants()}


@pytest.fixture(scope="module")
def served() -> Iterator[dict[str, ParsedFeed]]:
    """Every variant served, fetched and parsed once: name to parsed feed."""
    server = FeedServer().start()
    try:
        for variant in VARIANTS.values():
            server.serve(
                f"/{variant.name}",
                variant.body,
                content_type=variant.content_type,
                conditional=False,
            )

        async def fetch_all() -> dict[str, ParsedFeed]:
            parsed = {}
            async with Fetcher(FetchLimits(deadline=10.0)) as fetcher:
                for name in VARIANTS:
                    result = await fetcher.fetch(server.url(f"/{name}"))
                    assert result.body is not None, (name, result.error)
                    parsed[name] = parse_feed(
                        result.body, result.base_url, result.content_type, result.charset
                    )
            return parsed

        yield asyncio.run(fetch_all())
    finally:
        server.stop()


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_every_variant_reads_as_written(name: str, served: dict[str, ParsedFeed]) -> None:
    feed = served[name]
    assert feed.error is None, feed.error
    got = [(e.title, e.summary_html, e.categories) for e in feed.entries]
    expected = [(t, f"<p>{lead}</p>", (c,)) for t, lead, c in VARIANTS[name].stories]
    assert got == expected
