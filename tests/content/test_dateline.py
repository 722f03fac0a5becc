"""Datelines and source prefixes come off the first paragraph whole, and nothing else does."""

from __future__ import annotations

import pytest

from tnews.content.dateline import split_dateline
from tnews.content.document import Block, BlockKind

STORY = "The president said on Tuesday that the talks would resume next week in Geneva."
QISSA = "أعلنت وزارة الصحة اليوم عن تسجيل حالات جديدة في عدة مناطق من الدولة."


def split(text: str) -> tuple[str, str]:
    blocks, dateline = split_dateline([Block(BlockKind.PARAGRAPH, text)])
    return dateline, blocks[0].text if blocks else ""


@pytest.mark.parametrize(
    ("prefix", "dateline"),
    [
        ("(CNN) -- ", "CNN"),
        ("(CNN)", "CNN"),
        ("WASHINGTON (CNN) -- ", "WASHINGTON (CNN)"),
        ("(AP) — ", "AP"),
        ("LONDON, Dec 1 (Reuters) - ", "LONDON, Dec 1 (Reuters)"),
        ("Abu Dhabi - Gulf News: ", "Abu Dhabi - Gulf News"),
    ],
)
def test_latin_prefixes_leave_no_stray_dash(prefix: str, dateline: str) -> None:
    assert split(prefix + STORY) == (dateline, STORY)


@pytest.mark.parametrize(
    ("prefix", "dateline"),
    [
        ("(أبوظبي - البيان) ", "أبوظبي - البيان"),
        ("«(أبوظبي - البيان)» ", "أبوظبي - البيان"),
        ("أبوظبي - البيان: ", "أبوظبي - البيان"),
        ("دبي - «الخليج»: ", "دبي - «الخليج»"),
        ("بيروت ـ «القدس العربي»: ", "بيروت ـ «القدس العربي»"),
        ("الرياض – واس: ", "الرياض – واس"),
        ("(وام) ", "وام"),
        ("القاهرة (رويترز) -- ", "القاهرة (رويترز)"),
        ("بغداد/ المسلة: ", "بغداد/ المسلة"),
    ],
)
def test_labelled_arabic_datelines(prefix: str, dateline: str) -> None:
    assert split(prefix + QISSA) == (dateline, QISSA)


@pytest.mark.parametrize(
    "text",
    [
        "(Updated) " + STORY,
        "(1) " + STORY,
        "The minister - who spoke on Tuesday: the talks would resume next week in Geneva.",
        "Note: the talks would resume next week in Geneva, officials said on Tuesday evening.",
        "وقال الوزير - في تصريح صحفي: إن المحادثات ستستأنف الأسبوع المقبل في جنيف بحسب مصادر.",
        "(ملاحظة المحرر) " + QISSA,
        "Israel/Gaza: the talks would resume next week in Geneva, officials said on Tuesday.",
    ],
)
def test_sentences_and_asides_are_not_datelines(text: str) -> None:
    assert split(text) == ("", text)


def test_a_dateline_comes_off_the_first_paragraph_only() -> None:
    blocks = [Block(BlockKind.PARAGRAPH, QISSA), Block(BlockKind.PARAGRAPH, "(CNN) -- " + STORY)]
    assert split_dateline(blocks) == (blocks, "")
