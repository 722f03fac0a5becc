"""A seeded corpus of Arabic news feeds (RSS 2.0 and Atom), cached on disk.

Two shapes: "full", every item with its whole HTML body of 20-200 KB (what the refresh
targets are set on), and "summary", items with a summary of a few hundred bytes and no body
(the shape of most real news feeds, e.g. BBC Arabic's or Al Jazeera's)."""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

OUT = Path(__file__).resolve().parent / "out"
# Bump when the generated text changes, so stale caches are not reused.
VERSION = 4
# Dates count back from here; the refresh benchmark keeps articles of any age, so it never drifts.
BASE_DATE = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)

# Vocabulary of the generated text: words of real news copy.
_TEXT = """
الحكومة أعلنت اليوم عن خطة جديدة لدعم الاقتصاد الوطني في المدن الكبرى وسط ترقب المواطنين
وقال المتحدث الرسمي إن المشروعات ستبدأ خلال العام المقبل بتمويل قدره مليار دينار من الميزانية
العامة وأضاف أن الوزارة تعمل على تحسين الخدمات الصحية والتعليمية في المناطق الريفية والنائية
وأكد رئيس المجلس أن الانتخابات البلدية ستجرى في موعدها المحدد رغم الصعوبات الأمنية واللوجستية
التي تواجه المفوضية العليا بينما طالب نواب البرلمان بمراجعة قانون الموازنة قبل التصويت عليه في
الجلسة المقبلة كما شهدت الأسواق ارتفاعا ملحوظا في أسعار المواد الغذائية والوقود خلال الأسبوع
الماضي ما أثار قلق الأسر محدودة الدخل وفي سياق متصل التقى وزير الخارجية نظيره في العاصمة لبحث
سبل تعزيز التعاون الثنائي في مجالات الطاقة والاستثمار والتجارة والنقل البحري والجوي واتفق
الجانبان على تشكيل لجنة مشتركة لمتابعة تنفيذ الاتفاقيات الموقعة بين البلدين منذ سنوات طويلة
من جهة أخرى أعلن الاتحاد العام لكرة القدم عن جدول مباريات الدوري الممتاز للموسم الجديد الذي
ينطلق مطلع الشهر القادم بمشاركة ستة عشر فريقا من مختلف المدن وتستضيف المدينة مهرجانا ثقافيا
للفنون الشعبية والموسيقى التقليدية يشارك فيه فنانون من دول عربية عدة ويستمر أسبوعا كاملا
وأفادت مصادر محلية بأن الأمطار الغزيرة تسببت في انقطاع الطرق الرئيسية وتضرر عدد من المنازل
في القرى المجاورة فيما دعت السلطات السكان إلى توخي الحذر ومتابعة النشرات الجوية الصادرة عن
المركز الوطني للأرصاد كما أشار التقرير السنوي للبنك المركزي إلى تراجع معدلات التضخم وتحسن
احتياطي النقد الأجنبي بفضل ارتفاع صادرات النفط والغاز إلى الأسواق الأوروبية والآسيوية
"""
WORDS = _TEXT.split()
LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
PREFIXES = ("", "", "ال", "ال", "و", "وال", "ب", "لل")
SUFFIXES = ("", "", "", "ة", "ات", "ون", "ي", "ها")
# Stories that several feeds carry, so some articles are the same story from other sources.
SHARED_STORIES = 60

NAMES = (
    "Reuters",
    "AFP",
    "Anthony Blinken",
    "Emmanuel Macron",
    "UNICEF",
    "OPEC+",
    "Stephanie Williams",
    "Google",
    "BBC",
    "Al Jazeera",
    "Jean-Pierre",
    "IMF",
)
CITIES = ("طرابلس", "بنغازي", "القاهرة", "تونس", "الجزائر", "الرباط", "بيروت", "عمّان", "دمشق")
SECTIONS = (
    "أخبار",
    "سياسة",
    "اقتصاد",
    "رياضة",
    "ثقافة",
    "منوعات",
    "صحة",
    "تكنولوجيا",
    "محليات",
    "عربي ودولي",
    "رأي",
    "تقارير",
    "مجتمع",
    "طقس",
    "فن",
    "تعليم",
)
SEE_ALSO_LABELS = ("اقرأ أيضا", "اقرأ أيضاً:", "تابع أيضا/", "شاهد أيضا")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@dataclass(frozen=True, slots=True)
class Corpus:
    """Generated feeds on disk: feeds/NNNN.xml, with a manifest of what each holds."""

    root: Path
    feeds: int
    items: int
    seed: int
    shape: str = "full"

    def feed_path(self, index: int) -> Path:
        """The file of feed number index."""
        return self.root / "feeds" / f"{index:04d}.xml"

    def is_atom(self, index: int) -> bool:
        """One feed in three is Atom, the rest RSS 2.0."""
        return index % 3 == 2

    def url_path(self, index: int) -> str:
        """The path the server answers for feed number index."""
        return f"/feeds/{index:04d}.xml"

    def urls(self, base: str, count: int | None = None) -> list[str]:
        """Feed URLs on a server at base (e.g. http://127.0.0.1:8080)."""
        return [base + self.url_path(i) for i in range(count or self.feeds)]

    def total_bytes(self, count: int | None = None) -> int:
        """Bytes of the first count feeds."""
        return sum(self.feed_path(i).stat().st_size for i in range(count or self.feeds))


class Vocabulary:
    """Common words first, then made-up Arabic-looking words, drawn with Zipf's frequencies.

    A real news vocabulary is large and skewed; a small uniform one would make every article
    look like every other to the same-story matcher and the search ranking.
    """

    def __init__(self, seed: int, size: int = 30_000) -> None:
        rng = random.Random(seed)
        made = {
            rng.choice(PREFIXES)
            + "".join(rng.choice(LETTERS) for _ in range(rng.randint(3, 5)))
            + rng.choice(SUFFIXES)
            for _ in range(size)
        }
        self.words = list(dict.fromkeys(WORDS)) + sorted(made)
        total = 0.0
        self.cumulative = []
        for rank in range(1, len(self.words) + 1):
            total += 1 / rank
            self.cumulative.append(total)

    def sample(self, rng: random.Random, n: int) -> list[str]:
        """n words, frequent ones more often."""
        return rng.choices(self.words, cum_weights=self.cumulative, k=n)


_VOCABULARY: dict[int, Vocabulary] = {}


def vocabulary(seed: int) -> Vocabulary:
    """The vocabulary of a seed, built once per process."""
    if seed not in _VOCABULARY:
        _VOCABULARY[seed] = Vocabulary(seed)
    return _VOCABULARY[seed]


def _words(rng: random.Random, n: int) -> str:
    return " ".join(vocabulary(0).sample(rng, n))


def _topic(rng: random.Random) -> list[str]:
    """The words an article is about: rarer words that come back through its text."""
    words = vocabulary(0).words
    return [words[rng.randint(200, len(words) - 1)] for _ in range(8)]


def _about(rng: random.Random, topic: list[str], n: int) -> str:
    """A phrase of n words, about a third of them the article's own topic words."""
    return " ".join(rng.choice(topic) if rng.random() < 0.35 else w for w in _words(rng, n).split())


def _number(rng: random.Random) -> str:
    text = str(rng.choice((rng.randint(2, 99), rng.randint(100, 9999), 2025, 2026)))
    return text.translate(ARABIC_INDIC) if rng.random() < 0.3 else text


def _paragraph(rng: random.Random, site: str) -> str:
    """One body paragraph: Arabic with a Latin name, digits, a link, quotes and brackets."""
    parts = [_words(rng, rng.randint(12, 30))]
    parts.append(f"({rng.choice(NAMES)})")
    parts.append(_words(rng, rng.randint(8, 20)))
    parts.append(f"بنسبة {_number(rng)}%")
    link = f'<a href="https://{site}/news/{rng.randint(1000, 999999)}">{_words(rng, 3)}</a>'
    parts.append(link)
    parts.append(f"«{_words(rng, rng.randint(3, 8))}»…")
    parts.append(_words(rng, rng.randint(10, 30)) + ".")
    if rng.random() < 0.3:
        parts.append(f"<strong>{_words(rng, 4)}</strong> “{_words(rng, 5)}”.")
    return "<p>" + " ".join(parts) + "</p>\n"


def _see_also(rng: random.Random, site: str) -> str:
    """The inline «اقرأ أيضا» block: a label and two to five headline links."""
    links = "".join(
        f'<li><a href="https://{site}/news/{rng.randint(1000, 999999)}">{_words(rng, 7)}</a></li>'
        for _ in range(rng.randint(2, 5))
    )
    return f"<p><strong>{rng.choice(SEE_ALSO_LABELS)}</strong></p>\n<ul>{links}</ul>\n"


def _body(
    rng: random.Random, pool: list[str], site: str, size: int, city: str, topic: list[str]
) -> str:
    """An article body of about size bytes, with a dateline, see-also and related blocks."""
    out = [f"<p><strong>{city}- بوابة الأخبار</strong></p>\n"]
    total = 0
    middle = False
    while total < size:
        # Shared paragraphs keep generation fast; the article's own sentences make it itself.
        para = rng.choice(pool) if rng.random() < 0.7 else f"<p>{_about(rng, topic, 60)}.</p>\n"
        out.append(para)
        total += len(para.encode())
        if not middle and total > size // 2:
            out.append(_see_also(rng, site))
            middle = True
    related = "".join(
        f'<li><a href="https://{site}/news/{rng.randint(1000, 999999)}">{_words(rng, 6)}</a></li>'
        for _ in range(3)
    )
    out.append(f'<div class="related"><h3>مقالات ذات صلة</h3><ul>{related}</ul></div>\n')
    out.append('<a href="#top" class="back-to-top">زر الذهاب إلى الأعلى</a>\n')
    return "".join(out)


def _size(rng: random.Random, low_kb: int, high_kb: int) -> int:
    """A body size, log-uniform between the bounds: most bodies are short, some are long."""
    return int(math.exp(rng.uniform(math.log(low_kb * 1024), math.log(high_kb * 1024))))


def feed_bytes(
    index: int,
    items: int,
    seed: int,
    pool: list[str],
    body_kb: tuple[int, int] = (20, 200),
    shape: str = "full",
) -> bytes:
    """One feed: RSS 2.0 with content:encoded, or (one in three) Atom with html content;
    with shape "summary", summaries only; with shape "typical", bodies of 1-4 KB (two to
    eight paragraphs, the most common article of a news site)."""
    full = shape in ("full", "typical")
    if shape == "typical":
        body_kb = (1, 4)
    rng = random.Random(seed * 1_000_003 + index)
    site = f"site{index:04d}.example"
    atom = index % 3 == 2
    entries = []
    for i in range(items):
        when = BASE_DATE - timedelta(minutes=index * 7 + i * 97 + rng.randint(0, 50))
        shared = rng.random() < 0.05
        topic = _topic(random.Random(rng.randrange(SHARED_STORIES)) if shared else rng)
        title = f"{_about(rng, topic, rng.randint(6, 11))} {_number(rng)}"
        lead = _about(rng, topic, 30 if full else rng.randint(25, 90))
        body = ""
        if full:
            body = _body(rng, pool, site, _size(rng, *body_kb), rng.choice(CITIES), topic)
        url = f"https://{site}/{when:%Y/%m}/{index}-{i}.html"
        cats = rng.sample(SECTIONS, 2)
        author = _words(rng, 2)
        if atom:
            stamp = when.isoformat().replace("+00:00", "Z")
            entries.append(
                f"<entry>\n<id>tag:{site},2026:{index}-{i}</id>\n<title>{escape(title)}</title>\n"
                f'<link rel="alternate" href="{url}"/>\n<published>{stamp}</published>\n'
                f"<updated>{stamp}</updated>\n<author><name>{author}</name></author>\n"
                + "".join(f'<category term="{c}"/>' for c in cats)
                + f'\n<summary type="html"><![CDATA[<p>{lead}</p>]]></summary>\n'
                + (f'<content type="html"><![CDATA[{body}]]></content>\n' if full else "")
                + "</entry>\n"
            )
        else:
            entries.append(
                f"<item>\n<title>{escape(title)}</title>\n<link>{url}</link>\n"
                f"<dc:creator><![CDATA[{author}]]></dc:creator>\n"
                f"<pubDate>{format_datetime(when)}</pubDate>\n"
                + "".join(f"<category><![CDATA[{c}]]></category>" for c in cats)
                + f'\n<guid isPermaLink="false">https://{site}/?p={index * 1000 + i}</guid>\n'
                f"<description><![CDATA[<p>{lead}</p>]]></description>\n"
                + (f"<content:encoded><![CDATA[{body}]]></content:encoded>\n" if full else "")
                + "</item>\n"
            )
    title = f"بوابة الأخبار {index}"
    if atom:
        head = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ar">\n'
            f"<title>{title}</title>\n<id>tag:{site},2026:feed</id>\n"
            f'<link rel="alternate" href="https://{site}/"/>\n'
            f"<updated>{BASE_DATE.isoformat().replace('+00:00', 'Z')}</updated>\n"
        )
        return (head + "".join(entries) + "</feed>\n").encode()
    head = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">\n<channel>\n'
        f"<title>{title}</title>\n<link>https://{site}/</link>\n<language>ar</language>\n"
        f"<description>آخر الأخبار</description>\n"
    )
    return (head + "".join(entries) + "</channel>\n</rss>\n").encode()


def paragraph_pool(seed: int, size: int = 3000) -> list[str]:
    """Paragraphs that bodies are assembled from; links point at a shared placeholder site."""
    rng = random.Random(seed)
    return [_paragraph(rng, f"site{rng.randint(0, 999):04d}.example") for _ in range(size)]


def opml_text(urls: list[str]) -> str:
    """An OPML subscription list for the feeds."""
    outlines = "\n".join(
        f'    <outline type="rss" text="feed {i}" xmlUrl="{escape(u)}"/>'
        for i, u in enumerate(urls)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">\n'
        "  <head><title>tnews benchmark corpus</title></head>\n  <body>\n"
        f"{outlines}\n  </body>\n</opml>\n"
    )


def urls_text(urls: list[str]) -> str:
    """A newsboat urls file for the feeds."""
    return "".join(u + "\n" for u in urls)


SHAPES = ("full", "summary", "typical")


def build(
    feeds: int, items: int = 10, seed: int = 1, *, quiet: bool = False, shape: str = "full"
) -> Corpus:
    """The corpus for these parameters, generated once and then read from bench/out."""
    # The full shape keeps the key it had before there were shapes: its cache stays valid.
    extra = "" if shape == "full" else f"-{shape}"
    key = hashlib.sha1(f"{VERSION}-{items}-{seed}{extra}".encode()).hexdigest()[:10]
    root = OUT / f"corpus-{key}"
    manifest = root / "manifest.json"
    have = json.loads(manifest.read_text())["feeds"] if manifest.exists() else 0
    corpus = Corpus(root, max(have, feeds), items, seed, shape)
    if have >= feeds:
        return corpus
    start = time.perf_counter()
    (root / "feeds").mkdir(parents=True, exist_ok=True)
    pool = paragraph_pool(seed)
    for index in range(have, feeds):
        data = feed_bytes(index, items, seed, pool, shape=shape)
        corpus.feed_path(index).write_bytes(data)
    manifest.write_text(json.dumps({"feeds": feeds, "items": items, "seed": seed}))
    # The subscription files name a placeholder server; benchmarks write their own per run.
    placeholder = corpus.urls("http://127.0.0.1:8080")
    (root / "feeds.opml").write_text(opml_text(placeholder), encoding="utf-8")
    (root / "urls").write_text(urls_text(placeholder), encoding="utf-8")
    if not quiet:
        mb = corpus.total_bytes() / 1e6
        took = time.perf_counter() - start
        print(f"generated {feeds - have} feeds in {took:.1f} s; corpus {mb:.0f} MB at {root}")
    return corpus


def main() -> None:
    """Generate (or reuse) a corpus and say where it is."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--feeds", type=int, default=500)
    parser.add_argument("--items", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--shape", choices=SHAPES, default="full")
    args = parser.parse_args()
    corpus = build(args.feeds, args.items, args.seed, shape=args.shape)
    mb = corpus.total_bytes(args.feeds) / 1e6
    print(f"{args.feeds} feeds x {args.items} items, {mb:.0f} MB: {corpus.root}")


if __name__ == "__main__":
    main()
