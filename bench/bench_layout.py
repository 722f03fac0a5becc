"""Layout speed on a 5,000-word Arabic article: cold layout, resize, and the naive baseline."""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable

import arabic_reshaper
from bidi import get_display

from tnews.content.document import Block, BlockKind, Document, Link, Span, Style
from tnews.layout import DocumentLayout
from tnews.layout.shaping import clear_caches

VOCABULARY = (
    "قال وزير الخارجية إن الحكومة ستواصل العمل مع الشركاء الدوليين من أجل تحقيق الاستقرار في "
    "المنطقة وأضاف أن المفاوضات التي جرت خلال الأسبوع الماضي كانت إيجابية رغم الخلافات حول "
    "بعض الملفات الاقتصادية والأمنية وأشار المتحدث باسم الرئاسة إلى أن الاجتماع المقبل سيعقد "
    "في العاصمة بحضور ممثلين عن الأمم المتحدة والاتحاد الأوروبي والجامعة العربية كما أكد أن "
    "الأولوية هي حماية المدنيين وضمان وصول المساعدات الإنسانية إلى المناطق المتضررة بسرعة "
    "وتحدثت مصادر مطلعة عن خطة جديدة لإعادة الإعمار تشمل المدارس والمستشفيات والطرق والجسور "
    "مُحَمَّد السلام عليكم لا إلى الأولى ألف أمس اليوم غداً الذي التي هذه ذلك عندما بينما"
)
WORDS = VOCABULARY.split()
LATIN = ["Reuters", "AFP", "Emmanuel Macron", "UNICEF", "OPEC+", "BBC", "iPhone 17", "COP31"]
NUMBERS = ["2026/11/29", "10:30", "45%", "٪٤٥", "١٢", "3.5", "1,250", "(2025)", "«نعم»"]


def synthetic_vocabulary(size: int = 4000, seed: int = 11) -> list[str]:
    """Made-up Arabic words, so that most words of an article are seen only once or twice."""
    rnd = random.Random(seed)
    letters = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإةى"
    return [
        "ال" * (rnd.random() < 0.4) + "".join(rnd.choices(letters, k=rnd.randint(2, 7)))
        for _ in range(size)
    ]


def build_article(
    words: int = 5000, seed: int = 7, vocabulary: list[str] | None = None
) -> Document:
    """A realistic article: headings, paragraphs of 40-90 words, quotes, lists, links."""
    vocabulary = vocabulary or WORDS
    rnd = random.Random(seed)
    blocks: list[Block] = []
    links: list[Link] = []
    count = 0
    while count < words:
        size = rnd.randint(40, 90)
        parts: list[str] = []
        for _ in range(size):
            roll = rnd.random()
            if roll < 0.04:
                parts.append(rnd.choice(LATIN))
            elif roll < 0.08:
                parts.append(rnd.choice(NUMBERS))
            else:
                parts.append(rnd.choice(vocabulary))
        text = " ".join(parts) + "."
        spans: list[Span] = []
        if rnd.random() < 0.5:
            start = text.index(" ", len(text) // 3) + 1
            end = text.index(" ", start + 1)
            spans.append(Span(start, end, Style.NONE, len(links)))
            links.append(Link(f"https://example.com/{len(links)}"))
        if rnd.random() < 0.3:
            spans.append(Span(0, text.index(" "), Style.BOLD))
        kind = rnd.choices(
            [BlockKind.PARAGRAPH, BlockKind.QUOTE, BlockKind.LIST_ITEM], [0.85, 0.08, 0.07]
        )[0]
        if len(blocks) % 12 == 0:
            blocks.append(Block(BlockKind.HEADING, " ".join(rnd.sample(vocabulary, 6)), level=2))
        blocks.append(Block(kind, text, tuple(spans), ordinal="1." if kind == "list_item" else ""))
        count += size
    return Document(tuple(blocks), tuple(links))


def timed(func: Callable[[], object], runs: int) -> list[float]:
    """Milliseconds for each of runs calls."""
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        out.append((time.perf_counter() - start) * 1000)
    return out


def report(name: str, samples: list[float]) -> float:
    """Print median and range; return the median."""
    median = statistics.median(samples)
    print(f"{name:<58} median {median:7.2f} ms   min {min(samples):7.2f}   max {max(samples):7.2f}")
    return median


def main() -> None:
    """Run every measurement and print the figures."""
    doc = build_article()
    words = sum(len(b.text.split()) for b in doc.blocks)
    print(f"article: {len(doc.blocks)} blocks, {words} words, {len(doc.plain_text)} characters\n")

    def cold_layout() -> None:
        clear_caches()
        DocumentLayout(doc).rows(80)

    def fresh_layout() -> None:
        DocumentLayout(doc).rows(80)

    cold_everything = report("full layout, width 80, all caches cold", timed(cold_layout, 7))
    DocumentLayout(doc).rows(80)
    cold = report(
        "full layout, width 80, new DocumentLayout (word cache warm)", timed(fresh_layout, 15)
    )

    top = len(doc.blocks) // 2

    samples: list[float] = []
    for _ in range(15):
        resized = DocumentLayout(doc)
        resized.rows(80)
        start = time.perf_counter()
        resized.rows_from(100, top, 24)
        samples.append((time.perf_counter() - start) * 1000)
    visible = report("visible 24 rows after resize 80 -> 100 (rows_from)", samples)

    layout = DocumentLayout(doc)
    layout.rows(80)
    first_row = report(
        "block_first_row(100, middle block) after that resize",
        timed(lambda: DocumentLayout.block_first_row(layout, 100, top), 1),
    )
    full_resize = report("all rows at width 100 after width 80", timed(lambda: layout.rows(100), 1))

    naive_reshaper = arabic_reshaper.ArabicReshaper()

    def naive() -> None:
        for block in doc.blocks:
            get_display(naive_reshaper.reshape(block.text))

    baseline = report("naive: reshape + get_display per paragraph (no wrap)", timed(naive, 7))

    # The article above repeats a small vocabulary; news text mostly does not.
    wide = build_article(vocabulary=synthetic_vocabulary())
    distinct = len({w for b in wide.blocks for w in b.text.split()})

    def wide_cold() -> None:
        clear_caches()
        DocumentLayout(wide).rows(80)

    def wide_naive() -> None:
        for block in wide.blocks:
            get_display(naive_reshaper.reshape(block.text))

    print(f"\nsame shape of article, {distinct} distinct words:")
    wide_cold_ms = report("full layout, width 80, all caches cold", timed(wide_cold, 7))
    wide_baseline = report(
        "naive: reshape + get_display per paragraph (no wrap)", timed(wide_naive, 7)
    )
    print()
    print(f"naive / cold (word cache warm): {baseline / cold:5.1f}x")
    print(f"naive / cold (all caches cold): {baseline / cold_everything:5.1f}x")
    print(f"naive / cold, distinct words (all caches cold): {wide_baseline / wide_cold_ms:5.1f}x")
    print(f"targets: full layout <= 15 ms ({cold:.2f}), visible after resize <= 5 ms", end="")
    print(f" ({visible:.2f})")
    print(f"block_first_row after resize: {first_row:.2f} ms; full re-layout: {full_resize:.2f} ms")


if __name__ == "__main__":
    main()
